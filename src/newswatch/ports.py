"""The ports at the edges: small Protocols with a real and a fake implementation each."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal, Protocol

from newswatch.models import Event, Mention


@dataclasses.dataclass
class FeedHealth:
    """What newswatch knows of one feed between runs."""

    url: str
    last_success: dt.datetime | None = None
    last_attempt: dt.datetime | None = None
    consecutive_failures: int = 0
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    entries_seen: int = 0


class HealthStore(Protocol):
    """Feed health, kept across runs (the storage issue moves it into the database)."""

    def get(self, url: str) -> FeedHealth | None: ...

    def put(self, health: FeedHealth) -> None: ...

    def all(self) -> list[FeedHealth]: ...


@dataclasses.dataclass(frozen=True)
class Document:
    """An article as the store receives it: cleaned text and what is known about it."""

    url: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None
    raw_html: bytes | None = None
    status: str = "ok"  # ok, off_topic, skipped
    skip_reason: str | None = None
    canonical_url: str | None = None  # the page's own <link rel="canonical">, when it has one
    entry_stamp: str | None = None  # what the feed said of it (FeedEntry.stamp)


@dataclasses.dataclass(frozen=True)
class StoredArticle:
    id: int
    url: str
    canonical_url: str
    fingerprint: str
    extractor_version: str
    status: str
    version: int
    duplicate_of: int | None
    published: dt.date | None
    entry_stamp: str | None = None


@dataclasses.dataclass(frozen=True)
class EventRecord:
    """An event as stored: current values, when it was seen and changed, and every mention."""

    event: Event
    first_seen: dt.datetime
    last_changed: dt.datetime
    series_id: int | None
    mentions: tuple[Mention, ...]


@dataclasses.dataclass(frozen=True)
class QueuedEntry:
    """A feed entry waiting to be read: its URL, feed, what the feed said, failed reads."""

    url: str
    feed_url: str | None
    item: dict[str, Any]
    attempts: int = 0


EventSort = Literal["when", "count", "id", "changed"]


@dataclasses.dataclass(frozen=True)
class EventQuery:
    """A filtered, sorted page of events (the web view's events table and its downloads)."""

    action: str | None = None  # an action or its family ("deported" includes extradited)
    country: str | None = None  # acting country, ISO code
    nationality: str | None = None  # ISO code among the event's nationalities
    admin1: str | None = None  # province (first-level division), exact name
    since: dt.date | None = None
    until: dt.date | None = None
    min_count: int | None = None
    text: str | None = None  # words in an evidence sentence or an article title
    sort: EventSort = "when"
    descending: bool = True
    offset: int = 0
    limit: int | None = 50  # None: every event that matches
