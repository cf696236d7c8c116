"""Is this mention the same real-world fact as that event? (CODEBOOK §5). Pure.

`compare(event, mention)` reads each field of the pair into a level (or vetoes it),
`verdict` weighs the levels with the linkage model (`linkage.py`, `data/linkage.toml`), and
`ranked` / `best_match` order the candidates the store fetched by the blocking key (`blocks`).
Every threshold is named with its reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Literal

from newswatch.events.linkage import Comparison, Weights, weights
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
    evidence: float  # log2 odds of one event (`linkage.Weights.evidence`)

    def rank(self) -> tuple[int, float, int]:
        """A compatible count over a revision, then the strongest evidence, the nearest day."""
        return (self.kind == "same", self.evidence, -self.gap_days)


def family(action: Action) -> Action:
    """Outlets say "deported" and "extradited" of the same flight (CODEBOOK §5)."""
    return action.family


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
            # Overlapping days, a count that can match: the acting country is not in the key
            # (another country is evidence, not a wall), so the count keeps the range narrow.
            out.append(Block(True, lo_t - MAX_EVENT_SPAN, hi_t, lo_t, counts))
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


# Exact counts of one fact from two outlets differ by this share at most ("118" and "105"
# arrested in one raid, "71" and "90" a day apart in one province): read as a revision when the
# rest agrees; both at least CLOSE_MIN ("8" and "9" are two counts).
CLOSE_COUNTS = 0.25
CLOSE_MIN = 20
# Words of agency names that say what kind of body, not which one.
_GENERIC_AGENCY_WORDS = frozenset(
    "the of and a an for in on at police national provincial ministry department general "
    "office authorities authority officials official immigration security force forces "
    "bureau commission agency service services government public central royal "
    "cambodian thai vietnamese chinese lao laotian philippine indonesian malaysian "
    "myanmar korean japanese".split()
)


@functools.lru_cache(maxsize=4096)
def agency_words(value: str | None) -> frozenset[str]:
    """The distinctive words of an agency name ("Metropolitan", "Anti-Human Trafficking")."""
    return frozenset(re.findall(r"[a-z0-9]+", (value or "").lower())) - _GENERIC_AGENCY_WORDS


def _level(agree: bool | None) -> str:
    return "unknown" if agree is None else "agree" if agree else "disagree"


def _who(event: Event, fig: Figure) -> str | None:
    """Nationalities: the same, one list within the other, lists that share some (one outlet
    read one more or one less), unknown; None when they contradict: nothing in common, or
    another number for one nationality of the same count."""
    a, b = event.nationalities, fig.nationalities
    if not a or not b:
        return "unknown"
    if _nationalities_agree(a, b, event.count == fig.count):
        return "same" if set(a) == set(b) else "subset"
    if event.count != fig.count or not set(a) & set(b):
        return None
    shared = set(a) & set(b)
    if any(a[k] is not None and b[k] is not None and a[k] != b[k] for k in shared):
        return None
    return "overlap"


def _when(event: Event, mention: Mention) -> tuple[str, int] | None:
    """The date level and the gap in days; None when the days rule the pair out."""
    fig = mention.figure
    a, b = interval(event), interval(fig)
    if fig.scope is Scope.CUMULATIVE:
        if event.period_end and fig.period_end and event.period_end != fig.period_end:
            return None  # a later end is a new value of the series, not this event
        if event.period_start and fig.period_start:
            gap = abs((event.period_start - fig.period_start).days)
            if gap > DATE_TOLERANCE.days:
                return None
            return ("same_day" if gap == 0 else "within_3"), gap
    if a and b:
        gap = max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)
        if gap > DATE_TOLERANCE.days:
            return None
        return ("same_day", "next_day", "within_3", "within_3")[gap], gap
    # One side has no day: the mention must be reported within 30 days after the event.
    if b is None and a is not None and mention.published:
        ok = a[1] - PUBLISHED_SLACK <= mention.published <= a[1] + UNDATED_WINDOW
    elif a is None and b is not None and event.first_published:
        ok = b[1] - PUBLISHED_SLACK <= event.first_published <= b[1] + UNDATED_WINDOW
    elif a is None and b is None and mention.published and event.first_published:
        ok = abs((mention.published - event.first_published).days) <= UNDATED_WINDOW.days
    else:
        ok = False
    return ("undated", 0) if ok else None


def _close(a: int, b: int) -> bool:
    return min(a, b) >= CLOSE_MIN and abs(a - b) <= max(a, b) * CLOSE_COUNTS


def compare(
    event: Event, mention: Mention, *, story: bool = False, exclude: Collection[int] = ()
) -> Comparison | None:
    """The level of each field of the pair, or None when a veto rules it out. `story`: the
    mention's article and one of the event's tell the same story (see `catalog`)."""
    fig = mention.figure
    if (
        family(fig.action) is not family(event.action)
        or fig.scope is not event.scope
        or fig.unit is not event.unit
        or mention.article_id in event.article_ids  # two figures of one article: two facts
        or event.id in exclude
    ):
        return None
    # Counts first: they are cheap and rule out most candidates.
    values = [(event.count, event.qualifier)] + [(r.count, r.qualifier) for r in event.revisions]
    if fig.count == event.count or any(fig.count == c for c, _ in values[1:]):
        count = "equal"  # (an earlier value of the event: an older report arriving late)
    elif any(compatible(c, q, fig.count, fig.qualifier) for c, q in values):
        count = "vague" if Qualifier.VAGUE in (fig.qualifier, event.qualifier) else "compatible"
    elif Qualifier.EXACT is fig.qualifier is event.qualifier and _close(event.count, fig.count):
        count = "close"
    elif _reads_as_revision(event, mention):
        count = "revision"
    else:
        return None
    when = _when(event, mention)
    if when is None:
        return None
    who = _who(event, fig)
    if who is None:
        return None
    place = _agree(place_words(event.place), place_words(fig.place))
    admin1 = _agree(_admin1(event.admin1), _admin1(fig.admin1))
    if place is False and admin1 is False:
        return None  # another place in another province: another operation
    agency = _agree(agency_words(event.agency), agency_words(fig.agency))
    # A different count is a revision only of a dated fact with something concrete in common
    # besides the count: the place, province or agency (a nationality alone is shared by most
    # reports of a week: "Chinese nationals").
    concrete = place is True or admin1 is True or agency is True
    if count in ("close", "revision") and (when[0] == "undated" or not concrete):
        return None
    country = _level(event.country == fig.country if event.country and fig.country else None)
    return Comparison(
        count=count, when=when[0], country=country, place=_level(place),
        admin1=_level(admin1), nationalities=who, agency=_level(agency),
        story="same_story" if story else "unknown", count_value=fig.count, gap_days=when[1],
    )  # fmt: skip


def count_may_match(fig: Figure, count: int, qualifier: str, values: int) -> bool:
    """Whether `compare` could accept an event stating `count` (`qualifier`, `values` values
    in its history) for this figure, from those alone: lets the store skip building the
    candidates whose count rules them out (most of them)."""
    if count == fig.count or values > 1:
        return True
    if fig.qualifier is not Qualifier.EXACT or qualifier != Qualifier.EXACT.value:
        return True
    return _close(count, fig.count) or bool(REVISION_CUES.search(fig.evidence))


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


def verdict(
    event: Event,
    mention: Mention,
    exclude: Collection[int] = (),
    *,
    story: bool = False,
    model: Weights | None = None,
) -> Verdict | None:
    """Whether `mention` reports `event` (CODEBOOK §5), and how surely; None when not: a veto,
    or evidence below the model's `link` threshold."""
    c = compare(event, mention, story=story, exclude=exclude)
    if c is None:
        return None
    w = model or weights()
    score = w.evidence(c)
    if score < w.link:
        return None
    kind: Kind = "revision" if c.count in ("close", "revision") else "same"
    return Verdict(kind, c.gap_days, mention.figure.count == event.count, score)


def ranked(
    candidates: Iterable[Event],
    mention: Mention,
    exclude: Collection[int] = (),
    stories: Mapping[int, bool] | None = None,
) -> list[tuple[Event, Verdict]]:
    """The candidate events this mention reports, best first: a compatible count over a
    revision, then the strongest evidence, the nearest day, the oldest event. `exclude`:
    events that already hold a figure of the mention's article (or that an analyst kept
    apart from it); `stories`: event id → whether one of its articles tells the mention's
    article's story (`same_story`)."""
    found: list[tuple[Event, Verdict]] = []
    for event in candidates:
        story = bool(stories and event.id is not None and stories.get(event.id))
        v = verdict(event, mention, exclude, story=story)
        if v is not None:
            found.append((event, v))
    found.sort(key=lambda ev: (ev[1].rank(), -(ev[0].id or 0)), reverse=True)
    return found


def best_match(
    candidates: Iterable[Event],
    mention: Mention,
    exclude: Collection[int] = (),
    stories: Mapping[int, bool] | None = None,
) -> tuple[Event, Verdict] | None:
    """The candidate event this mention reports, if any (the first of `ranked`)."""
    found = ranked(candidates, mention, exclude, stories)
    return found[0] if found else None


# A number of at least this size that two articles both state marks one story.
STORY_MIN = 20


def story_numbers(figures: Iterable[Figure]) -> frozenset[int]:
    """The distinctive numbers of an article: its counts and breakdowns of STORY_MIN or more."""
    out: set[int] = set()
    for f in figures:
        out.update(n for n in (f.count, *f.nationalities.values()) if n and n >= STORY_MIN)
    return frozenset(out)


def same_story(mine: frozenset[int], theirs: frozenset[int], fig: Figure, event: Event) -> bool:
    """Two articles tell one story when they share a distinctive number besides the pair's
    own counts ("215 rescued" and "621 flown home" in both)."""
    return bool((mine & theirs) - {fig.count, event.count})
