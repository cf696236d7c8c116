"""Ingestion throughput from a local server: 100 feeds x 50 entries, 2,000 article pages.

The pages are the 181 real pages of ../shared/corpus, served under 2,000 URLs. The pipeline
checks every feed, then fetches, cleans and extracts every distinct article with the real
fetcher (politeness on, one host). Reported: pages per second, where the time goes (network
wait, cleaning, extraction, summed over worker threads), the ratio of the pipeline's wall time
to bare trafilatura cleaning of the same 2,000 pages in one thread, and the cleaning F1 on the
corpus ground truth.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

import trafilatura

from benchmarks.corpus import CORPUS, pages, score
from newswatch import pipeline
from newswatch.adapters.health import MemoryHealthStore
from newswatch.adapters.http import HttpFetcher
from newswatch.config import HttpConfig
from newswatch.ingest.clean import FAST_MODE, PageSkipped, clean_html, decode_html
from newswatch.ports import FeedHealth
from tests.fixtures.server import LocalServer, Reply

ROOT = Path(__file__).resolve().parent.parent
FEEDS, ENTRIES, PAGES = 100, 50, 2000
TOPIC: list[str] = []  # every page is read in full: the worst case


def _feed(base: str, feed_no: int) -> bytes:
    items = []
    for k in range(ENTRIES):
        page = (feed_no * ENTRIES + k) % PAGES
        link = f"{base}/a/{page}?utm_source=f{feed_no}"
        items.append(f"<item><title>Story {page}</title><link>{link}</link></item>")
    channel = f"<channel><title>F{feed_no}</title>{''.join(items)}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def _serve(ports: multiprocessing.Queue[str]) -> None:
    corpus = list(pages())
    server = LocalServer().start()
    for f in range(FEEDS):
        server.route(
            f"/feed/{f}.xml",
            Reply(200, _feed(server.base, f), {"Content-Type": "application/rss+xml"}),
        )
    for p in range(PAGES):
        html = corpus[p % len(corpus)][2]
        server.route(f"/a/{p}", Reply(200, html, {"Content-Type": "text/html; charset=utf-8"}))
    ports.put(server.base)
    server.thread.join()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ingest.json")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    corpus = list(pages())
    # the server runs in its own process, as a remote site would: it takes no GIL from us
    ctx = multiprocessing.get_context("fork")
    ports: multiprocessing.Queue[str] = ctx.Queue()
    child = ctx.Process(target=_serve, args=(ports,), daemon=True)
    child.start()
    base = ports.get(timeout=60)
    try:
        config = HttpConfig(per_host_concurrency=args.workers, per_host_delay=0.0, retries=1)
        health = MemoryHealthStore()
        with HttpFetcher(config) as fetcher:
            start = time.perf_counter()
            feed_urls = [f"{base}/feed/{f}.xml" for f in range(FEEDS)]
            states = [health.get(u) or FeedHealth(url=u) for u in feed_urls]
            outcomes = pipeline.fetch_feeds(fetcher, states, workers=args.workers)
            feeds_s = time.perf_counter() - start
            urls = list(dict.fromkeys(e.url for o in outcomes for e in o.entries if e.url))
            articles = pipeline.read_articles(
                fetcher, [(u, True, None) for u in urls], TOPIC, workers=args.workers
            )
            wall = time.perf_counter() - start
    finally:
        child.terminate()
        child.join()

    # the same 2,000 pages cleaned by bare trafilatura, one thread
    start = time.perf_counter()
    for p in range(PAGES):
        _, url, html, _ = corpus[p % len(corpus)]
        trafilatura.extract(decode_html(html), url=url, include_comments=False, fast=FAST_MODE)
    bare = time.perf_counter() - start

    predicted = []
    for _key, url, html, _gold in corpus:
        try:
            predicted.append(clean_html(html, url, "text/html", min_chars=0).text)
        except PageSkipped:
            predicted.append("")
    precision, recall, f1 = score(predicted, [g for *_, g in corpus])

    status: dict[str, int] = {}
    for a in articles:
        status[a.status] = status.get(a.status, 0) + 1
    report = {
        "feeds": FEEDS,
        "entries": sum(len(o.entries) for o in outcomes),
        "distinct_pages": len(urls),
        "workers": args.workers,
        "article_status": status,
        "wall_s": round(wall, 2),
        "feeds_s": round(feeds_s, 2),
        "pages_per_s": round(len(urls) / (wall - feeds_s), 1),
        "thread_time_s": {
            "network_wait": round(sum(a.fetch_s for a in articles), 2),
            "cleaning": round(sum(a.clean_s for a in articles), 2),
            "extraction": round(sum(a.extract_s for a in articles), 2),
        },
        "bare_trafilatura_one_thread_s": round(bare, 2),
        "ratio_pipeline_wall_to_bare_trafilatura": round(wall / bare, 3),
        "cleaning_fast_mode": FAST_MODE,
        "corpus_cleaning": {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
