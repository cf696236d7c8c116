"""Prefect's share of a monitor run, and the pipeline against bare trafilatura (make bench).

A local server in another process serves 20 feeds x 50 entries linking 1,000 article pages
(the 181 real pages of ../shared/corpus under 1,000 URLs). In one run:
  1. the library pipeline (`newswatch.runs.monitor_pass`, what `newswatch run` does) reads and
     stores them into a fresh SQLite file;
  2. the Prefect flow `monitor` does the same into another fresh file, under a local Prefect
     server (the test harness's);
  3. bare trafilatura cleans the same 1,000 pages in one thread.
Reported: Prefect's share of the flow's wall time, (flow - library) / flow (target <= 10%),
and the pipeline's wall time per article over bare trafilatura's (target <= 1.3).
Every page is read in full (no topic filter): the worst case.
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
from newswatch.bootstrap import build
from newswatch.config import load_settings
from newswatch.ingest.clean import FAST_MODE, decode_html
from tests.fixtures.server import LocalServer, Reply

ROOT = Path(__file__).resolve().parent.parent
FEEDS, ENTRIES = 20, 50
ARTICLES = FEEDS * ENTRIES


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
    report: dict[str, Any] = {"articles": ARTICLES}
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            # 1. the library, as `newswatch run`
            svc = build(load_settings(_config(tmp, base, "library")))
            start = time.perf_counter()
            lib = runs.monitor_pass(svc)
            library_s = time.perf_counter() - start
            svc.close()
            # 2. the flow, under a local Prefect server
            from prefect.testing.utilities import prefect_test_harness  # noqa: PLC0415

            from flows.monitor import monitor  # noqa: PLC0415

            os.environ["NEWSWATCH_CONFIG"] = str(_config(tmp, base, "flow"))
            with prefect_test_harness(server_startup_timeout=120):
                start = time.perf_counter()
                flow_report = monitor()
                flow_s = time.perf_counter() - start
    finally:
        child.terminate()
        child.join()
    # 3. bare trafilatura, one thread, the same 1,000 pages
    corpus = list(pages())
    start = time.perf_counter()
    for p in range(ARTICLES):
        _, url, html, _ = corpus[p % len(corpus)]
        trafilatura.extract(decode_html(html), url=url, include_comments=False, fast=FAST_MODE)
    bare_s = time.perf_counter() - start
    report.update(
        library={"wall_s": round(library_s, 2), "articles": lib.to_dict()["articles"]},
        flow={"wall_s": round(flow_s, 2), "articles": flow_report["articles"]},
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
