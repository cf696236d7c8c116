"""A monitor pass and a backfill, as `newswatch run` calls them: a real local site (feed,
pages, sitemap), a real SQLite file, the real fetcher. No orchestrator here (tests/flows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from newswatch import runs
from newswatch.adapters.db.schema import EntryRow
from newswatch.bootstrap import Services, build
from newswatch.config import load_settings
from tests.fixtures.server import LocalServer, Reply
from tests.fixtures.site import NewsSite, config


@pytest.fixture
def site(server: LocalServer) -> NewsSite:
    return NewsSite(server)


@pytest.fixture
def services(tmp_path: Path, server: LocalServer, site: NewsSite) -> Iterator[Services]:
    server.route(
        "/garbage.xml", Reply(200, b"\x00\x01 not a feed at all", {"Content-Type": "text/xml"})
    )
    server.route("/slow.xml", Reply(200, b"<rss/>", delay=4.0))
    svc = build(load_settings(config(tmp_path, server)))
    yield svc
    svc.close()


def events(svc: Services) -> list[tuple[str, int]]:
    with svc.store.reading() as r:
        return sorted((str(e.event.action), e.event.count) for e in r.events())


def test_a_pass_reads_new_articles_and_a_second_adds_nothing(
    site: NewsSite, services: Services
) -> None:
    for stem in ("01_a-flight-312", "05_d-bavet-raid", "06_c-bavet-34"):
        site.publish(stem)
    report = runs.monitor_pass(services)
    d = report.to_dict()
    assert d["feeds"]["ok"] == 1 and d["articles"]["new"] == 3
    assert d["events"] == {"new_event": 2, "merged": 0, "revised": 1, "series_value": 0}
    assert d["alerts_queued"] == 3
    assert events(services) == [("arrested", 34), ("deported", 312)]
    found = "\n".join(d["found"])  # the report names what changed, with event ids
    assert len(d["found"]) == 3, found
    assert "new event: Cambodia deported 312 Chinese nationals (7 Mar 2026)" in found
    assert "revised: Cambodia arrested 34 people (9 Mar 2026), was 100" in found
    assert all(line.startswith("#") for line in d["found"])

    again = runs.monitor_pass(services).to_dict()
    assert again["articles"]["new"] == 0 and again["events"]["new_event"] == 0
    assert again["alerts_queued"] == 0

    site.publish("07_b-bavet-26")  # a new entry revises the raid
    third = runs.monitor_pass(services).to_dict()
    assert third["articles"]["new"] == 1 and third["events"]["revised"] == 1
    assert third["articles"]["known"] == 3
    assert events(services) == [("arrested", 26), ("deported", 312)]


def test_an_old_article_first_seen_today_is_read(site: NewsSite, services: Services) -> None:
    site.publish("08_a-deported-since-july")  # published 2026-09-01: old, but new to us
    report = runs.monitor_pass(services).to_dict()
    assert report["articles"]["new"] == 1 and report["events"]["new_event"] == 1


def test_bad_feeds_and_pages_are_counted_not_raised(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    site.publish("01_a-flight-312")
    site.published.append(("missing", "A page that is gone", "2026-03-08"))
    extra = [("Garbage", server.url("/garbage.xml")), ("Slow", server.url("/slow.xml")),
             ("Dead", "http://127.0.0.1:9/feed.xml")]  # fmt: skip
    svc = build(load_settings(config(tmp_path, server, extra_feeds=extra)))
    try:
        report = runs.monitor_pass(svc).to_dict()
    finally:
        svc.close()
    assert report["feeds"] == {"ok": 1, "unchanged": 0, "failed": 3}
    assert report["articles"]["new"] == 1 and report["articles"]["failed"] == 1
    failures = "\n".join(report["failures"])
    assert "garbage.xml" in failures and "slow.xml" in failures and "127.0.0.1:9" in failures
    assert "/news/missing.html" in failures


def test_a_pass_where_no_feed_answers_fails(tmp_path: Path, server: LocalServer) -> None:
    path = config(tmp_path, server)
    path.write_text(path.read_text().replace("/feed.xml", "/nothing-here.xml"))
    svc = build(load_settings(path))
    try:
        with pytest.raises(runs.NothingFetched, match="404"):
            runs.monitor_pass(svc)
    finally:
        svc.close()


def test_backfill_from_the_sitemap_is_resumable(site: NewsSite, services: Services) -> None:
    site.publish("13_e-vn-receives-58")  # in the feed
    for stem in ("08_a-deported-since-july", "09_c-deported-since-july", "14_d-kh-deports-58",
                 "01_a-flight-312"):  # fmt: skip
        site.archive(stem)
    report = runs.backfill(services, since=dt.date(2026, 6, 1), until=dt.date(2026, 9, 30))
    d = report.to_dict()
    # 01 (March) is outside the range; the three others are read.
    assert d["articles"]["new"] == 3 and d["events"]["new_event"] == 2
    assert d["events"]["merged"] == 1
    again = runs.backfill(services, since=dt.date(2026, 6, 1), until=dt.date(2026, 9, 30))
    assert again.to_dict()["articles"]["new"] == 0 and again.to_dict()["articles"]["known"] == 3
    # Backfill alerts are queued quiet, with one summary row (the one that is sent).
    with services.store.reading() as r:
        from newswatch.adapters.db.schema import OutboxRow

        rows = {(row.kind, row.quiet) for row in r.session.query(OutboxRow)}
    assert rows == {("new_event", True), ("backfill_summary", False)}


def test_backfill_from_a_url_list(site: NewsSite, services: Services) -> None:
    url = site.archive("15_f-pasay-rescue")
    lines = ["# a comment", "", url, url, "not a url"]
    report = runs.backfill(services, since=dt.date(2026, 5, 1), until=dt.date(2026, 5, 31),
                           source="urls", urls=lines)  # fmt: skip
    assert report.to_dict()["articles"]["new"] == 1


def test_backfill_stored_reextracts_and_keeps_event_ids(
    site: NewsSite, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    for stem in ("05_d-bavet-raid", "06_c-bavet-34", "15_f-pasay-rescue"):
        site.publish(stem)
    runs.monitor_pass(services)
    with services.store.reading() as r:
        before = {(str(e.event.action), e.event.count): e.event.id for e in r.events()}
    monkeypatch.setattr(runs, "EXTRACTOR_VERSION", "999")
    report = runs.backfill(services, since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31),
                           source="stored")  # fmt: skip
    assert report.to_dict()["articles"]["updated"] == 3
    with services.store.reading() as r:
        after = {(str(e.event.action), e.event.count): e.event.id for e in r.events()}
    assert after == before


def test_backfill_rejects_a_reversed_range(services: Services) -> None:
    with pytest.raises(ValueError, match="after"):
        runs.backfill(services, since=dt.date(2026, 2, 1), until=dt.date(2026, 1, 1))


# --- nothing is lost: the entry queue --------------------------------------------------------


def stored(svc: Services) -> int:
    with svc.store.reading() as r:
        return r.counts()["articles"]


def test_a_pass_interrupted_after_the_feeds_loses_nothing(
    site: NewsSite, services: Services
) -> None:
    for stem in ("01_a-flight-312", "05_d-bavet-raid", "06_c-bavet-34"):
        site.publish(stem)
    due, report = runs.check_feeds(services)  # the feed is read, then the pass dies
    assert len(due) == 3 and report.feeds["ok"] == 1
    assert stored(services) == 0

    again = runs.monitor_pass(services).to_dict()
    assert again["feeds"] == {"ok": 0, "unchanged": 1, "failed": 0}  # validators were kept ...
    assert again["articles"]["new"] == 3  # ... and so were the entries they stand for
    assert stored(services) == 3
    with services.store.reading() as r:
        assert r.due_entries(dt.datetime.now(dt.UTC)) == []
    third = runs.monitor_pass(services).to_dict()
    assert third["articles"]["new"] == 0 and third["alerts_queued"] == 0


def flaky(fails: int, ok: Reply) -> Any:
    """A page that answers 500 `fails` times, then `ok`."""
    calls = {"n": 0}

    def route(_request: Any) -> Reply:
        calls["n"] += 1
        return Reply(500, b"busy") if calls["n"] <= fails else ok

    return route


def test_a_page_that_failed_once_is_read_on_the_next_pass(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    url = site.publish("01_a-flight-312")
    page = server.routes[url.removeprefix(server.base)](None)  # type: ignore[arg-type]
    server.route(url.removeprefix(server.base), flaky(1, page))
    svc = build(load_settings(config(tmp_path, server, top="article_retry_delay = 0.0")))
    try:
        first = runs.monitor_pass(svc).to_dict()
        assert first["articles"]["failed"] == 1 and stored(svc) == 0
        second = runs.monitor_pass(svc).to_dict()
        assert second["feeds"]["unchanged"] == 1
        assert second["articles"]["new"] == 1 and second["events"]["new_event"] == 1
        third = runs.monitor_pass(svc).to_dict()
        assert third["articles"] == {**third["articles"], "new": 0, "failed": 0}
    finally:
        svc.close()


def test_a_failing_page_waits_its_backoff_then_is_given_up(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    site.publish("01_a-flight-312")
    site.published.append(("gone", "A page that is gone", "2026-03-08"))
    top = "article_retry_delay = 3600.0\narticle_attempts = 2"
    svc = build(load_settings(config(tmp_path, server, top=top)))
    try:
        assert runs.monitor_pass(svc).to_dict()["articles"]["failed"] == 1
        # Within its backoff, the entry waits.
        assert runs.monitor_pass(svc).to_dict()["articles"]["failed"] == 0
        with svc.store.transaction() as tx:  # an hour later
            tx.session.execute(update(EntryRow).values(next_try=dt.datetime(2000, 1, 1)))
        report = runs.monitor_pass(svc).to_dict()
        assert report["articles"]["failed"] == 1
        assert any("given up after 2 attempts" in f for f in report["failures"])
        with svc.store.reading() as r:
            stats = r.entry_stats()
            assert r.due_entries(dt.datetime(2100, 1, 1)) == []
        (feed,) = stats.values()
        assert feed["given_up"] == 1 and "404" in feed["last_error"]
        # A feed that edits the entry gives it a new chance.
        site.published[-1] = ("gone", "A page that is gone (updated)", "2026-03-09")
        assert runs.monitor_pass(svc).to_dict()["articles"]["failed"] == 1
    finally:
        svc.close()


def test_a_monitor_that_completes_no_pass_for_three_intervals_is_reported_once(
    site: NewsSite, services: Services
) -> None:
    now = dt.datetime.now(dt.UTC)
    every = dt.timedelta(minutes=30)
    # Monitoring started an hour ago: two intervals without a pass is not yet a stall.
    assert not runs.check_stalled(services, every, now - dt.timedelta(hours=1), now)
    started = now - dt.timedelta(hours=2)
    assert runs.check_stalled(services, every, started, now)
    assert not runs.check_stalled(services, every, started, now + dt.timedelta(minutes=5))
    runs.monitor_pass(services)  # a completed pass: nothing stalled any more
    assert not runs.check_stalled(services, every, started, dt.datetime.now(dt.UTC))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    assert runs.check_stalled(services, every, started, later)  # a new stall, told again
    with services.store.reading() as r:
        from newswatch.adapters.db.schema import OutboxRow

        kinds = [row.kind for row in r.session.query(OutboxRow)]
    assert kinds.count("monitor_stalled") == 2


def test_a_huge_feed_is_read_over_several_passes_and_nothing_is_lost(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    stems = ("01_a-flight-312", "05_d-bavet-raid", "15_f-pasay-rescue", "14_d-kh-deports-58",
             "08_a-deported-since-july")  # fmt: skip
    for stem in stems:
        site.publish(stem)
    svc = build(load_settings(config(tmp_path, server, top="articles_per_feed = 2")))
    try:
        reads = []
        for _ in range(3):
            d = runs.monitor_pass(svc).to_dict()["articles"]
            reads.append((d["new"], d["deferred"]))
        assert reads == [(2, 3), (2, 1), (1, 0)]
        assert stored(svc) == len(stems)
    finally:
        svc.close()


def test_feed_credentials_are_used_to_fetch_and_never_shown_or_stored(
    tmp_path: Path, server: LocalServer, site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64

    site.publish("01_a-flight-312")
    monkeypatch.setenv("NW_TEST_FEED_PASSWORD", "s3cret-from-env")
    base = server.base.removeprefix("http://")
    with_env = f"http://reader:${{NW_TEST_FEED_PASSWORD}}@{base}/feed.xml"
    written = f"http://reader:hunter2-written@{base}/missing.xml"  # a password in the file
    path = config(tmp_path, server, extra_feeds=[("Written", written)])
    path.write_text(path.read_text().replace(server.url("/feed.xml"), with_env))
    svc = build(load_settings(path))
    try:
        report = runs.monitor_pass(svc).to_dict()
        assert report["articles"]["new"] == 1  # the feed was read with its credentials
        sent = server.request_headers["/feed.xml"][-1]["Authorization"]
        assert base64.b64decode(sent.split()[1]).decode() == "reader:s3cret-from-env"
        shown = "\n".join(report["failures"])
        assert "missing.xml" in shown and "reader:***@" in shown
        with svc.store.reading() as r:
            from sqlalchemy import text

            stored = " ".join(
                str(row) for table in ("feeds", "entries", "outbox", "articles")
                for row in r.session.execute(text(f"SELECT * FROM {table}"))
            )  # fmt: skip
        for secret in ("s3cret-from-env", "hunter2-written"):
            assert secret not in shown and secret not in stored
        assert "${NW_TEST_FEED_PASSWORD}" in stored  # the feed is known by its template
    finally:
        svc.close()


def test_a_pass_over_its_time_budget_leaves_the_rest_queued(
    tmp_path: Path, server: LocalServer, site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    stems = ("01_a-flight-312", "05_d-bavet-raid", "15_f-pasay-rescue", "14_d-kh-deports-58",
             "08_a-deported-since-july")  # fmt: skip
    for stem in stems:
        site.publish(stem)
    monkeypatch.setattr(runs, "BATCH", 2)
    svc = build(load_settings(config(tmp_path, server, top="pass_budget = 0.001")))
    try:
        first = runs.monitor_pass(svc).to_dict()
        assert (first["articles"]["new"], first["articles"]["deferred"]) == (2, 3)
        assert any("pass budget" in f for f in first["failures"])
        while runs.monitor_pass(svc).to_dict()["articles"]["deferred"]:
            pass
        assert stored(svc) == len(stems)
    finally:
        svc.close()


def test_a_page_over_the_cpu_budget_is_skipped_with_the_reason(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    long_body = "\n".join(  # a page that takes far more than a millisecond to clean
        f"Police arrested {n} scam suspects in raid number {n} on a compound, officials said."
        for n in range(20, 3000)
    )
    site.publish_text("long-page", "A long page", "2026-03-08", long_body)
    top = "processes = 2\narticle_cpu_budget = 0.001"
    svc = build(load_settings(config(tmp_path, server, top=top)))
    try:
        report = runs.monitor_pass(svc).to_dict()
        assert report["articles"]["skipped"] == 1 and report["figures"] == 0
        with svc.store.reading() as r:
            from newswatch.adapters.db.schema import ArticleRow

            (row,) = r.session.query(ArticleRow).all()
        assert row.status == "skipped" and "CPU budget" in str(row.skip_reason)
    finally:
        svc.close()


def test_a_page_claiming_another_sites_article_changes_nothing_of_it(
    site: NewsSite, server: LocalServer, services: Services
) -> None:
    """A page on another host whose rel=canonical names an article already stored: it is
    stored as its own page, the article and its events are untouched."""
    real = site.publish("01_a-flight-312")
    runs.monitor_pass(services)
    before = events(services)
    other_host = server.base.replace("127.0.0.1", "localhost")
    fake = (f'<html><head><link rel="canonical" href="{real}"><title>t</title></head><body>'
            "<article><p>" + "Cambodia deported 99999 Chinese nationals over scams today. " * 5
            + "</p></article></body></html>").encode()  # fmt: skip
    server.route("/fake.html", Reply(200, fake, {"Content-Type": "text/html"}))
    site.published.append(("fake", "Fake", "2026-03-08"))
    fake_url = other_host + "/fake.html"
    original_feed = site.feed
    site.feed = lambda: original_feed().replace(  # type: ignore[method-assign]
        server.url("/news/fake.html").encode(), fake_url.encode()
    )
    runs.monitor_pass(services)
    with services.store.reading() as r:
        stored_real = r.article(real)
        stored_fake = r.article(fake_url)
    assert stored_real is not None and stored_real.version == 1  # not a new version of it
    assert stored_fake is not None and stored_fake.url == fake_url
    assert [e for e in events(services) if e not in before] == [("deported", 99999)]
    assert ("deported", 312) in events(services)
