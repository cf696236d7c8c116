"""Prefect's share of a monitor run, and the pipeline against bare trafilatura (make bench).

A local server in another process serves 20 feeds x 50 entries linking 1,000 article pages
(the 181 real pages of ../shared/corpus under 1,000 URLs). In one run:
  1. the library pipeline (`newswatch.runs.monitor_pass`, what `newswatch run` does) reads and
     stores them into a fresh SQLite file;
  2. the Prefect flow `monitor` does the same into another fresh file, under a local Prefect
     server (the test harness's);
  (three rounds of 1 and 2, alternating; the best time of each counts)
  3. bare trafilatura cleans the same 1,000 pages in one thread.
Reported: Prefect's share of the flow's wall time, (flow - library) / flow (target <= 10%),
and the pipeline's wall time per article over bare trafilatura's (target <= 1.3).
Every page is read in full (no topic filter): the worst case. Both runs start with their worker
processes already up, as in a served process (a first run pays about a second more).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import trafilatura

from benchmarks.corpus import CORPUS, pages
from newswatch import runs
from newswatch.bootstrap import Services, build, warm_up
from newswatch.config import load_settings
from newswatch.ingest.clean import FAST_MODE, decode_html
from tests.fixtures.server import LocalServer, Reply

ROOT = Path(__file__).resolve().parent.parent
FEEDS, ENTRIES = 20, 50
ARTICLES = FEEDS * ENTRIES
ROUNDS = 3


def _feed(base: str, feed_no: int) -> bytes:
    items = "".join(
        f"<item><title>Story {p}</title><link>{base}/a/{p}</link></item>"
        for p in range(feed_no * ENTRIES, (feed_no + 1) * ENTRIES)
    )
    channel = f"<channel><title>F{feed_no}</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def _serve(ports: multiprocessing.Queue[str]) -> None:
    corpus = list(pages())
    server = LocalServer().start()
    for f in range(FEEDS):
        server.route(
            f"/feed/{f}.xml",
            Reply(200, _feed(server.base, f), {"Content-Type": "application/rss+xml"}),
        )
    for p in range(ARTICLES):
        server.route(
            f"/a/{p}",
            Reply(200, corpus[p % len(corpus)][2], {"Content-Type": "text/html; charset=utf-8"}),
        )
    ports.put(server.base)
    server.thread.join()


def _config(tmp: Path, base: str, name: str) -> Path:
    feeds = "".join(
        f'\n[[feeds]]\nname = "F{f}"\nurl = "{base}/feed/{f}.xml"\n' for f in range(FEEDS)
    )
    path = tmp / f"{name}.toml"
    path.write_text(
        f'topic = []\ndata_dir = "{tmp}"\ndatabase_url = "sqlite:///{tmp / name}.db"\n'
        "[http]\nper_host_delay = 0.0\nper_host_concurrency = 8\nretries = 0\n"
        f"respect_robots = false\n{feeds}",
        "utf8",
    )
    return path


def _warm(svc: Services) -> None:
    """Start the worker processes before timing: a served process keeps them across runs, so
    the steady state is what a run costs (a first run pays ~1 s more to start them)."""
    if svc.cpu is not None:
        for f in [svc.cpu.submit(warm_up) for _ in range(4)]:
            f.result()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "flows.json")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    ctx = multiprocessing.get_context("fork")
    ports: multiprocessing.Queue[str] = ctx.Queue()
    child = ctx.Process(target=_serve, args=(ports,), daemon=True)
    child.start()
    base = ports.get(timeout=120)
    report: dict[str, Any] = {"articles": ARTICLES, "rounds": ROUNDS}
    library_times: list[float] = []
    flow_times: list[float] = []
    try:
        from prefect.testing.utilities import prefect_test_harness  # noqa: PLC0415

        from flows.common import close_services, services  # noqa: PLC0415
        from flows.monitor import monitor  # noqa: PLC0415

        with (
            tempfile.TemporaryDirectory() as tmp_name,
            prefect_test_harness(server_startup_timeout=120),
        ):
            tmp = Path(tmp_name)
            # Rounds alternate the two, each into a fresh database; the best of each counts
            # (the machine is shared: the slowest runs measure the neighbours).
            for n in range(ROUNDS):
                # 1. the library, as `newswatch run`
                svc = build(load_settings(_config(tmp, base, f"library{n}")))
                _warm(svc)
                start = time.perf_counter()
                lib = runs.monitor_pass(svc)
                library_times.append(time.perf_counter() - start)
                svc.close()
                # 2. the flow, under a local Prefect server
                os.environ["NEWSWATCH_CONFIG"] = str(_config(tmp, base, f"flow{n}"))
                _warm(services())
                start = time.perf_counter()
                flow_report = monitor()
                flow_times.append(time.perf_counter() - start)
                close_services()
    finally:
        child.terminate()
        child.join()
    library_s, flow_s = min(library_times), min(flow_times)
    # 3. bare trafilatura, one thread, the same 1,000 pages
    corpus = list(pages())
    start = time.perf_counter()
    for p in range(ARTICLES):
        _, url, html, _ = corpus[p % len(corpus)]
        trafilatura.extract(decode_html(html), url=url, include_comments=False, fast=FAST_MODE)
    bare_s = time.perf_counter() - start
    report.update(
        library={
            "wall_s": round(library_s, 2),
            "rounds_s": [round(t, 2) for t in library_times],
            "articles": lib.to_dict()["articles"],
        },
        flow={
            "wall_s": round(flow_s, 2),
            "rounds_s": [round(t, 2) for t in flow_times],
            "articles": flow_report["articles"],
        },
        bare_trafilatura_s=round(bare_s, 2),
        prefect_share=round((flow_s - library_s) / flow_s, 3),
        library_per_article_vs_bare_trafilatura=round(library_s / bare_s, 3),
        flow_per_article_vs_bare_trafilatura=round(flow_s / bare_s, 3),
        targets={"prefect_share": 0.10, "per_article_vs_bare": 1.3},
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
