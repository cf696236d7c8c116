"""The web view in a real browser (headless Chromium): every page loads from a store filled with
the seeds and the dev set, filters narrow the table, an event page marks its evidence inside
the article, a correction changes the event and the outbox once, 10,000 events stay paginated,
and an article's <script> stays text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from newswatch import catalog
from newswatch.adapters.db.store import SqlStore
from newswatch.ports import Document, EventQuery
from tests.fixtures.events import fill_events
from tests.web.conftest import Running


def _no_errors(page: Any) -> None:
    assert page.errors == [], page.errors


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/", "Overview"), ("/events", "Events"), ("/reviews", "Reviews"), ("/feeds", "Feeds"),
     ("/alerts", "Alerts")],
)  # fmt: skip
def test_each_page_loads_populated(dev_web: Running, page: Any, path: str, heading: str) -> None:
    response = page.goto(dev_web.url + path)
    assert response.status == 200
    assert page.locator("h1").first.inner_text().startswith(heading)
    _no_errors(page)  # the CSP lets every script and style of the page load


def test_the_overview_draws_the_weeks_and_lists_the_latest_events(
    dev_web: Running, page: Any
) -> None:
    page.goto(dev_web.url + "/")
    bars = page.locator("svg.chart g rect")  # the bars, not the legend's swatches
    assert bars.count() >= 3
    assert "arrested" in page.locator("svg.chart").inner_html()
    assert page.locator("table.events tbody tr").count() == 10
    page.get_by_role("link", name="nationality").click()
    page.wait_for_url(re.compile(r"by=nationality"))
    assert "CN" in page.locator("svg.chart").inner_html()
    _no_errors(page)


def test_filters_narrow_the_events_and_the_address_keeps_them(
    dev_web: Running, dev_store: SqlStore, page: Any
) -> None:
    with dev_store.reading() as r:
        everything, _ = r.event_page(EventQuery())
        deported, _ = r.event_page(EventQuery(action="deported"))
    assert 0 < deported < everything
    page.goto(dev_web.url + "/events")
    assert f"{everything:,} events" in page.locator(".summary").inner_text()
    page.select_option("select[name=action]", "deported")  # htmx swaps the results in
    page.wait_for_url(re.compile(r"action=deported"))
    expect_text(page, ".summary", f"{deported:,} events")
    actions = page.locator("table.events tbody tr td:nth-child(3)").all_inner_texts()
    assert actions and all(a.startswith(("deported", "extradited")) for a in actions)
    page.reload()  # the filtered address is a page of its own
    expect_text(page, ".summary", f"{deported:,} events")
    _no_errors(page)


def expect_text(page: Any, selector: str, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator(selector)).to_contain_text(text)


def test_an_event_page_marks_the_evidence_inside_its_article(
    dev_web: Running, dev_store: SqlStore, page: Any
) -> None:
    with dev_store.reading() as r:
        _, records = r.event_page(EventQuery(sort="count"))
    rec = next(x for x in records if len(x.mentions) >= 2)
    page.goto(f"{dev_web.url}/events/{rec.event.id}")
    assert page.locator("article.mention").count() == len(rec.mentions)
    first = rec.mentions[0]
    mark = page.locator(f"#mention-{first.id} .article-text mark")
    assert mark.count() == 1
    assert mark.inner_text().strip() == first.figure.evidence.strip()
    assert mark.is_visible()  # scrolled into its box
    assert page.locator("svg.timeline circle").count() == len(rec.event.revisions)
    _no_errors(page)


def test_a_merged_event_redirects(empty_store: SqlStore, page: Any) -> None:
    for i, text in enumerate(("Police arrested 40 scam suspects in Kampot on Monday.",
                              "Forty scam suspects were detained in Kampot on Monday.")):  # fmt: skip
        catalog.record_article(empty_store, _doc(f"https://news.example/m{i}", text, i))
    with empty_store.reading() as r:
        ids = sorted(e.event.id or 0 for e in r.events())
    if len(ids) == 2:
        catalog.merge_events(empty_store, ids[0], ids[1], by="test")
    running = Running(empty_store)
    try:
        page.goto(f"{running.url}/events/{ids[-1]}")
        assert page.url.endswith(f"/events/{ids[0]}")
    finally:
        running.stop()


def _doc(url: str, text: str, n: int = 0) -> Document:
    return Document(url=url, text=text, title=f"Scam crackdown {n}", outlet="Example News",
                    published=dt.date(2026, 2, 10), language="en", canonical_url=url)  # fmt: skip


@pytest.fixture
def one_event(empty_store: SqlStore) -> Iterator[tuple[Running, SqlStore]]:
    catalog.record_article(empty_store, _doc(
        "https://news.example/raid",
        "Cambodian police arrested 200 Chinese nationals in a scam raid in Sihanoukville on "
        "Monday, officials said.",
    ))  # fmt: skip
    running = Running(empty_store)
    yield running, empty_store
    running.stop()


def _outbox(store: SqlStore) -> int:
    with store.reading() as r:
        return r.counts()["outbox"]


def test_a_correction_changes_the_event_and_the_outbox_once(
    one_event: tuple[Running, SqlStore], page: Any
) -> None:
    running, store = one_event
    with store.reading() as r:
        (rec,) = r.events()
    before = _outbox(store)
    page.goto(f"{running.url}/events/{rec.event.id}")
    form = page.locator("form.correct")
    form.locator("select[name=field]").select_option("count")
    form.locator("input[name=value]").fill("230")
    form.get_by_role("button", name="Correct").click()
    expect_text(page, ".flash.ok", "corrected count")
    expect_text(page, "h1", "arrested 230")
    with store.reading() as r:
        (after,) = r.events()
    assert after.event.id == rec.event.id
    assert (after.event.count, after.event.nationalities) == (230, {"CN": 230})
    assert _outbox(store) == before + 1  # one "revised" alert
    # the same correction again changes nothing, and tells nobody
    page.locator("form.correct input[name=value]").fill("230")
    page.locator("form.correct").get_by_role("button", name="Correct").click()
    expect_text(page, ".flash.ok", "corrected count")
    assert _outbox(store) == before + 1
    page.goto(f"{running.url}/reviews")
    assert page.locator("tbody tr").count() == 2
    _no_errors(page)


def test_a_rejected_figure_leaves_its_event(one_event: tuple[Running, SqlStore], page: Any) -> None:
    running, store = one_event
    with store.reading() as r:
        (rec,) = r.events()
    page.goto(f"{running.url}/events/{rec.event.id}")
    page.get_by_role("button", name="Reject").click()
    expect_text(page, ".flash.ok", "rejected")
    with store.reading() as r:
        assert r.events() == []
    page.get_by_role("button", name="Undo").click()  # on the reviews page
    expect_text(page, ".flash.ok", "taken back")
    with store.reading() as r:
        assert [e.event.count for e in r.events()] == [200]


def test_ten_thousand_events_stay_paginated(empty_store: SqlStore, page: Any) -> None:
    fill_events(empty_store, 10_000)
    running = Running(empty_store)
    try:
        page.goto(running.url + "/events")
        assert page.locator("table.events tbody tr").count() == 50
        expect_text(page, ".summary", "10,000 events · page 1 of 200")
        page.get_by_role("link", name="last »").click()
        expect_text(page, ".pager", "page 200 of 200")
        assert page.locator("table.events tbody tr").count() == 50
        _no_errors(page)
    finally:
        running.stop()


def test_an_article_with_a_script_renders_inert(empty_store: SqlStore, page: Any) -> None:
    hostile = (
        "Police arrested 12 scam suspects in Kandal on Monday. <script>window.pwned = 1;"
        '</script><img src=x onerror="window.pwned = 2"> The suspects were taken to Phnom Penh.'
    )
    catalog.record_article(empty_store, Document(
        url="https://news.example/hostile", text=hostile,
        title='<script>window.pwned = 3</script>Scam raid', outlet="<b>Evil</b> News",
        published=dt.date(2026, 2, 10), language="en", canonical_url="https://news.example/hostile",
    ))  # fmt: skip
    running = Running(empty_store)
    try:
        with empty_store.reading() as r:
            (rec,) = r.events()
        for path in ("/", "/events", "/events?q=script", f"/events/{rec.event.id}"):
            page.goto(running.url + path)
            assert page.evaluate("window.pwned") is None, path
            assert page.locator("main script, main img").count() == 0, path
        # on the event page, the article's markup is shown as the text it is
        assert "<script>window.pwned = 1;</script>" in page.locator(".article-text").inner_text()
        assert "<b>Evil</b> News" in page.locator("article.mention header").inner_text()
    finally:
        running.stop()


def test_screenshots(dev_web: Running, dev_store: SqlStore, page: Any, tmp_path: Path) -> None:
    """`make screenshots` keeps these (NEWSWATCH_SCREENSHOTS=DIR); here they must render."""
    import os

    out = Path(os.environ.get("NEWSWATCH_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    with dev_store.reading() as r:
        _, records = r.event_page(EventQuery(sort="count"))
    busy = next(x for x in records if len(x.mentions) >= 2).event.id
    for name, path in [("overview", "/"), ("events", "/events?action=deported"),
                       ("event", f"/events/{busy}"), ("reviews", "/reviews"),
                       ("feeds", "/feeds"), ("alerts", "/alerts")]:  # fmt: skip
        page.goto(dev_web.url + path)
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        assert (out / f"{name}.png").stat().st_size > 10_000


def test_split_and_merge_from_the_event_page(empty_store: SqlStore, page: Any) -> None:
    for i, text in enumerate((
        "Police arrested 40 scam suspects at a villa in Kampot on Monday.",
        "Forty scam suspects were detained at a villa in Kampot on Monday, police said.",
    )):  # fmt: skip
        catalog.record_article(empty_store, _doc(f"https://news.example/s{i}", text, i))
    with empty_store.reading() as r:
        (rec,) = r.events()
    assert len(rec.mentions) == 2
    running = Running(empty_store)
    try:
        page.goto(f"{running.url}/events/{rec.event.id}")
        page.locator(f"#mention-{rec.mentions[1].id}").get_by_role(
            "button", name="Split out"
        ).click()
        expect_text(page, ".flash.ok", f"mention {rec.mentions[1].id} is now event")
        with empty_store.reading() as r:
            events = r.events()
        assert len(events) == 2
        other = next(e.event.id for e in events if e.event.id != rec.event.id)
        # kept apart: not offered as a possible match, and merged back only by hand
        page.get_by_role("link", name="Look for events that may be the same fact").click()
        expect_text(page, "main", "No other event looks like the same fact.")
        with httpx.Client() as client:
            client.get(running.url + "/events")
            r = client.post(f"{running.url}/events/{rec.event.id}/merge",
                            data={"other": str(other), "csrf": client.cookies["nw_csrf"]})  # fmt: skip
            assert r.status_code == 303
        with empty_store.reading() as r:
            assert [len(e.mentions) for e in r.events()] == [2]
        page.goto(f"{running.url}/events/{other}")
        assert page.url.endswith(f"/events/{min(rec.event.id or 0, other or 0)}")
        _no_errors(page)
    finally:
        running.stop()
