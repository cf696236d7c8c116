"""`newswatch serve`: the main job on one machine.

With no PREFECT_API_URL, starts a local Prefect server (its SQLite database in the newswatch
data directory, tuned settings, UI on 127.0.0.1:4200) as a child process it also stops; then
serves the deployments `monitor` (on the configured cron, one run at a time, late runs
cancelled instead of piling up) and `backfill` (no schedule), and starts a first monitor run.
With PREFECT_API_URL set, serves against that server. Ctrl-C shuts everything down.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
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
        monitor.to_deployment(
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


def serve_forever(settings: Settings, first_run: bool = True) -> None:
    """Apply the deployments, start a first monitor run, and serve until interrupted."""
    from prefect import serve  # noqa: PLC0415
    from prefect.deployments import run_deployment  # noqa: PLC0415

    deps = deployments(settings)
    for dep in deps:
        dep.apply()
    if first_run:
        run_deployment("monitor/monitor", timeout=0)
    serve(*deps, print_starting_message=True)


def main(settings: Settings | None = None) -> None:
    settings = settings or load_settings()
    if os.environ.get("PREFECT_API_URL"):
        serve_forever(settings)
        return
    home = data_dir(settings) / "prefect"
    with local_server(home) as url:
        os.environ["PREFECT_API_URL"] = url
        print(f"Prefect UI: {url.removesuffix('/api')}  (server data in {home})", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            serve_forever(settings)


if __name__ == "__main__":
    main()
