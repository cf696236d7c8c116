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
from newswatch.adapters.db.store import SqlStore, Tx, entry_key
from newswatch.events import Change, change, family, fold, previous_value
from newswatch.events.linkage import weights
from newswatch.events.matching import compare, ranked, same_story, story_numbers
from newswatch.ingest.urls import canonical_url
from newswatch.models import Event, Figure, Mention, Scope, figure_to_json
from newswatch.ports import Document, EventRecord, StoredArticle
from newswatch.review import (
    Review,
    ReviewError,
    Verdict,
    apply_reviews,
    parse_value,
    target_of,
)

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


def _extract(doc: Document) -> list[Figure]:
    from newswatch.extract import extract_figures  # noqa: PLC0415  (loaded when first used)

    return extract_figures(doc.text, doc.published, title=doc.title)


def record_article(
    store: SqlStore,
    doc: Document,
    *,
    extractor: Extractor | None = None,
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
    seen = store.article(key)
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
    if doc.status != "ok":
        figures = []
    else:  # the article's own title is its headline
        figures = extractor(doc.text, doc.published) if extractor else _extract(doc)
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with store.transaction() as tx:
                if entry is not None:
                    tx.entry_done(entry)
                # Again, unless the quick look found nothing: another process storing it since
                # makes the insert fail on the unique identity, and the retry reads it.
                existing = tx.article(key) if seen is not None or attempt else None
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
    tx: Tx, fp: str, sig: bytes | None, keys: list[int], existing: StoredArticle | None
) -> tuple[int | None, float | None]:
    """The earlier article this one copies, exactly or nearly, and how similar they are."""
    self_id = existing.id if existing else None
    exact = tx.article_with_fingerprint(fp, self_id)
    if exact is not None:
        return exact, 1.0
    if sig is None:
        return None, None
    for other_id, other_sig in tx.band_candidates(keys, self_id):
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
    keys = dedup.bands(sig) if sig else []
    original, similarity = (
        _original(tx, fp, sig, keys, existing) if doc.text.strip() else (None, None)
    )
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
    tx.save_bands(article_id, keys, new=existing is None)
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
    # Analysts' reviews apply on top of what the extractor read (a figure keeps its place in
    # the extracted list as its ordinal, so a rejected one leaves a gap)
    reviews = tx.reviews(entry_key(key)) if figures else []
    placed = apply_reviews(figures, reviews) if reviews else list(enumerate(figures))
    numbers = story_numbers([f for _, f in placed])
    decisions = tx.decisions(entry_key(key)) if figures else {}
    for ordinal, figure in placed:
        mention = Mention(
            figure=figure, article_id=article_id, article_url=doc.url, outlet=doc.outlet,
            published=doc.published, syndicated=original is not None, ordinal=ordinal,
        )  # fmt: skip
        ch = _place(tx, mention, extra=extra, taken=taken, told=told, numbers=numbers,
                    decisions=decisions, now=now)  # fmt: skip
        assert ch.event.id is not None
        taken.add(ch.event.id)
        changes.append(ch)
        if ch.kind in ALERT_KINDS:
            _queue(tx, ch, quiet or happened_before(ch.event, quiet_before), now)
    for event_id in orphans:
        if not tx.event_mentions(event_id):
            tx.delete_event(event_id)
    return Recorded(doc.url, article_id, status, original, len(placed), tuple(changes))


def _place(
    tx: Tx,
    mention: Mention,
    *,
    extra: Sequence[int],
    taken: set[int],
    told: dict[int, Event],
    numbers: frozenset[int],
    decisions: dict[tuple[str, int], tuple[int | None, set[int]]],
    now: dt.datetime,
) -> Change:
    """Join the mention to the event it reports, or start a new event (and series value).
    `extra` events are candidates whatever their day: the original's events for a copy, and
    the events a re-extracted article was the only source of. `told`: the events as they stood
    before this article's new version; `numbers`: the article's distinctive numbers (one story
    with the articles of an event that state one of them too). An analyst's decision on this
    figure comes first; when the mention links two stored events that agree with each other,
    they are merged (the older id is kept, the other redirects to it). The mention, not yet
    stored, is stored here in the event it reports."""
    fig = mention.figure

    def store_in(event_id: int) -> Mention:
        mention_id = tx.add_mention(mention.article_id, mention.ordinal, fig, event_id)
        return dataclasses.replace(mention, id=mention_id)

    together, apart = decisions.get((str(family(fig.action)), fig.count), (None, set()))
    exclude = taken | {r for a in apart if (r := tx.resolve(a)) is not None}
    pinned = tx.resolve(together) if together is not None else None
    if pinned is not None and pinned not in exclude:
        before = _current(tx, pinned)
        return _join(tx, store_in(pinned), pinned, told, now, before=before)
    candidates = tx.candidates(fig, mention.published, extra)
    ids = [e.id for e in candidates if e.id is not None and e.id not in exclude]
    theirs = tx.story_numbers(ids) if numbers and ids else {}
    stories = {e.id: same_story(numbers, theirs[e.id], fig, e) for e in candidates
               if e.id in theirs}  # fmt: skip
    found = ranked(candidates, mention, exclude, stories)
    if found:
        best = found[0][0]
        assert best.id is not None
        earlier = tx.event_mentions(best.id)
        before = fold(earlier, best.id) if earlier else best
        event_id = best.id
        mention = store_in(event_id)
        for other, v in found[1:]:
            if v.kind == "same" and other.id is not None:
                event_id = _merge_if_one(tx, event_id, other.id, now)
        # Unless a merge added reports, the event now holds what it held and this mention.
        now_held = [*earlier, mention] if event_id == best.id else None
        return _join(tx, mention, event_id, told, now, before=before, mentions=now_held)
    series_id, created, previous = None, True, None
    if fig.scope is Scope.CUMULATIVE and fig.period_start is not None:
        series_id, created = tx.find_series(fig, now)
        if not created:
            previous = previous_value(tx.series_values(series_id), fig.period_end)
    # The event's row first, then the mention in it, then its history (which cites the mention).
    event_id = tx.save_event(fold([mention]), now, series_id, revisions=False)
    mention = store_in(event_id)
    new = dataclasses.replace(fold([mention]), id=event_id)
    tx.save_revisions(event_id, new.revisions)
    if series_id is not None and not created:
        return Change(
            "series_value", new, mention,
            previous.count if previous else None, previous.qualifier if previous else None,
            previous.id if previous else None,
        )  # fmt: skip
    return Change("new_event", new, mention)


class LinkError(ValueError):
    """An analyst's merge or split that cannot be done (the message says why)."""


def merge_events(
    store: SqlStore, first: int, second: int, *, by: str,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> tuple[int, int]:  # fmt: skip
    """An analyst says two events are one: the older id is kept, the other redirects to it,
    every figure of both is pinned to it (kept across re-extraction), and one "revised" alert
    goes out only if the kept event's count changed. Returns (kept, merged) ids."""
    at = now()
    with store.transaction() as tx:
        a, b = tx.resolve(first), tx.resolve(second)
        for asked, found in ((first, a), (second, b)):
            if found is None:
                raise LinkError(f"no event {asked}")
        assert a is not None and b is not None
        if a == b:
            raise LinkError(f"events {first} and {second} are already one: event {a}")
        keep, gone = min(a, b), max(a, b)
        ours, theirs = tx.event_mentions(keep), tx.event_mentions(gone)
        common = {m.article_url for m in ours} & {m.article_url for m in theirs}
        if common:
            raise LinkError(f"events {keep} and {gone} hold two figures of one article "
                            f"({sorted(common)[0]}): two facts, not one")  # fmt: skip
        for m in ours + theirs:
            tx.decide(m.article_id, m.figure, keep, "together", by=by, now=at)
        before = fold(ours, keep)
        tx.merge_events(keep, gone, at)
        after = fold(tx.event_mentions(keep), keep)
        tx.save_event(after, at)
        _tell_if_revised(tx, before, after, at)
    return keep, gone


def split_mention(
    store: SqlStore, event_id: int, mention_id: int, *, by: str,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> int:  # fmt: skip
    """An analyst says a mention does not report its event: it becomes an event of its own
    (no alert: its value was told), the figure is kept apart from the event across
    re-extraction, and the event is folded again ("revised" alert only if its count
    changed). Returns the new event's id."""
    at = now()
    with store.transaction() as tx:
        current = tx.resolve(event_id)
        if current is None:
            raise LinkError(f"no event {event_id}")
        found = tx.mention(mention_id)
        if found is None or found[0] != current:
            raise LinkError(f"mention {mention_id} is not in event {current}")
        mention = found[1]
        rest = [m for m in tx.event_mentions(current) if m.id != mention_id]
        if not rest:
            raise LinkError(f"mention {mention_id} is the only one of event {current}")
        before = fold([*rest, mention], current)
        tx.decide(mention.article_id, mention.figure, current, "apart", by=by, now=at)
        new_id = tx.save_event(fold([mention]), at)
        tx.link(mention_id, new_id)
        after = fold(rest, current)
        tx.save_event(after, at)
        _tell_if_revised(tx, before, after, at)
    return new_id


@dataclasses.dataclass(frozen=True)
class Reviewed:
    """What a review did: the decision stored, the article recorded again, and the event the
    figure now reports (None when it was rejected)."""

    review: Review
    recorded: Recorded
    event_id: int | None


def _figures_of(doc: Document) -> list[Figure]:
    return _extract(doc) if doc.text else []


def review_mention(
    store: SqlStore, mention_id: int, verdict: Verdict, *, by: str,
    field: str | None = None, value: str = "",
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Reviewed:  # fmt: skip
    """An analyst confirms, rejects or corrects one field of a mention. The decision is stored
    with who and when, keyed by the figure as the extractor reads it (so it survives
    re-extraction), and the article is recorded again with it: its events are folded again,
    and an alert goes out only if an event's values change, as for any revision."""
    if verdict not in ("confirm", "reject", "correct"):
        raise ReviewError(f"no decision {verdict!r}: confirm, reject or correct")
    changes: dict[str, Any] = {}
    if verdict == "correct":
        if not field:
            raise ReviewError("a correction names the field it corrects")
        changes[field] = parse_value(field, value)
    with store.reading() as r:
        mention = r.mention(mention_id)
        if mention is None:
            raise ReviewError(f"no mention {mention_id}")
        stored = r.document(mention.article_id)
        assert stored is not None
        doc, key, _ = stored
        reviews = r.reviews_of(key)
    figures = _figures_of(doc)
    placed = dict(apply_reviews(figures, reviews))
    shown = placed.get(mention.ordinal)
    ordinal = mention.ordinal
    if shown is None or (shown.action, shown.count) != (
        mention.figure.action,
        mention.figure.count,
    ):
        # extracted by an older version: the figure that now reads as the mention does
        ordinal = next((i for i, f in placed.items() if (f.action, f.count) ==
                        (mention.figure.action, mention.figure.count)), -1)  # fmt: skip
        if ordinal < 0:
            raise ReviewError(
                f"the article of mention {mention_id} no longer reads this figure; "
                "`newswatch reextract` brings the store up to date"
            )
    original = figures[ordinal]
    review = Review(
        article_key=key, action=str(original.action), count=original.count, ordinal=ordinal,
        verdict=verdict, changes=changes, decided_by=by[:200], decided_at=now(),
    )  # fmt: skip
    with store.transaction() as tx:
        review = dataclasses.replace(review, id=tx.add_review(review))
    recorded = record_article(store, doc, force=True, now=now)
    event_id = next((c.event.id for c in recorded.changes if c.mention.ordinal == ordinal), None)
    return Reviewed(review, recorded, event_id)


def undo_review(
    store: SqlStore, review_id: int,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Reviewed:  # fmt: skip
    """Take a decision back: the article is recorded again without it."""
    with store.transaction() as tx:
        review = tx.delete_review(review_id)
    if review is None:
        raise ReviewError(f"no review {review_id}")
    with store.reading() as r:
        stored = r.document_by_key(review.article_key)
    if stored is None:
        return Reviewed(review, Recorded("", 0, "unchanged"), None)
    recorded = record_article(store, stored[0], force=True, now=now)
    event_id = next(
        (c.event.id for c in recorded.changes if c.mention.ordinal == review.ordinal), None
    )
    return Reviewed(review, recorded, event_id)


def reviewed_gold(store: SqlStore) -> list[tuple[Document, dict[str, Any]]]:
    """Every reviewed article with its figures as reviewed, in the layout of the gold files
    (CODEBOOK §6 without evidence and span): corrections become test data for the extractor.
    Each figure an analyst decided on carries a `note` saying who decided what and when."""
    with store.reading() as r:
        articles = r.reviewed_articles()
        reviews_by_key = {key: r.reviews_of(key) for _, key in articles}
    out = []
    for doc, key in articles:
        figures = _figures_of(doc)
        reviews = reviews_by_key[key]
        gold = []
        for i, f in apply_reviews(figures, reviews):
            row = figure_to_json(f)
            row.pop("evidence")
            row.pop("span")
            said = [rv for rv in reviews if target_of(rv, figures) == i]
            if said:
                row["note"] = "; ".join(
                    f"{rv.verdict}{' ' + ', '.join(rv.changes) if rv.changes else ''} by "
                    f"{rv.decided_by} {rv.decided_at:%Y-%m-%d}"
                    for rv in said
                )
            gold.append(row)
        published = doc.published.isoformat() if doc.published else None
        out.append((doc, {"published": published, "figures": gold}))
    return out


def possible_matches(store: SqlStore, event_id: int) -> list[tuple[int, float]]:
    """Stored events that may report the same fact as this one: a report of one scores
    between the linkage model's `possible` and `link` bands against the other (shown for an
    analyst to merge, never merged by itself). (event id, log2 odds), strongest first."""
    model = weights()
    best: dict[int, float] = {}
    with store.transaction() as tx:
        mentions = tx.event_mentions(event_id)
        for m in mentions:
            for other in tx.candidates(m.figure, m.published):
                if other.id is None or other.id == event_id:
                    continue
                c = compare(other, m)
                if c is not None and model.possible <= (score := model.evidence(c)) < model.link:
                    best[other.id] = max(score, best.get(other.id, score))
        found = [(e, s) for e, s in best.items() if not tx.kept_apart(event_id, e)]
    return sorted(found, key=lambda es: -es[1])


def _tell_if_revised(tx: Tx, before: Event, after: Event, now: dt.datetime) -> None:
    """An analyst's merge or split changed what the event's count is: one "revised" alert,
    citing the report the count now comes from."""
    if (before.count, before.qualifier) == (after.count, after.qualifier):
        return
    source = after.revisions[-1].mention_id
    mentions = tx.event_mentions(_event_id(after))
    mention = next((m for m in mentions if m.id == source), mentions[-1])
    _queue(tx, Change("revised", after, mention, before.count, before.qualifier), False, now)


def _event_id(e: Event) -> int:
    assert e.id is not None
    return e.id


def _current(tx: Tx, event_id: int) -> Event | None:
    mentions = tx.event_mentions(event_id)
    return fold(mentions, event_id) if mentions else None


def _join(
    tx: Tx,
    mention: Mention,
    event_id: int,
    told: dict[int, Event],
    now: dt.datetime,
    *,
    before: Event | None,
    mentions: list[Mention] | None = None,
) -> Change:
    """The mention (stored) reports `event_id`: fold the event again, name the change.
    `mentions`: what the event holds now, when the caller knows (else it is read)."""
    after = fold(mentions if mentions is not None else tx.event_mentions(event_id), event_id)
    tx.save_event(after, now)
    was = told.get(event_id)
    if was is not None and not mention.syndicated:
        if (was.count, was.qualifier) != (after.count, after.qualifier):
            return Change("revised", after, mention, was.count, was.qualifier)
        return change(was, after, mention)
    return change(before, after, mention)


def _merge_if_one(tx: Tx, event_id: int, other_id: int, now: dt.datetime) -> int:
    """The mention just joined `event_id` and links to `other_id` too: merge them when no
    report of the other is vetoed by the joined event and none is evidence against it below
    the model's `possible` band (a mention linking two events is not enough by itself: no
    long chains), no article reports both and no analyst kept them apart. Returns the
    surviving id (the older one)."""
    ours, theirs = tx.event_mentions(event_id), tx.event_mentions(other_id)
    if not ours or not theirs or tx.kept_apart(event_id, other_id):
        return event_id
    joined, model = fold(ours, event_id), weights()
    for m in theirs:
        c = compare(joined, m)
        if c is None or model.evidence(c) < model.possible:
            return event_id
    keep, gone = min(event_id, other_id), max(event_id, other_id)
    tx.merge_events(keep, gone, now)
    tx.save_event(fold(tx.event_mentions(keep), keep), now)
    return keep


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
        "id": m.id,
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
