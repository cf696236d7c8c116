"""newswatch.pipeline over the real HTTP fetcher and a local server: feeds and articles."""

from __future__ import annotations

from pathlib import Path

from newswatch import pipeline
from newswatch.adapters.db.store import SqlStore
from newswatch.adapters.health import MemoryHealthStore
from newswatch.adapters.http import HttpFetcher
from newswatch.config import HttpConfig
from tests.fixtures.server import LocalServer, Reply

FIX = Path(__file__).resolve().parent / "fixtures"
TOPIC = ["scam", "fraud"]


def fetcher() -> HttpFetcher:
    return HttpFetcher(HttpConfig(retries=1, backoff=0.01, per_host_delay=0, read_timeout=2))


def test_feed_health_validators_and_unchanged(server: LocalServer) -> None:
    body = (FIX / "feeds" / "rss2.xml").read_bytes()

    def route(req):  # type: ignore[no-untyped-def]
        if req.headers.get("If-None-Match") == '"e1"':
            return Reply(304)
        return Reply(200, body, {"ETag": '"e1"', "Content-Type": "application/rss+xml"})

    server.route("/feed.xml", route)
    url = server.url("/feed.xml")
    health = MemoryHealthStore()
    with fetcher() as f:
        first = pipeline.check_feed(f, url, health)
        second = pipeline.check_feed(f, url, health)
    assert first.status == "ok" and len(first.entries) == 3
    assert second.status == "unchanged"
    state = health.get(url)
    assert state is not None and state.etag == '"e1"' and state.consecutive_failures == 0


def test_stale_validators_caught_by_body_hash(server: LocalServer) -> None:
    server.route(
        "/feed.xml",
        Reply(200, (FIX / "feeds" / "atom.xml").read_bytes(), {"ETag": '"changes-every-time"'}),
    )
    health = MemoryHealthStore()
    with fetcher() as f:
        assert pipeline.check_feed(f, server.url("/feed.xml"), health).status == "ok"
        assert pipeline.check_feed(f, server.url("/feed.xml"), health).status == "unchanged"


def test_failures_are_counted_and_recovery_resets(server: LocalServer, tmp_path: Path) -> None:
    replies = iter([Reply(404), Reply(404), Reply(200, (FIX / "feeds" / "atom.xml").read_bytes())])
    server.route("/feed.xml", lambda _r: next(replies))
    db = f"sqlite:///{tmp_path / 'nw.db'}"
    store = SqlStore.open(db)
    url = server.url("/feed.xml")
    with fetcher() as f:
        assert pipeline.check_feed(f, url, store).status == "failed"
        assert pipeline.check_feed(f, url, store).status == "failed"
        reloaded = SqlStore.open(db).get(url)
        assert reloaded is not None and reloaded.consecutive_failures == 2
        assert reloaded.last_error and "404" in reloaded.last_error
        assert pipeline.check_feed(f, url, store).status == "ok"
    state = SqlStore.open(db).get(url)
    assert state is not None and state.consecutive_failures == 0 and state.last_success


def test_one_bad_feed_does_not_stop_the_others(server: LocalServer) -> None:
    server.route("/good.xml", Reply(200, (FIX / "feeds" / "rss1.xml").read_bytes()))
    server.route("/html.xml", Reply(200, (FIX / "feeds" / "page.html").read_bytes()))
    server.route("/bomb.xml", Reply(200, (FIX / "feeds" / "billion-laughs.xml").read_bytes()))
    urls = [
        server.url("/html.xml"),
        "http://127.0.0.1:9/refused.xml",
        server.url("/bomb.xml"),
        server.url("/good.xml"),
    ]
    health = MemoryHealthStore()
    with fetcher() as f:
        outcomes = [pipeline.check_feed(f, u, health) for u in urls]
    assert [o.status for o in outcomes] == ["failed", "failed", "ok", "ok"]
    assert "HTML page" in (outcomes[0].error or "")
    assert "connect" in (outcomes[1].error or "")


def test_article_read_end_to_end(server: LocalServer) -> None:
    server.route(
        "/news/deport-40",
        Reply(200, (FIX / "pages" / "article.html").read_bytes(), {"Content-Type": "text/html"}),
    )
    with fetcher() as f:
        out = pipeline.read_article(f, server.url("/news/deport-40"), TOPIC, feed_is_local=True)
    assert out.status == "ok" and out.page is not None
    fig, arrest = out.figures  # and the group's arrest at the compound (CODEBOOK §4)
    assert (arrest.action.value, arrest.count, arrest.admin1) == ("arrested", 40, "Preah Sihanouk")
    assert (fig.action.value, fig.count, fig.nationalities, fig.women) == (
        "deported",
        40,
        {"CN": 40},
        3,
    )
    assert str(fig.date) == "2026-02-08"


def test_private_link_from_public_feed_refused(server: LocalServer) -> None:
    with fetcher() as f:
        out = pipeline.read_article(f, "http://127.0.0.1:9/admin", TOPIC, feed_is_local=False)
    assert out.status == "failed" and "private" in (out.reason or "")


def test_off_topic_and_skipped(server: LocalServer) -> None:
    server.route(
        "/off",
        Reply(
            200,
            b"<html><body><article><p>"
            + b"The weather was fine and the market was busy today. " * 10
            + b"</p></article></body></html>",
            {"Content-Type": "text/html"},
        ),
    )
    server.route("/pdf", Reply(200, b"%PDF-1.7", {"Content-Type": "application/pdf"}))
    with fetcher() as f:
        assert (
            pipeline.read_article(f, server.url("/off"), TOPIC, feed_is_local=True).status
            == "off_topic"
        )
        skipped = pipeline.read_article(f, server.url("/pdf"), TOPIC, feed_is_local=True)
    assert skipped.status == "skipped" and "not HTML" in (skipped.reason or "")
