"""The composition root: the one place adapters are chosen and wired."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from newswatch.adapters.db.engine import default_url
from newswatch.adapters.db.store import Deliveries, SqlStore
from newswatch.config import Settings

if TYPE_CHECKING:  # httpx is loaded by the commands that fetch, not by every command
    from newswatch.adapters.http import HttpFetcher

_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"
# What the fork server loads once for every worker (the main process loads them lazily).
PRELOAD = ["newswatch.pipeline", "newswatch.extract", "trafilatura", "lxml.html"]


@dataclasses.dataclass
class Services:
    settings: Settings
    fetcher: HttpFetcher
    store: SqlStore
    _cpu: ProcessPoolExecutor | None = None

    @property
    def health(self) -> SqlStore:
        """Feed health lives in the database with everything else."""
        return self.store

    @property
    def cpu(self) -> ProcessPoolExecutor | None:
        """Worker processes for cleaning and extraction (one per core), started on first use;
        None when configured to work in this process (`processes = 1`)."""
        n = self.settings.processes or os.cpu_count() or 1
        if n <= 1:
            return None
        if self._cpu is None:
            # forkserver: workers never inherit this process's threads or open connections;
            # the server imports the pipeline once and forks workers that have it loaded.
            # A run cut short (Ctrl-C) leaves the pool's semaphores to the resource tracker,
            # which cleans them up and warns about it: noise after a deliberate stop. The
            # tracker takes this process's -W options when it starts (with the pool).
            if _QUIET_TRACKER not in sys.warnoptions:
                sys.warnoptions.append(_QUIET_TRACKER)
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            self._cpu = ProcessPoolExecutor(
                max_workers=n,
                mp_context=ctx,
                initializer=bind_to_parent,
                initargs=(os.getpid(), self.settings.article_cpu_budget),
            )
            for _ in range(n):  # start them now, while the caller waits on the network
                self._cpu.submit(warm_up)
        return self._cpu

    def close(self) -> None:
        self.fetcher.close()
        self.store.close()
        if self._cpu is not None:
            self._cpu.shutdown(wait=True, cancel_futures=True)
            self._cpu = None

    def abort(self) -> None:
        """Stop at once (Ctrl-C): end the worker processes without waiting for their work,
        drop the network connections in flight, close the database."""
        if self._cpu is not None:
            for proc in list(getattr(self._cpu, "_processes", {}).values()):
                proc.kill()
            self._cpu.shutdown(wait=False, cancel_futures=True)
            self._cpu = None
        self.fetcher.close()
        self.store.close()


# How often a worker process checks that the process it works for is still alive.
WATCH_INTERVAL = 0.5


def bind_to_parent(owner: int, cpu_budget: float | None = None) -> None:
    """Worker start-up: Ctrl-C is the owner's to handle (a worker never prints a traceback for
    it), and a worker ends when its owner is gone, however it ended (kill -9 included): a
    thread watches the owner's pid and the worker's own parent (the fork server)."""
    import signal  # noqa: PLC0415
    import threading  # noqa: PLC0415
    import time  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from newswatch.pipeline import set_cpu_budget  # noqa: PLC0415  (preloaded)

    set_cpu_budget(cpu_budget)
    parent = os.getppid()

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        try:  # a killed process its own parent has not reaped yet is a zombie: gone
            with open(f"/proc/{pid}/stat", "rb") as f:
                return f.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
        except OSError:
            return True

    def watch() -> None:
        while alive(owner) and os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
        os._exit(1)

    threading.Thread(target=watch, name="owner-watch", daemon=True).start()


def warm_up() -> None:
    """Load what cleaning and extraction need in a worker process (lexicons, parsers)."""
    from newswatch.pipeline import warm_up as load  # noqa: PLC0415  (in the worker)

    load()


def data_dir(settings: Settings) -> Path:
    return settings.data_dir or Path(platformdirs.user_data_dir("newswatch", appauthor=False))


def database_url(settings: Settings) -> str:
    """NEWSWATCH_DATABASE_URL, else a SQLite file in the data directory."""
    return settings.database_url or default_url(data_dir(settings))


def open_store(settings: Settings) -> SqlStore:
    """The store, its schema created or migrated on first use."""
    return SqlStore.open(database_url(settings), feed_down_after=settings.feed_down_after)


def build(settings: Settings) -> Services:
    store = open_store(settings)
    # A channel receives the alerts of changes made from the first time it was configured.
    now = dt.datetime.now(dt.UTC)
    for channel in settings.alerts:
        Deliveries(store).register(channel.label, now)
    from newswatch.adapters.http import HttpFetcher  # noqa: PLC0415

    return Services(settings=settings, fetcher=HttpFetcher(settings.http), store=store)
