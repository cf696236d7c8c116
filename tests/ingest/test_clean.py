"""newswatch.ingest.clean: HTML -> article text and metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newswatch.ingest.clean import PageSkipped, clean_html
from newswatch.ingest.urls import canonical_url

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def test_article_text_and_metadata() -> None:
    page = clean_html(
        (PAGES / "article.html").read_bytes(), "https://news.test/x?fbclid=1", "text/html"
    )
    assert page.canonical_url == "https://news.test/news/deport-40"
    assert page.published == dt.date(2026, 2, 8)
    assert page.title == "Cambodia deports 40 scam suspects"
    assert "deported 40 Chinese nationals" in page.text
    assert "Subscribe" not in page.text and "Home" not in page.text


def test_header_lies_about_charset() -> None:
    page = clean_html(
        (PAGES / "cp1252.html").read_bytes(),
        "https://news.test/c",
        "text/html; charset=utf-8",
        "utf-8",
    )
    assert "café" in page.text and "\ufffd" not in page.text


def test_gb2312_page() -> None:
    page = clean_html((PAGES / "gb2312.html").read_bytes(), "https://news.test/g", "text/html")
    assert "电信诈骗" in page.text


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b"%PDF-1.7 ...", "application/pdf", "not HTML"),
        (b"\x89PNG\r\n\x1a\n", "image/png", "not HTML"),
        (b"%PDF-1.7 binary", "text/html", "binary"),
        (b"<html><body><p>Too short.</p></body></html>", "text/html", "too short"),
    ],
)
def test_skipped_with_reason(body: bytes, ctype: str, reason: str) -> None:
    with pytest.raises(PageSkipped, match=reason):
        clean_html(body, "https://news.test/p", ctype)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Test/a?utm_source=x&id=3#top", "https://news.test/a?id=3"),
        ("http://news.test:80/a", "http://news.test/a"),
        ("/rel/path", "https://base.test/rel/path"),
        ("ftp://news.test/a", None),
        ("mailto:x@y.z", None),
        ("", None),
    ],
)
def test_canonical_url(url: str, expected: str | None) -> None:
    assert canonical_url(url, "https://base.test/feed") == expected


def _with_canonical(href: str) -> bytes:
    body = "<p>" + "Police deported 40 Chinese nationals over an online scam. " * 6 + "</p>"
    return (f'<html><head><link rel="canonical" href="{href}"><title>t</title></head>'
            f"<body><article>{body}</article></body></html>").encode()  # fmt: skip


@pytest.mark.parametrize(
    ("page_url", "href", "expected"),
    [
        # its own canonical address (another host of the same site included) is honoured
        ("https://www.news.test/x?utm_source=rss", "/news/a", "https://www.news.test/news/a"),
        ("https://amp.news.co.uk/a", "https://www.news.co.uk/a", "https://www.news.co.uk/a"),
        # another site's article is never claimed: the page stays under its own address
        ("https://evil.test/copy", "https://news.test/news/a", "https://evil.test/copy"),
        ("https://news.test.evil.test/a", "https://news.test/a", "https://news.test.evil.test/a"),
    ],
)
def test_a_page_can_name_its_own_canonical_address_only(
    page_url: str, href: str, expected: str
) -> None:
    page = clean_html(_with_canonical(href), page_url, "text/html")
    assert page.canonical_url == expected


def test_a_saved_file_keeps_the_address_it_came_from() -> None:
    page = clean_html(
        _with_canonical("https://news.test/news/a"), "file:///tmp/a.html", "text/html"
    )
    assert page.canonical_url == "https://news.test/news/a"


def _page(head: str, body: str) -> bytes:
    paragraphs = "".join(
        f"<p>Harbour officials counted {n} fishing boats at the quay on the morning of day {n}.</p>"
        for n in range(8)
    )
    return (
        f"<html><head>{head}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article>{body}{paragraphs}</article><footer>Contact us</footer></body></html>"
    ).encode()


def test_metadata_from_meta_tags_and_json_ld() -> None:
    """Title, site, author and dates come from the page's own metadata, read once."""
    head = (
        '<meta property="og:site_name" content="Harbour Daily">'
        '<meta name="author" content="Dara Sok">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Boats counted at the quay", "datePublished": "2026-03-02T08:00:00+07:00", '
        '"dateModified": "2026-03-09T10:00:00+07:00"}</script>'
    )
    page = clean_html(_page(head, "<h1>Boats counted at the quay</h1>"), "https://h.test/a")
    assert page.title == "Boats counted at the quay"
    assert page.site_name == "Harbour Daily"
    assert page.author == "Dara Sok"
    assert page.published == dt.date(2026, 3, 2)  # first publication, not the update


def test_broken_json_ld_costs_only_itself() -> None:
    head = (
        "<title>Boats counted | Harbour Daily</title>"
        '<meta property="article:published_time" content="2026-04-05">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    )
    page = clean_html(_page(head, ""), "https://h.test/b")
    assert page.published == dt.date(2026, 4, 5)
    assert page.title and "Boats counted" in page.title
    assert "fishing boats" in page.text


def test_an_unparseable_page_is_skipped_or_empty_never_an_error() -> None:
    with pytest.raises(PageSkipped, match="too short"):
        clean_html(b"   ", "https://h.test/c", "text/html")
    page = clean_html(b"   ", "https://h.test/c", "text/html", min_chars=0)
    assert page.text == "" and page.canonical_url == "https://h.test/c"
