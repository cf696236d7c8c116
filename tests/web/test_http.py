"""The web view over HTTP (a real server on 127.0.0.1, httpx as the client): safe defaults,
credentials off loopback, CSRF, downloads of exactly what is filtered, clear errors."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newswatch import catalog
from newswatch.adapters.db.store import SqlStore
from newswatch.config import Settings, WebConfig
from newswatch.ports import Document, EventQuery
from newswatch.web import WebConfigError, check_bind, server
from newswatch.web.security import CSRF_COOKIE
from tests.fixtures.cli import newswatch
from tests.web.conftest import Running

TOKEN = "s3cret-token-for-tests"


def _csrf(client: httpx.Client, base: str) -> str:
    client.get(base + "/events")
    return client.cookies[CSRF_COOKIE]


def test_pages_send_strict_headers_and_no_cdn(dev_web: Running) -> None:
    r = httpx.get(dev_web.url + "/")
    assert r.status_code == 200
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["server-timing"].startswith("app;dur=")
    assert not re.search(r"""(src|href)=["']https?://""", r.text)  # every asset is ours
    assert httpx.get(dev_web.url + "/static/htmx.min.js").status_code == 200


def test_a_review_needs_the_forms_csrf_token(dev_web: Running, dev_store: SqlStore) -> None:
    with dev_store.reading() as r:
        _, (rec, *_) = r.event_page(EventQuery())
    mention = rec.mentions[0].id
    with httpx.Client() as client:
        token = _csrf(client, dev_web.url)
        url = f"{dev_web.url}/mentions/{mention}/review"
        assert client.post(url, data={"verdict": "confirm"}).status_code == 403
        assert client.post(url, data={"verdict": "confirm", "csrf": "forged"}).status_code == 403
        other = client.post(url, data={"verdict": "confirm", "csrf": token},
                            headers={"Origin": "http://evil.example"})  # fmt: skip
        assert other.status_code == 403
        assert client.get(url).status_code == 405  # POST only
        for action, field in (("merge", "other"), ("split", "mention")):
            forged = client.post(f"{dev_web.url}/events/{rec.event.id}/{action}",
                                 data={field: "1"})  # fmt: skip
            assert forged.status_code == 403
    with dev_store.reading() as r:
        assert r.reviews() == []


def test_a_bad_correction_is_said_and_changes_nothing(
    dev_web: Running, dev_store: SqlStore
) -> None:
    with dev_store.reading() as r:
        _, (rec, *_) = r.event_page(EventQuery())
    with httpx.Client() as client:
        token = _csrf(client, dev_web.url)
        r = client.post(
            f"{dev_web.url}/mentions/{rec.mentions[0].id}/review",
            data={"verdict": "correct", "field": "count", "value": "lots", "csrf": token,
                  "back": str(rec.event.id)},
            follow_redirects=True,
        )  # fmt: skip
    assert r.status_code == 200
    assert "count must be a whole number" in r.text
    with dev_store.reading() as rd:
        assert rd.reviews() == []
        assert rd.event(rec.event.id or 0) == rec


def test_unknown_pages_are_404_pages(dev_web: Running) -> None:
    for path in ("/events/999999", "/events/0", "/nope", "/events/download.xlsx"):
        r = httpx.get(dev_web.url + path)
        assert r.status_code == 404, path
        assert "<h1>Not found</h1>" in r.text


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_downloads_hold_exactly_what_is_filtered(
    dev_web: Running, dev_store: SqlStore, fmt: str
) -> None:
    with dev_store.reading() as r:
        total, records = r.event_page(EventQuery(action="deported", min_count=100, limit=None))
    assert total > 0
    r = httpx.get(f"{dev_web.url}/events/download.{fmt}?action=deported&min=100&page=2")
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    if fmt == "csv":
        ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(r.text))]
    elif fmt == "json":
        ids = [e["id"] for e in json.loads(r.text)]
    else:
        import pyarrow.parquet as pq

        ids = pq.read_table(io.BytesIO(r.content)).column("id").to_pylist()
    assert ids == [x.event.id for x in records]  # the page asked for is no filter


def test_no_link_can_put_words_on_a_page(dev_web: Running) -> None:
    r = httpx.get(dev_web.url + "/events?error=Your+session+expired&done=Call+us")
    assert "session expired" not in r.text and "Call us" not in r.text
    forged = httpx.get(dev_web.url + "/events", cookies={CSRF_COOKIE: '"><script>x</script>'})
    assert "<script>x" not in forged.text  # a cookie of the wrong shape gets a fresh token


def test_filter_errors_are_shown_and_ignored(dev_web: Running) -> None:
    r = httpx.get(dev_web.url + "/events?since=yesterday&action=deported")
    assert r.status_code == 200
    assert "since must be a day as YYYY-MM-DD, not &#39;yesterday&#39; — ignored" in r.text


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::"])
def test_a_public_address_needs_credentials(host: str) -> None:
    with pytest.raises(WebConfigError, match="NEWSWATCH_WEB__TOKEN"):
        check_bind(host, WebConfig())
    check_bind(host, WebConfig(token=TOKEN))
    check_bind(host, WebConfig(user="ana", password="long enough"))
    with pytest.raises(WebConfigError, match="both"):
        check_bind(host, WebConfig(user="ana"))
    for loopback in ("127.0.0.1", "::1", "localhost"):
        check_bind(loopback, WebConfig())


def test_newswatch_web_refuses_a_public_address_without_credentials(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path),
           "NEWSWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'nw.db'}"}  # fmt: skip
    env.pop("NEWSWATCH_WEB__TOKEN", None)
    proc = newswatch(env, "web", "--host", "0.0.0.0", "--port", "0")
    assert proc.returncode == 2  # the CLI's code for what the user must change
    assert "refusing to serve on 0.0.0.0" in proc.stderr


def test_newswatch_web_on_a_taken_port_says_so(tmp_path: Path) -> None:
    import os
    import socket

    env = {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path),
           "NEWSWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'nw.db'}"}  # fmt: skip
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = newswatch(env, "web", "--port", str(port))
    assert proc.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture
def guarded(empty_store: SqlStore) -> Iterator[Running]:
    settings = Settings(feeds=[], web=WebConfig(token=TOKEN, user="ana", password="long enough"))
    running = Running(empty_store, settings)
    yield running
    running.stop()


def test_with_credentials_every_request_needs_them(guarded: Running) -> None:
    base = guarded.url
    denied = httpx.get(base + "/events")
    assert denied.status_code == 401
    assert "default-src 'self'" in denied.headers["content-security-policy"]
    assert httpx.get(base + "/static/style.css").status_code == 401
    assert httpx.get(base + "/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = httpx.get(base + "/events", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    basic = base64.b64encode(b"ana:long enough").decode()
    assert httpx.get(base + "/", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    bad = base64.b64encode(b"ana:guess").decode()
    r = httpx.get(base + "/", headers={"Authorization": f"Basic {bad}"})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic")
    # a link with the token signs the browser in and leaves the address clean
    with httpx.Client() as client:
        r = client.get(f"{base}/events?action=arrested&q=a%26b&token={TOKEN}")
        assert r.status_code == 303 and r.headers["location"] == "/events?action=arrested&q=a%26b"
        assert client.get(base + "/events?action=arrested").status_code == 200


def test_a_review_is_kept_across_reextraction_and_exports_as_gold(
    tmp_path: Path, root: Path
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path),
           "NEWSWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'nw.db'}"}  # fmt: skip
    article = tmp_path / "raid.txt"
    article.write_text(
        "url: https://news.example/raid\ntitle: Raid on a scam compound\n"
        "published: 2026-02-10\noutlet: Example News\n---\n"
        "Cambodian police arrested 200 Chinese nationals in a scam raid in Sihanoukville on "
        "Monday. Police also detained 12 Vietnamese nationals at the site.\n",
        encoding="utf8",
    )
    assert newswatch(env, "ingest", str(article)).returncode == 0
    store = SqlStore.open(env["NEWSWATCH_DATABASE_URL"])
    try:
        with store.reading() as r:
            by_count = {e.event.count: e for e in r.events()}
        catalog.review_mention(store, by_count[200].mentions[0].id or 0, "correct", by="ana",
                               field="count", value="230")  # fmt: skip
        catalog.review_mention(store, by_count[12].mentions[0].id or 0, "reject", by="ana")
    finally:
        store.close()
    proc = newswatch(env, "reextract", "--all")
    assert proc.returncode == 0, proc.stderr
    events = json.loads(newswatch(env, "events", "--json").stdout)
    assert [(e["count"], e["nationalities"]) for e in events] == [(230, {"CN": 230})]
    listed = json.loads(newswatch(env, "review", "list", "--json").stdout)
    assert [x["verdict"] for x in listed] == ["reject", "correct"]

    out = tmp_path / "reviewed"
    proc = newswatch(env, "review", "export", str(out))
    assert proc.returncode == 0, proc.stderr
    (gold_file,) = (out / "gold").glob("*.json")
    gold = json.loads(gold_file.read_text("utf8"))
    assert [(f["action"], f["count"]) for f in gold["figures"]] == [("arrested", 230)]
    assert gold["figures"][0]["note"].startswith("correct count by ana ")
    assert (out / "articles" / f"{gold_file.stem}.txt").exists()
    # the shared scorer reads them: the extractor misses what the analyst corrected
    scorer = root.parent / "shared" / "eval" / "score.py"
    if scorer.exists():
        run = subprocess.run(
            [sys.executable, str(scorer), "--gold", str(out / "gold"), "--texts",
             str(out / "articles"), "--cmd",
             f"{Path(sys.executable).with_name('newswatch')} extract --published {{published}} {{path}}"],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert "gold=1 predicted=2 matched=0" in run.stdout


def test_the_view_serves_from_postgresql_too(empty_store: SqlStore) -> None:
    catalog.record_article(empty_store, Document(
        url="https://news.example/pg", title="Raid", outlet="Example", language="en",
        text="Thai police arrested 31 scam suspects in Mae Sot on Monday.",
        published=dt.date(2026, 2, 10), canonical_url="https://news.example/pg",
    ))  # fmt: skip
    running = Running(empty_store)
    try:
        for path in ("/", "/events?nationality=TH&q=mae", "/events/1", "/reviews", "/feeds",
                     "/alerts"):  # fmt: skip
            r = httpx.get(running.url + path)
            assert r.status_code == 200, path
        assert "<b>1</b> events" in httpx.get(running.url + "/events?q=MAE%20SOT").text
        assert "<b>0</b> events" in httpx.get(running.url + "/events?q=100%25").text
    finally:
        running.stop()


def test_a_taken_port_is_a_clear_error(dev_web: Running, dev_store: SqlStore) -> None:
    from newswatch.web import start_in_thread

    port = int(dev_web.url.rsplit(":", 1)[1])
    srv = server(dev_store, Settings(feeds=[]), "127.0.0.1", port)
    with pytest.raises(RuntimeError, match="could not listen"):
        start_in_thread(srv)


def test_feeds_and_alerts_pages_show_what_the_commands_print(tmp_path: Path) -> None:
    """A real pass over a local site with a good and a dead feed, alerts to a webhook that
    fails: the pages show the feed's error and the channel's failed and sent deliveries."""
    from newswatch import delivery, runs
    from newswatch.bootstrap import build
    from newswatch.config import load_settings
    from tests.fixtures.server import LocalServer, Reply
    from tests.fixtures.site import NewsSite, config

    local = LocalServer().start()
    try:
        state = {"up": False}
        local.route("/hook", lambda _r: Reply(200 if state["up"] else 500, b""))
        hook = "json://" + local.base.removeprefix("http://") + "/hook"
        alerts = f'\n[[alerts]]\nname = "desk"\nurl = "{hook}"\n'
        path = config(tmp_path, local, alerts=alerts,
                      extra_feeds=[("Dead feed", local.url("/missing.xml"))])  # fmt: skip
        svc = build(load_settings(path))
        try:
            NewsSite(local).publish("01_a-flight-312")
            runs.monitor_pass(svc)  # the webhook answers 500: failed
            state["up"] = True
            NewsSite(local).publish("05_d-bavet-raid")
            runs.monitor_pass(svc)
            delivery.deliver(svc)
            running = Running(svc.store, svc.settings)
            try:
                feeds = httpx.get(running.url + "/feeds").text
                alerts_page = httpx.get(running.url + "/alerts").text
            finally:
                running.stop()
        finally:
            svc.close()
    finally:
        local.stop()
    assert "Dead feed" in feeds and "failing" in feeds and "404" in feeds
    row = re.search(r"<td>desk</td>(.*?)</tr>", alerts_page, re.S)
    assert row is not None
    numbers = re.findall(r'<td class="num">(\d+)</td>', row.group(1))
    assert int(numbers[0]) >= 1  # sent once the hook was up
    assert "new event" in alerts_page.lower() or "deported" in alerts_page.lower()
