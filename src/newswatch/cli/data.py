"""The commands over the store: ingest, reextract, events, event, export, db."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from newswatch import EXTRACTOR_VERSION, catalog
from newswatch import export as export_
from newswatch.adapters.db import migrate
from newswatch.adapters.db.engine import make_engine
from newswatch.adapters.db.store import SqlStore
from newswatch.bootstrap import database_url, open_store
from newswatch.cli.app import MAX_INPUT_BYTES, _fail, _settings, app, console, err
from newswatch.ingest.files import HTML_SUFFIXES, TEXT_SUFFIXES, document_from_file
from newswatch.models import Action
from newswatch.ports import Document, EventRecord

INGEST_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES


def _store() -> SqlStore:
    settings = _settings()
    try:
        return open_store(settings)
    except (SQLAlchemyError, OSError) as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise _fail(
            f"cannot open the database {_masked(database_url(settings))}: {first}"
        ) from None


def _masked(url: str) -> str:
    """The database URL without its password, for messages."""
    try:
        return make_engine(url).url.render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as the user wrote it minus credentials
        return url.rsplit("@", maxsplit=1)[-1]


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Any]:
    from rich.progress import (  # noqa: PLC0415  (loaded when a bar is shown)
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, transient=True,
        disable=not err.is_terminal,
    )  # fmt: skip
    with bar:
        task = bar.add_task("", total=total)
        yield lambda description: bar.update(task, advance=1, description=description)


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INGEST_SUFFIXES
            )
        else:
            found.append(p)
    return found


def _summary(results: list[catalog.Recorded], failed: list[str]) -> dict[str, Any]:
    status = Counter(r.status for r in results)
    changes = Counter(c.kind for r in results for c in r.changes)
    return {
        "files": len(results) + len(failed),
        "articles": dict(status),
        "copies": sum(r.duplicate_of is not None and r.status != "unchanged" for r in results),
        "figures": sum(r.figures for r in results if r.status != "unchanged"),
        "events": {
            k: changes.get(k, 0)
            for k in ("new_event", "merged", "revised", "series_value", "unchanged")
        },
        "failed": failed,
    }


def _print_summary(summary: dict[str, Any], title: str) -> None:
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    for k in ("new", "updated", "reextracted", "unchanged"):
        table.add_row(f"articles {k}", str(summary["articles"].get(k, 0)))
    table.add_row("copies of earlier articles", str(summary["copies"]))
    table.add_row("figures (mentions)", str(summary["figures"]))
    labels = {
        "new_event": "new events", "merged": "joined an event", "revised": "revisions",
        "series_value": "new series values",
    }  # fmt: skip
    for k, label in labels.items():
        table.add_row(label, str(summary["events"][k]))
    table.add_row("failed", str(len(summary["failed"])))
    console().print(table)
    for line in summary["failed"]:
        err.print(f"[red]failed:[/red] {escape(line)}", highlight=False, soft_wrap=True)


def _gold_published(path: Path) -> dt.date | None:
    """A gold set's texts may carry no date: their gold file (`gold/<stem>.json` beside them,
    the layout of seeds/ and the dev set) gives the publication date."""
    gold = path.parent / "gold" / f"{path.stem}.json"
    try:
        value = json.loads(gold.read_text("utf-8")).get("published")
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except (OSError, ValueError, AttributeError):
        return None


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files (.txt with front matter, .html) or folders.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Store local articles and their figures, in publication order; group them into events.

    A text file may open with front matter: YAML between '---' lines, or 'key: value' lines
    closed by '---', with url, published, title and outlet (a text with no date takes the
    'published' of gold/<stem>.json beside it, as in seeds/). Ingesting a file twice changes
    nothing; an edited file is a new version of the same article.
    """
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise _fail("no such file or folder: " + ", ".join(missing))
    files = _files(paths)
    if not files:
        raise _fail("no .txt or .html files in " + " ".join(map(str, paths)))
    docs: list[tuple[Path, Document]] = []
    failed: list[str] = []
    for f in files:
        try:
            with f.open("rb") as fh:
                raw = fh.read(MAX_INPUT_BYTES)
        except OSError as exc:
            failed.append(f"{f}: {exc.strerror or exc}")
            continue
        doc = document_from_file(f, raw)
        if doc.published is None:
            doc = dataclasses.replace(doc, published=_gold_published(f))
        docs.append((f, doc))
    # Publication order: the order the world learned each value (undated files last).
    docs.sort(key=lambda pd: (pd[1].published is None, pd[1].published or dt.date.min, str(pd[0])))
    store = _store()
    results: list[catalog.Recorded] = []
    stopped: str | None = None
    try:
        with _progress(len(docs), "ingesting") as advance:
            for f, doc in docs:
                try:
                    results.append(catalog.record_article(store, doc))
                except OperationalError as exc:
                    # The store itself (disk full, database gone): every later file would fail
                    # the same way, so stop here; each stored article is whole.
                    stopped = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                    break
                except SQLAlchemyError as exc:
                    failed.append(f"{f}: database error: {str(exc).splitlines()[0]}")
                advance(f.name)
    finally:
        store.close()
    summary = _summary(results, failed)
    if as_json:
        typer.echo(json.dumps(summary, indent=1))
    elif stopped is None:
        _print_summary(summary, f"ingested {len(files)} files")
    if stopped is not None:
        raise _fail(
            f"database: {stopped}; {len(results)} of {len(docs)} files stored, "
            "ingest again to store the rest"
        )
    if failed:
        raise typer.Exit(1)


@app.command()
def reextract(
    every: Annotated[
        bool, typer.Option("--all", help="Every stored article, not only older extractions.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run the current extractor over stored articles extracted by an older version.

    Mentions are replaced; events are rebuilt and keep their ids.
    """
    store = _store()
    try:
        with store.reading() as r:
            docs = r.stale_articles(None if every else EXTRACTOR_VERSION)
        results = []
        with _progress(len(docs), "re-extracting") as advance:
            for doc in docs:
                results.append(catalog.record_article(store, doc, force=every))
                advance(doc.url[-40:])
    finally:
        store.close()
    summary = _summary(results, [])
    if as_json:
        typer.echo(json.dumps(summary, indent=1))
    else:
        _print_summary(
            summary, f"re-extracted {len(docs)} articles (extractor {EXTRACTOR_VERSION})"
        )


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


def _when(rec: EventRecord) -> str:
    e = rec.event
    if e.date:
        return e.date.isoformat()
    if e.period_start or e.period_end:
        return f"{e.period_start or '…'} → {e.period_end or '…'}"
    return f"(reported {e.first_published})" if e.first_published else ""


_Q = {"exact": "", "more_than": ">", "at_least": "≥", "about": "~", "nearly": "<~",
      "up_to": "≤", "vague": "≥"}  # fmt: skip


def _count(count: int, qualifier: str) -> str:
    return f"{_Q.get(qualifier, '')}{count:,}"


def _events_table(records: list[EventRecord], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("id", "action", "count", "scope", "when", "who", "where", "sources", "history"):
        right = col in ("id", "count", "sources")
        table.add_column(col, justify="right" if right else "left", overflow="fold")
    for rec in records:
        e = rec.event
        who = ", ".join(f"{k} {v:,}" if v is not None else k for k, v in e.nationalities.items())
        scope = str(e.scope) + (f" (series {rec.series_id})" if rec.series_id else "")
        history = " → ".join(_count(r.count, r.qualifier) for r in e.revisions)
        outlets = {m.outlet or m.article_url for m in rec.mentions}
        table.add_row(
            str(e.id), str(e.action), _count(e.count, e.qualifier), scope, _when(rec), who,
            " / ".join(x for x in (e.country, e.admin1, e.place) if x), str(len(outlets)),
            history if len(e.revisions) > 1 else "",
        )  # fmt: skip
    return table


@app.command()
def events(
    since: Annotated[
        str | None, typer.Option(help="Events on or after this day (YYYY-MM-DD).")
    ] = None,
    action: Annotated[str | None, typer.Option(help="deported, arrested, rescued, ...")] = None,
    country: Annotated[
        str | None, typer.Option(help="Where it happened: ISO code such as KH.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many, newest first.", min=1)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the events as JSON.")] = False,
) -> None:
    """List events, newest first: current values, sources, and the history of the count."""
    day = _parse_date(since, "--since")
    if action is not None and action not in {a.value for a in Action}:
        raise _fail(f"--action must be one of {', '.join(a.value for a in Action)}")
    store = _store()
    try:
        with store.reading() as r:
            records = r.events(since=day, action=action, country=country, limit=limit)
    finally:
        store.close()
    if as_json:
        payload = [catalog.record_to_json(rec) for rec in records]
        typer.echo(json.dumps(payload, indent=1, ensure_ascii=False))
        return
    console().print(_events_table(records, f"{len(records)} events"))


@app.command()
def event(
    event_id: Annotated[
        int,
        typer.Argument(help="The event's id (see `newswatch events`).", min=1, max=2**31 - 1),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the event as JSON.")] = False,
    merge: Annotated[
        int | None,
        typer.Option(
            "--merge",
            help="Merge this other event into it: they report one fact "
            "(the older id is kept, the other redirects to it).",
            min=1,
            max=2**31 - 1,
        ),
    ] = None,
    split: Annotated[
        int | None,
        typer.Option(
            "--split",
            metavar="MENTION",
            help="Take this mention (its #id below) out of the event: it reports another fact.",
            min=1,
            max=2**31 - 1,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who decides a merge or split (default: your user name)."),
    ] = None,
) -> None:
    """One event: its current values, the history of its count, and every mention. With
    --merge or --split, an analyst's correction of the linking, kept across re-extraction."""
    if merge is not None or split is not None:
        event_id = _relink(event_id, merge, split, by or _user())
    store = _store()
    try:
        with store.reading() as r:
            rec = r.event(event_id)
            moved = r.merged_into(event_id) if rec is None else None
            if moved is not None:
                rec = r.event(moved)
            series = r.series_values(rec.series_id) if rec and rec.series_id else []
    finally:
        store.close()
    if rec is None:
        raise _fail(f"no event {event_id}")
    store = _store()
    try:
        possible = catalog.possible_matches(store, rec.event.id or event_id)
    finally:
        store.close()
    if as_json:
        body = catalog.record_to_json(rec)
        body["possible_matches"] = [{"event": e, "log2_odds": round(s, 2)} for e, s in possible]
        if moved is not None:
            body["merged_from"] = event_id
        typer.echo(json.dumps(body, indent=1, ensure_ascii=False))
        return
    out = console()
    if moved is not None:
        out.print(f"event {event_id} was merged into event {moved}", highlight=False)
        event_id = moved
    out.print(_events_table([rec], f"event {event_id}"))
    e = rec.event
    out.print(
        f"agency: {e.agency or '—'}   women: {e.women if e.women is not None else '—'}   "
        f"men: {e.men if e.men is not None else '—'}   first seen {rec.first_seen:%Y-%m-%d %H:%M} "
        f"UTC, last changed {rec.last_changed:%Y-%m-%d %H:%M} UTC",
        highlight=False,
    )
    history = Table(title="history of the count", title_justify="left")
    for col in ("value", "kind", "published", "source"):
        history.add_column(col, overflow="fold")
    for v in e.revisions:
        history.add_row(
            _count(v.count, v.qualifier), str(v.kind), str(v.published or ""), v.article_url
        )
    out.print(history)
    if series:
        values = Table(title=f"series {rec.series_id}", title_justify="left")
        for col in ("event", "up to", "count"):
            values.add_column(col)
        for eid, end, count in series:
            mark = " ←" if eid == event_id else ""
            values.add_row(f"{eid}{mark}", str(end or ""), f"{count:,}")
        out.print(values)
    # Mentions as blocks, not a table: evidence sentences and URLs are read whole.
    out.print(f"\n[bold]{len(rec.mentions)} mentions[/bold]")
    for m in rec.mentions:
        copy = " (copy of an earlier article)" if m.syndicated else ""
        out.print(
            f"#{m.id}  {m.published or 'undated'}  {m.outlet or ''}{copy}  "
            f"{_count(m.figure.count, m.figure.qualifier)}  {m.article_url}",
            highlight=False, markup=False, overflow="ignore", crop=False,
        )  # fmt: skip
        out.print(f"    “{m.figure.evidence}”", highlight=False, markup=False)
    if possible:
        listed = ", ".join(f"event {e} ({s:+.1f} bits)" for e, s in possible)
        out.print(f"\npossibly the same fact as: {listed} — `newswatch event {event_id} "
                  "--merge ID` if so", highlight=False)  # fmt: skip


def _user() -> str:
    import getpass  # noqa: PLC0415

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        return "analyst"


def _relink(event_id: int, merge: int | None, split: int | None, by: str) -> int:
    """Carry out a merge or split; the event to show afterwards."""
    if merge is not None and split is not None:
        raise _fail("--merge and --split are two corrections: make one at a time")
    store = _store()
    try:
        if merge is not None:
            keep, gone = catalog.merge_events(store, event_id, merge, by=by)
            err.print(f"merged event {gone} into event {keep} (event {gone} now redirects to "
                      f"it); kept across re-extraction", highlight=False)  # fmt: skip
            return keep
        assert split is not None
        new = catalog.split_mention(store, event_id, split, by=by)
        err.print(f"mention #{split} is now event {new}, apart from event {event_id}; kept "
                  "across re-extraction", highlight=False)  # fmt: skip
        return event_id
    except catalog.LinkError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    parquet = "parquet"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")] = (
        ExportFormat.csv
    ),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export every event: CSV or Parquet (one row each) or JSON (as `events --json`)."""
    if format is ExportFormat.parquet and out is None:
        raise _fail("--format parquet needs --out FILE")
    store = _store()
    try:
        with store.reading() as r:
            records = r.events()
    finally:
        store.close()
    records.sort(key=lambda rec: rec.event.id or 0)
    try:
        if format is ExportFormat.json:
            _write(out, export_.to_json(records) + "\n")
        elif format is ExportFormat.csv:
            _write(out, export_.to_csv(records))
        else:
            assert out is not None
            export_.to_parquet(records, out)
    except OSError as exc:
        raise _fail(f"cannot write {out}: {exc.strerror or exc}") from None
    if out is not None:
        err.print(f"{len(records)} events written to {out}", highlight=False)


def _write(out: Path | None, text: str) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


db_app = typer.Typer(help="The database: migrate it, or show its schema revision.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    url = database_url(_settings())
    try:
        engine = make_engine(url)
        before = migrate.current(engine)
        migrate.upgrade(engine)
        after = migrate.current(engine)
        engine.dispose()
    except (SQLAlchemyError, OSError) as exc:
        raise _fail(f"cannot migrate {_masked(url)}: {exc}") from None
    word = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    console().print(f"{_masked(url)}: {word} {after}", highlight=False)


@db_app.command("current")
def db_current() -> None:
    """Print the database URL (without password), its schema revision and the newest one."""
    url = database_url(_settings())
    try:
        engine = make_engine(url)
        cur, head = migrate.current(engine), migrate.head(engine)
        engine.dispose()
    except (SQLAlchemyError, OSError) as exc:
        raise _fail(f"cannot read {_masked(url)}: {exc}") from None
    state = "up to date" if cur == head else "needs `newswatch db upgrade`"
    console().print(f"{_masked(url)}\nrevision {cur or 'none (empty)'}, newest {head}: {state}",
                    highlight=False)  # fmt: skip
