"""Flow `backfill`: older articles in a date range, from the feeds' sites' sitemaps, from a list
of URLs, or re-extracted from the store. Resumable (a rerun skips what is stored); alerts are
queued quiet (one summary) unless `notify`; progress shows in the UI as a progress artifact.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.client.schemas.objects import FlowRun, State
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


# Seconds between two looks at the state of the parts of a split backfill.
POLL_SECONDS = 2.0


def _in_parts(
    ranges: list[tuple[dt.date, dt.date]], params: dict[str, Any]
) -> dict[str, Any] | State:
    """Run each range as a run of this deployment (the pool's workers take them in parallel),
    wait for all, and fail if any failed."""
    from prefect.client.orchestration import get_client  # noqa: PLC0415
    from prefect.deployments import run_deployment  # noqa: PLC0415
    from prefect.runtime import deployment  # noqa: PLC0415

    logger = get_run_logger()
    if deployment.id is None:
        return Failed(message="parts > 1 needs a deployment run (the parts are its runs)")
    started: list[FlowRun] = [
        cast(FlowRun, run_deployment(
            deployment.id, timeout=0, as_subflow=True, flow_run_name=f"backfill {a} → {b}",
            parameters={**params, "since": a.isoformat(), "until": b.isoformat(), "parts": 1},
        ))
        for a, b in ranges
    ]  # fmt: skip
    logger.info("backfill split into %d runs", len(started))
    states: dict[str, Any] = {}
    with get_client(sync_client=True) as client:
        while len(states) < len(started):
            for run in started:
                state = client.read_flow_run(run.id).state
                if state is not None and state.is_final():
                    states[str(run.name)] = state
            if len(states) < len(started):
                time.sleep(POLL_SECONDS)
    failed = [name for name, st in states.items() if not st.is_completed()]
    if failed:
        return Failed(message=f"{len(failed)} of {len(started)} parts failed: {', '.join(failed)}")
    return {"parts": {name: st.type.value for name, st in states.items()}}


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
    parts: int = 1,
) -> dict[str, Any] | State:
    """`parts` > 1 (a deployment run): the range is cut into that many consecutive ranges, each
    its own run of this deployment, so the workers of the pool read them in parallel."""
    logger = get_run_logger()
    try:  # the same checks and messages as `newswatch backfill`
        first, last = runs.backfill_range(since, until, source)
        if parts < 1:
            raise ValueError(f"parts must be 1 or more, not {parts}")
    except ValueError as exc:
        logger.error("bad parameters: %s", exc)
        return Failed(message=f"bad parameters: {exc}")
    if parts > 1 and source != "urls":
        params = {"feeds": feeds, "source": source, "notify": notify}
        return _in_parts(runs.split_range(first, last, parts), params)
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
