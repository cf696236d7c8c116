"""Backfill throughput on a work pool with one worker and with two (make bench).

A local site lists invented raid reports in its sitemap (each page answers after a delay, as a
distant news site does); a Prefect server, a process work pool and the deployments of
deploy/prefect.yaml run a backfill split in two parts (`parts=2`), once on a pool of one worker
and once on a pool of two, each into a fresh database (PostgreSQL when
NEWSWATCH_TEST_DATABASE_URL names one, else SQLite). Each worker runs at most two flow runs at
once: the split backfill waiting for its parts, and one part. Reported: articles per second of
the whole backfill run and the ratio of the two.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from newswatch.adapters.db.store import SqlStore
from tests.dbs import PG_ENV, fresh_database
from tests.fixtures.server import LocalServer, Reply
from tests.fixtures.site import page, raid_article
from tests.fixtures.workpool import run_deployment, work_pool

ROOT = Path(__file__).resolve().parent.parent


def _site(server: LocalServer, n: int, delay: float) -> None:
    urls = []
    for i in range(n):
        slug, title, published, body = raid_article(i, step=2)
        server.route(f"/news/{slug}.html", Reply(
            200, page(title, published, body), {"Content-Type": "text/html; charset=utf-8"},
            delay=delay,
        ))  # fmt: skip
        urls.append(f"<url><loc>{server.url(f'/news/{slug}.html')}</loc>"
                    f"<lastmod>{published}</lastmod></url>")  # fmt: skip
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
               f'schemas/sitemap/0.9">{"".join(urls)}</urlset>').encode()  # fmt: skip
    server.route("/sitemap.xml", Reply(200, sitemap, {"Content-Type": "application/xml"}))
    server.route("/feed.xml", Reply(200, b'<?xml version="1.0"?><rss version="2.0"><channel>'
                                         b"<title>Raids</title></channel></rss>"))  # fmt: skip


def _articles(db: str) -> int:
    store = SqlStore.open(db)
    try:
        with store.reading() as r:
            return r.counts()["articles"]
    finally:
        store.close()


def one_pool(server: LocalServer, workers: int, n: int) -> dict[str, float]:
    backend = "postgresql" if os.environ.get(PG_ENV) else "sqlite"
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        with fresh_database(backend, tmp_dir) as db:
            cfg = tmp / "newswatch.toml"
            cfg.write_text(
                f'database_url = "{db}"\n[http]\nper_host_delay = 0.0\nper_host_concurrency = 4\n'
                "retries = 0\nrespect_robots = false\n"
                f'[[feeds]]\nname = "Raids"\nurl = "{server.url("/feed.xml")}"\n',
                "utf8",
            )
            clean = {k: v for k, v in os.environ.items()
                     if not k.startswith(("NEWSWATCH_", "PREFECT_"))}  # fmt: skip
            env = {**clean, "NEWSWATCH_CONFIG": str(cfg), "NEWSWATCH_DATA_DIR": tmp_dir,
                   "NEWSWATCH_DATABASE_URL": db}  # fmt: skip
            with work_pool(tmp, env, workers=workers) as pool:
                t0 = time.perf_counter()
                out = run_deployment(pool, "backfill/backfill", "since=2026-01-01",
                                     "until=2027-12-31", "parts=2")  # fmt: skip
                wall = time.perf_counter() - t0
            if "Completed" not in out:
                raise RuntimeError(f"the backfill did not complete: {out[-2000:]}")
            stored = _articles(db)
    if stored != n:
        raise RuntimeError(f"{stored} of {n} articles stored")
    return {"workers": workers, "articles": stored, "wall_s": round(wall, 2),
            "articles_per_s": round(stored / wall, 2), "database": backend}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=240)
    ap.add_argument("--delay", type=float, default=0.2, help="seconds each page takes")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "workers.json")
    args = ap.parse_args(argv)
    server = LocalServer().start()
    try:
        _site(server, args.articles, args.delay)
        results = [one_pool(server, w, args.articles) for w in (1, 2)]
    finally:
        server.stop()
    ratio = results[1]["articles_per_s"] / results[0]["articles_per_s"]
    report = {"pools": results, "two_vs_one": round(ratio, 2), "page_delay_s": args.delay}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), "utf8")
    for r in results:
        print(f"backfill of {r['articles']} articles in 2 parts, {r['workers']} worker(s): "
              f"{r['wall_s']} s, {r['articles_per_s']} articles/s ({r['database']})")  # fmt: skip
    print(f"two workers / one: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
