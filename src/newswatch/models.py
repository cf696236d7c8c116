"""The codebook (CODEBOOK.md) as types. Standard library only.

Field names are exactly the codebook's, so ``figure_to_json(f)`` is the §6 JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What was done (CODEBOOK §2)."""

    DEPORTED = "deported"
    EXTRADITED = "extradited"
    ARRESTED = "arrested"
    RESCUED = "rescued"
    CHARGED = "charged"
    RAIDED = "raided"
    CLOSED = "closed"

    @property
    def family(self) -> Action:
        """Outlets say "deported" and "extradited" of the same flight (CODEBOOK §5)."""
        return Action.DEPORTED if self is Action.EXTRADITED else self

    @property
    def counts_sites(self) -> bool:
        """Raids and closures count locations; the other actions count people."""
        return self in (Action.RAIDED, Action.CLOSED)


class Qualifier(StrEnum):
    """How exactly the count is stated (CODEBOOK §1, §3)."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    ABOUT = "about"
    NEARLY = "nearly"
    UP_TO = "up_to"
    VAGUE = "vague"


class Unit(StrEnum):
    PEOPLE = "people"
    SITES = "sites"
    CASES = "cases"


class Scope(StrEnum):
    EVENT = "event"
    CUMULATIVE = "cumulative"


@dataclasses.dataclass(frozen=True, slots=True)
class Figure:
    """One number an article states about an enforcement action (CODEBOOK §1)."""

    action: Action
    count: int
    qualifier: Qualifier
    unit: Unit
    scope: Scope
    date: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    nationalities: dict[str, int | None]
    women: int | None
    men: int | None
    country: str | None
    admin1: str | None
    place: str | None
    agency: str | None
    evidence: str
    span: tuple[int, int]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def figure_to_json(figure: Figure) -> dict[str, Any]:
    """The CODEBOOK §6 object for one figure, fields in codebook order."""
    return {f.name: _jsonable(getattr(figure, f.name)) for f in dataclasses.fields(figure)}


def extraction_to_json(published: dt.date | None, figures: list[Figure]) -> dict[str, Any]:
    """The CODEBOOK §6 object for one article."""
    return {
        "published": published.isoformat() if published else None,
        "figures": [figure_to_json(f) for f in figures],
    }


@dataclasses.dataclass(frozen=True, slots=True)
class Mention:
    """A figure as one article states it (CODEBOOK §5)."""

    figure: Figure
    article_id: int
    article_url: str
    outlet: str | None
    published: dt.date | None
    syndicated: bool = False  # the article is a copy of one seen before (it never revises)
    id: int | None = None
    ordinal: int = 0  # the figure's place in its article

    def order(self) -> tuple[dt.date, int, int]:
        """Publication order: the order in which the world learned the values."""
        return (self.published or dt.date.min, self.article_id, self.ordinal)


class ValueKind(StrEnum):
    """Why an event's current count took a value."""

    FIRST = "first"  # the first report
    REFINED = "refined"  # a compatible, more precise report ("more than 2,000" → 2,198)
    REVISED = "revised"  # a later report the earlier count does not admit ("more than 100" → 34)


@dataclasses.dataclass(frozen=True, slots=True)
class Revision:
    """One value in an event's history, with the mention that stated it."""

    count: int
    qualifier: Qualifier
    kind: ValueKind
    mention_id: int | None
    article_url: str
    published: dt.date | None


@dataclasses.dataclass(frozen=True, slots=True)
class Event:
    """The real-world fact behind one or more mentions (CODEBOOK §5): the current values."""

    action: Action
    count: int
    qualifier: Qualifier
    unit: Unit
    scope: Scope
    date: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    nationalities: dict[str, int | None]
    women: int | None
    men: int | None
    country: str | None
    admin1: str | None
    place: str | None
    agency: str | None
    first_published: dt.date | None
    last_published: dt.date | None
    article_ids: frozenset[int]
    revisions: tuple[Revision, ...]
    id: int | None = None
