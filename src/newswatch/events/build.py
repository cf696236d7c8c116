"""An event's current values are a fold of its mentions in publication order. Pure.

Replaying the mentions (instead of patching the event as each one arrives) makes the result
independent of the order articles reach us: an old article first seen today slots into the
history where it belongs, and re-extraction rebuilds the same event under the same id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Literal, TypeVar

from newswatch.events.matching import DATE_TOLERANCE, compatible, family
from newswatch.models import Event, Figure, Mention, Qualifier, Revision, Scope, ValueKind

T = TypeVar("T")

ChangeKind = Literal["new_event", "merged", "revised", "series_value", "unchanged"]


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """What one mention did to the events: the outcomes the alerts consume."""

    kind: ChangeKind
    event: Event
    mention: Mention
    previous_count: int | None = None  # revised: the count before; series_value: the last value
    previous_qualifier: Qualifier | None = None
    previous_event_id: int | None = None  # series_value: the event holding the last value


def _mode(values: Sequence[T | None]) -> T | None:
    """The value most mentions state; on a tie, the one reported first."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)


def _richer(a: dict[str, int | None], b: dict[str, int | None]) -> bool:
    return (sum(v is not None for v in b.values()), len(b)) > (
        sum(v is not None for v in a.values()),
        len(a),
    )


def fold(mentions: Sequence[Mention], event_id: int | None = None) -> Event:
    """The event these mentions report, its current values and the history of its count."""
    if not mentions:
        raise ValueError("an event needs at least one mention")
    ordered = sorted(mentions, key=Mention.order)
    first = ordered[0]
    count, qualifier = first.figure.count, first.figure.qualifier
    history = [_value(first, ValueKind.FIRST)]
    for m in ordered[1:]:
        f = m.figure
        if m.syndicated or (f.count, f.qualifier) == (count, qualifier):
            continue  # a copy never revises by itself; a repeat changes nothing
        if compatible(count, qualifier, f.count, f.qualifier):
            if qualifier is not Qualifier.EXACT and f.qualifier is Qualifier.EXACT:
                count, qualifier = f.count, f.qualifier  # "nearly 1,800" → 1,792
                history.append(_value(m, ValueKind.REFINED))
        else:
            count, qualifier = f.count, f.qualifier  # "more than 100" → 34
            history.append(_value(m, ValueKind.REVISED))

    figs = [m.figure for m in ordered]
    # Breakdowns belong to the count they were stated for (CODEBOOK §4: never carried over).
    same_count = [m.figure for m in ordered if m.figure.count == count] or [figs[-1]]
    nationalities: dict[str, int | None] = {}
    for f in same_count:
        if _richer(nationalities, f.nationalities):
            nationalities = dict(f.nationalities)
    for m in ordered:
        if not m.syndicated:
            for code in m.figure.nationalities:
                nationalities.setdefault(code, None)
    published = [m.published for m in ordered if m.published]
    return Event(
        action=_mode([f.action for f in figs]) or first.figure.action,
        count=count,
        qualifier=qualifier,
        unit=first.figure.unit,
        scope=first.figure.scope,
        date=_mode([f.date for f in figs]),
        period_start=_mode([f.period_start for f in figs]),
        period_end=_mode([f.period_end for f in figs]),
        nationalities=nationalities,
        women=_mode([f.women for f in same_count]),
        men=_mode([f.men for f in same_count]),
        country=first.figure.country,
        admin1=_mode([f.admin1 for f in figs]),
        place=_mode([f.place for f in figs]),
        agency=_mode([f.agency for f in figs]),
        first_published=min(published) if published else None,
        last_published=max(published) if published else None,
        article_ids=frozenset(m.article_id for m in ordered),
        revisions=tuple(history),
        id=event_id,
    )


def _value(m: Mention, kind: ValueKind) -> Revision:
    return Revision(m.figure.count, m.figure.qualifier, kind, m.id, m.article_url, m.published)


def change(before: Event | None, after: Event, mention: Mention) -> Change:
    """Name what adding `mention` did: a new event, a revision of its count, or a merge."""
    if before is None:
        return Change("new_event", after, mention)
    latest = after.revisions[-1]
    if (
        (after.count, after.qualifier) != (before.count, before.qualifier)
        and latest.kind is ValueKind.REVISED
        and latest not in before.revisions
    ):
        return Change("revised", after, mention, before.count, before.qualifier)
    if after == before:
        return Change("unchanged", after, mention)
    return Change("merged", after, mention)


def same_series(a: Figure | Event, b: Figure | Event) -> bool:
    """Cumulative totals of one action in one country whose periods start within 3 days."""
    return (
        a.scope is Scope.CUMULATIVE
        and b.scope is Scope.CUMULATIVE
        and family(a.action) is family(b.action)
        and a.unit is b.unit
        and a.country == b.country
        and a.period_start is not None
        and b.period_start is not None
        and abs(a.period_start - b.period_start) <= DATE_TOLERANCE
    )


def previous_value(series: Sequence[Event], end: dt.date | None) -> Event | None:
    """The value of a series that ended last before `end` (the "up from" of an alert)."""
    earlier = [e for e in series if e.period_end and end and e.period_end < end]
    return max(earlier, key=lambda e: (e.period_end, e.id or 0)) if earlier else None
