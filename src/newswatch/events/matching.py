"""Is this mention the same real-world fact as that event? (CODEBOOK §5). Pure.

`verdict(event, mention)` answers for one pair; `best_match` picks among the candidates the
store fetched by the blocking key (`blocks`). Every threshold is named with its reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Collection, Iterable
from typing import Literal

from newswatch.models import Action, Event, Figure, Mention, Qualifier, Scope

# "on Saturday" vs "on Sunday" reports, time zones, "last week" (CODEBOOK §5).
DATE_TOLERANCE = dt.timedelta(days=3)
# A mention with no date joins an event reported at most this long before its article.
UNDATED_WINDOW = dt.timedelta(days=30)
# A day of slack for "published" itself: outlets in other time zones date the same story apart.
PUBLISHED_SLACK = dt.timedelta(days=1)
# Two counts are the same fact when either is approximate and they differ by at most this share.
APPROX_TOLERANCE = 0.10
# "more than 800" / "at least 800" is said of 812 or 1,000, not of 1,100 or 2,000.
FLOOR_CAP = 1.3
# "up to 500" is said of 400, not of 40.
CEILING_FLOOR = 0.5
# A vague floor ("hundreds" = 100) admits counts below ten times itself.
VAGUE_SPAN = 10
# An undated report joins an event that names more of who and where only with the same exact
# count, and only a count this large: "3 sites raided" recurs every week, "312 deported" not.
DISTINCTIVE_COUNT = 20

# Words that say a report corrects or updates an earlier figure ("officials now say 26").
REVISION_CUES = re.compile(
    r"\b(?:now|revised|updated?|correct(?:ed|ion)|latest|new (?:figure|tally|count|total)"
    r"|(?:rose|risen|increased|climbed|jumped|grew|fell|dropped|lowered|reduced) to"
    r"|bringing the total|brought the total|up from|down from|raised the number)\b",
    re.IGNORECASE,
)
# Words in site names that say what kind of place, not which one.
_GENERIC_PLACE_WORDS = frozenset(
    "the of and a an in at on international intl airport border gate checkpoint crossing "
    "casino compound hotel building city town province district village park zone complex "
    "resort centre center station port point capital special economic".split()
)
_APPROXIMATE = frozenset(q for q in Qualifier if q is not Qualifier.EXACT)

Kind = Literal["same", "revision"]


@dataclasses.dataclass(frozen=True, slots=True)
class Verdict:
    kind: Kind
    gap_days: int  # distance between the two dates (0 when undated)
    equal_count: bool
    corroboration: int  # fields both state and agree on (place, admin1, nationalities, agency)

    def rank(self) -> tuple[int, int, int, int]:
        return (self.kind == "same", self.equal_count, -self.gap_days, self.corroboration)


def family(action: Action) -> Action:
    """Outlets say "deported" and "extradited" of the same flight (CODEBOOK §5)."""
    return Action.DEPORTED if action is Action.EXTRADITED else action


def interval(fig: Figure | Event) -> tuple[dt.date, dt.date] | None:
    """The days the figure speaks of: its date, its period, or None when undated."""
    if fig.scope is Scope.EVENT:
        if fig.date:
            return fig.date, fig.date
        if fig.period_start or fig.period_end:
            lo = fig.period_start or fig.period_end
            hi = fig.period_end or fig.period_start
            assert lo is not None and hi is not None
            return min(lo, hi), max(lo, hi)
        return None
    if fig.period_end:
        return fig.period_start or fig.period_end, fig.period_end
    return None


def anchor(event: Event) -> tuple[bool, dt.date | None, dt.date | None]:
    """Where the store indexes an event: (dated, first day, last day). A dated event under the
    days it speaks of (a cumulative total under its end day); an undated one under the day it
    was first reported."""
    span = interval(event)
    if span is None:
        return False, event.first_published, event.first_published
    if event.scope is Scope.CUMULATIVE:
        return True, span[1], span[1]
    return True, span[0], span[1]


# One operation lasts a few days at most ("March 9 to 10"); longer ones are found by their
# first day only when it is within this of the mention.
MAX_EVENT_SPAN = dt.timedelta(days=7)
# Counts an undated match can have: compatible counts are within these factors of each other
# (a vague floor admits up to ten times itself, "up to" down to half).
COUNT_SPAN = 10


@dataclasses.dataclass(frozen=True, slots=True)
class Block:
    """One index range of candidate events: dated or not, first day between `first_from` and
    `first_to`, last day from `last_from`, and (undated ones) a count within a factor."""

    dated: bool
    first_from: dt.date
    first_to: dt.date
    last_from: dt.date
    counts: tuple[int, int] | None = None


def blocks(fig: Figure, published: dt.date | None) -> list[Block]:
    """The index ranges holding every event this figure could report; `verdict` then decides.
    Narrow ranges keep the cost per mention flat however many events are stored."""
    span = interval(fig)
    counts = (fig.count // COUNT_SPAN, fig.count * COUNT_SPAN)
    out: list[Block] = []
    if span is not None:
        lo, hi = span
        if fig.scope is Scope.CUMULATIVE:
            out.append(Block(True, hi, hi, hi))  # same end day
        else:
            lo_t, hi_t = lo - DATE_TOLERANCE, hi + DATE_TOLERANCE
            out.append(Block(True, lo_t - MAX_EVENT_SPAN, hi_t, lo_t))  # overlapping days
        # Undated events reported within 30 days after this day, with a count that can match.
        out.append(Block(False, hi - PUBLISHED_SLACK, hi + UNDATED_WINDOW, hi - PUBLISHED_SLACK,
                         counts))  # fmt: skip
    elif published is not None:
        # Dated events up to 30 days before the report, undated ones reported within 30 days;
        # an undated mention matches only compatible counts.
        first = published - UNDATED_WINDOW - MAX_EVENT_SPAN
        out.append(Block(True, first, published + PUBLISHED_SLACK,
                         published - UNDATED_WINDOW - PUBLISHED_SLACK, counts))  # fmt: skip
        lo_u = published - UNDATED_WINDOW
        out.append(Block(False, lo_u, published + UNDATED_WINDOW, lo_u, counts))
    return out


def admits(count: int, qualifier: Qualifier, other: int) -> bool:
    """Whether "<qualifier> <count>" can be said of exactly `other`."""
    match qualifier:
        case Qualifier.EXACT:
            return other == count
        case Qualifier.MORE_THAN:
            return count < other <= count * FLOOR_CAP
        case Qualifier.AT_LEAST:
            return count <= other <= count * FLOOR_CAP
        case Qualifier.ABOUT:
            return abs(other - count) <= count * APPROX_TOLERANCE
        case Qualifier.NEARLY:
            return count * (1 - APPROX_TOLERANCE) <= other <= count
        case Qualifier.UP_TO:
            return count * CEILING_FLOOR <= other <= count
        case Qualifier.VAGUE:
            return count <= other < count * VAGUE_SPAN
    return False  # pragma: no cover - the enum is exhaustive


def compatible(a: int, qa: Qualifier, b: int, qb: Qualifier) -> bool:
    """The codebook's count compatibility: equal, admitted by a qualifier, or within 10% when
    either is approximate."""
    if a == b:
        return True
    # A qualified count admits exact counts; two qualified counts ("more than 21,000" and
    # "more than 30,000") are two statements unless they are within 10% of each other.
    if qb is Qualifier.EXACT and admits(a, qa, b):
        return True
    if qa is Qualifier.EXACT and admits(b, qb, a):
        return True
    approximate = qa in _APPROXIMATE or qb in _APPROXIMATE
    return approximate and abs(a - b) <= max(a, b) * APPROX_TOLERANCE


@functools.lru_cache(maxsize=4096)
def place_words(value: str | None) -> frozenset[str]:
    """The distinctive words of a place name (cached: the same names recur across events)."""
    return frozenset(re.findall(r"[a-z0-9]+", (value or "").lower())) - _GENERIC_PLACE_WORDS


def _admin1(value: str | None) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in (value or "").split(";") if p.strip())


def _agree(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """True when both name it and overlap, False when both name it and don't, None if unknown."""
    if not a or not b:
        return None
    return bool(a & b)


def _nationalities_agree(
    a: dict[str, int | None], b: dict[str, int | None], same_count: bool = False
) -> bool | None:
    """Nationalities contradict when neither list contains the other, or, for the same
    count, when both give a different number for one nationality ("one of the eight was
    Taiwanese" is not "eight Taiwanese")."""
    if not a or not b:
        return None
    ka, kb = set(a), set(b)
    if same_count and any(a[k] is not None and b[k] is not None and a[k] != b[k] for k in ka & kb):
        return False
    return ka <= kb or kb <= ka


@dataclasses.dataclass(frozen=True, slots=True)
class _Fields:
    """What the two sides say about where and who: agreements and contradictions."""

    agree: int
    contradict: bool
    same_who_where: bool  # nationalities and place stated alike (the undated-mention rule)


def _compare_fields(event: Event, fig: Figure) -> _Fields:
    checks = [
        _agree(place_words(event.place), place_words(fig.place)),
        _agree(_admin1(event.admin1), _admin1(fig.admin1)),
        _nationalities_agree(event.nationalities, fig.nationalities, event.count == fig.count),
    ]
    agency = _agree(place_words(event.agency), place_words(fig.agency))
    contradict = any(c is False for c in checks)
    agree = sum(c is True for c in [*checks, agency])
    no_place = not place_words(event.place) and not place_words(fig.place)
    same = set(event.nationalities) == set(fig.nationalities) and (checks[0] is True or no_place)
    return _Fields(agree, contradict, same)


def _same_distinctive_count(event: Event, fig: Figure) -> bool:
    """The same large count, stated exactly by both ("110 Chinese nationals" and "110 people"):
    one fact even when one report says less about who and where (nothing contradicts)."""
    return (
        fig.count == event.count
        and fig.count >= DISTINCTIVE_COUNT
        and Qualifier.EXACT is fig.qualifier is event.qualifier
    )


def _timing(event: Event, mention: Mention) -> tuple[bool, bool, int]:
    """(in time, needs the full match of an undated mention, gap in days)."""
    fig = mention.figure
    a, b = interval(event), interval(fig)
    if fig.scope is Scope.CUMULATIVE:
        if event.period_end and fig.period_end and event.period_end != fig.period_end:
            return False, False, 0  # a later end is a new value of the series, not this event
        if event.period_start and fig.period_start:
            gap = abs((event.period_start - fig.period_start).days)
            return gap <= DATE_TOLERANCE.days, a is None or b is None, gap
    if a and b:
        gap = max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)
        return gap <= DATE_TOLERANCE.days, False, gap
    # One side has no day: the mention must be reported within 30 days after the event.
    if b is None and a is not None and mention.published:
        ok = a[1] - PUBLISHED_SLACK <= mention.published <= a[1] + UNDATED_WINDOW
        return ok, True, 0
    if a is None and b is not None and event.first_published:
        ok = b[1] - PUBLISHED_SLACK <= event.first_published <= b[1] + UNDATED_WINDOW
        return ok, True, 0
    if a is None and b is None and mention.published and event.first_published:
        gap = abs((mention.published - event.first_published).days)
        return gap <= UNDATED_WINDOW.days, True, 0
    return False, True, 0


def _reads_as_revision(event: Event, mention: Mention) -> bool:
    """An incompatible count reads as a revision when an estimate is replaced, when the report
    says it updates ("now", "rose to"), or when it is an older report of an event whose count
    was already revised (arriving late); two exact counts without any of these are two facts
    (two flights on one day)."""
    fig = mention.figure
    values = [(event.count, event.qualifier)] + [(r.count, r.qualifier) for r in event.revisions]
    if fig.qualifier in _APPROXIMATE or any(q in _APPROXIMATE for _, q in values):
        return True
    if REVISION_CUES.search(fig.evidence):
        return True
    older = bool(
        event.last_published and mention.published and mention.published < event.last_published
    )
    return older and len(event.revisions) > 1


def verdict(event: Event, mention: Mention, exclude: Collection[int] = ()) -> Verdict | None:
    """Whether `mention` reports `event` (CODEBOOK §5), and how closely; None when not."""
    fig = mention.figure
    if (
        family(fig.action) is not family(event.action)
        or fig.scope is not event.scope
        or fig.unit is not event.unit
        or fig.country != event.country
        or mention.article_id in event.article_ids  # two figures of one article: two facts
        or event.id in exclude
    ):
        return None
    in_time, full_match, gap = _timing(event, mention)
    if not in_time:
        return None
    # Counts first: they are cheap and rule out most candidates.
    kind: Kind = "same"
    if not compatible(event.count, event.qualifier, fig.count, fig.qualifier) and not any(
        compatible(r.count, r.qualifier, fig.count, fig.qualifier) for r in event.revisions
    ):  # a count equal to an earlier value is an older report arriving late: the same fact
        # A different count for the same fact: only with a day on both sides, something
        # concrete in common (place, province or nationalities), and wording of an update.
        if full_match or not _reads_as_revision(event, mention):
            return None
        kind = "revision"
    fields = _compare_fields(event, fig)
    if fields.contradict:
        return None
    if full_match and not fields.same_who_where and not _same_distinctive_count(event, fig):
        return None
    if kind == "revision" and fields.agree == 0:
        return None
    return Verdict(kind, gap, fig.count == event.count, fields.agree)


def best_match(
    candidates: Iterable[Event], mention: Mention, exclude: Collection[int] = ()
) -> tuple[Event, Verdict] | None:
    """The candidate event this mention reports, if any: a compatible count over a revision,
    then the equal count, the nearest day, the most fields in common, the oldest event.
    `exclude`: events that already hold a figure of the mention's article."""
    best: tuple[Event, Verdict] | None = None
    for event in candidates:
        v = verdict(event, mention, exclude)
        if v is None:
            continue
        if best is None or v.rank() > best[1].rank():
            best = (event, v)
    return best
