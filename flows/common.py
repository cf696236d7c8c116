"""What the flows share: the wired services of this process, task settings, the run report."""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from prefect import Task, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from sqlalchemy.exc import OperationalError

from newswatch import delivery
from newswatch.bootstrap import Services, build
from newswatch.config import Settings, load_settings
from newswatch.runs import RunReport

P = ParamSpec("P")
R = TypeVar("R")


_cache: dict[str, Services] = {}
_lock = threading.Lock()


def services() -> Services:
    """One set of services per process and configuration: the HTTP client's politeness and the
    database pool are shared by every task of every run this process serves."""
    key = load_settings().model_dump_json()
    with _lock:
        if key not in _cache:
            _cache[key] = build(Settings.model_validate_json(key))
        return _cache[key]


def close_services() -> None:
    """Close what `services()` opened: connections, the HTTP pool, the worker processes."""
    with _lock:
        for svc in _cache.values():
            svc.close()
        _cache.clear()


atexit.register(close_services)


def transient(_task: Any, _run: Any, state: Any) -> bool:
    """Retry a task only for failures a second try can fix: a locked or unreachable database,
    the network. Bugs and bad data are not retried."""
    try:
        state.result()
    except (OperationalError, OSError, TimeoutError):
        return True
    except Exception:
        return False
    return False


def newswatch_task(name: str) -> Callable[[Callable[P, R]], Task[P, R]]:
    """Task options for newswatch: no input hashing (the default cache policy hashes every
    argument), bounded retries for transient failures only."""
    return task(
        name=name,
        cache_policy=NO_CACHE,
        retries=2,
        retry_delay_seconds=5,
        retry_condition_fn=transient,
    )


class _Delivered:
    """A ChannelReport as a task returns it (a dict), for RunReport.add_delivery."""

    def __init__(self, d: dict[str, Any]) -> None:
        self.channel, self.sent, self.failed = d["channel"], d["sent"], d["failed"]
        self.filtered, self.error = d["filtered"], d["error"]


@newswatch_task("deliver alerts")
def deliver_alerts() -> list[dict[str, Any]]:
    return [r.to_dict() for r in delivery.deliver(services())]


def add_delivery(report: RunReport, delivered: list[dict[str, Any]]) -> None:
    report.add_delivery(_Delivered(d) for d in delivered)


def report_markdown(report: RunReport, title: str) -> str:
    d = report.to_dict()
    feeds, arts, ev = d["feeds"], d["articles"], d["events"]
    rows = [
        ("feeds ok / unchanged / failed",
         f"{feeds['ok']} / {feeds['unchanged']} / {feeds['failed']}"),
        ("feed warnings", d["feed_warnings"]),
        ("articles new / updated", f"{arts['new']} / {arts['updated']}"),
        ("already stored", arts["known"]),
        ("copies of earlier articles", arts["copies"]),
        ("off topic / not articles / failed",
         f"{arts['off_topic']} / {arts['skipped']} / {arts['failed']}"),
        ("queued for the next pass", arts["deferred"]),
        ("figures", d["figures"]),
        ("new events / revisions / series values",
         f"{ev['new_event']} / {ev['revised']} / {ev['series_value']}"),
        ("joined an event", ev["merged"]),
        ("alerts queued", d["alerts_queued"]),
        *((f"alerts to {ch}: sent / failed", f"{c['sent']} / {c['failed']}")
          for ch, c in d["alerts_delivered"].items()),
    ]  # fmt: skip
    lines = [f"# {title}", "", "| | |", "| --- | ---: |"] + [f"| {k} | {v} |" for k, v in rows]
    if report.found:
        lines += ["", "## What changed", ""] + [f"- {f}" for f in report.found[:100]]
    if report.failures:
        lines += ["", "## Failures", ""] + [f"- {f}" for f in report.failures[:100]]
    return "\n".join(lines) + "\n"


def publish(report: RunReport, title: str, key: str) -> None:
    create_markdown_artifact(report_markdown(report, title), key=key, description=title)
