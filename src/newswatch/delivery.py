"""Deliver the outbox to the configured channels: each alert once per channel.

The alert rows were written in the transactions that made the changes (newswatch.catalog, the
feed health). Delivery is its own step, per channel: register the channel (it receives alerts
from the moment it was first configured), list what is due, drop what its filters reject,
claim the rest (a row per alert and channel, so two processes never both send one), send,
then mark each sent or failed with a retry time (1 min, doubling, at most 6 h). A failing
channel never stops the others.

What a crash can do: between storing a change and sending, nothing is lost (the alert is due
on the next run, sent once). During a send, after the channel accepted the message but before
it was marked sent, the claim expires after `SEND_LEASE` and the alert is sent again: at least
once, never lost, rarely twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from sqlalchemy.exc import SQLAlchemyError

from newswatch.adapters.db.store import SEND_LEASE, Deliveries
from newswatch.adapters.notify import AppriseNotifier
from newswatch.alerts import Alert, Message, digest, render, test_message, wanted
from newswatch.bootstrap import Services
from newswatch.config import ENV_REF, AlertConfig

_TIMED_OUT = re.compile(r"timed? ?out|timeout", re.I)


def with_timeout(url: str, seconds: float) -> str:
    """The Apprise URL with its read and connect timeouts (rto, cto) set, unless the URL sets
    them itself (Apprise's own default is 4 s)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    extra = {k: f"{seconds:g}" for k in ("rto", "cto") if k not in query}
    if not extra:
        return url
    sep = "&" if parts.query else ""
    return urlunsplit(parts._replace(query=parts.query + sep + urlencode(extra)))


# The first retry of a failed delivery; each further one waits twice as long.
BACKOFF = dt.timedelta(minutes=1)
MAX_BACKOFF = dt.timedelta(hours=6)


class Notifier(Protocol):
    def send(self, url: str, secrets: list[str], message: Message) -> str | None: ...


@dataclasses.dataclass
class ChannelReport:
    channel: str
    sent: int = 0
    failed: int = 0
    filtered: int = 0
    error: str | None = None  # the last failure, secrets removed

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def _secrets(channel: AlertConfig) -> list[str]:
    """The values the channel's URL reads from the environment: scrubbed from any error."""
    return [os.environ.get(name, "") for name in ENV_REF.findall(channel.url)]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def deliver(
    services: Services,
    *,
    retry_all: bool = False,
    notifier: Notifier | None = None,
    now: Callable[[], dt.datetime] = _now,
) -> list[ChannelReport]:
    """Send every due alert to every configured channel; a report per channel."""
    sender = notifier or AppriseNotifier()
    boxes = Deliveries(services.store)

    def one(channel: AlertConfig) -> ChannelReport:
        report = ChannelReport(channel.label)
        try:
            _deliver_channel(
                boxes, channel, sender=sender, report=report, retry_all=retry_all, now=now
            )
        except SQLAlchemyError as exc:  # the database, not the channel: tell, go on
            report.error = f"database error: {str(exc).splitlines()[0]}"
        return report

    channels = list(services.settings.alerts)
    if len(channels) <= 1:
        return [one(c) for c in channels]
    # Channels at once: a slow or hanging channel never holds up the others.
    with ThreadPoolExecutor(max_workers=min(len(channels), 8)) as pool:
        return list(pool.map(one, channels))


def _deliver_channel(
    boxes: Deliveries,
    channel: AlertConfig,
    *,
    sender: Notifier,
    report: ChannelReport,
    retry_all: bool,
    now: Callable[[], dt.datetime],
) -> None:
    label = channel.label
    since = boxes.register(label, now())
    due = [Alert(d.id, d.kind, d.payload) for d in boxes.due(label, since, now(), retry_all)]
    rejected = [a.id for a in due if not wanted(channel, a)]
    if rejected:
        boxes.claim(label, rejected, now(), status="filtered")
        report.filtered += len(rejected)
    mine = set(boxes.claim(label, [a.id for a in due if wanted(channel, a)], now()))
    todo = [
        dataclasses.replace(a, sources=boxes.sources(int(a.payload["event"]["id"])))
        if a.payload.get("event", {}).get("id") is not None
        else a
        for a in due
        if a.id in mine
    ]
    if not todo:
        return
    url, secrets = with_timeout(channel.expand(channel.url), channel.timeout), _secrets(channel)
    batches = [todo] if channel.digest else [[a] for a in todo]
    for n, batch in enumerate(batches):
        message = digest(batch) if channel.digest else render(batch[0])
        started = time.monotonic()
        error = sender.send(url, secrets, message)
        # a failure that took the whole timeout (or says so) is a timeout: the channel hangs
        timed_out = error is not None and (
            _TIMED_OUT.search(error) is not None
            or time.monotonic() - started >= 0.9 * channel.timeout
        )
        boxes.finish(
            label, [a.id for a in batch], error=error, now=now(),
            # a send that timed out may still arrive: never retried before its lease is over
            backoff=max(BACKOFF, SEND_LEASE) if timed_out else BACKOFF, max_backoff=MAX_BACKOFF,
        )  # fmt: skip
        if error is None:
            report.sent += len(batch)
            continue
        report.failed += len(batch)
        report.error = error
        if timed_out and n + 1 < len(batches):
            # the channel is hanging: the rest waits for the next run instead of each taking
            # a whole timeout now (released, so the next run takes them at once)
            rest = [a.id for b in batches[n + 1 :] for a in b]
            boxes.release(label, rest)
            report.error = f"{error} ({len(rest)} more left for the next run)"
            break


def send_tests(services: Services, notifier: Notifier | None = None) -> list[ChannelReport]:
    """A test message to every channel, outside the outbox."""
    sender = notifier or AppriseNotifier()
    out = []
    for channel in services.settings.alerts:
        report = ChannelReport(channel.label)
        error = sender.send(with_timeout(channel.expand(channel.url), channel.timeout),
                            _secrets(channel),
                            test_message(channel.label))  # fmt: skip
        if error is None:
            report.sent = 1
        else:
            report.failed, report.error = 1, error
        out.append(report)
    return out
