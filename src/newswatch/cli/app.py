"""The `newswatch` app and the commands that read articles: extract, eval, fetch, feeds."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from newswatch import pipeline
from newswatch.bootstrap import build
from newswatch.config import ConfigError, Settings, load_settings, redact
from newswatch.evaluation import STAGES, Score, attribute, strip_header
from newswatch.ingest.clean import PageSkipped, clean_html
from newswatch.ingest.files import front_matter
from newswatch.models import Figure, extraction_to_json
from newswatch.ports import FeedHealth

app = typer.Typer(
    help="Enforcement figures from news about the crackdown on scam compounds.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        from newswatch import EXTRACTOR_VERSION, __version__  # noqa: PLC0415

        typer.echo(f"newswatch {__version__} (extractor {EXTRACTOR_VERSION})")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Enforcement figures from news about the crackdown on scam compounds."""


# Bytes read from one input; an article is a few kilobytes, this bounds a runaway input.
MAX_INPUT_BYTES = 64 * 1024 * 1024


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def _parse_published(value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--published must be a date as YYYY-MM-DD, not {value!r}") from None


def read_bytes(path: str) -> bytes:
    """The bytes of a file, '-' for stdin; a one-line error and exit 2 when unreadable."""
    try:
        if path == "-":
            return sys.stdin.buffer.read(MAX_INPUT_BYTES)
        with open(path, "rb") as fh:
            return fh.read(MAX_INPUT_BYTES)
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror or exc}") from None


def read_text(path: str) -> str:
    """Text of a file ('-' for stdin) decoded as UTF-8, undecodable bytes replaced."""
    return read_bytes(path).decode("utf-8", errors="replace").replace("\x00", " ")


_QUALIFIER_WORDS = {
    "exact": "",
    "more_than": "more than ",
    "at_least": "at least ",
    "about": "about ",
    "nearly": "nearly ",
    "up_to": "up to ",
    "vague": "vague ≥",
}
# Tables printed into a pipe or a file are not squeezed to a default 80 columns.
PIPE_WIDTH = 140


def console() -> Console:
    return Console() if sys.stdout.isatty() else Console(width=PIPE_WIDTH)


def figures_table(title: str, figures: list[Figure]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("action", no_wrap=True)
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("scope", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("who", overflow="fold")
    table.add_column("where", overflow="fold")
    table.add_column("by", overflow="fold")
    for f in figures:
        when = f.date.isoformat() if f.date else ""
        if f.period_start or f.period_end:
            when = f"{f.period_start or '…'} → {f.period_end or '…'}"
        who = ", ".join(f"{k} {v:,}" if v is not None else k for k, v in f.nationalities.items())
        gender = ", ".join(
            x
            for x in (f"{f.women:,} women" if f.women else "", f"{f.men:,} men" if f.men else "")
            if x
        )
        table.add_row(
            f.action.value,
            f"{_QUALIFIER_WORDS[f.qualifier.value]}{f.count:,} {f.unit.value}",
            f.scope.value,
            when,
            "; ".join(x for x in (who, gender) if x),
            " / ".join(x for x in (f.country, f.admin1, f.place) if x),
            f.agency or "",
        )
    return table


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="A text file to read, or - for standard input.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD; relative dates resolve against it."),
    ] = None,
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json (CODEBOOK §6) or table.")
    ] = OutputFormat.json,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say which rule decided each field, from which words, "
            "and why every other number is no figure.",
        ),
    ] = False,
) -> None:
    """Print the enforcement figures an article states (CODEBOOK §6 JSON, or a table).

    A text may open with front matter (YAML between '---' lines, or 'key: value' lines closed
    by '---'); its 'published' is used when --published is not given.
    """
    pub = _parse_published(published)
    if path.lower().endswith((".html", ".htm")):
        header: dict[str, Any] = {}
        try:  # the page's own charset decides: no decoding before cleaning
            page = clean_html(read_bytes(path), "file:///" + path.lstrip("/"))
        except PageSkipped as exc:
            raise _fail(f"{path}: {exc}") from None
        text, pub = page.text, pub or page.published
        header = {"title": page.title}
    else:
        header, text = front_matter(read_text(path))
    if pub is None and header.get("published"):
        try:
            pub = dt.date.fromisoformat(str(header["published"])[:10])
        except ValueError:
            pub = None
    from newswatch.extract import explain_figures  # noqa: PLC0415  (only this command needs it)

    title = header.get("title")
    explained = explain_figures(text, pub, title=str(title) if title else None)
    figures = [f for f, _ in explained.figures]
    if explain:
        _print_explained(path, pub, explained, as_json=format is OutputFormat.json)
        return
    if format is OutputFormat.json:
        typer.echo(json.dumps(extraction_to_json(pub, figures), ensure_ascii=False, indent=1))
    else:
        console().print(figures_table(path, figures))


def _print_explained(path: str, pub: dt.date | None, explained: Any, *, as_json: bool) -> None:
    """`extract --explain`: the figures with their reasons, then the numbers set aside."""
    figures = [f for f, _ in explained.figures]
    if as_json:
        body = extraction_to_json(pub, figures)
        for fig, (_, why) in zip(body["figures"], explained.figures, strict=True):
            fig["explain"] = why
        body["dropped"] = [
            {"sentence": i, "number": words, "why": why} for i, words, why in explained.dropped
        ]
        body["skipped"] = explained.skipped
        typer.echo(json.dumps(body, ensure_ascii=False, indent=1))
        return
    out = console()
    if explained.skipped:
        out.print(f"{path}: not read ({explained.skipped})", highlight=False)
        return
    out.print(figures_table(path, figures))
    for n, (fig, why) in enumerate(explained.figures, 1):
        table = Table(title=f"figure {n}: {fig.action.value} {fig.count:,} (sentence "
                      f"{why.get('sentence', '?')})", title_justify="left")  # fmt: skip
        table.add_column("field", no_wrap=True)
        table.add_column("why", overflow="fold")
        for field, reason in why.items():
            if field != "sentence":
                table.add_row(field, reason)
        out.print(table)
    if explained.dropped:
        table = Table(title="numbers that are no figure", title_justify="left")
        for col in ("sentence", "number", "why"):
            table.add_column(col, overflow="fold")
        for i, words, why in explained.dropped:
            table.add_row(str(i), words, why)
        out.print(table)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Folder of gold JSON files (CODEBOOK §6).")],
    texts: Annotated[Path, typer.Argument(help="Folder of the articles, <stem>.txt.")],
    show: Annotated[bool, typer.Option("--show", help="Print each article's figures.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List disagreements.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the score as JSON.")] = False,
    by_stage: Annotated[
        bool,
        typer.Option(
            "--by-stage",
            help="Attribute every error to the reading stage where it "
            "arose (number, action, who, when, where, scope, merge), biggest first.",
        ),
    ] = False,
) -> None:
    """Extract every article of a gold set and score it as ../shared/eval/score.py does."""
    if not gold.is_dir() or not texts.is_dir():
        raise _fail(f"{gold} and {texts} must both be folders")
    from newswatch.extract import explain_figures  # noqa: PLC0415
    from newswatch.extract.lexicon import load_lexicon  # noqa: PLC0415
    from newswatch.extract.numbers import find_numbers  # noqa: PLC0415
    from newswatch.extract.text import tokenize  # noqa: PLC0415

    lex = load_lexicon()

    def value(words: str) -> int | None:
        found = find_numbers(lex, tokenize(words))
        return found[0].value if found else None

    stages: dict[str, list[str]] = {s: [] for s in STAGES}
    score = Score()
    out = console()
    for gold_file in sorted(gold.glob("*.json")):
        expected = json.loads(gold_file.read_text(encoding="utf-8"))
        pub = dt.date.fromisoformat(expected["published"]) if expected.get("published") else None
        text_file = texts / f"{gold_file.stem}.txt"
        # the header is stripped, title and all, as score.py does
        _, text = strip_header(read_text(str(text_file))) if text_file.exists() else ({}, "")
        explained = explain_figures(text, pub)
        figures = [f for f, _ in explained.figures]
        predicted = extraction_to_json(pub, figures)["figures"]
        notes = score.add(expected["figures"], predicted)
        for stage, note in attribute(expected["figures"], predicted, explained.dropped, value):
            stages[stage].append(f"{gold_file.stem} {note}")
        if show and not as_json:
            out.print(figures_table(f"{gold_file.stem} (published {pub})", figures))
        if verbose and not as_json:
            for note in notes:
                out.print(f"  {gold_file.stem} {note}", highlight=False, markup=False)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "gold": score.gold,
                    "predicted": score.predicted,
                    "matched": score.matched,
                    "precision": score.precision,
                    "recall": score.recall,
                    "f1": score.f1,
                    "fields": score.fields,
                    "field_hits": score.field_hits,
                    **({"by_stage": {k: len(v) for k, v in stages.items()}} if by_stage else {}),
                },
                indent=1,
            )
        )
    else:
        out.print(
            f"gold={score.gold} predicted={score.predicted} matched={score.matched}",
            highlight=False,
        )
        out.print(score.summary(), highlight=False)
        if by_stage:
            table = Table(title="errors by the stage where they arose", title_justify="left")
            for col in ("stage", "errors", "first of them"):
                table.add_column(col, overflow="fold")
            for stage, notes in sorted(stages.items(), key=lambda kv: -len(kv[1])):
                table.add_row(stage, str(len(notes)), "\n".join(notes[:3]))
            out.print(table)


feeds_app = typer.Typer(help="The configured feeds: list them with their health, or test one.")
app.add_typer(feeds_app, name="feeds")


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise _fail(str(exc)) from None


@feeds_app.callback(invoke_without_command=True)
def feeds(ctx: typer.Context) -> None:
    """List the configured feeds with their health (last success, failures, last error) and
    their articles waiting to be read: queued, being retried, and given up (with the reason)."""
    if ctx.invoked_subcommand is not None:
        return
    services = build(_settings())
    try:
        with services.store.reading() as r:
            waiting = r.entry_stats()
        table = Table(title="feeds", title_justify="left")
        for col in ("name", "url", "last success", "failures", "entries",
                    "queued / retrying / given up", "last error"):  # fmt: skip
            table.add_column(col, overflow="fold")
        for feed in services.settings.feeds:
            h = services.health.get(feed.label)
            w = waiting.get(feed.label, {})
            errors = [
                (h.last_error or "") if h else "",
                f"article: {w['last_error']}" if w.get("last_error") else "",
            ]
            table.add_row(
                feed.name,
                feed.label,
                h.last_success.isoformat(timespec="seconds") if h and h.last_success else "never",
                str(h.consecutive_failures) if h else "",
                str(h.entries_seen) if h else "",
                f"{w.get('pending', 0)} / {w.get('retrying', 0)} / {w.get('given_up', 0)}",
                "\n".join(e for e in errors if e),
            )
        console().print(table)
    finally:
        services.close()


@feeds_app.command("test")
def feeds_test(
    url: Annotated[str, typer.Argument(help="The feed's URL.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
) -> None:
    """Fetch one feed now, afresh (no stored validators), and list its entries. Nothing is
    stored: the next monitor pass still sees every entry."""
    services = build(_settings())
    configured = next((f for f in services.settings.feeds if url in (f.url, f.label)), None)
    shown = configured.label if configured else redact(url)
    try:
        outcome = pipeline.fetch_feed(
            services.fetcher, FeedHealth(url=shown),
            fetch_url=configured.fetch_url if configured else url,
            secrets=configured.secrets if configured else [],
        )  # fmt: skip
    finally:
        services.close()
    if outcome.status == "failed":
        raise _fail(f"{shown}: {outcome.error}")
    if as_json:
        entries = [
            {"key": e.key, "url": e.url, "title": e.title,
             "published": e.published.isoformat() if e.published else None}
            for e in outcome.entries
        ]  # fmt: skip
        typer.echo(json.dumps({"status": outcome.status, "warnings": list(outcome.warnings),
                               "entries": entries}, indent=1, ensure_ascii=False))  # fmt: skip
        return
    table = Table(title=f"{shown} ({outcome.status}, {len(outcome.entries)} entries)")
    for col in ("published", "title", "url"):
        table.add_column(col, overflow="fold")
    for e in outcome.entries:
        table.add_row(
            e.published.date().isoformat() if e.published else "", e.title, e.url or e.key
        )
    out = console()
    out.print(table)
    for w in outcome.warnings:
        out.print(f"[yellow]warning:[/yellow] {w}", highlight=False)


@app.command()
def fetch(
    url: Annotated[str, typer.Argument(help="An article's URL.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print metadata, text and figures as JSON.")
    ] = False,
) -> None:
    """Fetch, clean and extract one article: its metadata, cleaned text and figures."""
    settings = _settings()
    services = build(settings)
    try:
        outcome = pipeline.read_article(
            services.fetcher, url, topic=[], feed_is_local=pipeline.is_local(url)
        )
    finally:
        services.close()
    if outcome.page is None:
        raise _fail(f"{url}: {outcome.status}: {outcome.reason}")
    page = outcome.page
    if as_json:
        payload = {
            "url": page.url, "canonical_url": page.canonical_url, "title": page.title,
            "published": page.published.isoformat() if page.published else None,
            "author": page.author, "site_name": page.site_name, "language": page.language,
            "text": page.text,
            **extraction_to_json(page.published, list(outcome.figures)),
        }  # fmt: skip
        typer.echo(json.dumps(payload, indent=1, ensure_ascii=False))
        return
    out = console()
    out.print(f"[bold]{page.title or '(no title)'}[/bold]", highlight=False)
    out.print(f"{page.canonical_url}  published {page.published or 'unknown'}", highlight=False)
    out.print(page.text, highlight=False, markup=False)
    out.print(figures_table("figures", list(outcome.figures)))
