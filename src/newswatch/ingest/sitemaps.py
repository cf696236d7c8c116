"""Sitemap documents (bytes) -> page URLs with dates, or child sitemaps. No network.

Handles urlsets with `<lastmod>` and Google News sitemaps (`<news:publication_date>`), sitemap
indexes, and the `Sitemap:` lines of robots.txt. A broken document gives an empty result with a
reason, never an exception.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from lxml import etree

from newswatch.ingest.urls import canonical_url

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, recover=True, huge_tree=False, remove_comments=True
)
_ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


@dataclasses.dataclass(frozen=True, slots=True)
class SitemapPage:
    url: str
    published: dt.date | None


@dataclasses.dataclass(frozen=True, slots=True)
class Sitemap:
    pages: tuple[SitemapPage, ...] = ()
    children: tuple[tuple[str, dt.date | None], ...] = ()  # child sitemaps, with lastmod
    error: str | None = None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_sitemap(content: bytes, base_url: str) -> Sitemap:
    """The pages (or child sitemaps) a sitemap lists, each once, in document order."""
    if not content.strip():
        return Sitemap(error="empty document")
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        return Sitemap(error=f"not XML: {exc}")
    if root is None:
        return Sitemap(error="not XML")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        return Sitemap(error=f"not a sitemap (<{kind}>)")
    pages: list[SitemapPage] = []
    children: list[tuple[str, dt.date | None]] = []
    seen: set[str] = set()
    for node in root:
        fields = {_local(c.tag): (c.text or "").strip() for c in node.iter() if c is not node}
        url = canonical_url(fields.get("loc", ""), base_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        when = _day(fields.get("publication_date")) or _day(fields.get("lastmod"))
        if kind == "sitemapindex":
            children.append((url, when))
        else:
            pages.append(SitemapPage(url, when))
    return Sitemap(tuple(pages), tuple(children))


def robots_sitemaps(robots_txt: bytes, base_url: str) -> list[str]:
    """The sitemap URLs a robots.txt declares."""
    text = robots_txt.decode("utf-8", errors="replace")
    found = (canonical_url(m, base_url) for m in _ROBOTS_SITEMAP.findall(text))
    return list(dict.fromkeys(u for u in found if u))
