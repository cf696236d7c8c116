"""The commands that run the pipeline now: run (one monitor pass) and backfill."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from newswatch import delivery, runs
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
        "deferred": "queued for the next pass",
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
    for channel, counts in d["alerts_delivered"].items():
        table.add_row(
            f"alerts to {channel}: sent / failed", f"{counts['sent']} / {counts['failed']}"
        )
    return table


def print_report(report: runs.RunReport, title: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1))
        return
    console().print(report_table(report, title))
    if report.found:
        found = Table(title="what changed", title_justify="left", show_header=False)
        found.add_column("event", overflow="fold")
        for line in report.found[:30]:
            found.add_row(line)
        if len(report.found) > 30:
            found.add_row(f"… and {len(report.found) - 30} more (newswatch events)")
        console().print(found)
    for line in report.failures[:20]:
        err.print(f"[yellow]warning:[/yellow] {line}", highlight=False, soft_wrap=True,
                  markup=True)  # fmt: skip
    if len(report.failures) > 20:
        err.print(f"… and {len(report.failures) - 20} more", highlight=False)


@contextlib.contextmanager
def _bar(label: str) -> Iterator[Callable[[int, int], None]]:
    from rich.progress import (  # noqa: PLC0415  (loaded when a bar is shown)
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )  # fmt: skip
    with bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _interruptible(services: Services, what: str) -> Iterator[None]:
    """Ctrl-C or SIGTERM stops the command at once: the article in hand is rolled back, what
    was stored stays, the worker processes and connections are dropped, and one line says what
    was kept. Entries not stored stay queued: the next pass reads them. Exit code 130."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    except (runs.Interrupted, KeyboardInterrupt) as exc:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing now
        report = exc.report if isinstance(exc, runs.Interrupted) else None
        with contextlib.suppress(Exception):
            services.abort()
        if report is not None:
            a = report.to_dict()["articles"]
            kept = (f"{a['new'] + a['updated']} articles stored, "
                    f"{report.changes['new_event']} new events")  # fmt: skip
        else:
            kept = "everything stored before it is kept"
        err.print(f"interrupted: {what} stopped ({kept}); the rest is read by the next run",
                  highlight=False, soft_wrap=True)  # fmt: skip
        sys.stdout.flush()
        sys.stderr.flush()
        # The reads in flight are abandoned, not waited for: their threads may sit in a network
        # call for a whole timeout. Everything worth keeping is committed or rolled back above.
        os._exit(130)
    except (SQLAlchemyError, OSError) as exc:
        # The database went away or the disk is full: one line, nothing half-written (the
        # article in hand was rolled back), and the next run picks up where this one stopped.
        with contextlib.suppress(Exception):
            services.abort()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        err.print(f"[red]error:[/red] {what} stopped: {first}; nothing stored is lost, and the "
                  "next run reads what is left", highlight=False, soft_wrap=True)  # fmt: skip
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _services() -> Services:
    try:
        return build(_settings())
    except (SQLAlchemyError, OSError) as exc:
        raise _fail(f"cannot open the database: {str(exc).splitlines()[0]}") from None
    except KeyboardInterrupt:
        err.print("interrupted: stopped while opening the database; nothing was changed",
                  highlight=False)  # fmt: skip
        raise typer.Exit(130) from None


@app.command()
def run(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """One monitor pass now: check every feed, read new articles, store their figures.

    Exit code 0 when the pass completed (failed feeds or articles are listed as warnings),
    1 when no feed could be fetched at all.
    """
    services = _services()
    with _interruptible(services, "the monitor pass"):
        try:
            with _bar("reading new articles") as progress:
                report = runs.monitor_pass(services, progress)
        except runs.NothingFetched as exc:
            # Nothing new to tell, but earlier alerts that failed and the feed-down alert go out.
            delivery.deliver(services)
            services.close()
            err.print(f"[red]error:[/red] no feed could be fetched: {exc}", highlight=False,
                      soft_wrap=True)  # fmt: skip
            raise typer.Exit(1) from None
        report.add_delivery(delivery.deliver(services))
        services.close()
    print_report(report, "monitor pass", as_json)


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
    try:
        first, last = runs.backfill_range(since, until, source, names=("--since", "--until"))
    except ValueError as exc:
        message = str(exc)
        raise _fail(message if not message.startswith("source") else f"--{message}") from None
    urls: list[str] = []
    if source == "urls":
        if urls_file is None:
            raise _fail("--source urls needs --urls-file FILE")
        try:
            urls = urls_file.read_text("utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise _fail(f"cannot read {urls_file}: {exc.strerror or exc}") from None
    services = _services()
    with _interruptible(services, "the backfill"):
        with _bar(f"backfill {first} → {last}") as progress:
            report = runs.backfill(
                services, since=first, until=last, source=source, feed_urls=feed,
                urls=urls, notify=notify, progress=progress,
            )  # fmt: skip
        report.add_delivery(delivery.deliver(services))
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


alerts_app = typer.Typer(help="Alert channels: recent alerts and their delivery, test, retry.")
app.add_typer(alerts_app, name="alerts")


@alerts_app.callback(invoke_without_command=True)
def alerts(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option(help="How many recent deliveries to list.", min=1, max=10_000)
    ] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Each channel's deliveries (sent, failed, filtered), its last error, and recent alerts."""
    if ctx.invoked_subcommand is not None:
        return
    from newswatch.adapters.db.store import Deliveries  # noqa: PLC0415
    from newswatch.alerts import Alert, render  # noqa: PLC0415

    services = _services()
    try:
        boxes = Deliveries(services.store)
        summary, recent = boxes.summary(), boxes.recent(limit)
    finally:
        services.close()
    configured = [c.label for c in services.settings.alerts]
    if as_json:
        payload = {
            "channels": {
                name: {"configured": name in configured, **summary.get(name, {"counts": {}})}
                for name in dict.fromkeys([*configured, *summary])
            },
            "recent": [
                {"id": r.outbox_id, "kind": r.kind, "channel": r.channel, "status": r.status,
                 "attempts": r.attempts, "error": r.last_error,
                 "title": render(Alert(r.outbox_id, r.kind, r.title_payload)).title,
                 "created": r.created.isoformat(),
                 "delivered_at": r.delivered_at.isoformat() if r.delivered_at else None}
                for r in recent
            ],
        }  # fmt: skip
        typer.echo(json.dumps(payload, indent=1, default=str, ensure_ascii=False))
        return
    if not configured and not summary:
        console().print("No alert channels: add [[alerts]] entries to the configuration.")
        return
    table = Table(title="alert channels", title_justify="left")
    for col in ("channel", "sent", "sending", "failed", "filtered", "last delivered",
                "last error"):  # fmt: skip
        table.add_column(col, overflow="fold")
    for name in dict.fromkeys([*configured, *summary]):
        info = summary.get(name, {"counts": {}})
        counts = info["counts"]
        last = info.get("last_delivered")
        table.add_row(
            name + ("" if name in configured else " (no longer configured)"),
            str(counts.get("sent", 0)), str(counts.get("sending", 0)), str(counts.get("failed", 0)),
            str(counts.get("filtered", 0)), f"{last:%Y-%m-%d %H:%M}" if last else "",
            info.get("last_error") or "",
        )  # fmt: skip
    console().print(table)
    if recent:
        lines = Table(title="recent alerts", title_justify="left")
        for col in ("created", "channel", "status", "alert"):
            lines.add_column(col, overflow="fold")
        for r in recent:
            if r.status == "filtered":
                continue
            title = render(Alert(r.outbox_id, r.kind, r.title_payload)).title
            lines.add_row(f"{r.created:%Y-%m-%d %H:%M}", r.channel, r.status, title)
        console().print(lines)


@alerts_app.command("test")
def alerts_test() -> None:
    """Send a test message to every configured channel; exit code 1 if any failed."""
    services = _services()
    try:
        reports = delivery.send_tests(services)
    finally:
        services.close()
    if not reports:
        raise _fail("no alert channels: add [[alerts]] entries to the configuration")
    for r in reports:
        state = "[green]sent[/green]" if r.sent else f"[red]failed[/red]: {r.error}"
        console().print(f"{r.channel}: {state}", highlight=False)
    if any(r.failed for r in reports):
        raise typer.Exit(1)


@alerts_app.command("retry")
def alerts_retry() -> None:
    """Send every alert that failed now, without waiting for its retry time."""
    services = _services()
    try:
        reports = delivery.deliver(services, retry_all=True)
    finally:
        services.close()
    for r in reports:
        line = f"{r.channel}: {r.sent} sent, {r.failed} failed"
        console().print(line + (f" ({r.error})" if r.error else ""), highlight=False)
    if any(r.failed for r in reports):
        raise typer.Exit(1)
