"""The tables (SQLAlchemy 2 typed models). Alembic migrations in `migrations/` create them.

Integer ids everywhere; an event's id is what users cite, so it never changes once given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names both databases accept and migrations can refer to.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Json = JSON().with_variant(JSONB(), "postgresql")
Stamp = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class FeedRow(Base):
    """A feed and its health between runs."""

    __tablename__ = "feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    last_success: Mapped[dt.datetime | None] = mapped_column(Stamp)
    last_attempt: Mapped[dt.datetime | None] = mapped_column(Stamp)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    entries_seen: Mapped[int] = mapped_column(Integer, default=0)


class ArticleRow(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)  # as fetched (feeds link to it)
    canonical_url: Mapped[str] = mapped_column(Text)
    # The identity, indexable whatever the URL's length: sha256 of canonical_url (a B-tree
    # entry of PostgreSQL holds at most 2,704 bytes, and URLs can be longer).
    canonical_key: Mapped[str] = mapped_column(String(64), unique=True)
    outlet: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    fetched: Mapped[dt.datetime] = mapped_column(Stamp)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column()
    raw_html: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed
    extractor_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # ok, off_topic, skipped, failed
    skip_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 each time the text changes
    # What the feed said of the entry when it was read (FeedEntry.stamp): a new stamp for a
    # known URL means the outlet edited the article, and it is read again.
    entry_stamp: Mapped[str | None] = mapped_column(String(32))
    first_seen: Mapped[dt.datetime] = mapped_column(Stamp)
    updated: Mapped[dt.datetime] = mapped_column(Stamp)
    # URL lookups by equality only: a hash index on PostgreSQL (no length limit)
    __table_args__ = (Index("ix_articles_url", "url", postgresql_using="hash"),)


class ArticleBandRow(Base):
    """Locality-sensitive hash bands of an article's signature: the near-duplicate index."""

    __tablename__ = "article_bands"
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SeriesRow(Base):
    __tablename__ = "series"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    period_start: Mapped[dt.date] = mapped_column(Date)
    first_seen: Mapped[dt.datetime] = mapped_column(Stamp)
    __table_args__ = (Index("ix_series_key", "family", "country", "period_start"),)


class FigureColumns:
    """The codebook's figure fields (CODEBOOK §1), as mentions and events both store them."""

    action: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date | None] = mapped_column(Date)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    nationalities: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    women: Mapped[int | None] = mapped_column(Integer)
    men: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(Text)


class EventRow(FigureColumns, Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family: Mapped[str] = mapped_column(String(16))  # deported and extradited are one family
    first_published: Mapped[dt.date | None] = mapped_column(Date)
    last_published: Mapped[dt.date | None] = mapped_column(Date)
    # The blocking key (newswatch.events.anchor): dated or not, first and last day.
    dated: Mapped[bool] = mapped_column(Boolean)
    anchor: Mapped[dt.date | None] = mapped_column(Date)
    anchor_end: Mapped[dt.date | None] = mapped_column(Date)
    # The count's history as [count, qualifier, kind] lists: matching reads it with the row.
    history: Mapped[list[Any]] = mapped_column(Json, default=list)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("series.id", ondelete="SET NULL"), index=True
    )
    first_seen: Mapped[dt.datetime] = mapped_column(Stamp)
    last_changed: Mapped[dt.datetime] = mapped_column(Stamp)
    # Set when the event was found to be another one: the row stays, with no mentions, so that
    # its id keeps answering ("merged into N") and is never given to another event.
    merged_into: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (
        Index("ix_events_block", "family", "scope", "dated", "anchor"),
        # the web view's events table, newest first, a page at a time
        Index("ix_events_day", text("coalesce(anchor, first_published)"), "id"),
    )


class MentionRow(FigureColumns, Base):
    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    evidence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("article_id", "ordinal"),)


class RevisionRow(Base):
    """One value in an event's history (first report, refinements, revisions)."""

    __tablename__ = "event_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mentions.id", ondelete="SET NULL"))
    article_url: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("event_id", "seq"),)


class DecisionRow(Base):
    """An analyst's word on one figure of one article: it reports this event ("together") or
    not ("apart"). Keyed by what re-extraction keeps: the article, the action, the count."""

    __tablename__ = "link_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_key: Mapped[str] = mapped_column(String(64), index=True)
    family: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(8))  # together | apart
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(Stamp)


class ReviewRow(Base):
    """An analyst's decision on one figure (newswatch.review): confirmed, rejected or corrected.
    Keyed by what re-extraction keeps: the article, and the action, count and place of the
    figure as the extractor read it."""

    __tablename__ = "figure_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_key: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(BigInteger)
    ordinal: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(8))  # confirm | reject | correct
    changes: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(Stamp, index=True)


class OutboxRow(Base):
    """A change worth telling people about, written in the transaction that made it."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # one row per real change
    kind: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    quiet: Mapped[bool] = mapped_column(Boolean, default=False)  # backfill: summary only
    created: Mapped[dt.datetime] = mapped_column(Stamp, index=True)


class ChannelRow(Base):
    """An alert channel, from when it was first configured: it receives what came after."""

    __tablename__ = "alert_channels"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    first_seen: Mapped[dt.datetime] = mapped_column(Stamp)


class DeliveryRow(Base):
    """One alert on one channel: claimed, then sent or failed (and retried with backoff)."""

    __tablename__ = "alert_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # sending, sent, failed, filtered
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt: Mapped[dt.datetime | None] = mapped_column(Stamp)
    updated: Mapped[dt.datetime] = mapped_column(Stamp)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(Stamp)
    # The process that claimed it (host:pid:start): a claim whose process is gone is free.
    owner: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (
        UniqueConstraint("outbox_id", "channel"),
        Index("ix_alert_deliveries_channel_status", "channel", "status"),
    )


class EntryRow(Base):
    """A feed entry waiting to be read: written with the feed state that saw it, removed in the
    transaction that stores its article. An interrupted pass leaves its unread entries here for
    the next one; a failed read is retried with backoff, then given up with its reason."""

    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the URL
    url: Mapped[str] = mapped_column(Text)
    feed_url: Mapped[str | None] = mapped_column(Text)
    item: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)  # what the feed said
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try: Mapped[dt.datetime] = mapped_column(Stamp, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    gave_up: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[dt.datetime] = mapped_column(Stamp)


class MarkRow(Base):
    """When something last happened (`monitor_pass`: the last monitor pass that completed)."""

    __tablename__ = "marks"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(Stamp)
