"""`newswatch run`, `backfill` and `serve` as a user runs them: real processes, a real local
site, a real SQLite file, a real Prefect server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.serve import local_server
from tests.fixtures.cli import EXE, newswatch
from tests.fixtures.server import LocalServer, Reply
from tests.fixtures.site import NewsSite, config


@pytest.fixture
def site(server: LocalServer) -> NewsSite:
    return NewsSite(server)


@pytest.fixture
def env(tmp_path: Path, server: LocalServer) -> dict[str, str]:
    server.route("/garbage.xml", Reply(200, b"\x00 garbage", {"Content-Type": "text/xml"}))
    path = config(tmp_path, server, extra_feeds=[("Garbage", server.url("/garbage.xml"))])
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")}
    return {**clean, "NEWSWATCH_CONFIG": str(path), "NEWSWATCH_DATA_DIR": str(tmp_path)}


def test_run_reads_stores_and_reports(env: dict[str, str], site: NewsSite) -> None:
    for stem in ("05_d-bavet-raid", "06_c-bavet-34", "15_f-pasay-rescue"):
        site.publish(stem)
    proc = newswatch(env, "run")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "prefect" not in proc.stderr.lower()
    assert "monitor pass" in proc.stdout and "articles new" in proc.stdout
    assert "garbage.xml" in proc.stderr  # a bad feed is a warning, not a failure
    again = json.loads(newswatch(env, "run", "--json").stdout)
    # The feed did not change (same body): nothing to read, nothing stored twice.
    assert again["feeds"]["unchanged"] == 1 and again["articles"]["new"] == 0
    events = json.loads(newswatch(env, "events", "--json").stdout)
    assert sorted(e["count"] for e in events) == [34, 250]


def test_run_fails_when_no_feed_answers(env: dict[str, str], tmp_path: Path) -> None:
    path = Path(env["NEWSWATCH_CONFIG"])
    path.write_text(
        path.read_text().replace("/feed.xml", "/gone.xml").replace("/garbage.xml", "/gone2.xml")
    )
    proc = newswatch(env, "run")
    assert proc.returncode == 1 and "no feed could be fetched" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_backfill_reads_the_sitemap(env: dict[str, str], site: NewsSite) -> None:
    for stem in (
        "08_a-deported-since-july",
        "09_c-deported-since-july",
        "10_a-deported-since-july-sept",
    ):
        site.archive(stem)
    proc = newswatch(env, "backfill", "--since", "2026-08-01", "--until", "2026-10-31", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["articles"]["new"] == 3 and report["events"]["series_value"] == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--since", "last year"), "--since must be a date"),
        (("--since", "2026-03-01", "--until", "2026-02-01"), "is after --until"),
        (("--since", "2026-03-01", "--source", "rss"), "--source must be one of"),
        (("--since", "2026-03-01", "--source", "urls"), "needs --urls-file"),
    ],
)
def test_backfill_rejects_bad_arguments_before_anything_runs(
    env: dict[str, str], tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    proc = newswatch(env, "backfill", *args)
    assert proc.returncode == 2 and needle in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nw.db").exists()  # nothing was opened, fetched or written


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_local_prefect_server_starts_and_stops(tmp_path: Path) -> None:
    port = _free_port()
    with local_server(tmp_path / "prefect", port=port) as url:
        assert httpx.get(f"{url}/health", timeout=5).status_code == 200
        assert (tmp_path / "prefect" / "prefect.db").exists()  # its data in our data dir
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{url}/health", timeout=2)


# --- alerts, end to end ----------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(stem: str) -> tuple[str, str, str]:
    text = (SEEDS / f"{stem}.txt").read_text("utf8").strip()
    published = json.loads((SEEDS / "gold" / f"{stem}.json").read_text("utf8"))["published"]
    title, _, body = text.partition("\n")
    return title[:120], published, body or title


def test_run_alerts_each_new_event_once_and_an_edit_once(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    server.route("/hook", Reply(200, b"ok"))
    hook = "json://" + server.base.removeprefix("http://") + "/hook"
    path = config(tmp_path, server, alerts=f'\n[[alerts]]\nname = "desk"\nurl = "{hook}"\n')
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")},
           "NEWSWATCH_CONFIG": str(path), "NEWSWATCH_DATA_DIR": str(tmp_path)}  # fmt: skip
    for stem in sorted(p.stem for p in SEEDS.glob("*.txt")):
        site.publish_text(stem, *_seed(stem))
    site.publish("05_d-bavet-raid")
    first = newswatch(env, "run", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    new_events = report["events"]["new_event"] + report["events"]["series_value"]
    titles = [json.loads(b)["title"] for b in server.posts["/hook"]]
    assert len(titles) == new_events == report["alerts_delivered"]["desk"]["sent"]
    assert len(set(titles)) == len(titles)
    assert "Cambodia deported 312 Chinese nationals (8 Feb 2026)" in titles

    second = json.loads(newswatch(env, "run", "--json").stdout)
    assert second["alerts_delivered"]["desk"]["sent"] == 0
    assert len(server.posts["/hook"]) == len(titles)

    # The outlet edits its article: "more than 100" becomes 41, and its feed shows the new
    # headline. One revision, one alert.
    title, published, body = (
        "Police: 41 detained in Bavet scam raid",
        "2026-03-10",
        (
            "Police said 41 people were detained on Monday in a police raid on the Golden Lotus scam "
            "compound in Bavet, Svay Rieng province."
        ),
    )
    site.publish_text("05_d-bavet-raid", title, published, body)
    third = json.loads(newswatch(env, "run", "--json").stdout)
    assert third["articles"]["updated"] == 1 and third["alerts_delivered"]["desk"]["sent"] == 1
    (revision,) = [json.loads(b)["title"] for b in server.posts["/hook"][len(titles) :]]
    assert revision == "Revised: Cambodia arrested 41 people (9 Mar 2026), was more than 100"

    listing = newswatch(env, "alerts")
    assert listing.returncode == 0 and "desk" in listing.stdout and "Revised" in listing.stdout
    data = json.loads(newswatch(env, "alerts", "--json").stdout)
    assert data["channels"]["desk"]["counts"] == {"sent": len(titles) + 1}
    test = newswatch(env, "alerts", "test")
    assert test.returncode == 0 and "desk: sent" in test.stdout
    assert json.loads(server.posts["/hook"][-1])["title"] == "newswatch test alert"


def test_alerts_retry_sends_what_failed(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    state = {"up": False}
    server.route("/hook", lambda _r: Reply(200 if state["up"] else 500, b""))
    hook = "json://" + server.base.removeprefix("http://") + "/hook"
    path = config(tmp_path, server, alerts=f'\n[[alerts]]\nname = "desk"\nurl = "{hook}"\n')
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")},
           "NEWSWATCH_CONFIG": str(path), "NEWSWATCH_DATA_DIR": str(tmp_path)}  # fmt: skip
    site.publish("05_d-bavet-raid")
    run = newswatch(env, "run", "--json")
    assert run.returncode == 0
    assert json.loads(run.stdout)["alerts_delivered"]["desk"] == {
        "sent": 0,
        "failed": 1,
        "filtered": 0,
    }
    failed = newswatch(env, "alerts", "retry")
    assert failed.returncode == 1 and "1 failed" in failed.stdout
    state["up"] = True
    retried = newswatch(env, "alerts", "retry")
    assert retried.returncode == 0 and "desk: 1 sent, 0 failed" in retried.stdout


# --- serve, interrupted mid-run ----------------------------------------------------------------


def _monitor_runs(api: str) -> list[tuple[str, str]]:
    """(id, state type) of every monitor flow run on the server at `api`, oldest first."""
    found = httpx.post(f"{api}/flow_runs/filter", json={"sort": "EXPECTED_START_TIME_ASC"},
                       timeout=10).json()  # fmt: skip
    deps = {d["id"]: d["name"] for d in httpx.post(f"{api}/deployments/filter", json={},
                                                   timeout=10).json()}  # fmt: skip
    return [(r["id"], r["state_type"]) for r in found if deps.get(r["deployment_id"]) == "monitor"]


def _wait(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_interrupted_mid_run_and_restarted_runs_the_next_monitor(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    for stem in ("01_a-flight-312", "05_d-bavet-raid", "15_f-pasay-rescue"):
        url = site.publish(stem)
        path = url.removeprefix(server.base)
        reply = server.routes[path](None)  # type: ignore[arg-type]
        server.route(path, Reply(reply.status, reply.body, reply.headers, delay=1.5))  # slow pages
    cfg = config(tmp_path, server)
    text = cfg.read_text().replace(
        "per_host_delay = 0.0", "per_host_delay = 0.0\nper_host_concurrency = 1"
    )
    web_port = _free_port()
    cfg.write_text(text + f'\n[schedule]\ncron = "0 0 1 1 *"\n\n[web]\nport = {web_port}\n')
    with local_server(tmp_path / "prefect", port=_free_port()) as api:
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("NEWSWATCH_", "PREFECT_"))},
               "NEWSWATCH_CONFIG": str(cfg), "NEWSWATCH_DATA_DIR": str(tmp_path),
               "PREFECT_API_URL": api, "PREFECT_HOME": str(tmp_path / "home")}  # fmt: skip

        log = (tmp_path / "serve.log").open("ab")

        def serve() -> subprocess.Popen[bytes]:
            return subprocess.Popen([str(EXE), "serve"], env=env, cwd=tmp_path, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

        first = serve()
        try:
            run_id = _wait(lambda: next((i for i, s in _monitor_runs(api) if s == "RUNNING"),
                                        None), 120, "a running monitor run")  # fmt: skip
            # the analyst's web view runs beside the scheduler, its address printed
            web = f"http://127.0.0.1:{web_port}/"
            assert f"newswatch web view: {web}" in (tmp_path / "serve.log").read_text()
            assert httpx.get(web + "healthz").json() == {"status": "ok"}
        finally:
            os.killpg(first.pid, signal.SIGINT)  # Ctrl-C in the terminal
            first.wait(timeout=60)
        state = dict(_monitor_runs(api))[run_id]
        assert state == "CANCELLED", state  # not left Running, holding the one slot

        again = serve()
        try:
            _wait(lambda: [i for i, s in _monitor_runs(api) if s == "COMPLETED"], 180,
                  "the next monitor run to complete")  # fmt: skip
        finally:
            os.killpg(again.pid, signal.SIGINT)
            again.wait(timeout=60)
            log.close()
    events = json.loads(newswatch({**env, "PREFECT_API_URL": ""}, "events", "--json").stdout)
    assert sorted(e["count"] for e in events) == [100, 250, 312], events
