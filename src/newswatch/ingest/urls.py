"""Canonical URLs: one identity per article whatever tracking parameters a feed adds. Pure."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit


def canonical_url(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) URL without tracking parameters or fragment; None if not http(s).

    'HTTPS://Ex.test/a?utm_source=x&id=3#top' -> 'https://ex.test/a?id=3'.
    """
    url = (url or "").strip()
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    import courlan  # noqa: PLC0415  (loaded with the first URL to clean)

    cleaned = courlan.clean_url(url) or url
    parts = urlsplit(cleaned)
    netloc = parts.netloc.lower()
    if netloc.endswith(":80") and parts.scheme == "http":
        netloc = netloc[:-3]
    if netloc.endswith(":443") and parts.scheme == "https":
        netloc = netloc[:-4]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
