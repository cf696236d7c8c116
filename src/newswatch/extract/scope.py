"""Dates and scope of one figure: which of a sentence's time expressions dates it, and whether
it is one operation (`event`) or a total over several (`cumulative`). Pure."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from newswatch.extract.dates import TimeRef, compares
from newswatch.extract.lexicon import Lexicon
from newswatch.extract.text import Token
from newswatch.models import Scope

# A period longer than this is a total over several operations, not one operation
# ("March 9 to 10" is one raid; "from 27 June to 14 October" is a campaign).
MAX_EVENT_DAYS = 7
ANNOUNCE = frozenset(
    """
    said says announced reported told stated confirmed disclosed added noted revealed stressed
    explained emphasised emphasized claimed indicated highlighted
    """.split()
)
_UP_TO_NOW = frozenset(
    [
        "so far",
        "to date",
        "until now",
        "thus far",
        "up to now",
        "as of",
        "since",
        "over the past",
        "in the past",
        "during the past",
        "total number",
        "bringing the total",
        "until this hour",
        "currently",
        "running total",
        "over the last",
        "in recent weeks",
        "in recent months",
        "in recent years",
        "the total",
    ]
)
_CLAUSE_OPENERS = frozenset(
    """
    while but whereas although though leading resulting bringing prompting
    """.split()
)


def _nearest(refs: Sequence[TimeRef], anchor: int) -> TimeRef:
    return min(refs, key=lambda r: min(abs(r.first - anchor), abs(r.last - anchor)))


def clause_bounds(tokens: Sequence[Token], i: int) -> tuple[int, int]:
    """The clause around token i: a sentence splits at ';' and at a comma before 'while',
    'but', 'leading', ... ("..., while at least 11 buildings were also raided")."""
    first, last = 0, len(tokens) - 1
    for k in range(i - 1, -1, -1):
        if tokens[k].text == ";" or (
            tokens[k].text == "," and k + 1 < len(tokens) and tokens[k + 1].lower in _CLAUSE_OPENERS
        ):
            first = k + 1
            break
    for k in range(i + 1, len(tokens)):
        if tokens[k].text == ";" or (
            tokens[k].text == "," and k + 1 < len(tokens) and tokens[k + 1].lower in _CLAUSE_OPENERS
        ):
            last = k - 1
            break
    return first, last


def _announce_only(tokens: Sequence[Token], t: TimeRef, anchor: int) -> bool:
    """A time that dates a statement, not the figure: 'said on Sunday', or 'Speaking on
    October 8, he noted that 21,000 were expelled'."""
    if t.first > 0 and tokens[t.first - 1].lower in ANNOUNCE:
        return True
    if t.last + 1 < min(anchor, len(tokens)) and tokens[t.last + 1].lower in ANNOUNCE:
        return True  # "The ministry Monday said police repatriated 352 ... on March 31"
    if t.first > 1 and tokens[t.first - 1].lower == "on" and tokens[t.first - 2].lower in ANNOUNCE:
        return True
    lo, hi = sorted((t.last, anchor))
    return t.last < anchor and any(
        tokens[k].lower in ANNOUNCE and k + 1 < len(tokens) and tokens[k + 1].lower == "that"
        for k in range(lo, hi)
    )


@dataclasses.dataclass(frozen=True, slots=True)
class When:
    scope: Scope | None  # None: the sentence dates nothing
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    announced: bool = False  # only the day of a statement
    bounded: bool = False  # a closed from-to range, which a round-up passes on


def resolve_when(
    tokens: Sequence[Token], times: Sequence[TimeRef], anchor: int, published: dt.date | None
) -> When:
    times = [t for t in times if t.kind != "iso"]
    if not times:
        return When(None)
    since = [t for t in times if t.since]
    as_of = [t for t in times if t.as_of]
    if since or as_of:
        start = _nearest(since, anchor).start if since else None
        end = _nearest(as_of, anchor).end if as_of else (published if since else None)
        return When(Scope.CUMULATIVE, None, start, end)
    real = [t for t in times if not _announce_only(tokens, t, anchor)]
    ref = _nearest(real or list(times), anchor)
    if ref.date is not None:
        return When(Scope.EVENT, ref.date, announced=not real)
    assert ref.start is not None and ref.end is not None
    days = (ref.end - ref.start).days
    if ref.kind == "year" or (ref.kind == "range" and days > MAX_EVENT_DAYS):
        return When(Scope.CUMULATIVE, None, ref.start, ref.end, bounded=ref.kind == "range")
    return When(Scope.EVENT, None, ref.start, ref.end, announced=not real)


@dataclasses.dataclass(frozen=True, slots=True)
class Cue:
    index: int
    strong: bool
    up_to_now: bool


def find_cues(lex: Lexicon, tokens: Sequence[Token]) -> list[Cue]:
    """Cumulative-scope cues of a sentence ('so far', 'since', 'campaign')."""
    cues = []
    compared = False  # inside "the largest transfer since the crackdown began"
    for i in range(len(tokens)):
        if tokens[i].text in (",", ";", ".", "(", ")"):
            compared = False
        if tokens[i].lower == "since" and compares(tokens, i):
            compared = True
        if compared:
            continue
        hit = lex.cumulative_cues.match_at(tokens, i)
        if hit:
            n, is_strong = hit
            phrase = " ".join(t.lower for t in tokens[i : i + n])
            cues.append(Cue(i, bool(is_strong), phrase in _UP_TO_NOW))
    return cues


def cue_flags(cues: Sequence[Cue], first: int, last: int) -> tuple[bool, bool, bool]:
    """(strong cumulative cue, weak cue, up-to-now cue) within tokens first..last."""
    inside = [c for c in cues if first <= c.index <= last]
    return (
        any(c.strong for c in inside),
        any(not c.strong for c in inside),
        any(c.up_to_now for c in inside),
    )
