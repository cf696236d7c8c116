"""newswatch.ingest.feeds: feed bytes -> entries, one fixture file per case."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.ingest.feeds import FeedError, parse_feed

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
BASE = "https://news.test/feed.xml"


def load(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def test_rss2_entries_identity_and_dates() -> None:
    feed = parse_feed(load("rss2.xml"), BASE)
    assert feed.title == "Test Times"
    keys = [e.key for e in feed.entries]
    # relative links resolved, tracking parameters gone, the re-posted entry once
    assert keys == [
        "https://news.test/news/deport-40",
        "https://news.test/news/undated",
        "tt-guid-only",
    ]
    first = feed.entries[0]
    assert (
        first.published is not None and first.published.isoformat() == "2026-02-08T02:00:00+00:00"
    )
    assert feed.entries[1].published is None
    assert feed.entries[2].url is None


def test_rss1() -> None:
    (entry,) = parse_feed(load("rss1.xml"), BASE).entries
    assert entry.url == "https://news.test/rdf/1" and entry.published is not None


def test_atom() -> None:
    feed = parse_feed(load("atom.xml"), BASE)
    assert feed.title == "Atom Wire"
    assert [e.url for e in feed.entries] == ["https://news.test/wire/1"]


def test_malformed_feed_still_yields_entries_with_a_warning() -> None:
    feed = parse_feed(load("malformed.xml"), BASE)
    assert [e.url for e in feed.entries] == ["https://news.test/broken/1"]
    assert any("malformed" in w for w in feed.warnings)


def test_billion_laughs_is_harmless() -> None:
    feed = parse_feed(load("billion-laughs.xml"), BASE)
    assert [e.url for e in feed.entries] == ["https://news.test/bomb/1"]
    assert len(feed.title) < 100
    assert "entity declarations removed" in feed.warnings


@pytest.mark.parametrize(("name", "message"), [("empty.xml", "empty"), ("page.html", "HTML page")])
def test_not_a_feed(name: str, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(load(name), BASE)


def test_binary_is_not_a_feed() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"\x89PNG\r\n\x1a\n\x00\x00" * 100, BASE)


def test_gb2312_feed() -> None:
    body = (
        '<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>新闻</title>'
        "<item><title>诈骗</title><link>/cn/1</link></item></channel></rss>"
    ).encode("gb2312")
    (entry,) = parse_feed(body, BASE).entries
    assert entry.title == "诈骗"
