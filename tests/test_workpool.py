"""Scale-out, run for real: a Prefect server, a process work pool with two workers, PostgreSQL,
the deployments of deploy/prefect.yaml; `monitor` and a backfill split in two parts run against a
local site, and the store holds what one process would have stored."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from newswatch.adapters.db.store import SqlStore
from tests.dbs import PG_ENV, PG_SKIP, fresh_database
from tests.fixtures.server import LocalServer
from tests.fixtures.site import NewsSite
from tests.fixtures.workpool import run_deployment, work_pool

IN_FEED = ("01_a-flight-312", "05_d-bavet-raid", "15_f-pasay-rescue")
ARCHIVED = ("08_a-deported-since-july", "09_c-deported-since-july", "14_d-kh-deports-58",
            "13_e-vn-receives-58")  # fmt: skip


def stored_urls(db: str) -> set[str]:
    store = SqlStore.open(db)
    try:
        with store.reading() as r:
            from newswatch.adapters.db.schema import ArticleRow

            return {row.url for row in r.session.query(ArticleRow)}
    finally:
        store.close()


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=PG_SKIP)
def test_monitor_and_a_split_backfill_on_a_pool_of_two_workers(
    tmp_path: Path, server: LocalServer
) -> None:
    site = NewsSite(server)
    for stem in IN_FEED:
        site.publish(stem)
    for stem in ARCHIVED:
        site.archive(stem)
    with fresh_database("postgresql", str(tmp_path)) as db:
        cfg = tmp_path / "newswatch.toml"
        cfg.write_text(
            f'database_url = "{db}"\nfirst_run = "each"\n'
            "[http]\nper_host_delay = 0.0\nretries = 0\nrespect_robots = false\n"
            f'[[feeds]]\nname = "Test Outlet"\nurl = "{server.url("/feed.xml")}"\n',
            "utf8",
        )
        clean = {
            k: v for k, v in os.environ.items() if not k.startswith(("NEWSWATCH_", "PREFECT_"))
        }
        env = {**clean, "NEWSWATCH_CONFIG": str(cfg), "NEWSWATCH_DATA_DIR": str(tmp_path),
               "NEWSWATCH_DATABASE_URL": db}  # fmt: skip
        with work_pool(tmp_path, env, workers=2) as pool:
            out = run_deployment(pool, "monitor/monitor")
            assert "Completed" in out, out
            assert stored_urls(db) == {site.url(s) for s in IN_FEED}

            out = run_deployment(pool, "backfill/backfill", "since=2026-01-01",
                                 "until=2026-12-31", "parts=2")  # fmt: skip
            assert "Completed" in out, out
            assert stored_urls(db) == {site.url(s) for s in IN_FEED + ARCHIVED}
        logs = [(tmp_path / f"worker-{i}.log").read_text("utf8", "replace") for i in range(2)]
        ran = [set(re.findall(r" - View at \S*/flow-run/([0-9a-f-]{36})", log)) for log in logs]
        # monitor, the split backfill and its two parts: four runs, shared by the two workers.
        # Distinct run ids: a loaded machine may make Prefect log a run's start twice, and the
        # store above already shows that nothing was stored twice.
        assert len(ran[0] | ran[1]) == 4 and all(ran), logs
