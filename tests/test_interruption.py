"""Kill `newswatch run` anywhere: nothing is lost, nothing is doubled.

A local site publishes articles in waves; `newswatch run` (a real process, with its worker
processes) is killed with SIGKILL at ten moments of ten passes and interrupted with SIGINT in
five more (moments counted by the pass's progress: after its n-th request to the site); then
passes run to the end. The store and the alerts the webhook received are compared with one
uninterrupted run over the same site, on SQLite and on the real PostgreSQL.

Alerts are delivered at least once: a kill after the webhook got an alert and before it was
marked sent repeats that alert (never loses one). So the webhook must have received every alert
of the reference run, nothing else, and repeats only within the number of kills.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newswatch.adapters.db.store import SqlStore
from tests.dbs import PG_ENV, PG_SKIP, fresh_database
from tests.fixtures.cli import EXE
from tests.fixtures.server import LocalServer, Reply
from tests.fixtures.site import page, raid_article

ARTICLES = 30
WAVES = 15  # SIGKILL in the first ten passes, SIGINT in the next five
# Where each pass is hit: after the site has answered this many of the pass's requests (the
# feed, then its pages, then the alerts' webhook posts), plus these seconds. Counted by the
# pass's progress, not by the clock, so a faster or slower machine hits the same moments: while
# the feed is read, between pages, while figures are stored, between two alerts.
SIGKILL_AT = [(1, 0.0), (2, 0.0), (2, 0.2), (3, 0.0), (3, 0.15), (1, 0.3), (4, 0.0), (2, 0.1),
              (3, 0.3), (4, 0.05)]  # fmt: skip
SIGINT_AT = [(2, 0.0), (3, 0.1), (1, 0.2), (4, 0.0), (2, 0.25)]
PAGE_DELAY = 0.25  # seconds a page takes to arrive
HOOK_DELAY = 0.2  # seconds the webhook takes to answer, in the interrupted passes


class Site:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.live: list[int] = []
        server.route("/feed.xml", lambda _r: Reply(200, self.feed(),
                                                   {"Content-Type": "application/rss+xml"}))  # fmt: skip
        for i in range(ARTICLES):
            slug, title, published, body = raid_article(i)
            server.route(f"/news/{slug}.html", Reply(
                200, page(title, published, body), {"Content-Type": "text/html; charset=utf-8"},
                delay=PAGE_DELAY,
            ))  # fmt: skip
        server.route("/hook", Reply(200, b"ok"))

    def publish(self, upto: int) -> None:
        self.live = list(range(min(upto, ARTICLES)))

    def feed(self) -> bytes:
        items = []
        for i in self.live:
            slug, title, published, _ = raid_article(i)
            url = self.server.url(f"/news/{slug}.html")
            items.append(f"<item><title>{title}</title><link>{url}</link><guid>{url}</guid>"
                         f"<pubDate>{published}</pubDate></item>")  # fmt: skip
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Raids</title>'
                f"{''.join(items)}</channel></rss>").encode()  # fmt: skip

    def alerts(self) -> Counter[str]:
        return Counter(json.loads(b)["title"] for b in self.server.posts.get("/hook", []))


def environment(tmp: Path, server: LocalServer, db: str) -> dict[str, str]:
    hook = "json://" + server.base.removeprefix("http://") + "/hook"
    cfg = tmp / "newswatch.toml"
    cfg.write_text(
        f'database_url = "{db}"\narticle_retry_delay = 0.0\nprocesses = 2\nfirst_run = "each"\nfirst_run_horizon = 0\n'
        "[http]\nper_host_delay = 0.0\nretries = 0\nconnect_timeout = 2.0\nread_timeout = 5.0\n"
        "total_timeout = 10.0\nrespect_robots = false\n"
        f'[[feeds]]\nname = "Raids"\nurl = "{server.url("/feed.xml")}"\n'
        f'[[alerts]]\nname = "hook"\nurl = "{hook}"\n',
        "utf8",
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")}
    # A mark every process of the run inherits: the workers are found by it after a kill.
    return {**clean, "NEWSWATCH_CONFIG": str(cfg), "NEWSWATCH_DATA_DIR": str(tmp),
            "NEWSWATCH_TEST_MARK": uuid.uuid4().hex}  # fmt: skip


def _requests(server: LocalServer) -> int:
    return sum(len(times) for times in server.hits.values())


def run(
    env: dict[str, str], *, server: LocalServer | None = None,
    signal_at: tuple[int, float] | None = None, sig: int = 0,
) -> Any:  # fmt: skip
    """`newswatch run`; with `signal_at` (n, seconds), `sig` is sent `seconds` after the site
    has answered the pass's n-th request (never, if the pass ends first)."""
    before = _requests(server) if server is not None else 0
    proc = subprocess.Popen(
        [str(EXE), "run", "--json"], env=env, cwd=env["NEWSWATCH_DATA_DIR"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    sent = None
    if signal_at is not None and server is not None:
        n, after = signal_at
        while proc.poll() is None and _requests(server) - before < n:
            time.sleep(0.005)
        if after:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=after)
        if proc.poll() is None:
            proc.send_signal(sig)
            sent = time.monotonic()
    # The time to stop is until the command itself exits (the prompt is back), not until its
    # worker processes have let go of the output pipes.
    proc.wait(timeout=120)
    stopped = time.monotonic() - sent if sent is not None else 0.0
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err, stopped


def survivors(mark: str) -> list[int]:
    """Processes still running that carry this run's mark (worker processes, fork server)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
            state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[-1].split()[0]
        except OSError:
            continue
        if f"NEWSWATCH_TEST_MARK={mark}".encode() in environ and state != b"Z":
            found.append(int(pid))
    return found


def snapshot(db: str) -> dict[str, Any]:
    """What a user sees: articles, events, the alerts queued, and nothing left to read."""
    store = SqlStore.open(db)
    try:
        with store.reading() as r:
            events = sorted(
                (str(e.event.action), e.event.count, str(e.event.date),
                 json.dumps(e.event.nationalities, sort_keys=True), e.event.admin1,
                 len(e.mentions))
                for e in r.events()
            )  # fmt: skip
            counts = r.counts()
            queued = r.due_entries(dt.datetime(2100, 1, 1))
        with store.engine.connect() as c:
            from sqlalchemy import text

            articles = sorted(c.execute(text(
                "SELECT canonical_url, status, version FROM articles")).all())  # fmt: skip
            outbox = sorted(
                (kind, json.dumps(payload if isinstance(payload, dict) else json.loads(payload),
                                  sort_keys=True))
                for kind, payload in c.execute(text("SELECT kind, payload FROM outbox"))
            )  # fmt: skip
    finally:
        store.close()
    outbox = [(k, _without_ids(p)) for k, p in outbox]
    return {"articles": articles, "events": events, "counts": counts,
            "outbox": sorted(outbox), "queued": len(queued)}  # fmt: skip


def _without_ids(payload: str) -> str:
    """An alert's payload without the ids and times that differ between two databases."""
    d = json.loads(payload)
    event = d.get("event") or {}
    for key in ("id", "first_seen", "last_changed", "mentions", "revisions"):
        event.pop(key, None)
    for key in ("at", "created", "sources"):
        d.pop(key, None)
    return json.dumps(d, sort_keys=True)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_anywhere_the_next_pass_finishes_the_job(
    backend: str, tmp_path: Path, server: LocalServer
) -> None:
    if backend == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP)
    site = Site(server)
    # The reference: one uninterrupted pass over every article.
    ref_dir, hit_dir = tmp_path / "ref", tmp_path / "hit"
    ref_dir.mkdir()
    hit_dir.mkdir()
    with fresh_database(backend, str(ref_dir)) as ref_db, \
            fresh_database(backend, str(hit_dir)) as db:  # fmt: skip
        site.publish(ARTICLES)
        code, out, err, _ = run(environment(ref_dir, server, ref_db))
        assert code == 0, err
        assert json.loads(out)["articles"]["new"] == ARTICLES
        reference, ref_alerts = snapshot(ref_db), site.alerts()
        assert len(reference["events"]) == ARTICLES and sum(ref_alerts.values()) == ARTICLES
        server.posts.clear()

        # The same site, published in waves, every pass interrupted.
        server.route("/hook", Reply(200, b"ok", delay=HOOK_DELAY))
        env = environment(hit_dir, server, db)
        kills = 0
        for wave in range(WAVES):
            site.publish(2 * (wave + 1))
            if wave < len(SIGKILL_AT):
                code, _, err, _ = run(env, server=server, signal_at=SIGKILL_AT[wave],
                                      sig=signal.SIGKILL)  # fmt: skip
                kills += code == -signal.SIGKILL
            else:
                code, out, err, stopped = run(
                    env,
                    server=server,
                    signal_at=SIGINT_AT[wave - len(SIGKILL_AT)],
                    sig=signal.SIGINT,
                )
                assert code in (0, 130), err
                assert "Traceback" not in err, err
                if code == 130:
                    kills += 1
                    assert stopped < 5.0, (
                        f"Ctrl-C took {stopped:.1f} s"
                    )  # generous: a loaded CI machine
                    assert err.strip().splitlines()[-1].startswith("interrupted:"), (out, err)
            deadline = time.monotonic() + 5
            while survivors(env["NEWSWATCH_TEST_MARK"]) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert survivors(env["NEWSWATCH_TEST_MARK"]) == [], "worker processes outlived run"
        assert kills >= 10, f"only {kills} passes were hit: they end before their signal"

        site.publish(ARTICLES)
        code, _, err, _ = run(env)
        assert code == 0, err
        code, out, err, _ = run(env)  # a last pass finds nothing left to do
        assert code == 0, err
        assert json.loads(out)["articles"]["new"] == 0

        got = snapshot(db)
        assert got == reference
        assert got["queued"] == 0
        alerts = site.alerts()
        assert set(alerts) == set(ref_alerts), "alerts lost or invented"
        repeats = sum(alerts.values()) - len(alerts)
        assert repeats <= kills, alerts


def test_a_lost_database_is_one_line_and_the_next_pass_recovers(
    tmp_path: Path, server: LocalServer
) -> None:
    """PostgreSQL goes away in the middle of a pass (every connection cut, new ones refused):
    the pass stops with one line, and once the database is back the next pass stores what the
    first could not, nothing twice."""
    if not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    site = Site(server)
    site.publish(8)
    with fresh_database("postgresql", str(tmp_path)) as db:
        name = make_url(db).database
        admin = create_engine(make_url(db).set(database="postgres"), isolation_level="AUTOCOMMIT")

        def cut(allow: bool) -> None:
            with admin.connect() as c:
                c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}'))
                if not allow:
                    c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})  # fmt: skip

        slug = raid_article(3)[0]
        ok = server.routes[f"/news/{slug}.html"]
        hits: list[int] = []

        def outage(request: Any) -> Reply:  # the fourth page read takes the database down
            if not hits:
                cut(allow=False)
            hits.append(1)
            return ok(request) if callable(ok) else ok

        server.route(f"/news/{slug}.html", outage)
        env = environment(tmp_path, server, db)
        try:
            code, _, err, _ = run(env)
        finally:
            cut(allow=True)
        assert code == 1, err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert "stopped" in err and "next run" in err, err
        code, _, err, _ = run(env)
        assert code == 0, err
        got = snapshot(db)
        assert len(got["articles"]) == 8 and len(got["events"]) == 8 and got["queued"] == 0
        admin.dispose()
