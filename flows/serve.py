"""`newswatch serve`: the main job on one machine.

With no PREFECT_API_URL, starts a local Prefect server (its SQLite database in the newswatch
data directory, tuned settings, UI on 127.0.0.1:4200) as a child process it also stops; then
serves the deployments `monitor` (on the configured cron, one run at a time, late runs
cancelled instead of piling up) and `backfill` (no schedule), and starts a first monitor run.
With PREFECT_API_URL set, serves against that server. Ctrl-C shuts everything down.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from newswatch.bootstrap import data_dir
from newswatch.config import Settings, load_settings

HOST, PORT = "127.0.0.1", 4200
# Seconds to wait for a local server to answer its health check (it starts in 5-11 s here).
STARTUP_TIMEOUT = 90

# The local server's settings, measured on this machine (see deploy/prefect.toml): task runs
# recorded in batches of 100 (the default records 20-35 per second), run history kept 30 days.
SERVER_ENV = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "100",
    "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "true",
    "PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD": str(30 * 86400),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_DATABASE_TIMEOUT": "30",  # SQLite "database is locked" under mixed load
    "PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT": "30",
}


def deployments(settings: Settings) -> list[Any]:
    """The deployments this process serves (built, not yet applied)."""
    from prefect.client.schemas.objects import (  # noqa: PLC0415
        ConcurrencyLimitConfig,
        ConcurrencyLimitStrategy,
    )
    from prefect.schedules import Cron  # noqa: PLC0415

    from flows.backfill import backfill  # noqa: PLC0415
    from flows.monitor import monitor  # noqa: PLC0415

    one_at_a_time = ConcurrencyLimitConfig(
        limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
    )
    return [
        monitor.with_options(timeout_seconds=settings.schedule.timeout).to_deployment(
            name="monitor",
            schedules=[Cron(settings.schedule.cron, timezone=settings.schedule.timezone)],
            concurrency_limit=one_at_a_time,
            description="Scheduled monitor pass.",
            tags=["newswatch"],
        ),
        backfill.to_deployment(
            name="backfill",
            description="Manual backfill: prefect deployment run 'backfill/backfill' -p since=...",
            tags=["newswatch"],
        ),
    ]


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def local_server(home: Path, port: int = PORT) -> Iterator[str]:
    """A Prefect server in a child process, its database under `home`; yields its API URL."""
    home.mkdir(parents=True, exist_ok=True)
    url = f"http://{HOST}:{port}/api"
    if _healthy(url):
        yield url  # one is running already (an earlier `serve` or the user's own)
        return
    env = {
        **os.environ,
        **SERVER_ENV,
        "PREFECT_HOME": str(home),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
    }
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(url):
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the Prefect server stopped at start; see {home / 'server.log'}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not start in {STARTUP_TIMEOUT} s")
            time.sleep(0.5)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


DEPLOYMENTS = ("monitor", "backfill")


# What Prefect's engine says of a run the Ctrl-C (or SIGTERM) reached before newswatch's own
# handling did (while worker processes start, say): it crashed of the signal we sent.
_SIGNAL_CRASHES = (
    "Execution was aborted by an interrupt signal.",
    "Execution was aborted by a termination signal.",
)


def settle_runs(
    message: str,
    *,
    cancel: bool,
    older_than: dt.timedelta | None = None,
    interrupted_since: dt.datetime | None = None,
) -> int:
    """End the runs of our deployments that are still Running or Pending: Cancelled (this
    process is stopping them) or Crashed (a process that died left them). With `older_than`,
    only runs that started that long ago. With `interrupted_since` (cancelling), runs that
    crashed of the interrupt since then are Cancelled too: the interrupt was ours. Returns how
    many were ended."""
    from prefect.client.orchestration import get_client  # noqa: PLC0415
    from prefect.client.schemas.filters import (  # noqa: PLC0415
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType  # noqa: PLC0415
    from prefect.states import Cancelled, Crashed  # noqa: PLC0415

    active = [StateType.RUNNING, StateType.PENDING, StateType.CANCELLING]
    if cancel and interrupted_since is not None:
        active.append(StateType.CRASHED)
    now = dt.datetime.now(dt.UTC)
    ended = 0
    with get_client(sync_client=True) as client:
        found = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=active))
            ),
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=list(DEPLOYMENTS))),
        )
        for run in found:
            if run.state is not None and run.state.is_crashed():
                at = run.state.timestamp
                if run.state.message not in _SIGNAL_CRASHES or (
                    interrupted_since is None or at is None or at < interrupted_since
                ):
                    continue  # a crash of its own, or one before this serve: not ours to relabel
            started = run.start_time or run.expected_start_time
            if older_than is not None and started is not None and now - started < older_than:
                continue
            state: Any = Cancelled(message=message) if cancel else Crashed(message=message)
            client.set_flow_run_state(run.id, state=state, force=True)
            ended += 1
    return ended


def interval(settings: Settings) -> dt.timedelta:
    """The time between two scheduled monitor runs (the cron's next two firings)."""
    from cronsim import CronSim  # noqa: PLC0415

    it = CronSim(settings.schedule.cron, dt.datetime.now(dt.UTC))
    first = next(it)
    return next(it) - first


def watch_monitor(settings: Settings, stop: threading.Event) -> None:
    """Every few minutes: no monitor pass completed for `stalled_after` intervals is told once,
    as a "monitor stalled" alert (a stuck run, a dead scheduler, a database that went away)."""
    from newswatch import delivery, runs  # noqa: PLC0415
    from newswatch.bootstrap import build  # noqa: PLC0415

    started, every = dt.datetime.now(dt.UTC), interval(settings)
    while not stop.wait(min(every.total_seconds(), 300.0)):
        try:
            services = build(settings)
            try:
                if runs.check_stalled(services, every, started, dt.datetime.now(dt.UTC)):
                    delivery.deliver(services)
            finally:
                services.close()
        except Exception as exc:  # a watchdog never stops the server
            print(f"monitor watch: {exc}", file=sys.stderr, flush=True)


def serve_forever(settings: Settings, first_run: bool = True, local: bool = True) -> None:
    """Apply the deployments, start a first monitor run, and serve until interrupted.

    At start, runs of our deployments left Running by a process that died are marked Crashed
    (all of them on our own local server; on a shared one, those older than the monitor's
    timeout), so a dead run never holds the monitor's one slot. On Ctrl-C the runs in flight
    are marked Cancelled for the same reason."""
    from prefect import serve  # noqa: PLC0415
    from prefect.deployments import run_deployment  # noqa: PLC0415

    began = dt.datetime.now(dt.UTC)
    older = None if local else dt.timedelta(seconds=settings.schedule.timeout)
    left = settle_runs("left running by a newswatch serve that stopped", cancel=False,
                       older_than=older)  # fmt: skip
    if left:
        print(f"{left} run(s) left running by an earlier serve marked crashed", flush=True)
    deps = deployments(settings)
    for dep in deps:
        dep.apply()
    stop = threading.Event()
    watch = threading.Thread(target=watch_monitor, args=(settings, stop), daemon=True)
    watch.start()
    try:
        if first_run:
            run_deployment("monitor/monitor", timeout=0)
        serve(*deps, print_starting_message=True)
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            settle_runs("stopped: newswatch serve was interrupted", cancel=True,
                        interrupted_since=began)  # fmt: skip


@contextlib.contextmanager
def web_view(settings: Settings) -> Iterator[str | None]:
    """The analyst's web view beside the scheduler, its address printed; None (and said why)
    when it is turned off or cannot start: monitoring goes on without it."""
    if not settings.web.enabled:
        yield None
        return
    from newswatch.bootstrap import open_store  # noqa: PLC0415
    from newswatch.web import WebConfigError, server, start_in_thread  # noqa: PLC0415

    store = open_store(settings)
    try:
        srv = server(store, settings, settings.web.host, settings.web.port)
        thread = start_in_thread(srv)
    except (WebConfigError, RuntimeError) as exc:
        print(f"web view not started: {exc}", file=sys.stderr, flush=True)
        store.close()
        yield None
        return
    host = srv.config.host if ":" not in srv.config.host else f"[{srv.config.host}]"
    url = f"http://{host}:{srv.config.port}/"
    print(f"newswatch web view: {url}", flush=True)
    try:
        yield url
    finally:
        srv.should_exit = True
        thread.join(10)
        store.close()


def main(settings: Settings | None = None) -> None:
    settings = settings or load_settings()
    if os.environ.get("PREFECT_API_URL"):
        with web_view(settings):
            serve_forever(settings, local=False)
        return
    home = data_dir(settings) / "prefect"
    with local_server(home) as url, web_view(settings):
        os.environ["PREFECT_API_URL"] = url
        print(f"Prefect UI: {url.removesuffix('/api')}  (server data in {home})", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            serve_forever(settings)


if __name__ == "__main__":
    main()
