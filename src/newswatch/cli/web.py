"""The commands of the web view and of analysts' reviews: web, review list, review export."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newswatch import catalog
from newswatch.cli.app import _fail, _settings, app, console, err
from newswatch.cli.data import _store


@app.command()
def web(
    host: Annotated[
        str | None,
        typer.Option(help="Address to listen on (default 127.0.0.1; any other needs credentials)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on (default 8765).", min=0, max=65535)
    ] = None,
) -> None:
    """The analyst's web view alone: overview, events, event pages, review, feeds and alerts.

    `newswatch serve` starts it too, beside the scheduler. Bound to another address than
    127.0.0.1 it needs NEWSWATCH_WEB__TOKEN, or NEWSWATCH_WEB__USER and NEWSWATCH_WEB__PASSWORD.
    """
    from newswatch.web import WebConfigError, server  # noqa: PLC0415

    settings = _settings()
    host = host or settings.web.host
    port = settings.web.port if port is None else port
    store = _store()
    try:
        try:
            srv = server(store, settings, host, port)
        except WebConfigError as exc:
            raise _fail(str(exc)) from None
        shown = f"[{host}]" if ":" in host else host
        err.print(f"newswatch web view: http://{shown}:{port}/  (Ctrl-C stops it)", highlight=False)
        try:
            srv.run()
        except SystemExit:  # uvicorn gives up when it cannot bind
            srv.started = False
        if not srv.started:
            raise _fail(f"cannot listen on {host}:{port} (in use, or not an address here)")
    finally:
        store.close()


review_app = typer.Typer(help="Analysts' reviews of figures: list them, export them as gold.")
app.add_typer(review_app, name="review")


@review_app.command("list")
def review_list(
    limit: Annotated[int, typer.Option(help="How many, newest first.", min=1)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Decisions analysts made on figures (in the web view), newest first."""
    store = _store()
    try:
        with store.reading() as r:
            rows = r.reviews(limit=limit)
    finally:
        store.close()
    if as_json:
        payload = [
            {"id": rv.id, "verdict": rv.verdict, "changes": rv.changes, "action": rv.action,
             "count": rv.count, "figure": rv.ordinal + 1, "by": rv.decided_by,
             "at": rv.decided_at.isoformat(), "article": url or None}
            for rv, _, url in rows
        ]  # fmt: skip
        typer.echo(json.dumps(payload, indent=1, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} reviews", title_justify="left")
    for col in ("id", "when", "who", "decision", "figure as extracted", "article"):
        table.add_column(col, overflow="fold")
    for rv, _, url in rows:
        changes = ", ".join(f"{k} → {v}" for k, v in rv.changes.items())
        table.add_row(str(rv.id), f"{rv.decided_at:%Y-%m-%d %H:%M}", rv.decided_by,
                      f"{rv.verdict} {changes}".strip(), f"{rv.action} {rv.count:,}",
                      url or "(article no longer stored)")  # fmt: skip
    console().print(table)


def _stem(n: int, url: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", url.lower().split("://", 1)[-1]).strip("-")[-60:]
    return f"{n:04d}_{slug.strip('-') or 'article'}"


@review_app.command("export")
def review_export(
    out: Annotated[Path, typer.Argument(help="Folder to write gold/ and articles/ into.")],
) -> None:
    """Write every reviewed article as test data for the extractor: DIR/articles/NAME.txt
    (header lines and text) and DIR/gold/NAME.json (its figures as reviewed, CODEBOOK §6).
    Score an extractor on them with ../shared/eval/score.py --gold DIR/gold --texts
    DIR/articles, or `newswatch eval DIR/gold DIR/articles`."""
    store = _store()
    try:
        items = catalog.reviewed_gold(store)
    finally:
        store.close()
    try:
        (out / "gold").mkdir(parents=True, exist_ok=True)
        (out / "articles").mkdir(parents=True, exist_ok=True)
        for n, (doc, gold) in enumerate(items, 1):
            stem = _stem(n, doc.url)
            title = (doc.title or "").replace("\n", " ")
            header = [f"url: {doc.url}", f"title: {title}", f"published: {doc.published or ''}",
                      f"outlet: {doc.outlet or ''}", "---"]  # fmt: skip
            (out / "articles" / f"{stem}.txt").write_text(
                "\n".join(header) + "\n" + doc.text + "\n", encoding="utf-8"
            )
            (out / "gold" / f"{stem}.json").write_text(
                json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
    except OSError as exc:
        raise _fail(f"cannot write to {out}: {exc.strerror or exc}") from None
    err.print(f"{len(items)} reviewed articles written to {out}/gold and {out}/articles",
              highlight=False)  # fmt: skip
