"""The flows under a real Prefect test harness, against a real local site and SQLite file."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import ConcurrencyLimitStrategy

from flows.backfill import backfill
from flows.monitor import monitor
from flows.serve import deployments
from newswatch.config import load_settings
from tests.fixtures.server import LocalServer, Reply
from tests.fixtures.site import NewsSite, config


@pytest.fixture
def site(server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> NewsSite:
    server.route("/garbage.xml", Reply(200, b"\x00 garbage", {"Content-Type": "text/xml"}))
    server.route("/slow.xml", Reply(200, b"<rss/>", delay=4.0))
    extra = [("Garbage", server.url("/garbage.xml")), ("Slow", server.url("/slow.xml"))]
    monkeypatch.setenv("NEWSWATCH_CONFIG", str(config(tmp_path, server, extra_feeds=extra)))
    return NewsSite(server)


def _artifact(key: str) -> str:
    async def read() -> str:
        async with get_client() as client:
            found = await client.read_latest_artifacts()
            return next(str(a.data) for a in found if a.key == key)

    return asyncio.run(read())


def test_monitor_end_to_end_and_a_second_run_adds_nothing(site: NewsSite) -> None:
    for stem in ("01_a-flight-312", "02_b-flight-312", "05_d-bavet-raid", "06_c-bavet-34"):
        site.publish(stem)
    state = monitor(return_state=True)
    assert state.is_completed()
    report = state.result()
    assert report["feeds"] == {"ok": 1, "unchanged": 0, "failed": 2}  # two bad feeds: warnings
    assert report["articles"]["new"] == 4
    assert report["events"]["new_event"] == 2 and report["events"]["revised"] == 1
    assert report["alerts_queued"] == 3
    markdown = _artifact("monitor-report")
    assert "new events / revisions / series values | 2 / 1 / 0" in markdown
    assert "garbage.xml" in markdown

    second = monitor()
    assert second["articles"]["new"] == 0 and second["alerts_queued"] == 0
    assert second["events"] == {"new_event": 0, "merged": 0, "revised": 0, "series_value": 0}


def test_monitor_fails_when_no_feed_answers(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config(tmp_path, server)
    path.write_text(path.read_text().replace("/feed.xml", "/gone.xml"))
    monkeypatch.setenv("NEWSWATCH_CONFIG", str(path))
    state = monitor(return_state=True)
    assert state.is_failed()


def test_backfill_from_a_sitemap(site: NewsSite) -> None:
    for stem in (
        "08_a-deported-since-july",
        "09_c-deported-since-july",
        "10_a-deported-since-july-sept",
    ):
        site.archive(stem)
    report = backfill(since="2026-08-01", until="2026-10-31")
    assert report["articles"]["new"] == 3
    assert report["events"]["new_event"] == 1 and report["events"]["series_value"] == 1
    again = backfill(since="2026-08-01", until="2026-10-31")
    assert again["articles"]["new"] == 0 and again["articles"]["known"] == 3


def test_backfill_reextraction_keeps_event_ids(
    site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newswatch import runs

    for stem in ("05_d-bavet-raid", "06_c-bavet-34"):
        site.publish(stem)
    monitor()
    from flows.common import services

    with services().store.reading() as r:
        before = {e.event.id for e in r.events()}
    monkeypatch.setattr(runs, "EXTRACTOR_VERSION", "2-test")
    report = backfill(since="2026-03-01", until="2026-03-31", source="stored")
    assert report["articles"]["updated"] == 2
    with services().store.reading() as r:
        assert {e.event.id for e in r.events()} == before


def test_backfill_rejects_bad_parameters(site: NewsSite) -> None:
    for params, message in (
        ({"since": "2026-02-01", "until": "2026-01-01"}, "since 2026-02-01 is after until"),
        ({"since": "2026-01-01", "source": "rss"}, "source must be one of"),
        ({"since": "yesterday"}, "since must be a date as YYYY-MM-DD, not 'yesterday'"),
    ):
        state = backfill(**params, return_state=True)  # type: ignore[arg-type]
        assert state.is_failed() and message in str(state.message), state.message


def test_a_backfill_whose_every_source_failed_fails(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = config(tmp_path, server, extra_feeds=[("Dead", "http://127.0.0.1:9/feed.xml")])
    dead.write_text(dead.read_text().replace(server.url("/feed.xml"), "http://127.0.0.1:9/f"))
    monkeypatch.setenv("NEWSWATCH_CONFIG", str(dead))
    state = backfill(since="2026-01-01", until="2026-01-31", return_state=True)
    assert state.is_failed() and "every source failed" in str(state.message), state.message


def test_serve_builds_the_deployments(site: NewsSite) -> None:
    settings = load_settings()
    mon, back = deployments(settings)
    assert (mon.name, back.name) == ("monitor", "backfill")
    (schedule,) = mon.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("*/30 * * * *", "UTC")
    assert mon.concurrency_limit == 1
    assert mon.concurrency_options.collision_strategy is ConcurrencyLimitStrategy.CANCEL_NEW
    assert back.schedules == [] and back.concurrency_limit is None
    assert back.entrypoint and back.entrypoint.endswith("flows/backfill.py:backfill")
    assert mon.entrypoint and mon.entrypoint.endswith("flows/monitor.py:monitor")


def test_the_monitor_run_has_a_timeout(site: NewsSite) -> None:
    mon, _ = deployments(load_settings())
    assert mon.flow_name == "monitor"
    assert deployments_timeout(load_settings()) == 3600


def deployments_timeout(settings: Any) -> float | None:
    from flows.monitor import monitor

    return monitor.with_options(timeout_seconds=settings.schedule.timeout).timeout_seconds


def test_runs_left_running_by_a_dead_serve_are_settled(site: NewsSite) -> None:
    """A run a dead process left Running holds the monitor's one slot: serve ends it at start
    (Crashed), and on Ctrl-C ends its own runs in flight (Cancelled)."""
    from prefect.client.orchestration import get_client
    from prefect.states import Crashed, Running

    from flows.serve import settle_runs

    mon, back = deployments(load_settings())
    ids = [mon.apply(), back.apply()]
    with get_client(sync_client=True) as client:
        runs_ = [
            client.create_flow_run_from_deployment(ids[0]),
            client.create_flow_run_from_deployment(ids[1], parameters={"since": "2026-01-01"}),
        ]
        for run in runs_:
            client.set_flow_run_state(run.id, Running(), force=True)
        # A run on a shared server that started just now is another serve's: left alone.
        assert settle_runs("gone", cancel=False, older_than=dt.timedelta(hours=1)) == 0
        assert settle_runs("left running by a serve that stopped", cancel=False) == 2
        states = [client.read_flow_run(r.id).state for r in runs_]
        assert all(s is not None and s.is_crashed() for s in states), states
        assert settle_runs("again", cancel=False) == 0

        run = client.create_flow_run_from_deployment(ids[0])
        client.set_flow_run_state(run.id, Running(), force=True)
        assert settle_runs("stopped: newswatch serve was interrupted", cancel=True) == 1
        state = client.read_flow_run(run.id).state
        assert state is not None and state.is_cancelled()

        # The Ctrl-C reached a run before newswatch's own handling (Prefect: Crashed of the
        # signal): ours, so Cancelled. A run that crashed of its own stays Crashed.
        began = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        signalled, broken = (client.create_flow_run_from_deployment(ids[0]) for _ in range(2))
        client.set_flow_run_state(
            signalled.id, Crashed(message="Execution was aborted by an interrupt signal."),
            force=True,
        )  # fmt: skip
        client.set_flow_run_state(broken.id, Crashed(message="database gone"), force=True)
        assert settle_runs("stopped", cancel=True) == 0  # without the time of the interrupt
        assert settle_runs("stopped", cancel=True, interrupted_since=began) == 1
        state = client.read_flow_run(signalled.id).state
        assert state is not None and state.is_cancelled()
        state = client.read_flow_run(broken.id).state
        assert state is not None and state.is_crashed()


def test_the_monitor_interval_comes_from_the_cron(site: NewsSite) -> None:
    from flows.serve import interval

    settings = load_settings()
    assert interval(settings) == dt.timedelta(minutes=30)
    hourly = settings.model_copy(
        update={"schedule": settings.schedule.model_copy(update={"cron": "15 * * * *"})}
    )
    assert interval(hourly) == dt.timedelta(hours=1)
