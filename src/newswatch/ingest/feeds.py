"""Parse feed documents (bytes) into FeedEntry values. No network.

RSS 0.9x/1.0/2.0 and Atom through feedparser. A malformed ("bozo") feed still yields what it
holds, with a warning. Entity declarations are removed before parsing, so entity-expansion
attacks ("billion laughs") cost nothing.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import re
import time
from typing import Any

from newswatch.ingest.urls import canonical_url

# An internal DTD subset is where entity bombs live; feeds never need one.
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.S | re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY[^>]*>", re.S | re.I)
_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html)", re.I)


class FeedError(Exception):
    """The bytes are no feed at all (HTML page, empty body, binary)."""


@dataclasses.dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed. `key` is its identity: the canonical link, else the guid."""

    key: str
    url: str | None
    guid: str | None
    title: str
    summary: str
    published: dt.datetime | None
    updated: str = ""  # the entry's own update stamp, as the feed writes it

    @property
    def stamp(self) -> str:
        """A fingerprint of what the feed says of the entry: it changes when the outlet edits
        the article and says so (a new title, summary or update time)."""
        text = f"{self.title}\x00{self.summary}\x00{self.updated}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    entries: tuple[FeedEntry, ...]
    warnings: tuple[str, ...]


def _when(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value: time.struct_time | None = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def parse_feed(content: bytes, base_url: str, content_type: str | None = None) -> ParsedFeed:
    """Entries of a feed document, each once, in feed order."""
    if not content.strip():
        raise FeedError("empty response")
    warnings: list[str] = []
    if b"<!ENTITY" in content[:65536] or b"<!entity" in content[:65536]:
        content = _ENTITY_DECL.sub(b"", _DOCTYPE_SUBSET.sub(b"", content))
        warnings.append("entity declarations removed")
    headers = {"content-location": base_url, "content-type": content_type or "application/xml"}
    import feedparser  # noqa: PLC0415  (loaded with the first feed that changed)

    parsed = feedparser.parse(content, response_headers=headers)
    version = parsed.get("version") or ""
    if not parsed.entries and not version:
        if _HTML_START.match(content):
            raise FeedError("an HTML page, not a feed")
        raise FeedError(f"not a feed ({_reason(parsed)})")
    if parsed.get("bozo"):
        warnings.append(f"malformed feed: {_reason(parsed)}")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        url = canonical_url(item.get("link") or "", base_url)
        guid = (item.get("id") or "").strip() or None
        if url is None and guid and guid.startswith(("http://", "https://")):
            url = canonical_url(guid)
        key = url or guid
        if key is None:
            warnings.append(f"entry without link or id skipped: {item.get('title', '')[:60]!r}")
            continue
        if key in seen:
            continue
        seen.add(key)
        entries.append(
            FeedEntry(
                key=key,
                url=url,
                guid=guid,
                title=(item.get("title") or "").strip(),
                summary=(item.get("summary") or "").strip(),
                published=_when(item),
                # the raw key: feedparser's own get() falls back to `published`, with a warning
                updated=str(dict.get(item, "updated") or ""),
            )
        )
    title = (parsed.feed.get("title") or "").strip() if parsed.get("feed") else ""
    return ParsedFeed(title=title, entries=tuple(entries), warnings=tuple(warnings))


def _reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    return str(exc).splitlines()[0][:200] if exc else "unknown format"
