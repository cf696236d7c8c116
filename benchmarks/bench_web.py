"""The web view at 100,000 stored events (make bench): server-side time of its pages.

A store is filled with 1,000 and then 100,000 synthetic events (one article and one mention
each, tests/fixtures/events.py) on SQLite and, when NEWSWATCH_TEST_DATABASE_URL is set, on
PostgreSQL; a real server (uvicorn on 127.0.0.1) answers real HTTP requests, and each page's
server-side time is read from its Server-Timing header (the application's time from request to
response, without the client). Median of 15 requests per page, after one to warm up.

Target: the events page (default, filtered, sorted) answers in under 300 ms at 100,000 events;
the script exits 1 when the default page's median is over it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from newswatch.adapters.db.store import SqlStore
from newswatch.config import Settings
from newswatch.web import server, start_in_thread
from tests.dbs import PG_ENV, fresh_database
from tests.fixtures.events import fill_events

SIZES = (1_000, 100_000)
REQUESTS = 15
TARGET_MS = 300.0
PAGES = {
    "events": "/events",
    "events, filtered": "/events?action=deported&nationality=CN&min=100",
    "events, by count": "/events?sort=count",
    "events, page 1000": "/events?page=1000",
    "events, text search": "/events?q=compound%20(1042",
    "event": "/events/{one}",
    "overview": "/",
}


def _server_ms(client: httpx.Client, url: str) -> float:
    r = client.get(url)
    r.raise_for_status()
    return float(r.headers["server-timing"].split("dur=")[1])


def measure(url: str, label: str) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {name: {} for name in PAGES}
    store = SqlStore.open(url)
    filled = 0
    try:
        for size in SIZES:
            t = time.perf_counter()
            fill_events(store, size - filled, start_id=1_000_000 + filled)
            filled = size
            print(f"  {label}: {size:,} events stored ({time.perf_counter() - t:.1f} s)",
                  flush=True)  # fmt: skip
            srv = server(store, Settings(feeds=[]), "127.0.0.1", 0)
            thread = start_in_thread(srv)
            base = f"http://127.0.0.1:{srv.servers[0].sockets[0].getsockname()[1]}"
            try:
                with httpx.Client(timeout=60) as client:
                    for name, path in PAGES.items():
                        page = base + path.format(one=1_000_000 + size // 2)
                        _server_ms(client, page)  # warm
                        times = [_server_ms(client, page) for _ in range(REQUESTS)]
                        out[name][size] = statistics.median(times)
            finally:
                srv.should_exit = True
                thread.join(10)
    finally:
        store.close()
    return out


def report(label: str, res: dict[str, dict[int, float]]) -> None:
    print(f"\n{label}: median server-side time per page (ms)")
    print(f"  {'page':<22}" + "".join(f"{s:>12,}" for s in SIZES) + "   100k/1k")
    for name, by_size in res.items():
        cells = "".join(f"{by_size[s]:>12.1f}" for s in SIZES)
        print(f"  {name:<22}{cells}   {by_size[SIZES[-1]] / max(by_size[SIZES[0]], 0.01):8.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["SQLite"] = measure(f"sqlite:///{Path(tmp) / 'web.db'}", "SQLite")
        if os.environ.get(PG_ENV) and not args.sqlite_only:
            with fresh_database("postgresql", tmp) as pg:
                results["PostgreSQL"] = measure(pg, "PostgreSQL")
    worst = 0.0
    for label, res in results.items():
        report(label, res)
        worst = max(worst, *(res[n][SIZES[-1]] for n in PAGES if n.startswith("events")))
    default = max(res["events"][SIZES[-1]] for res in results.values())
    verdict = "met" if default <= TARGET_MS else "NOT MET"
    print(f"\nevents page at {SIZES[-1]:,} events: {default:.1f} ms (target < {TARGET_MS:.0f} "
          f"ms: {verdict}); slowest events view {worst:.1f} ms")  # fmt: skip
    return 0 if default <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
