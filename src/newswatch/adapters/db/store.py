"""The SQL store: articles, mentions, events, series, outbox and feed health (SQLAlchemy 2).

Writes happen in `store.transaction()`: one per article, serialized across processes (SQLite's
write lock taken at BEGIN, a PostgreSQL advisory lock), so two ingesting processes never both
decide that an event is new. Reads use plain transactions and never wait for writers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import socket
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from newswatch.adapters.db import migrate
from newswatch.adapters.db.engine import is_postgres, make_engine
from newswatch.adapters.db.schema import (
    ArticleBandRow,
    ArticleRow,
    Base,
    ChannelRow,
    DecisionRow,
    DeliveryRow,
    EntryRow,
    EventRow,
    FeedRow,
    MarkRow,
    MentionRow,
    OutboxRow,
    ReviewRow,
    RevisionRow,
    SeriesRow,
)
from newswatch.events import DATE_TOLERANCE, anchor, blocks, family
from newswatch.events.matching import STORY_MIN, count_may_match
from newswatch.models import (
    Action,
    Event,
    Figure,
    Mention,
    Qualifier,
    Revision,
    Scope,
    Unit,
    ValueKind,
)
from newswatch.ports import (
    Document,
    EventQuery,
    EventRecord,
    FeedHealth,
    QueuedEntry,
    StoredArticle,
)
from newswatch.review import Review


def entry_key(url: str) -> str:
    """A queued entry's key: any URL, however long, in an indexable 64 characters."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def _short(url: str) -> str:
    """A URL short enough for an outbox key (which is at most 200 characters)."""
    return url if len(url) <= 120 else f"{url[:56]}…{entry_key(url)[:16]}"


# Any constant: every writer of one PostgreSQL database takes this lock for its transaction.
WRITE_LOCK = 7_355_609


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything newswatch stores is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


class SqlStore:
    def __init__(self, engine: Engine, feed_down_after: int = 3) -> None:
        self.engine = engine
        self.feed_down_after = feed_down_after
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readonly = engine.execution_options(readonly=True)

    @classmethod
    def open(cls, url: str, *, migrate_schema: bool = True, feed_down_after: int = 3) -> SqlStore:
        engine = make_engine(url)
        if migrate_schema:
            migrate.ensure(engine)
        return cls(engine, feed_down_after)

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One write transaction; commits on success, rolls back on any error. It runs on a
        plain connection; an ORM session joins it only for the operations that use one."""
        with self.engine.begin() as conn:
            if is_postgres(self.engine):
                conn.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
            tx = Tx(conn)
            try:
                yield tx
                tx.flush()
            finally:
                tx.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Reader]:
        with self._sessions(bind=self._readonly) as session:
            yield Reader(session)

    def article(self, canonical_url: str) -> StoredArticle | None:
        """The stored article with this identity (a read that never waits for writers)."""
        with self._readonly.connect() as conn:
            return _article_by_url(conn, canonical_url)

    # Feed health (the HealthStore port): each call its own short transaction.
    def get(self, url: str) -> FeedHealth | None:
        with self.reading() as r:
            row = r.session.scalar(select(FeedRow).where(FeedRow.url == url))
            return _health(row) if row else None

    def put(self, health: FeedHealth) -> None:
        with self._sessions() as session, session.begin():
            Tx(session).save_feed(health, self.feed_down_after)

    def advance_feed(
        self, health: FeedHealth, entries: Sequence[tuple[str, dict[str, Any]]], now: dt.datetime
    ) -> None:
        """Queue a feed's unread entries and record its new state in one transaction: the
        feed's validators never move past entries that are not safely queued."""
        with self.transaction() as tx:
            tx.enqueue(health.url, entries, now)
            tx.save_feed(health, self.feed_down_after)

    def all(self) -> list[FeedHealth]:
        with self.reading() as r:
            return [
                _health(row) for row in r.session.scalars(select(FeedRow).order_by(FeedRow.url))
            ]


def _health(row: FeedRow) -> FeedHealth:
    return FeedHealth(
        url=row.url,
        last_success=_aware(row.last_success),
        last_attempt=_aware(row.last_attempt),
        consecutive_failures=row.consecutive_failures,
        last_error=row.last_error,
        etag=row.etag,
        last_modified=row.last_modified,
        body_hash=row.body_hash,
        entries_seen=row.entries_seen,
    )


# --- rows <-> values -------------------------------------------------------------------------

_FIGURE_COLUMNS = (
    "action", "count", "qualifier", "unit", "scope", "date", "period_start", "period_end",
    "nationalities", "women", "men", "country", "admin1", "place", "agency",
)  # fmt: skip


def _figure_values(f: Figure | Event) -> dict[str, Any]:
    values = {c: getattr(f, c) for c in _FIGURE_COLUMNS}
    for c in ("action", "qualifier", "unit", "scope"):
        values[c] = str(values[c])
    values["nationalities"] = dict(f.nationalities)
    return values


_ENUMS: dict[str, Any] = {"action": Action, "qualifier": Qualifier, "unit": Unit, "scope": Scope}


def _codebook(row: Any) -> dict[str, Any]:
    """The codebook fields of a mention or event row, as the value types take them."""
    values = {c: getattr(row, c) for c in _FIGURE_COLUMNS}
    for c, enum in _ENUMS.items():
        values[c] = enum(values[c])
    values["nationalities"] = dict(values["nationalities"] or {})
    return values


def _figure(row: MentionRow) -> Figure:
    return Figure(**_codebook(row), evidence=row.evidence, span=(row.span_start, row.span_end))


def _event(row: Any, article_ids: frozenset[int], revisions: tuple[Revision, ...]) -> Event:
    return Event(
        **_codebook(row),
        first_published=row.first_published,
        last_published=row.last_published,
        article_ids=article_ids,
        revisions=revisions,
        id=row.id,
    )


_MENTION_QUERY = select(
    MentionRow, ArticleRow.url, ArticleRow.outlet, ArticleRow.published, ArticleRow.duplicate_of
).join(ArticleRow, ArticleRow.id == MentionRow.article_id)


def _mentions(session: Session, where: Any) -> list[Mention]:
    rows = session.execute(_MENTION_QUERY.where(where).order_by(MentionRow.id))
    return _mention_values(rows)


def _mention_values(rows: Any) -> list[Mention]:
    return [
        Mention(
            figure=_figure(m),
            article_id=m.article_id,
            article_url=url,
            outlet=outlet,
            published=published,
            syndicated=dup is not None,
            id=m.id,
            ordinal=m.ordinal,
        )
        for m, url, outlet, published, dup in rows
    ]


def _mention_rows(rows: Any) -> list[Mention]:
    """Mentions from plain rows of _core().event_mentions (no ORM entities)."""
    return [
        Mention(
            figure=_figure(r),
            article_id=r.article_id,
            article_url=r.article_url,
            outlet=r.outlet,
            published=r.published,
            syndicated=r.duplicate_of is not None,
            id=r.id,
            ordinal=r.ordinal,
        )
        for r in rows
    ]


class _Core:
    """The write path's statements, built once: SQLAlchemy then finds their compiled form in
    its cache instead of building and coercing a statement for every call, and they run on
    the connection, without the ORM's unit of work."""

    def __init__(self) -> None:
        t = Base.metadata.tables
        a, m, e = t["articles"], t["mentions"], t["events"]
        r, o, b = t["event_revisions"], t["outbox"], t["article_bands"]
        self.insert_article = insert(a).returning(a.c.id)
        self.fingerprint = (
            select(a.c.id)
            .where(a.c.fingerprint == bindparam("fp"), a.c.id != bindparam("other"))
            .order_by(a.c.id)
            .limit(1)
        )
        self.insert_bands = insert(b)
        self.delete_bands = delete(b).where(b.c.article_id == bindparam("article"))
        self.insert_mention = insert(m).returning(m.c.id)
        self.link = (
            update(m).where(m.c.id == bindparam("mention")).values(event_id=bindparam("event"))
        )
        self.event_mentions = (
            select(m, a.c.url.label("article_url"), a.c.outlet, a.c.published,
                   a.c.duplicate_of)
            .join(a, a.c.id == m.c.article_id)
            .where(m.c.event_id == bindparam("event"))
            .order_by(m.c.id)
        )  # fmt: skip
        mine, theirs = m.alias("mine"), m.alias("theirs")
        self.story_numbers = (
            select(mine.c.event_id, theirs.c.count, theirs.c.nationalities)
            .join(theirs, theirs.c.article_id == mine.c.article_id)
            .where(mine.c.event_id.in_(bindparam("events", expanding=True)))
        )
        self.event = select(e).where(e.c.id == bindparam("event"))
        self.insert_event = insert(e).returning(e.c.id)
        self.delete_revisions = delete(r).where(r.c.event_id == bindparam("event"))
        self.insert_revisions = insert(r)
        self._outbox = o
        d = t["link_decisions"]
        self.decisions = (
            select(d.c.family, d.c.count, d.c.event_id, d.c.verdict)
            .where(d.c.article_key == bindparam("key"))
            .order_by(d.c.id)
        )
        self.resolve = select(e.c.id, e.c.merged_into).where(e.c.id == bindparam("event"))
        self.entry_done = delete(t["entries"]).where(t["entries"].c.key == bindparam("key"))

    @functools.cache  # noqa: B019  (one _Core for the process: the cache lives as long)
    def insert_outbox(self, dialect: str) -> Any:
        """One statement that does nothing when the key is queued already (SQLite and
        PostgreSQL say it alike; the dialect is loaded only when used)."""
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg  # noqa: PLC0415

            return pg(self._outbox).on_conflict_do_nothing(index_elements=["key"])
        from sqlalchemy.dialects.sqlite import insert as lite  # noqa: PLC0415

        return lite(self._outbox).on_conflict_do_nothing(index_elements=["key"])


@functools.cache
def _core() -> _Core:
    return _Core()


class Reader:
    """Queries for the command line and exports."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def events(
        self,
        *,
        since: dt.date | None = None,
        action: str | None = None,
        country: str | None = None,
        limit: int | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[EventRecord]:
        q = select(EventRow).where(EventRow.merged_into.is_(None))
        if ids is not None:
            q = q.where(EventRow.id.in_(list(ids)))
        if since is not None:
            q = q.where(func.coalesce(EventRow.anchor, EventRow.first_published) >= since)
        if action is not None:
            q = q.where(or_(EventRow.action == action, EventRow.family == action))
        if country is not None:
            q = q.where(EventRow.country == country.upper())
        q = q.order_by(
            func.coalesce(EventRow.anchor, EventRow.first_published).desc(), EventRow.id.desc()
        )
        if limit:
            q = q.limit(limit)
        rows = list(self.session.scalars(q))
        return self._records(rows)

    def _records(self, rows: list[EventRow]) -> list[EventRecord]:
        ids = [r.id for r in rows]
        mentions: dict[int, list[Mention]] = defaultdict(list)
        revisions: dict[int, list[Revision]] = defaultdict(list)
        # Mentions and revisions by event, in one query each per chunk of events.
        for chunk in _chunks(ids):
            q = _MENTION_QUERY.add_columns(MentionRow.event_id).where(
                MentionRow.event_id.in_(chunk)
            )
            for m, url, outlet, published, dup, event_id in self.session.execute(
                q.order_by(ArticleRow.published, MentionRow.id)
            ):
                mentions[event_id].append(
                    Mention(
                        _figure(m),
                        m.article_id,
                        url,
                        outlet,
                        published,
                        dup is not None,
                        m.id,
                        m.ordinal,
                    )
                )
            for rev in self.session.scalars(
                select(RevisionRow)
                .where(RevisionRow.event_id.in_(chunk))
                .order_by(RevisionRow.event_id, RevisionRow.seq)
            ):
                revisions[rev.event_id].append(_revision(rev))
        return [
            EventRecord(
                event=_event(
                    r,
                    frozenset(m.article_id for m in mentions[r.id]),
                    tuple(revisions[r.id]),
                ),
                first_seen=_aware(r.first_seen) or r.first_seen,
                last_changed=_aware(r.last_changed) or r.last_changed,
                series_id=r.series_id,
                mentions=tuple(mentions[r.id]),
            )
            for r in rows
        ]

    def event(self, event_id: int) -> EventRecord | None:
        found = self.events(ids=[event_id])
        return found[0] if found else None

    def merged_into(self, event_id: int) -> int | None:
        """The event this one was merged into (kept flat: one step), None if it was not."""
        return self.session.scalar(select(EventRow.merged_into).where(EventRow.id == event_id))

    def article(self, canonical_url: str) -> StoredArticle | None:
        return _article_by_url(self.session, canonical_url)

    def known(self, urls: Sequence[str]) -> dict[str, str | None]:
        """The stored articles among these URLs (as their identity or as fetched), each with
        the feed entry stamp it was read under."""
        found: dict[str, str | None] = {}
        for chunk in _chunks(list(urls)):
            keys = [entry_key(u) for u in chunk]
            q = select(ArticleRow.canonical_url, ArticleRow.url, ArticleRow.entry_stamp).where(
                or_(ArticleRow.canonical_key.in_(keys), ArticleRow.url.in_(chunk))
            )
            for canonical, url, stamp in self.session.execute(q):
                found[canonical] = found[url] = stamp
        wanted = set(urls)
        return {u: s for u, s in found.items() if u in wanted}

    def due_entries(
        self, now: dt.datetime, feed_urls: Sequence[str] | None = None
    ) -> list[QueuedEntry]:
        """Queued entries due for a read (new, or failed and past their backoff), oldest first."""
        q = (
            select(EntryRow.url, EntryRow.feed_url, EntryRow.item, EntryRow.attempts)
            .where(EntryRow.gave_up.is_(False), EntryRow.next_try <= now)
            .order_by(EntryRow.id)
        )
        if feed_urls is not None:
            q = q.where(EntryRow.feed_url.in_(list(feed_urls)))
        return [
            QueuedEntry(url=u, feed_url=f, item=dict(item or {}), attempts=a)
            for u, f, item, a in self.session.execute(q)
        ]

    def mark(self, name: str) -> dt.datetime | None:
        """When `name` last happened (see Tx.mark)."""
        return _aware(self.session.scalar(select(MarkRow.at).where(MarkRow.name == name)))

    def entry_stats(self) -> dict[str, dict[str, Any]]:
        """Per feed: entries waiting (`pending`), retried (`retrying`), given up (`given_up`),
        and the last reason a read failed."""
        out: dict[str, dict[str, Any]] = {}
        q = select(EntryRow.feed_url, EntryRow.attempts, EntryRow.gave_up, EntryRow.last_error)
        for feed, attempts, gave_up, error in self.session.execute(q.order_by(EntryRow.id)):
            s = out.setdefault(
                feed or "", {"pending": 0, "retrying": 0, "given_up": 0, "last_error": None}
            )
            s["given_up" if gave_up else "retrying" if attempts else "pending"] += 1
            s["last_error"] = error or s["last_error"]
        return out

    def stale_articles(
        self,
        version: str | None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[Document]:
        """Stored articles to extract again: those extracted by another version than
        `version` (every article when None), oldest publication first."""
        q = select(ArticleRow).where(ArticleRow.status == "ok")
        if version is not None:
            q = q.where(ArticleRow.extractor_version != version)
        if since is not None:
            q = q.where(ArticleRow.published >= since)
        if until is not None:
            q = q.where(ArticleRow.published <= until)
        q = q.order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.id)
        return [_document(row) for row in self.session.scalars(q)]

    def document(self, article_id: int) -> tuple[Document, str, str] | None:
        """A stored article as the pipeline reads it, its identity key and its status."""
        row = self.session.get(ArticleRow, article_id)
        return None if row is None else (_document(row), row.canonical_key, row.status)

    def mention(self, mention_id: int) -> Mention | None:
        found = _mentions(self.session, MentionRow.id == mention_id)
        return found[0] if found else None

    def document_by_key(self, article_key: str) -> tuple[Document, str, str] | None:
        article_id = self.session.scalar(
            select(ArticleRow.id).where(ArticleRow.canonical_key == article_key)
        )
        return None if article_id is None else self.document(article_id)

    def reviews_of(self, article_key: str) -> list[Review]:
        """The decisions on one article's figures, oldest first."""
        return [_review(r) for r in self.session.scalars(_reviews_of(article_key))]

    def reviews(self, *, limit: int = 200, offset: int = 0) -> list[tuple[Review, int | None, str]]:
        """Analysts' decisions, newest first, each with its article's id (None when the
        article is gone) and URL."""
        q = (
            select(ReviewRow, ArticleRow.id, ArticleRow.url)
            .outerjoin(ArticleRow, ArticleRow.canonical_key == ReviewRow.article_key)
            .order_by(ReviewRow.decided_at.desc(), ReviewRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [(_review(r), aid, url or "") for r, aid, url in self.session.execute(q)]

    def reviewed_articles(self) -> list[tuple[Document, str]]:
        """Every stored article an analyst reviewed a figure of, with its identity key."""
        keys = select(ReviewRow.article_key).distinct().scalar_subquery()
        q = select(ArticleRow).where(ArticleRow.canonical_key.in_(keys)).order_by(ArticleRow.id)
        return [(_document(row), row.canonical_key) for row in self.session.scalars(q)]

    def series_values(self, series_id: int) -> list[tuple[int, dt.date | None, int]]:
        """(event id, period end, count) of every value of a series, by end."""
        rows = self.session.execute(
            select(EventRow.id, EventRow.period_end, EventRow.count)
            .where(EventRow.series_id == series_id, EventRow.merged_into.is_(None))
            .order_by(EventRow.period_end, EventRow.id)
        )
        return [(i, end, c) for i, end, c in rows]

    # --- the web view ----------------------------------------------------------------------

    def event_page(self, q: EventQuery) -> tuple[int, list[EventRecord]]:
        """How many events match, and the page of them the query asks for."""
        where = _event_filters(q)
        total = int(
            self.session.scalar(select(func.count()).select_from(EventRow).where(*where)) or 0
        )
        order = {
            "when": _event_day,
            "count": EventRow.count,
            "id": EventRow.id,
            "changed": EventRow.last_changed,
        }[q.sort]
        tie = EventRow.id.desc() if q.descending else EventRow.id
        query = (
            select(EventRow)
            .where(*where)
            .order_by(order.desc() if q.descending else order, tie)
            .offset(q.offset)
        )
        if q.limit is not None:
            query = query.limit(q.limit)
        return total, self._records(list(self.session.scalars(query)))

    def event_values(
        self, since: dt.date
    ) -> list[tuple[dt.date, str, int, dict[str, Any], str | None]]:
        """(day, action, count, nationalities, country) of every event of people counted in one
        operation on or after `since`: the overview's chart (a running total is no week's
        figure)."""
        rows = self.session.execute(
            select(_event_day, EventRow.action, EventRow.count, EventRow.nationalities,
                   EventRow.country)
            .where(EventRow.merged_into.is_(None), EventRow.unit == "people",
                   EventRow.scope == "event", _event_day >= since)
        )  # fmt: skip
        return [(d, a, c, dict(n or {}), k) for d, a, c, n, k in rows if d is not None]

    def last_event_day(self) -> dt.date | None:
        return self.session.scalar(
            select(func.max(_event_day)).where(EventRow.merged_into.is_(None))
        )

    def series_latest(self) -> list[tuple[int, str, str | None, dt.date, int, int, dt.date | None]]:
        """Each series with its latest value: (series id, family, country, start, event id,
        count, up to), the most recently updated first."""
        latest: dict[int, tuple[int, int, dt.date | None]] = {}
        rows = self.session.execute(
            select(EventRow.series_id, EventRow.id, EventRow.count, EventRow.period_end)
            .where(EventRow.series_id.isnot(None), EventRow.merged_into.is_(None))
            .order_by(EventRow.period_end, EventRow.id)
        )
        for sid, eid, count, end in rows:
            if sid is not None:
                latest[sid] = (eid, count, end)
        out = []
        for row in self.session.scalars(select(SeriesRow).where(SeriesRow.id.in_(list(latest)))):
            eid, count, end = latest[row.id]
            out.append((row.id, row.family, row.country, row.period_start, eid, count, end))
        return sorted(out, key=lambda r: (r[6] or dt.date.min, r[0]), reverse=True)

    def article_texts(self, article_ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
        """(text, title) of these articles."""
        rows = self.session.execute(
            select(ArticleRow.id, ArticleRow.text, ArticleRow.title).where(
                ArticleRow.id.in_(list(article_ids))
            )
        )
        return {i: (t or "", title) for i, t, title in rows}

    def counts(self) -> dict[str, int]:
        tables = {
            "articles": ArticleRow, "mentions": MentionRow, "events": EventRow,
            "series": SeriesRow, "outbox": OutboxRow, "feeds": FeedRow,
        }  # fmt: skip
        out = {
            name: int(self.session.scalar(select(func.count()).select_from(t)) or 0)
            for name, t in tables.items()
        }
        merged = select(func.count()).select_from(EventRow).where(EventRow.merged_into.isnot(None))
        out["events"] -= int(self.session.scalar(merged) or 0)
        return out


_NO_LIMIT = 2**62


# The day an event is listed by: its anchor (its day, or its period's first day), else the day
# it was first reported.
_event_day = func.coalesce(EventRow.anchor, EventRow.first_published)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _event_filters(q: EventQuery) -> list[Any]:
    where: list[Any] = [EventRow.merged_into.is_(None)]
    if q.action:
        where.append(or_(EventRow.action == q.action, EventRow.family == q.action))
    if q.country:
        where.append(EventRow.country == q.country.upper())
    if q.nationality:
        code = q.nationality.upper()
        where.append(cast(EventRow.nationalities, Text).like(f'%"{code}"%'))
    if q.admin1:
        where.append(EventRow.admin1.like(_like(q.admin1), escape="\\"))
    if q.since:
        where.append(_event_day >= q.since)
    if q.until:
        where.append(_event_day <= q.until)
    if q.min_count:
        where.append(EventRow.count >= q.min_count)
    if q.text:
        pattern = _like(q.text.lower())
        where.append(
            select(MentionRow.id)
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            .where(
                MentionRow.event_id == EventRow.id,
                or_(
                    func.lower(MentionRow.evidence).like(pattern, escape="\\"),
                    func.lower(func.coalesce(ArticleRow.title, "")).like(pattern, escape="\\"),
                ),
            )
            .exists()
        )
    return where


@functools.cache
def _candidate_query() -> Any:
    """The blocking query, built once: two index ranges (dated and undated events) under one
    key. Plain rows, not ORM objects: at a million stored events a mention meets a dozen
    candidates, and building entities for them would cost more than the query. The acting
    country is not in the key: another country is evidence, weighed by `events.verdict`."""
    e = EventRow.__table__.c
    key = [e.family == bindparam("family"), e.scope == bindparam("scope"), e.merged_into.is_(None)]
    ranges = [
        and_(
            *key,
            e.dated == bindparam(f"dated{n}"),
            e.anchor.between(bindparam(f"first_from{n}"), bindparam(f"first_to{n}")),
            e.anchor_end >= bindparam(f"last_from{n}"),
            e.count.between(bindparam(f"cmin{n}"), bindparam(f"cmax{n}")),
        )
        for n in range(2)
    ]
    return select(EventRow.__table__).where(or_(*ranges))


def _chunks(ids: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def _history(values: list[Any] | None) -> tuple[Revision, ...]:
    return tuple(
        Revision(int(c), Qualifier(q), ValueKind(k), None, "", None) for c, q, k in values or []
    )


def _revision(rev: RevisionRow) -> Revision:
    return Revision(
        rev.count, Qualifier(rev.qualifier), ValueKind(rev.kind), rev.mention_id,
        rev.article_url, rev.published,
    )  # fmt: skip


class Tx:
    """The operations of one write transaction (see newswatch.catalog for the use case)."""

    def __init__(self, bind: Session | Connection) -> None:
        if isinstance(bind, Session):
            self._session: Session | None = bind
            self._owned = False
        else:
            self.conn = bind
            self._session = None
            self._owned = True

    @functools.cached_property
    def conn(self) -> Connection:
        """The transaction's connection, for the write path's Core statements."""
        assert self._session is not None
        return self._session.connection()

    @property
    def session(self) -> Session:
        """An ORM session in this transaction (made when first needed)."""
        if self._session is None:
            # it joins the connection's transaction, which commits or rolls back without it
            self._session = Session(bind=self.conn, expire_on_commit=False)
        return self._session

    def flush(self) -> None:
        """Write what the ORM session holds (before the transaction commits)."""
        if self._session is not None:
            self._session.flush()

    def close(self) -> None:
        if self._owned and self._session is not None:
            self._session.close()

    # Feeds and their entry queue ------------------------------------------------------------
    def save_feed(self, health: FeedHealth, feed_down_after: int) -> None:
        """Record a feed's state; a feed that starts failing for good, and its recovery, are
        each told once, in this transaction."""
        values = {
            "last_success": health.last_success,
            "last_attempt": health.last_attempt,
            "consecutive_failures": health.consecutive_failures,
            "last_error": health.last_error,
            "etag": health.etag,
            "last_modified": health.last_modified,
            "body_hash": health.body_hash,
            "entries_seen": health.entries_seen,
        }
        session = self.session
        before = session.scalar(
            select(FeedRow.consecutive_failures).where(FeedRow.url == health.url)
        )
        if before is None:
            session.add(FeedRow(url=health.url, **values))
        else:
            session.execute(update(FeedRow).where(FeedRow.url == health.url).values(**values))
        n, now = feed_down_after, health.last_attempt or _now()
        if (before or 0) < n <= health.consecutive_failures:
            self.add_outbox(
                key=f"feed_down:{_short(health.url)}:{now.isoformat()}", kind="feed_down",
                event_id=None, quiet=False, now=now,
                payload={"kind": "feed_down", "feed": health.url, "failures": n,
                         "error": health.last_error,
                         "last_success": _iso(health.last_success)},
            )  # fmt: skip
        elif (before or 0) >= n and health.consecutive_failures == 0:
            self.add_outbox(
                key=f"feed_recovered:{_short(health.url)}:{now.isoformat()}",
                kind="feed_recovered", event_id=None, quiet=False, now=now,
                payload={"kind": "feed_recovered", "feed": health.url, "failures": before},
            )  # fmt: skip

    def mark(self, name: str, at: dt.datetime) -> None:
        """Record when `name` last happened."""
        row = self.session.get(MarkRow, name)
        if row is None:
            self.session.add(MarkRow(name=name, at=at))
        else:
            row.at = at

    def enqueue(
        self, feed_url: str | None, entries: Sequence[tuple[str, dict[str, Any]]], now: dt.datetime
    ) -> int:
        """Queue entries to read: (url, what the feed said). An entry queued already keeps its
        attempts, unless the feed now says something new of it (an edit): then it is due again.
        Returns how many were added or made due."""
        wanted = {entry_key(url): (url, item) for url, item in entries}
        if not wanted:
            return 0
        have: dict[str, tuple[int, dict[str, Any]]] = {}
        for chunk in _chunks(list(wanted)):
            q = select(EntryRow.key, EntryRow.id, EntryRow.item).where(EntryRow.key.in_(chunk))
            have.update({k: (i, item) for k, i, item in self.session.execute(q)})
        fresh = [
            {"key": k, "url": url, "feed_url": feed_url, "item": item, "attempts": 0,
             "next_try": now, "last_error": None, "gave_up": False, "first_seen": now}
            for k, (url, item) in wanted.items() if k not in have
        ]  # fmt: skip
        if fresh:
            self.session.connection().execute(insert(Base.metadata.tables["entries"]), fresh)
        changed = 0
        for k, (_url, item) in wanted.items():
            if k in have and (have[k][1] or {}).get("stamp") != item.get("stamp"):
                self.session.execute(
                    update(EntryRow).where(EntryRow.id == have[k][0]).values(
                        item=item, attempts=0, next_try=now, gave_up=False, last_error=None
                    )
                )  # fmt: skip
                changed += 1
        return len(fresh) + changed

    def entry_done(self, url: str) -> None:
        """The entry's article is stored (or known): it leaves the queue with this transaction."""
        self.conn.execute(_core().entry_done, {"key": entry_key(url)})

    def entry_failed(
        self, url: str, error: str, now: dt.datetime, *, delay: float, attempts: int
    ) -> bool:
        """A read that failed: due again after `delay` seconds, doubled each attempt (at most a
        day), and given up after `attempts`. Returns True when it was given up now. Entries that
        are not queued (a backfill's) are left alone."""
        row = self.session.execute(
            select(EntryRow.id, EntryRow.attempts).where(EntryRow.key == entry_key(url))
        ).first()
        if row is None:
            return False
        tries = row.attempts + 1
        wait = min(delay * 2 ** (tries - 1), 86_400.0)
        gave_up = tries >= attempts
        self.session.execute(
            update(EntryRow).where(EntryRow.id == row.id).values(
                attempts=tries, last_error=error[:2000], gave_up=gave_up,
                next_try=now + dt.timedelta(seconds=wait),
            )
        )  # fmt: skip
        return bool(gave_up)

    # Articles ---------------------------------------------------------------------------------
    def article(self, canonical_url: str) -> StoredArticle | None:
        return _article_by_url(self.conn, canonical_url)

    def article_with_fingerprint(self, fingerprint: str, other_than: int | None) -> int | None:
        other = -1 if other_than is None else other_than
        return self.conn.scalar(_core().fingerprint, {"fp": fingerprint, "other": other})

    def band_candidates(
        self, keys: Sequence[int], other_than: int | None
    ) -> list[tuple[int, bytes]]:
        """Articles sharing at least one LSH band with these keys: (id, signature)."""
        params = {f"k{b}": k for b, k in enumerate(keys)}
        params["other"] = -1 if other_than is None else other_than
        rows = self.conn.execute(_band_query(len(keys)), params)
        return [(i, sig) for i, sig in rows if sig]

    def save_article(
        self,
        existing: StoredArticle | None,
        doc: Document,
        *,
        canonical_url: str,
        fingerprint: str,
        signature: bytes | None,
        duplicate_of: int | None,
        similarity: float | None,
        extractor_version: str,
        now: dt.datetime,
    ) -> int:
        values: dict[str, Any] = {
            "url": doc.url,
            "outlet": doc.outlet,
            "title": doc.title,
            "published": doc.published,
            "fetched": now,
            "language": doc.language,
            "text": doc.text,
            "fingerprint": fingerprint,
            "signature": signature,
            "duplicate_of": duplicate_of,
            "similarity": similarity,
            "extractor_version": extractor_version,
            "status": doc.status,
            "skip_reason": doc.skip_reason,
            "updated": now,
            "entry_stamp": doc.entry_stamp,
        }
        if doc.raw_html is not None:
            values["raw_html"] = zlib.compress(doc.raw_html, 6)
        if existing is None:
            values.update(canonical_url=canonical_url, canonical_key=entry_key(canonical_url),
                          first_seen=now, version=1)  # fmt: skip
            return int(self.conn.scalar(_core().insert_article, values))
        if existing.fingerprint != fingerprint:
            values["version"] = existing.version + 1
        self.conn.execute(update(ArticleRow).where(ArticleRow.id == existing.id).values(**values))
        return existing.id

    def set_entry_stamp(self, article_id: int, stamp: str) -> None:
        self.session.execute(
            update(ArticleRow).where(ArticleRow.id == article_id).values(entry_stamp=stamp)
        )

    def save_bands(self, article_id: int, keys: Sequence[int], *, new: bool = False) -> None:
        """The article's LSH band keys (`new`: it has none stored yet)."""
        if not new:
            self.conn.execute(_core().delete_bands, {"article": article_id})
        if keys:
            self.conn.execute(  # one multi-row statement: no ORM bookkeeping for 32 keys
                _core().insert_bands,
                [{"band": b, "key": k, "article_id": article_id} for b, k in enumerate(keys)],
            )

    # Mentions ---------------------------------------------------------------------------------
    def remove_mentions(self, article_id: int) -> set[int]:
        """Delete an article's mentions; return the events they belonged to."""
        events = set(
            self.session.scalars(
                select(MentionRow.event_id).where(
                    MentionRow.article_id == article_id, MentionRow.event_id.is_not(None)
                )
            )
        )
        self.session.execute(delete(MentionRow).where(MentionRow.article_id == article_id))
        return {e for e in events if e is not None}

    def add_mention(
        self, article_id: int, ordinal: int, figure: Figure, event_id: int | None = None
    ) -> int:
        values = {
            "article_id": article_id, "ordinal": ordinal, "event_id": event_id,
            "evidence": figure.evidence, "span_start": figure.span[0],
            "span_end": figure.span[1], **_figure_values(figure),
        }  # fmt: skip
        return int(self.conn.scalar(_core().insert_mention, values))

    def link(self, mention_id: int, event_id: int) -> None:
        self.conn.execute(_core().link, {"mention": mention_id, "event": event_id})

    def event_mentions(self, event_id: int) -> list[Mention]:
        return _mention_rows(self.conn.execute(_core().event_mentions, {"event": event_id}))

    def article_events(self, article_id: int) -> list[int]:
        return sorted(
            {
                e
                for e in self.session.scalars(
                    select(MentionRow.event_id).where(MentionRow.article_id == article_id)
                )
                if e is not None
            }
        )

    # Merges and analysts' decisions ------------------------------------------------------------
    def mention(self, mention_id: int) -> tuple[int | None, Mention] | None:
        """One mention and the event it is in."""
        found = _mentions(self.session, MentionRow.id == mention_id)
        if not found:
            return None
        event_id = self.session.scalar(
            select(MentionRow.event_id).where(MentionRow.id == mention_id)
        )
        return event_id, found[0]

    def merge_events(self, keep: int, gone: int, now: dt.datetime) -> None:
        """`gone`'s mentions join `keep`; `gone`'s row stays, empty, naming `keep` (as do the
        rows that named `gone`), so its id keeps answering and is never reused. The caller
        folds `keep` again."""
        self.session.execute(
            update(MentionRow).where(MentionRow.event_id == gone).values(event_id=keep)
        )
        self.session.execute(
            update(EventRow).where(EventRow.merged_into == gone).values(merged_into=keep)
        )
        self.session.execute(
            update(DecisionRow).where(DecisionRow.event_id == gone).values(event_id=keep)
        )
        self.session.execute(delete(RevisionRow).where(RevisionRow.event_id == gone))
        self.session.execute(
            update(EventRow).where(EventRow.id == gone).values(merged_into=keep, last_changed=now)
        )
        self.session.flush()

    def resolve(self, event_id: int) -> int | None:
        """The event an id names now: itself, the event it was merged into, or None."""
        row = self.conn.execute(_core().resolve, {"event": event_id}).first()
        if row is None:
            return None
        if row.merged_into is None:
            return event_id
        return self.resolve(row.merged_into) if row.merged_into != event_id else None

    def article_key(self, article_id: int) -> str:
        key = self.session.scalar(
            select(ArticleRow.canonical_key).where(ArticleRow.id == article_id)
        )
        assert key is not None
        return key

    def decisions(self, article_key: str) -> dict[tuple[str, int], tuple[int | None, set[int]]]:
        """What analysts decided for the figures of one article, by (action family, count):
        the event the figure reports (or None) and the events it does not."""
        out: dict[tuple[str, int], tuple[int | None, set[int]]] = {}
        rows = self.conn.execute(_core().decisions, {"key": article_key})
        for fam, count, event_id, v in rows:
            together, apart = out.get((fam, count), (None, set()))
            if v == "together":
                together = event_id
            else:
                apart.add(event_id)
            out[(fam, count)] = (together, apart)
        return out

    def decide(
        self, article_id: int, figure: Figure, event_id: int, verdict: str, *, by: str,
        now: dt.datetime,
    ) -> None:  # fmt: skip
        """Record that this figure of this article reports `event_id` ("together") or not
        ("apart"); a later decision on the same figure replaces the earlier ones."""
        key, fam = self.article_key(article_id), str(family(figure.action))
        self.session.execute(
            delete(DecisionRow).where(
                DecisionRow.article_key == key, DecisionRow.family == fam,
                DecisionRow.count == figure.count,
            )
        )  # fmt: skip
        self.session.add(DecisionRow(article_key=key, family=fam, count=figure.count,
                                     event_id=event_id, verdict=verdict, decided_by=by,
                                     decided_at=now))  # fmt: skip
        self.session.flush()

    def reviews(self, article_key: str) -> list[Review]:
        """Analysts' decisions on the figures of one article, oldest first."""
        return [_review(r) for r in self.conn.execute(_reviews_of(article_key))]

    def add_review(self, review: Review) -> int:
        values = dataclasses.asdict(review)
        values.pop("id")
        key = self.conn.execute(insert(ReviewRow).values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def delete_review(self, review_id: int) -> Review | None:
        row = self.conn.execute(select(ReviewRow).where(ReviewRow.id == review_id)).first()
        if row is None:
            return None
        self.conn.execute(delete(ReviewRow).where(ReviewRow.id == review_id))
        return _review(row)

    def kept_apart(self, a: int, b: int) -> bool:
        """Whether an analyst split a figure of one of these events out of the other."""
        rows = self.session.execute(
            select(DecisionRow.article_key, DecisionRow.family, DecisionRow.count,
                   DecisionRow.event_id)
            .where(DecisionRow.verdict == "apart", DecisionRow.event_id.in_([a, b]))
        ).all()  # fmt: skip
        if not rows:
            return False
        figures = {
            (key, fam, count, event_id)
            for key, fam, count, event_id in self.session.execute(
                select(ArticleRow.canonical_key, MentionRow.action, MentionRow.count,
                       MentionRow.event_id)
                .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
                .where(MentionRow.event_id.in_([a, b]))
            )
        }  # fmt: skip
        families = {(k, str(family(Action(f))), c, e) for k, f, c, e in figures}
        return any((k, f, c, b if e == a else a) in families for k, f, c, e in rows)

    def story_numbers(self, event_ids: Sequence[int]) -> dict[int, frozenset[int]]:
        """For each event, the distinctive numbers the articles reporting it state
        (`events.story_numbers` of all their figures)."""
        if not event_ids:
            return {}
        found: dict[int, set[int]] = defaultdict(set)
        rows = self.conn.execute(_core().story_numbers, {"events": list(event_ids)})
        for event_id, count, nationalities in rows:
            found[event_id].update(
                n for n in (count, *(nationalities or {}).values()) if n and n >= STORY_MIN
            )
        return {e: frozenset(found.get(e, ())) for e in event_ids}

    # Events -----------------------------------------------------------------------------------
    def candidates(
        self, figure: Figure, published: dt.date | None, extra: Sequence[int] = ()
    ) -> list[Event]:
        """Events that could be the same fact, by the blocking key: action family, scope, and
        anchor days in the ranges `events.blocks` gives (index range scans, one prepared
        query). Their history comes with them; which articles they hold does not (the caller
        excludes the events its article already reported)."""
        found = blocks(figure, published)
        rows: dict[int, Any] = {}
        if found:
            assert len(found) == 2, "blocks gives two ranges: dated and undated events"
            params: dict[str, Any] = {
                "family": str(family(figure.action)),
                "scope": str(figure.scope),
            }
            for n, b in enumerate(found):
                cmin, cmax = b.counts or (0, _NO_LIMIT)
                params.update({
                    f"dated{n}": b.dated, f"first_from{n}": b.first_from,
                    f"first_to{n}": b.first_to, f"last_from{n}": b.last_from,
                    f"cmin{n}": cmin, f"cmax{n}": cmax,
                })  # fmt: skip
            query = _candidate_query()
            rows = {
                r.id: r
                for r in self.conn.execute(query, params)
                if count_may_match(figure, r._mapping["count"], r.qualifier, len(r.history or ()))
            }
        if extra:
            events = EventRow.__table__
            more = self.conn.execute(
                select(events).where(events.c.id.in_(list(extra)), events.c.merged_into.is_(None))
            )
            rows.update({r.id: r for r in more})
        return [_event(rows[i], frozenset(), _history(rows[i].history)) for i in sorted(rows)]

    def save_event(
        self, event: Event, now: dt.datetime, series_id: int | None = None, *,
        revisions: bool = True,
    ) -> int:  # fmt: skip
        """Insert or update an event's row and (unless `revisions` is False: the caller saves
        them) its history. Returns its id."""
        values = _figure_values(event)
        dated, day, last_day = anchor(event)
        values.update(
            family=str(family(event.action)),
            first_published=event.first_published,
            last_published=event.last_published,
            dated=dated,
            anchor=day,
            anchor_end=last_day,
            history=[[r.count, str(r.qualifier), str(r.kind)] for r in event.revisions],
            last_changed=now,
        )
        core = _core()
        if event.id is None:
            values.update(first_seen=now, series_id=series_id)
            event_id = int(self.conn.scalar(core.insert_event, values))
        else:
            event_id = event.id
            current = self.conn.execute(core.event, {"event": event_id}).first()
            assert current is not None
            if all(getattr(current, k) == v for k, v in values.items() if k != "last_changed"):
                values.pop("last_changed")  # nothing changed: keep the time it last did
            self.conn.execute(update(EventRow).where(EventRow.id == event_id).values(**values))
            self.conn.execute(core.delete_revisions, {"event": event_id})
        if revisions:
            self.save_revisions(event_id, event.revisions)
        return event_id

    def save_revisions(self, event_id: int, revisions: Sequence[Revision]) -> None:
        """The history of a new event (an updated event's is replaced by save_event)."""
        if revisions:
            self.conn.execute(
                _core().insert_revisions,
                [
                    {
                        "event_id": event_id,
                        "seq": i,
                        "count": r.count,
                        "qualifier": str(r.qualifier),
                        "kind": str(r.kind),
                        "mention_id": r.mention_id,
                        "article_url": r.article_url,
                        "published": r.published,
                    }
                    for i, r in enumerate(revisions)
                ],
            )

    def delete_event(self, event_id: int) -> None:
        self.session.execute(delete(EventRow).where(EventRow.id == event_id))

    # Series -----------------------------------------------------------------------------------
    def find_series(self, figure: Figure, now: dt.datetime) -> tuple[int, bool]:
        """The series this cumulative figure belongs to, created when new: (id, created)."""
        assert figure.period_start is not None
        fam = str(family(figure.action))
        q = select(SeriesRow.id).where(
            SeriesRow.family == fam,
            SeriesRow.unit == str(figure.unit),
            SeriesRow.country == figure.country if figure.country else SeriesRow.country.is_(None),
            SeriesRow.period_start.between(
                figure.period_start - DATE_TOLERANCE, figure.period_start + DATE_TOLERANCE
            ),
        )
        found = self.session.scalar(q.order_by(SeriesRow.id).limit(1))
        if found is not None:
            return found, False
        row = SeriesRow(
            family=fam, unit=str(figure.unit), country=figure.country,
            period_start=figure.period_start, first_seen=now,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id, True

    def series_values(self, series_id: int) -> list[Event]:
        rows = list(self.session.scalars(select(EventRow).where(EventRow.series_id == series_id)))
        return [_event(r, frozenset(), ()) for r in rows]

    # Outbox -----------------------------------------------------------------------------------
    def add_outbox(
        self,
        *,
        key: str,
        kind: str,
        event_id: int | None,
        payload: dict[str, Any],
        quiet: bool,
        now: dt.datetime,
    ) -> bool:
        """Queue one alert; False when this change was queued before (the key is unique)."""
        insert_new = _core().insert_outbox(self.conn.dialect.name)
        done = self.conn.execute(insert_new, {"key": key, "kind": kind, "event_id": event_id,
                                              "payload": payload, "quiet": quiet,
                                              "created": now})  # fmt: skip
        return bool(done.rowcount)


_ARTICLE_STATE = (
    ArticleRow.id, ArticleRow.url, ArticleRow.canonical_url, ArticleRow.fingerprint,
    ArticleRow.extractor_version, ArticleRow.status, ArticleRow.version,
    ArticleRow.duplicate_of, ArticleRow.published, ArticleRow.entry_stamp,
)  # fmt: skip


_ARTICLE_BY_URL = select(*_ARTICLE_STATE).where(ArticleRow.canonical_key == bindparam("key"))


def _reviews_of(article_key: str) -> Any:
    return select(ReviewRow).where(ReviewRow.article_key == article_key).order_by(ReviewRow.id)


def _review(row: Any) -> Review:
    return Review(
        article_key=row.article_key, action=row.action, count=row.count, ordinal=row.ordinal,
        verdict=row.verdict, changes=dict(row.changes or {}), decided_by=row.decided_by,
        decided_at=_aware(row.decided_at) or row.decided_at, id=row.id,
    )  # fmt: skip


def _document(row: ArticleRow) -> Document:
    return Document(
        url=row.url,
        text=row.text,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        language=row.language,
        canonical_url=row.canonical_url,
    )


def _article_by_url(session: Session | Connection, canonical_url: str) -> StoredArticle | None:
    """What identity checks need, without loading the text or the page."""
    row = session.execute(_ARTICLE_BY_URL, {"key": entry_key(canonical_url)}).first()
    return StoredArticle(**row._mapping) if row else None


@functools.cache
def _band_query(bands: int) -> Any:
    """Articles with any of these band keys, built once (one index lookup per band)."""
    b = ArticleBandRow.__table__.c
    match = or_(*(and_(b.band == n, b.key == bindparam(f"k{n}")) for n in range(bands)))
    ids = select(b.article_id).where(match)
    a = ArticleRow.__table__.c
    return (
        select(a.id, a.signature)
        .where(a.id.in_(ids), a.signature.is_not(None), a.id != bindparam("other"))
        .order_by(a.id)
    )


# --- alert deliveries ------------------------------------------------------------------------

# A delivery claimed but never marked (the process died mid-send) is due again after this.
SEND_LEASE = dt.timedelta(minutes=10)


def _start_time(pid: int) -> str | None:
    """A process's start time (clock ticks since boot), which tells it from a later process
    given the same pid; None where /proc is not there."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[-1].split()
    except OSError:
        return None
    return None if fields[0] == b"Z" else fields[19].decode()


@functools.cache
def process_owner() -> str:
    """This process, as a claim names it: host, pid and start time."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"


def owner_alive(owner: str) -> bool:
    """Whether the process that made a claim still runs. Only this host's processes can be
    checked; another host's claim is trusted until its lease runs out."""
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return True
    pid, started = int(parts[1]), parts[2]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if not os.path.isdir("/proc/self"):
        return True
    now = _start_time(pid)  # None: a zombie, killed and not yet reaped
    return now is not None and (not started or now == started)


@dataclasses.dataclass(frozen=True)
class DueAlert:
    id: int
    kind: str
    event_id: int | None
    payload: dict[str, Any]
    created: dt.datetime
    attempts: int  # earlier attempts on this channel


@dataclasses.dataclass(frozen=True)
class DeliveryView:
    outbox_id: int
    kind: str
    title_payload: dict[str, Any]
    created: dt.datetime
    channel: str
    status: str
    attempts: int
    last_error: str | None
    delivered_at: dt.datetime | None


class Deliveries:
    """The outbox as each channel sees it: what is due, claimed, sent or failed."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def register(self, channel: str, now: dt.datetime) -> dt.datetime:
        """When the channel was first configured (it receives alerts from then on)."""
        with self.store.transaction() as tx:
            row = tx.session.get(ChannelRow, channel)
            if row is None:
                tx.session.add(ChannelRow(name=channel, first_seen=now))
                return now
            return _aware(row.first_seen) or now

    def due(
        self, channel: str, since: dt.datetime, now: dt.datetime, retry_all: bool
    ) -> list[DueAlert]:
        """Alerts not yet delivered to this channel: never tried, failed and due for a retry
        (any failed with `retry_all`), or claimed by a process that never finished."""
        d = DeliveryRow.__table__.c
        o = OutboxRow.__table__.c
        retry = d.status == "failed"
        if not retry_all:
            retry = and_(retry, or_(d.next_attempt.is_(None), d.next_attempt <= now))
        stale = and_(d.status == "sending", d.updated <= now - SEND_LEASE)
        dead = self._dead_owners()
        if dead:
            stale = or_(stale, and_(d.status == "sending", d.owner.in_(dead)))
        q = (
            select(o.id, o.kind, o.event_id, o.payload, o.created, func.coalesce(d.attempts, 0))
            .select_from(OutboxRow.__table__.outerjoin(
                DeliveryRow.__table__, and_(d.outbox_id == o.id, d.channel == channel)))
            .where(o.created >= since, o.quiet.is_(False), or_(d.id.is_(None), retry, stale))
            .order_by(o.id)
        )  # fmt: skip
        with self.store.reading() as r:
            return [DueAlert(i, k, e, dict(p or {}), _aware(c) or c, int(a))
                    for i, k, e, p, c, a in r.session.execute(q)]  # fmt: skip

    def claim(
        self, channel: str, ids: Sequence[int], now: dt.datetime, status: str = "sending"
    ) -> list[int]:
        """Mark these alerts as being sent to the channel; returns those this process got
        (another process may have claimed some first)."""
        got: list[int] = []
        me = process_owner()
        dead = set(self._dead_owners())
        with self.store.transaction() as tx:
            rows = {
                r.outbox_id: r
                for r in tx.session.scalars(
                    select(DeliveryRow).where(DeliveryRow.channel == channel,
                                              DeliveryRow.outbox_id.in_(list(ids))))
            }  # fmt: skip
            for outbox_id in ids:
                row = rows.get(outbox_id)
                if row is None:
                    attempts = 1 if status == "sending" else 0
                    row = DeliveryRow(outbox_id=outbox_id, channel=channel, status=status,
                                      attempts=attempts, updated=now, owner=me)  # fmt: skip
                    tx.session.add(row)
                    got.append(outbox_id)
                elif row.status == "failed" or (row.status == "sending" and (
                    (_aware(row.updated) or now) <= now - SEND_LEASE or row.owner in dead
                )):  # fmt: skip
                    row.status, row.updated, row.owner = status, now, me
                    row.attempts += 1 if status == "sending" else 0
                    got.append(outbox_id)
        return got

    def release(self, channel: str, ids: Sequence[int]) -> None:
        """Give back claims this process will not send now: due again at once, to anyone, as if
        never claimed (a first try leaves no row; a retry goes back to failed)."""
        mine = and_(DeliveryRow.channel == channel, DeliveryRow.outbox_id.in_(list(ids)),
                    DeliveryRow.status == "sending")  # fmt: skip
        with self.store.transaction() as tx:
            tx.session.execute(delete(DeliveryRow).where(mine, DeliveryRow.attempts <= 1))
            tx.session.execute(
                update(DeliveryRow).where(mine).values(
                    status="failed", next_attempt=None, attempts=DeliveryRow.attempts - 1
                )
            )  # fmt: skip

    def _dead_owners(self) -> list[str]:
        """Claims made by processes of this host that are no longer running."""
        with self.store.reading() as r:
            owners = r.session.scalars(
                select(DeliveryRow.owner).where(DeliveryRow.status == "sending").distinct()
            ).all()
        return [o for o in owners if o and not owner_alive(o)]

    def finish(
        self,
        channel: str,
        ids: Sequence[int],
        *,
        error: str | None,
        now: dt.datetime,
        backoff: dt.timedelta,
        max_backoff: dt.timedelta,
    ) -> None:
        """Mark a send: delivered, or failed with the next attempt after a doubling wait."""
        with self.store.transaction() as tx:
            for row in tx.session.scalars(
                select(DeliveryRow).where(DeliveryRow.channel == channel,
                                          DeliveryRow.outbox_id.in_(list(ids)))
            ):  # fmt: skip
                row.updated = now
                if error is None:
                    row.status, row.delivered_at, row.last_error = "sent", now, None
                else:
                    row.status, row.last_error = "failed", error
                    row.next_attempt = now + min(
                        backoff * 2 ** max(0, row.attempts - 1), max_backoff
                    )

    def sources(self, event_id: int) -> tuple[tuple[str | None, str], ...]:
        with self.store.reading() as r:
            rec = r.event(event_id)
        if rec is None:
            return ()
        return tuple(dict.fromkeys((m.outlet, m.article_url) for m in rec.mentions))

    def recent(self, limit: int = 50) -> list[DeliveryView]:
        o, d = OutboxRow.__table__.c, DeliveryRow.__table__.c
        q = (
            select(o.id, o.kind, o.payload, o.created, d.channel, d.status, d.attempts,
                   d.last_error, d.delivered_at)
            .select_from(OutboxRow.__table__.join(DeliveryRow.__table__, d.outbox_id == o.id))
            .order_by(o.id.desc(), d.channel)
            .limit(limit)
        )  # fmt: skip
        with self.store.reading() as r:
            return [
                DeliveryView(i, k, dict(p or {}), _aware(c) or c, ch, st, a, e, _aware(at))
                for i, k, p, c, ch, st, a, e, at in r.session.execute(q)
            ]

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per channel: counts by status, the last delivery and the last error."""
        d = DeliveryRow.__table__.c
        out: dict[str, dict[str, Any]] = {}
        with self.store.reading() as r:
            for channel, status, n in r.session.execute(
                select(d.channel, d.status, func.count()).group_by(d.channel, d.status)
            ):
                out.setdefault(channel, {"counts": {}})["counts"][status] = int(n)
            for channel in list(out):
                last = r.session.execute(
                    select(d.delivered_at).where(d.channel == channel, d.status == "sent")
                    .order_by(d.delivered_at.desc()).limit(1)
                ).scalar()  # fmt: skip
                err = r.session.execute(
                    select(d.last_error).where(d.channel == channel, d.status == "failed")
                    .order_by(d.updated.desc()).limit(1)
                ).scalar()  # fmt: skip
                out[channel].update(last_delivered=_aware(last), last_error=err)
        return out
