"""Alerts: which changes a channel wants, and the messages it gets. Pure: values in, values out.

Delivery (the outbox, channels, retries) is `newswatch.delivery`; sending is the Apprise
adapter `newswatch.adapters.notify`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from newswatch.alerts.messages import Alert, Message, digest, render, summary_message, test_message

__all__ = [
    "Alert",
    "ChannelFilter",
    "Message",
    "config_kind",
    "digest",
    "render",
    "summary_message",
    "test_message",
    "wanted",
]

# Outbox kinds as the configuration names them (`kinds = [...]` of an [[alerts]] entry).
_CONFIG_KIND = {
    "new_event": "new_event",
    "revised": "revised",
    "series_value": "series_update",
    "feed_down": "feed_down",
    "feed_recovered": "feed_down",
    "monitor_stalled": "feed_down",  # an operational alert, like a feed that is down
}
_EVENT_KINDS = ("new_event", "revised", "series_update")


class ChannelFilter(Protocol):
    @property
    def kinds(self) -> Sequence[str]: ...
    @property
    def actions(self) -> Sequence[str] | None: ...
    @property
    def countries(self) -> Sequence[str] | None: ...
    @property
    def nationalities(self) -> Sequence[str] | None: ...
    @property
    def min_count(self) -> int: ...


def config_kind(kind: str) -> str | None:
    return _CONFIG_KIND.get(kind)


def wanted(channel: ChannelFilter, alert: Alert) -> bool:
    """Whether this channel's filters let the alert through."""
    if alert.kind in ("backfill_summary", "baseline_summary"):
        return any(k in channel.kinds for k in _EVENT_KINDS)
    kind = config_kind(alert.kind)
    if kind is None or kind not in channel.kinds:
        return False
    if kind == "feed_down":
        return True
    ev = alert.payload.get("event") or {}
    if channel.actions is not None and ev.get("action") not in channel.actions:
        return False
    if channel.countries is not None and ev.get("country") not in channel.countries:
        return False
    nats = set(ev.get("nationalities") or {})
    if channel.nationalities is not None and not nats & set(channel.nationalities):
        return False
    return int(ev.get("count") or 0) >= channel.min_count
