"""Flow `monitor`: feeds -> new entries -> articles read in batches -> stored -> run report.

Tasks are thin wrappers over newswatch.runs with small, primitive arguments; articles go in
batches of 100 (a task run costs milliseconds and server rows: one per article would cost more
than the work). One bad feed or article never fails the run; a run where no feed could be
fetched fails.
"""

from __future__ import annotations

from typing import Any, cast

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from flows.common import add_delivery, deliver_alerts, newswatch_task, publish, services
from newswatch import runs

# Batches read at once: one waits on the network while the other is cleaned and extracted.
BATCHES_AT_ONCE = 2


@newswatch_task("check feeds")
def check_feeds() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    svc = services()
    _ = svc.cpu  # worker processes start while the feeds are fetched
    due, report = runs.check_feeds(svc)
    return [i.to_dict() for i in due], report.to_dict()


@newswatch_task("read articles")
def read_batch(items: list[dict[str, Any]]) -> runs.Read:
    return runs.read(services(), [runs.Item.from_dict(d) for d in items])


@newswatch_task("store articles")
def record_batch(outcomes: runs.Read, quiet: bool = False) -> dict[str, Any]:
    return runs.record(services(), outcomes, quiet=quiet).to_dict()


@flow(
    name="monitor",
    description="Check every feed, read new articles, store their figures and events.",
    task_runner=cast(Any, ThreadPoolTaskRunner(max_workers=BATCHES_AT_ONCE)),
    log_prints=False,
)
def monitor() -> dict[str, Any]:
    logger = get_run_logger()
    items, first = check_feeds()
    report = runs.RunReport.from_dict(first)
    logger.info("%d new articles from %d feeds", len(items), sum(report.feeds.values()))
    # Batches are read two at a time (network in threads, CPU in worker processes) while
    # this thread stores the ones already read.
    reads = [read_batch.submit(batch) for batch in runs.batches(items)]
    for future in reads:
        report.add(runs.RunReport.from_dict(record_batch(future.result())))
    runs.finish_pass(services(), report)
    add_delivery(report, deliver_alerts())
    publish(report, "monitor run", key="monitor-report")
    for failure in report.failures[:20]:
        logger.warning(failure)
    if report.feeds["failed"] and not (report.feeds["ok"] or report.feeds["unchanged"]):
        raise runs.NothingFetched("; ".join(report.failures[:5]))
    return report.to_dict()
