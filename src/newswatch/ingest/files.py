"""Local files (bytes) -> Document: `.html` pages cleaned, text files with front matter. Pure.

Front matter is either YAML fenced by `---` lines or the dev set's `key: value` lines closed by
`---`; the keys newswatch reads are url, published, title and outlet.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from newswatch.evaluation import strip_header
from newswatch.ingest.clean import PageSkipped, clean_html
from newswatch.ingest.urls import canonical_url, host_of
from newswatch.ports import Document

HTML_SUFFIXES = (".html", ".htm")
# A line break before a lowercase word is a hard wrap inside a sentence, not a paragraph end.
_SOFT_WRAP = re.compile(r"(?<=\S)[ \t]*\n(?=[a-z])")
TEXT_SUFFIXES = (".txt", ".md", ".text")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]) if value else None
    except ValueError:
        return None


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, body) of a text file; ({}, text) when it has none."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            import yaml  # noqa: PLC0415  (loaded with the first YAML front matter)

            try:
                meta = yaml.safe_load(text[4:end])
            except yaml.YAMLError:
                meta = None
            if not isinstance(meta, dict):  # not YAML after all: read it as key: value lines
                meta, _ = strip_header(text[4 : end + 5])
            return {str(k).lower(): v for k, v in meta.items()}, text[end + 5 :]
    header, body = strip_header(text)
    return dict(header), body


def unwrap(text: str) -> str:
    """Join hard-wrapped lines, so a sentence read from a text file is the whole sentence."""
    return _SOFT_WRAP.sub(" ", text)


def document_from_file(path: Path, raw: bytes) -> Document:
    """A local file as the store receives articles. An HTML page that holds no article comes
    back with status 'skipped' and the reason, so it is recorded rather than lost."""
    file_url = path.resolve().as_uri()
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            page = clean_html(raw, file_url)
        except PageSkipped as exc:
            return Document(file_url, "", status="skipped", skip_reason=str(exc), raw_html=raw)
        return Document(
            url=file_url, text=page.text, title=page.title, outlet=page.site_name,
            published=page.published, language=page.language, raw_html=raw,
            canonical_url=page.canonical_url if page.canonical_url != file_url else None,
        )  # fmt: skip
    text = raw.decode("utf-8", errors="replace").replace("\x00", " ")
    meta, body = front_matter(text)
    url = str(meta.get("url") or "").strip()
    if not canonical_url(url):
        url = file_url
    outlet = meta.get("outlet") or meta.get("source") or (host_of(url) if url != file_url else None)
    return Document(
        url=url,
        text=unwrap(body.strip()),
        title=str(meta["title"]) if meta.get("title") else None,
        outlet=str(outlet) if outlet else None,
        published=_date(meta.get("published") or meta.get("date")),
    )
