"""Flow `backfill`: older articles in a date range, from the feeds' sites' sitemaps, from a list
of URLs, or re-extracted from the store. Resumable (a rerun skips what is stored); alerts are
queued quiet (one summary) unless `notify`; progress shows in the UI as a progress artifact.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.client.schemas.objects import State
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.common import add_delivery, deliver_alerts, newswatch_task, publish, services
from newswatch import runs


@newswatch_task("list backfill articles")
def list_items(
    since: str, until: str, source: str, feeds: list[str] | None, urls: list[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    items, report = runs.backfill_items(
        services(), since=dt.date.fromisoformat(since), until=dt.date.fromisoformat(until),
        source=source, feed_urls=feeds, urls=urls,
    )  # fmt: skip
    return [i.to_dict() for i in items], report.to_dict()


@newswatch_task("read articles")
def read_batch(items: list[dict[str, Any]]) -> runs.Read:
    return runs.read(services(), [runs.Item.from_dict(d) for d in items])


@newswatch_task("store articles")
def record_batch(outcomes: runs.Read, quiet: bool) -> dict[str, Any]:
    return runs.record(services(), outcomes, quiet=quiet).to_dict()


@newswatch_task("re-extract stored articles")
def reextract(since: str, until: str, quiet: bool) -> dict[str, Any]:
    report = runs.reextract_stored(
        services(), dt.date.fromisoformat(since), dt.date.fromisoformat(until), quiet=quiet
    )
    return report.to_dict()


@flow(
    name="backfill",
    description="Read older articles in a date range.",
    task_runner=cast(Any, ThreadPoolTaskRunner(max_workers=2)),
)
def backfill(  # noqa: PLR0917  (the flow's parameters, as the UI and the CLI pass them)
    since: str,
    until: str | None = None,
    feeds: list[str] | None = None,
    source: str = "sitemaps",
    urls_file: str | None = None,
    notify: bool = False,
) -> dict[str, Any] | State:
    logger = get_run_logger()
    try:  # the same checks and messages as `newswatch backfill`
        first, last = runs.backfill_range(since, until, source)
    except ValueError as exc:
        logger.error("bad parameters: %s", exc)
        return Failed(message=f"bad parameters: {exc}")
    if source == "stored":
        report = runs.RunReport.from_dict(
            reextract(first.isoformat(), last.isoformat(), not notify)
        )
    else:
        urls = Path(urls_file).read_text("utf-8").splitlines() if urls_file else []
        items, listed = list_items(first.isoformat(), last.isoformat(), source, feeds, urls)
        report = runs.RunReport.from_dict(listed)
        logger.info("%d articles to read", len(items))
        progress = cast(
            UUID, create_progress_artifact(0.0, description=f"backfill {first} → {last}")
        )
        reads = [read_batch.submit(batch) for batch in runs.batches(items)]
        for n, future in enumerate(reads, 1):
            report.add(runs.RunReport.from_dict(record_batch(future.result(), not notify)))
            update_progress_artifact(progress, 100.0 * n / len(reads))
    if not notify:
        runs.queue_summary(services(), report, first, last)
    add_delivery(report, deliver_alerts())
    publish(report, f"backfill {first} → {last} ({source})", key="backfill-report")
    for failure in report.failures[:20]:
        logger.warning(failure)
    if runs.read_nothing(report):
        message = "every source failed and nothing was read: " + "; ".join(report.failures[:3])
        logger.error(message)
        return Failed(message=message)
    return report.to_dict()
