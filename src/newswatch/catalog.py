"""Record an article in the store: article identity and copies, its mentions, the events they
report (CODEBOOK §5), series values, and the alerts outbox, in one transaction per article.

The decisions are the pure functions of `newswatch.dedup` and `newswatch.events`; this module
only fetches what they need from the store and writes back what they return.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError

from newswatch import EXTRACTOR_VERSION, dedup
from newswatch.adapters.db.store import SqlStore, Tx
from newswatch.events import Change, best_match, change, fold, previous_value
from newswatch.events.matching import same_story, story_numbers
from newswatch.ingest.urls import canonical_url
from newswatch.models import Event, Figure, Mention, Scope, figure_to_json
from newswatch.ports import Document, EventRecord, StoredArticle

ArticleStatus = Literal["new", "updated", "reextracted", "unchanged"]
# A write that loses a race (two processes inserting one article) is retried this many times.
WRITE_ATTEMPTS = 3
# Changes that go to the outbox for the alerts.
ALERT_KINDS = ("new_event", "revised", "series_value")

Extractor = Callable[[str, dt.date | None], list[Figure]]


@dataclasses.dataclass(frozen=True)
class Recorded:
    url: str
    article_id: int
    status: ArticleStatus
    duplicate_of: int | None = None
    figures: int = 0
    changes: tuple[Change, ...] = ()

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.changes)


def identity(doc: Document) -> str:
    """The article's identity: its canonical URL (a file's own URL for local files)."""
    return doc.canonical_url or canonical_url(doc.url) or doc.url


def _extract(text: str, published: dt.date | None) -> list[Figure]:
    from newswatch.extract import extract_figures  # noqa: PLC0415  (loaded when first used)

    return extract_figures(text, published)


def record_article(
    store: SqlStore,
    doc: Document,
    *,
    extractor: Extractor = _extract,
    extractor_version: str = EXTRACTOR_VERSION,
    quiet: bool = False,
    force: bool = False,
    entry: str | None = None,
    quiet_before: dt.date | None = None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Recorded:
    """Store one article and what it reports; the same article twice changes nothing.

    `quiet` marks its alerts as part of a backfill (summarised, not sent one by one); `force`
    extracts again even when text and extractor version are unchanged; `entry` is the queued
    feed entry this article answers, which leaves the queue in the transaction that stores it;
    `quiet_before` makes the alerts of events dated before that day quiet (a baseline).
    """
    key = identity(doc)
    fp = dedup.fingerprint(doc.text)

    def unchanged(existing: StoredArticle | None) -> bool:
        return bool(
            existing
            and not force
            and existing.fingerprint == fp
            and existing.extractor_version == extractor_version
            and existing.status == doc.status
        )

    # A quick look without the write lock: most articles of a rerun are known already.
    with store.reading() as r:
        seen = r.article(key)
    if seen is not None and unchanged(seen):
        stamp = doc.entry_stamp and doc.entry_stamp != seen.entry_stamp
        if stamp or entry is not None:
            with store.transaction() as tx:
                if stamp:  # the feed entry changed, the text did not
                    tx.set_entry_stamp(seen.id, str(doc.entry_stamp))
                if entry is not None:
                    tx.entry_done(entry)
        return Recorded(doc.url, seen.id, "unchanged", seen.duplicate_of)
    # The CPU work happens outside the write transaction, so writers hold the lock briefly.
    sig = dedup.signature(doc.text)
    figures = extractor(doc.text, doc.published) if doc.status == "ok" else []
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with store.transaction() as tx:
                if entry is not None:
                    tx.entry_done(entry)
                existing = tx.article(key)  # again: another process may have written it since
                if existing is not None and unchanged(existing):
                    return Recorded(doc.url, existing.id, "unchanged", existing.duplicate_of)
                return _write(
                    tx,
                    doc=doc,
                    key=key,
                    fp=fp,
                    sig=sig,
                    existing=existing,
                    figures=figures,
                    extractor_version=extractor_version,
                    quiet=quiet,
                    quiet_before=quiet_before,
                    now=now(),
                )
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _original(
    tx: Tx, fp: str, sig: bytes | None, existing: StoredArticle | None
) -> tuple[int | None, float | None]:
    """The earlier article this one copies, exactly or nearly, and how similar they are."""
    self_id = existing.id if existing else None
    exact = tx.article_with_fingerprint(fp, self_id)
    if exact is not None:
        return exact, 1.0
    if sig is None:
        return None, None
    for other_id, other_sig in tx.band_candidates(dedup.bands(sig), self_id):
        if self_id is not None and other_id > self_id:
            break  # only an earlier article can be the original
        sim = dedup.similarity(sig, other_sig)
        if sim >= dedup.NEAR_DUPLICATE:
            return other_id, sim
    return None, None


def _write(
    tx: Tx,
    *,
    doc: Document,
    key: str,
    fp: str,
    sig: bytes | None,
    existing: StoredArticle | None,
    figures: Sequence[Figure],
    extractor_version: str,
    quiet: bool,
    now: dt.datetime,
    quiet_before: dt.date | None = None,
) -> Recorded:
    if existing is None:
        status: ArticleStatus = "new"
    else:
        status = "updated" if existing.fingerprint != fp else "reextracted"
    # An empty text (a skipped page) is nobody's copy: all empty texts share one fingerprint.
    original, similarity = _original(tx, fp, sig, existing) if doc.text.strip() else (None, None)
    article_id = tx.save_article(
        existing,
        doc,
        canonical_url=key,
        fingerprint=fp,
        signature=sig,
        duplicate_of=original,
        similarity=similarity,
        extractor_version=extractor_version,
        now=now,
    )
    tx.save_bands(article_id, dedup.bands(sig) if sig else [])
    changes: list[Change] = []
    # A new text or extractor replaces the article's mentions; the events they were in are
    # rebuilt from their other mentions, keeping their ids (or deleted when none remain).
    orphans: list[int] = []
    # The events this article reported, as they stood: an edit that changes their count is a
    # revision of what people were told (old -> new), however the article now reads.
    told: dict[int, Event] = {}
    if existing is not None:
        for event_id in tx.article_events(article_id):
            told[event_id] = fold(tx.event_mentions(event_id), event_id)
        for event_id in sorted(tx.remove_mentions(article_id)):
            rest = tx.event_mentions(event_id)
            if rest:
                tx.save_event(fold(rest, event_id), now)
            else:
                orphans.append(event_id)  # kept for now: the new mentions may report it again
    extra = (tx.article_events(original) if original is not None else []) + orphans
    taken: set[int] = set()  # events holding a figure of this article: never joined again
    numbers = story_numbers(figures)
    for ordinal, figure in enumerate(figures):
        mention_id = tx.add_mention(article_id, ordinal, figure)
        mention = Mention(
            figure=figure, article_id=article_id, article_url=doc.url, outlet=doc.outlet,
            published=doc.published, syndicated=original is not None, id=mention_id,
            ordinal=ordinal,
        )  # fmt: skip
        ch = _place(tx, mention, extra=extra, taken=taken, told=told, numbers=numbers, now=now)
        assert ch.event.id is not None
        taken.add(ch.event.id)
        changes.append(ch)
        if ch.kind in ALERT_KINDS:
            _queue(tx, ch, quiet or happened_before(ch.event, quiet_before), now)
    for event_id in orphans:
        if not tx.event_mentions(event_id):
            tx.delete_event(event_id)
    return Recorded(doc.url, article_id, status, original, len(figures), tuple(changes))


def _place(
    tx: Tx,
    mention: Mention,
    *,
    extra: Sequence[int],
    taken: set[int],
    told: dict[int, Event],
    numbers: frozenset[int],
    now: dt.datetime,
) -> Change:
    """Join the mention to the event it reports, or start a new event (and series value).
    `extra` events are candidates whatever their day: the original's events for a copy, and
    the events a re-extracted article was the only source of. `told`: the events as they stood
    before this article's new version; `numbers`: the article's distinctive numbers (one story
    with the articles of an event that state one of them too)."""
    candidates = tx.candidates(mention.figure, mention.published, extra)
    ids = [e.id for e in candidates if e.id is not None and e.id not in taken]
    theirs = tx.story_numbers(ids) if numbers and ids else {}
    stories = {
        e.id: same_story(numbers, theirs[e.id], mention.figure, e)
        for e in candidates
        if e.id in theirs
    }
    found = best_match(candidates, mention, taken, stories)
    if found is not None:
        event_id = found[0].id
        assert event_id is not None
        earlier = tx.event_mentions(event_id)
        before = fold(earlier, event_id) if earlier else found[0]
        tx.link(_id(mention), event_id)
        after = fold(tx.event_mentions(event_id), event_id)
        tx.save_event(after, now)
        was = told.get(event_id)
        if was is not None and not mention.syndicated:
            if (was.count, was.qualifier) != (after.count, after.qualifier):
                return Change("revised", after, mention, was.count, was.qualifier)
            return change(was, after, mention)
        return change(before, after, mention)
    new = fold([mention])
    fig = mention.figure
    series_id, created, previous = None, True, None
    if fig.scope is Scope.CUMULATIVE and fig.period_start is not None:
        series_id, created = tx.find_series(fig, now)
        if not created:
            previous = previous_value(tx.series_values(series_id), fig.period_end)
    event_id = tx.save_event(new, now, series_id)
    tx.link(_id(mention), event_id)
    new = dataclasses.replace(new, id=event_id)
    if series_id is not None and not created:
        return Change(
            "series_value", new, mention,
            previous.count if previous else None, previous.qualifier if previous else None,
            previous.id if previous else None,
        )  # fmt: skip
    return Change("new_event", new, mention)


def _id(m: Mention) -> int:
    assert m.id is not None
    return m.id


def event_to_json(event: Event) -> dict[str, Any]:
    """The codebook fields of an event's current values."""
    values = figure_to_json(
        Figure(
            action=event.action,
            count=event.count,
            qualifier=event.qualifier,
            unit=event.unit,
            scope=event.scope,
            date=event.date,
            period_start=event.period_start,
            period_end=event.period_end,
            nationalities=event.nationalities,
            women=event.women,
            men=event.men,
            country=event.country,
            admin1=event.admin1,
            place=event.place,
            agency=event.agency,
            evidence="",
            span=(0, 0),
        )
    )
    del values["evidence"], values["span"]
    return {"id": event.id, **values}


def happened_before(ev: Event, day: dt.date | None) -> bool:
    """Whether the event happened before `day` (its date, else the end of its period)."""
    when = ev.date or ev.period_end
    return day is not None and when is not None and when < day


def _queue(tx: Tx, ch: Change, quiet: bool, now: dt.datetime) -> None:
    ev = ch.event
    if ch.kind == "series_value" and (ch.previous_count, ch.previous_qualifier) == (
        ev.count, ev.qualifier
    ):  # fmt: skip
        return  # a later report of the same total: nothing new to tell
    # One row per real change: the same change found again (a rerun, a copy) is not queued.
    suffix = {
        "new_event": "",
        "revised": f":{ch.previous_count}->{ev.count}",
        "series_value": f":{ev.period_end}",
    }[ch.kind]
    payload = {
        "kind": ch.kind,
        "event": event_to_json(ev),
        "previous_count": ch.previous_count,
        "previous_qualifier": str(ch.previous_qualifier) if ch.previous_qualifier else None,
        "previous_event_id": ch.previous_event_id,
        "article_url": ch.mention.article_url,
        "outlet": ch.mention.outlet,
        "published": ch.mention.published.isoformat() if ch.mention.published else None,
        "evidence": ch.mention.figure.evidence,
    }
    tx.add_outbox(
        key=f"{ch.kind}:{ev.id}{suffix}",
        kind=ch.kind,
        event_id=ev.id,
        payload=payload,
        quiet=quiet,
        now=now,
    )


def mention_to_json(m: Mention) -> dict[str, Any]:
    values = figure_to_json(m.figure)
    return {
        **{k: v for k, v in values.items() if k not in ("evidence", "span")},
        "article_url": m.article_url,
        "outlet": m.outlet,
        "published": m.published.isoformat() if m.published else None,
        "syndicated": m.syndicated,
        "evidence": values["evidence"],
        "span": values["span"],
    }


def record_to_json(rec: EventRecord) -> dict[str, Any]:
    """One event of `newswatch events --json` (a contract: scripts and evaluations read it)."""
    return {
        **event_to_json(rec.event),
        "first_seen": rec.first_seen.isoformat(),
        "last_changed": rec.last_changed.isoformat(),
        "series": rec.series_id,
        "revisions": [
            {
                "count": r.count,
                "qualifier": str(r.qualifier),
                "kind": str(r.kind),
                "article_url": r.article_url,
                "published": r.published.isoformat() if r.published else None,
            }
            for r in rec.event.revisions
        ],
        "mentions": [mention_to_json(m) for m in rec.mentions],
    }
