"""The commands that run the pipeline now: run (one monitor pass) and backfill."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from newswatch import runs
from newswatch.bootstrap import Services, build
from newswatch.cli.app import _fail, _settings, app, console, err


def report_table(report: runs.RunReport, title: str) -> Table:
    d = report.to_dict()
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    feeds = d["feeds"]
    table.add_row("feeds ok / unchanged / failed",
                  f"{feeds['ok']} / {feeds['unchanged']} / {feeds['failed']}")  # fmt: skip
    labels = {
        "new": "articles new", "updated": "articles updated", "known": "already stored",
        "copies": "copies of earlier articles", "off_topic": "off topic",
        "skipped": "not articles (skipped)", "failed": "failed",
    }  # fmt: skip
    for key, label in labels.items():
        table.add_row(label, str(d["articles"][key]))
    table.add_row("figures", str(d["figures"]))
    events = {
        "new_event": "new events", "merged": "joined an event", "revised": "revisions",
        "series_value": "new series values",
    }  # fmt: skip
    for key, label in events.items():
        table.add_row(label, str(d["events"][key]))
    table.add_row("alerts queued", str(d["alerts_queued"]))
    return table


def print_report(report: runs.RunReport, title: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1))
        return
    console().print(report_table(report, title))
    for line in report.failures[:20]:
        err.print(f"[yellow]warning:[/yellow] {line}", highlight=False, soft_wrap=True,
                  markup=True)  # fmt: skip
    if len(report.failures) > 20:
        err.print(f"… and {len(report.failures) - 20} more", highlight=False)


@contextlib.contextmanager
def _bar(label: str) -> Iterator[Callable[[int, int], None]]:
    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )  # fmt: skip
    with bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _services() -> Services:
    try:
        return build(_settings())
    except (SQLAlchemyError, OSError) as exc:
        raise _fail(f"cannot open the database: {str(exc).splitlines()[0]}") from None


@app.command()
def run(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """One monitor pass now: check every feed, read new articles, store their figures.

    Exit code 0 when the pass completed (failed feeds or articles are listed as warnings),
    1 when no feed could be fetched at all.
    """
    services = _services()
    try:
        with _bar("reading new articles") as progress:
            report = runs.monitor_pass(services, progress)
    except runs.NothingFetched as exc:
        err.print(f"[red]error:[/red] no feed could be fetched: {exc}", highlight=False,
                  soft_wrap=True)  # fmt: skip
        raise typer.Exit(1) from None
    finally:
        services.close()
    print_report(report, "monitor pass", as_json)


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


@app.command()
def backfill(
    since: Annotated[str, typer.Option(help="First day (YYYY-MM-DD).")],
    until: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD); default today.")] = None,
    source: Annotated[
        str, typer.Option(help="sitemaps (the feeds' sites), urls (--urls-file) or stored.")
    ] = "sitemaps",
    feed: Annotated[
        list[str] | None, typer.Option(help="Only this feed's site (repeatable).")
    ] = None,
    urls_file: Annotated[
        Path | None, typer.Option(help="A file of article URLs, one per line (source urls).")
    ] = None,
    notify: Annotated[
        bool, typer.Option(help="Alert each new figure, instead of one summary.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Read older articles published in a date range: from the feeds' sites' sitemaps, from a
    list of URLs, or again from the store with the current extractor ('stored').

    Resumable: a rerun skips what is stored already.
    """
    first = _date(since, "--since")
    last = _date(until, "--until") if until else dt.date.today()
    if first > last:
        raise _fail(f"--since {first} is after --until {last}")
    if source not in runs.SOURCES:
        raise _fail(f"--source must be one of {', '.join(runs.SOURCES)}, not {source!r}")
    urls: list[str] = []
    if source == "urls":
        if urls_file is None:
            raise _fail("--source urls needs --urls-file FILE")
        try:
            urls = urls_file.read_text("utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise _fail(f"cannot read {urls_file}: {exc.strerror or exc}") from None
    services = _services()
    try:
        with _bar(f"backfill {first} → {last}") as progress:
            report = runs.backfill(
                services, since=first, until=last, source=source, feed_urls=feed, urls=urls,
                notify=notify, progress=progress,
            )  # fmt: skip
    finally:
        services.close()
    print_report(report, f"backfill {first} → {last} ({source})", as_json)


@app.command()
def serve() -> None:
    """The main job: schedule the monitor flow and serve the backfill, with the Prefect UI.

    With no PREFECT_API_URL, starts a local Prefect server (UI on http://127.0.0.1:4200, its
    data in the newswatch data directory) and stops it on exit; with PREFECT_API_URL, serves
    against that server. Starts a first monitor run at once. Ctrl-C stops everything.
    """
    settings = _settings()
    try:
        from flows.serve import main as serve_main  # noqa: PLC0415  (Prefect loads only here)
    except ImportError as exc:
        raise _fail(f"the flows package is not installed: {exc}") from None
    try:
        serve_main(settings)
    except RuntimeError as exc:
        raise _fail(str(exc)) from None
