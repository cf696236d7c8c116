"""Find time expressions in a sentence and resolve them against the publication date. Pure.

Handles "Feb. 8", "14 July 2025", "on Sunday", "yesterday", "last week", "this past weekend",
"in September", "from 27 June to 14 October 2025", "March 9 to 10", "December 11-12",
"since early February", "over the past two years", "so far this year", "as of Feb. 12".
Vague bounds resolve to the first / last day they can mean (CODEBOOK §1).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from newswatch.extract.numbers import word_value
from newswatch.extract.text import Token

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

_DAY = re.compile(r"\d{1,2}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MID = re.compile(r"mid-[a-z]+")
# Words that can open a time expression; any other token is skipped at once.
_OPENERS = (
    frozenset(
        """
        since from between as yesterday today tonight last past this over in during for within at
        on
        so thus the end beginning start early mid late mid- ago
        """.split()
    )
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)

# "early February" ends on the 10th, "mid-February" spans the 11th to the 20th.
EARLY_END_DAY = 10
MID_START_DAY, MID_END_DAY = 11, 20
LATE_START_DAY = 21


@dataclasses.dataclass(frozen=True, slots=True)
class TimeRef:
    """One time expression: a day, a period, or one open bound of a period."""

    first: int  # token indices covered
    last: int
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    since: bool = False  # "since X": start only, runs to the report
    as_of: bool = False  # "as of X": end only
    kind: str = "day"  # day | range | month | year | weekend | since | as_of | past | iso
    # "iso" is a machine date ("2025-10-21") from page furniture: it is no figure, nor its date


# Words after which "May" is the month ("In May, three more were detained"), not the verb.
_BEFORE_MONTH = frozenset(
    "in since until till by early late mid mid- of from through during last this next "
    "between and to end".split()
)


def _month_at(tokens: Sequence[Token], i: int) -> int | None:
    if 0 <= i < len(tokens):
        w = tokens[i].lower.rstrip(".")
        if w in MONTHS and tokens[i].text[0].isupper():
            if w == "may" and not (
                (i + 1 < len(tokens) and tokens[i + 1].is_number)
                or (i > 0 and tokens[i - 1].lower in _BEFORE_MONTH)
            ):
                return None  # the verb "may"
            return MONTHS[w]
    return None


def _skip_dot(tokens: Sequence[Token], i: int) -> int:
    return i + 1 if i < len(tokens) and tokens[i].text == "." else i


def _day_at(tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    """(day, last index) for '8', '17th', '1st'."""
    if 0 <= i < len(tokens) and _DAY.fullmatch(tokens[i].text):
        d = int(tokens[i].text)
        if 1 <= d <= 31:
            last = i
            if i + 1 < len(tokens) and tokens[i + 1].lower in ("st", "nd", "rd", "th"):
                if tokens[i + 1].start == tokens[i].end:
                    last = i + 1
            return d, last
    return None


def _year_at(tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    j = i
    if j < len(tokens) and tokens[j].text == ",":
        j += 1
    if j < len(tokens) and _YEAR.fullmatch(tokens[j].text):
        return int(tokens[j].text), j
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date) -> int:
    """The latest such day not after publication (news reports the past)."""
    year = published.year
    d = _safe_date(year, month, min(day, 28))
    if d and d > published + dt.timedelta(days=1):
        year -= 1
    return year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclasses.dataclass(frozen=True, slots=True)
class _Point:
    """A parsed calendar point: day may be missing (month only), year may be missing."""

    month: int
    day: int | None
    year: int | None
    part: str | None  # early | mid | late
    first: int
    last: int


def _point_at(tokens: Sequence[Token], i: int) -> _Point | None:
    """'Feb. 8', 'February 8, 2026', '8 February 2026', 'early February', 'June 2025'."""
    part = None
    j = i
    if j < len(tokens) and tokens[j].lower in ("early", "mid", "late", "mid-", "end"):
        part = {"end": "late", "mid-": "mid"}.get(tokens[j].lower, tokens[j].lower)
        j += 1
        if j < len(tokens) and tokens[j].text == "-":
            j += 1
    if j < len(tokens) and _MID.fullmatch(tokens[j].lower):
        month = MONTHS.get(tokens[j].lower[4:].rstrip("."))
        if month:
            yr = _year_at(tokens, j + 1)
            return _Point(month, None, yr[0] if yr else None, "mid", i, yr[1] if yr else j)
    month = _month_at(tokens, j)
    if month is not None:
        k = _skip_dot(tokens, j + 1)
        day = _day_at(tokens, k) if part is None else None
        if day:
            yr = _year_at(tokens, day[1] + 1)
            return _Point(month, day[0], yr[0] if yr else None, None, i, yr[1] if yr else day[1])
        yr = _year_at(tokens, k)
        return _Point(month, None, yr[0] if yr else None, part, i, yr[1] if yr else j)
    day = _day_at(tokens, j) if part is None else None
    if day:
        k = day[1] + 1
        if k < len(tokens) and tokens[k].lower == "of":
            k += 1
        month = _month_at(tokens, k)
        if month is not None:
            yr = _year_at(tokens, _skip_dot(tokens, k + 1))
            return _Point(month, day[0], yr[0] if yr else None, None, i, yr[1] if yr else k)
    return None


def _bounds(p: _Point, year: int) -> tuple[dt.date, dt.date]:
    if p.day is not None:
        d = _safe_date(year, p.month, p.day) or _month_end(year, p.month)
        return d, d
    if p.part == "early":
        return dt.date(year, p.month, 1), dt.date(year, p.month, EARLY_END_DAY)
    if p.part == "mid":
        return dt.date(year, p.month, MID_START_DAY), dt.date(year, p.month, MID_END_DAY)
    if p.part == "late":
        return dt.date(year, p.month, LATE_START_DAY), _month_end(year, p.month)
    return dt.date(year, p.month, 1), _month_end(year, p.month)


def _weekday_date(weekday: int, published: dt.date, last: bool = False) -> dt.date:
    delta = (published.weekday() - weekday) % 7
    if last and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _named_week_after(tokens: Sequence[Token], j: int) -> tuple[int, int] | None:
    """ "last week" / "of last week" / "this week" at `j`: (weeks back, last token)."""
    if j < len(tokens) and tokens[j].lower == "of":
        j += 1
    if (
        j + 1 < len(tokens)
        and tokens[j + 1].lower == "week"
        and tokens[j].lower in ("last", "this")
    ):
        return (1 if tokens[j].lower == "last" else 0), j + 1
    return None


def _number_word(tok: Token) -> int | None:
    if tok.is_number and tok.text.isdigit():
        return int(tok.text)
    if tok.lower in ("a", "an", "the"):
        return 1
    if tok.lower in ("few", "several"):
        return 3
    return word_value(tok.lower)


def find_times(tokens: Sequence[Token], published: dt.date | None) -> list[TimeRef]:
    """Time expressions in one sentence, left to right, resolved against `published`."""
    if published is None:
        return []
    out: list[TimeRef] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        w = tok.lower.rstrip(".")
        if not (tok.is_number or w in _OPENERS or w.startswith("mid-") or w[:-2] in WEEKDAYS):
            i += 1
            continue
        ref = _time_at(tokens, i, published)
        if ref is None:
            i += 1
            continue
        ref = _as_start(tokens, ref, published)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == ref.kind == "day"
            and prev.date is not None
            and ref.date is not None
            and ref.first == prev.last + 2
            and tokens[prev.last + 1].lower == "and"
            and 1 <= (ref.date - prev.date).days <= 2
        ):
            # "on Sunday and Monday": one operation over both days
            ref = TimeRef(prev.first, ref.last, start=prev.date, end=ref.date, kind="range")
            out.pop()
        out.append(ref)
        i = ref.last + 1
    return out


# "a campaign that began last year", "the crackdown launched in July": the time is when a
# period starts, which runs to the report.
_STARTED = frozenset("began begun started launched commenced kicked".split())


def _as_start(tokens: Sequence[Token], ref: TimeRef, published: dt.date) -> TimeRef:
    k = ref.first - 1
    if k >= 0 and tokens[k].lower in ("in", "on", "off"):
        k -= 1
    if k >= 0 and tokens[k].lower not in _STARTED and tokens[ref.first - 1].lower == "in":
        # "since it launched a crackdown on telecom scams in late 2015": the verb a few words
        # before, in a clause opened by "since"
        for q in range(k - 1, max(-1, k - 10), -1):
            if tokens[q].text in (",", ";", "."):
                break
            if tokens[q].lower in _STARTED:
                if any(t.lower == "since" for t in tokens[max(0, q - 4) : q]):
                    k = q
                break
    if ref.since or ref.as_of or k < 0 or tokens[k].lower not in _STARTED:
        return ref
    start = ref.date or ref.start
    if start is None or start > published:
        return ref
    return dataclasses.replace(ref, date=None, start=start, end=published, since=True,
                               kind="since")  # fmt: skip


# "the largest single transfer since the crackdown began": a record set by one operation,
# measured against a period, not a total over it
_SUPERLATIVES = frozenset("largest biggest highest most worst first record".split())


def compares(tokens: Sequence[Token], since: int) -> bool:
    """Whether the 'since' at tokens[since] measures a record against a period."""
    for k in range(since - 1, max(-1, since - 8), -1):
        if tokens[k].text in (",", ";") or tokens[k].is_number:
            return False
        if tokens[k].lower in _SUPERLATIVES:
            return True
    return False


def _time_at(tokens: Sequence[Token], i: int, published: dt.date) -> TimeRef | None:
    n = len(tokens)
    w = tokens[i].lower
    nxt = tokens[i + 1].lower if i + 1 < n else ""

    if w in ("since", "from", "between") or (w == "as" and nxt == "of"):
        if w == "since" and compares(tokens, i):
            return None
        return _range_at(tokens, i, published)
    if w == "ago":
        return _ago_at(tokens, i, published)
    if w in _YEAR_PART_START and i + 1 < n and _YEAR.fullmatch(tokens[i + 1].text):
        # "late 2015": the part of that year (a start is its first day, an end its last)
        year = int(tokens[i + 1].text)
        opens = dt.date(year, _YEAR_PART_START[w], 1)
        if opens <= published:
            closes = min(_month_end(year, _YEAR_PART_END[w]), published)
            return TimeRef(i, i + 1, start=opens, end=closes, kind="month")
    if w == "yesterday" or (w == "last" and nxt == "night"):
        d = published - dt.timedelta(days=1)
        return TimeRef(i, i if w == "yesterday" else i + 1, date=d)
    if w in ("today", "tonight") or (w == "this" and nxt in ("morning", "afternoon", "evening")):
        return TimeRef(i, i if w in ("today", "tonight") else i + 1, date=published)
    if w == "this" and nxt == "week":
        # from Monday to the report: one operation somewhere in it
        monday = published - dt.timedelta(days=published.weekday())
        return TimeRef(i, i + 1, start=monday, end=published, kind="range")
    if w in ("late", "early") and nxt == "last" and i + 2 < n and tokens[i + 2].lower == "week":
        # "late last week": Thursday to Sunday of the week before; "early": Monday to Wednesday
        monday = published - dt.timedelta(days=published.weekday() + 7)
        lo, hi = (3, 6) if w == "late" else (0, 2)
        return TimeRef(i, i + 2, start=monday + dt.timedelta(days=lo),
                       end=monday + dt.timedelta(days=hi), kind="range")  # fmt: skip
    if w in ("last", "past") and nxt == "week":
        return TimeRef(i, i + 1, date=published - dt.timedelta(days=7))
    if (w in ("last", "past", "this") and nxt == "weekend") or (
        w == "this" and nxt == "past" and i + 2 < n and tokens[i + 2].lower == "weekend"
    ):
        last = i + 1 if nxt == "weekend" else i + 2
        sat = _weekday_date(5, published, last=published.weekday() in (5, 6) and w == "last")
        return TimeRef(i, last, start=sat, end=sat + dt.timedelta(days=1), kind="weekend")
    if (
        w in ("over", "at", "during", "on")
        and nxt == "the"
        and i + 2 < n
        and tokens[i + 2].lower == "weekend"
    ):
        # "over the weekend": the weekend just past (this one, when reported on it)
        sat = _weekday_date(5, published)
        return TimeRef(i, i + 2, start=sat, end=sat + dt.timedelta(days=1), kind="weekend")
    if w in ("over", "in", "during", "for", "within") and nxt in ("the", "past", "last"):
        ref = _past_span_at(tokens, i, published)
        if ref:
            return ref
    if w in ("so", "thus") and nxt == "far" and i + 3 < n and tokens[i + 2].lower == "this":
        if tokens[i + 3].lower == "year":
            return TimeRef(
                i,
                i + 3,
                start=dt.date(published.year, 1, 1),
                end=published,
                since=True,
                kind="since",
            )
    if w in ("this", "last") and nxt == "month":
        if w == "this":
            return TimeRef(i, i + 1, start=published.replace(day=1), end=published, kind="month")
        prev_end = published.replace(day=1) - dt.timedelta(days=1)
        return TimeRef(i, i + 1, start=prev_end.replace(day=1), end=prev_end, kind="month")
    if w in ("this", "last") and nxt == "year":
        year = published.year - (w == "last")
        end = published if w == "this" else dt.date(year, 12, 31)
        return TimeRef(i, i + 1, start=dt.date(year, 1, 1), end=end, kind="year")
    if w.endswith("'s") and w[:-2] in WEEKDAYS:
        w = w[:-2]  # "Tuesday's raid"
    if w in WEEKDAYS and tokens[i].text[0].isupper():
        # "Wednesday January 8, 2020": the explicit date wins
        after = i + 1 + (nxt == ",")
        p = _point_at(tokens, after)
        if p and p.day is not None:
            year = p.year or _infer_year(p.month, p.day, published)
            d, _ = _bounds(p, year)
            return TimeRef(i, p.last, date=d)
        last = i
        if nxt in ("night", "morning", "evening", "afternoon"):
            last = i + 1
        week = _named_week_after(tokens, last + 1)
        if week is not None:  # "on Monday last week", "Tuesday of this week"
            back, last = week
            monday = published - dt.timedelta(days=published.weekday() + 7 * back)
            return TimeRef(i, last, date=monday + dt.timedelta(days=WEEKDAYS[w]))
        is_last = i > 0 and tokens[i - 1].lower == "last"
        return TimeRef(i - is_last, last, date=_weekday_date(WEEKDAYS[w], published, is_last))
    if w == "the" and nxt in ("night", "morning", "evening") and i + 2 < n:
        if tokens[i + 2].lower == "of":
            inner = _time_at(tokens, i + 3, published)
            if inner and inner.date:
                return dataclasses.replace(inner, first=i)
    if _YEAR.fullmatch(tokens[i].text) and i + 4 < n and tokens[i + 1].text == "-":
        # an ISO date "2025-10-21"
        if (
            tokens[i + 3].text == "-"
            and tokens[i + 2].text.isdigit()
            and tokens[i + 4].text.isdigit()
        ):
            iso = _safe_date(int(tokens[i].text), int(tokens[i + 2].text), int(tokens[i + 4].text))
            if iso is not None:
                return TimeRef(i, i + 4, date=iso, kind="iso")
    if _YEAR.fullmatch(tokens[i].text) and i > 0:
        if tokens[i - 1].lower in ("in", "during", "of", "throughout"):
            year = int(tokens[i].text)
            if year <= published.year:
                end = min(dt.date(year, 12, 31), published)
                return TimeRef(i - 1, i, start=dt.date(year, 1, 1), end=end, kind="year")
    if (
        w == "the"
        and nxt in ("start", "beginning", "end")
        and i + 3 < n
        and tokens[i + 2].lower == "of"
    ):
        return _edge_of(tokens, i, published)
    p = _point_at(tokens, i)
    if p is None:
        return None
    return _resolve_point(tokens, p, published)


def _ago_at(tokens: Sequence[Token], i: int, published: dt.date) -> TimeRef | None:
    """'two days ago', 'about a week ago' (tokens[i] is 'ago'): that day; a month or a year ago
    names no day, and the figure stays undated."""
    if i < 2 or tokens[i - 1].lower.rstrip("s") not in ("day", "week"):
        return None
    count = _number_word(tokens[i - 2])
    if count is None or tokens[i - 2].lower in ("the", "few", "several") or not 0 < count <= 30:
        return None
    first = i - 2
    if first > 0 and tokens[first - 1].lower in ("about", "some", "around", "roughly", "nearly"):
        first -= 1
    days = count * _UNIT_DAYS[tokens[i - 1].lower.rstrip("s")]
    return TimeRef(first, i, date=published - dt.timedelta(days=days))


def _edge_of(tokens: Sequence[Token], i: int, published: dt.date) -> TimeRef | None:
    """'the start of the year', 'the beginning of this year', 'the end of last year',
    'the beginning of March' (tokens[i] is 'the')."""
    edge = tokens[i + 1].lower
    j = i + 3
    w = tokens[j].lower
    if w in ("the", "this", "last") and j + 1 < len(tokens) and tokens[j + 1].lower == "year":
        year = published.year - (w == "last")
        month = 12 if edge == "end" else 1
        start, end = dt.date(year, month, 1), _month_end(year, month)
        if edge != "end" and w != "last":
            end = min(end, published)
        return TimeRef(i, j + 1, start=start, end=end, kind="month")
    p = _point_at(tokens, j)
    if p is not None and p.day is None:
        year = p.year or _infer_year(p.month, 1, published)
        start, end = _bounds(p, year)
        if edge == "end":
            start = start.replace(day=LATE_START_DAY)
        else:
            end = start.replace(day=EARLY_END_DAY)
        return TimeRef(i, p.last, start=start, end=end, kind="month")
    return None


def _resolve_point(tokens: Sequence[Token], p: _Point, published: dt.date) -> TimeRef:
    # a range "March 9 to 10", "December 11-12", "9-10 March"
    n = len(tokens)
    k = p.last + 1
    if p.day is not None and k + 1 < n and tokens[k].lower in ("to", "-", "–", "and", "through"):
        if (
            tokens[k].lower != "and"
            or (p.first > 0 and tokens[p.first - 1].lower == "between")
            or _next_day_after_and(tokens, k, p.day)
            or _later_day_after_and(tokens, k, p)
        ):
            second = _point_at(tokens, k + 1)
            day2 = _day_at(tokens, k + 1)
            if second is None and day2 is not None:
                year = p.year or _infer_year(p.month, day2[0], published)
                start, _ = _bounds(p, year)
                end = _safe_date(year, p.month, day2[0])
                if end and end >= start:
                    yr = _year_at(tokens, day2[1] + 1)
                    if yr:
                        start = start.replace(year=yr[0])
                        end = end.replace(year=yr[0])
                    return TimeRef(
                        p.first, yr[1] if yr else day2[1], start=start, end=end, kind="range"
                    )
            if second is not None:
                return _span(p, second, published, p.first)
    year = p.year or _infer_year(p.month, p.day or 1, published)
    start, end = _bounds(p, year)
    if p.day is not None:
        return TimeRef(p.first, p.last, date=start)
    if p.part is None and p.first > 0 and tokens[p.first - 1].lower == "last":
        return TimeRef(p.first - 1, p.last, start=start, end=end, kind="month")
    return TimeRef(p.first, p.last, start=start, end=end, kind="month")


def _next_day_after_and(tokens: Sequence[Token], k: int, day: int) -> bool:
    """'April 13 and 14': the next day, and not a count ('on March 9 and 10 people ...')."""
    day2 = _day_at(tokens, k + 1)
    if day2 is None or not 1 <= day2[0] - day <= 2:
        return False
    after = day2[1] + 1
    return after >= len(tokens) or not tokens[after].text[:1].isalpha() or tokens[after].lower in (
        "in", "at", "when", "after", "before", "as", "respectively", "this", "last"
    )  # fmt: skip


def _later_day_after_and(tokens: Sequence[Token], k: int, p: _Point) -> bool:
    """'raids on Oct 17 and Oct 21': two days of one action, each with its month, the second
    within the month after the first: the action's first and last days."""
    b = _point_at(tokens, k + 1)
    if b is None or b.day is None or p.day is None or b.year not in (None, p.year):
        return False
    if b.month == p.month:
        return b.day > p.day
    return b.month == p.month % 12 + 1 and b.day < p.day


def _span(a: _Point, b: _Point, published: dt.date, first: int) -> TimeRef:
    year_b = b.year or _infer_year(b.month, b.day or 1, published)
    year_a = a.year or (year_b if a.month <= b.month else year_b - 1)
    start, _ = _bounds(a, year_a)
    _, end = _bounds(b, year_b)
    return TimeRef(first, b.last, start=start, end=end, kind="range")


def _range_at(tokens: Sequence[Token], i: int, published: dt.date) -> TimeRef | None:
    w = tokens[i].lower
    n = len(tokens)
    j = i + 2 if w == "as" else i + 1
    p = _point_at(tokens, j)
    if w == "as":
        if p is None:
            inner = _time_at(tokens, j, published) if j < n else None
            if inner and inner.date:
                return TimeRef(i, inner.last, end=inner.date, as_of=True, kind="as_of")
            return None
        year = p.year or _infer_year(p.month, p.day or 1, published)
        _, end = _bounds(p, year)
        return TimeRef(i, p.last, end=end, as_of=True, kind="as_of")
    if p is not None:
        k = p.last + 1
        if w in ("from", "between") and k < n and tokens[k].lower in ("to", "until", "and", "-"):
            q = _point_at(tokens, k + 1)
            if q is not None:
                return _span(p, q, published, i)
            to_year = _part_of_year_end(tokens, k + 1, published)
            if to_year is not None:
                # "From June 2025 to early 2026": to that part of the year, or the report
                year = p.year or _infer_year(p.month, p.day or 1, published)
                start, _ = _bounds(p, year)
                last, end = to_year
                if start <= end:
                    return TimeRef(i, last, start=start, end=end, kind="range")
            day2 = _day_at(tokens, k + 1)
            if day2 is not None and p.day is not None:
                return _resolve_point(tokens, p, published)
        if w == "since":
            year = p.year or _infer_year(p.month, p.day or 1, published)
            # "since June last year"
            if k + 1 < n and tokens[k].lower == "last" and tokens[k + 1].lower == "year":
                year = published.year - 1
                k += 2
                start, _ = _bounds(p, year)
                return TimeRef(i, k - 1, start=start, end=published, since=True, kind="since")
            start, _ = _bounds(p, year)
            return TimeRef(i, p.last, start=start, end=published, since=True, kind="since")
        return None
    if w == "since" and j < n:
        if _YEAR.fullmatch(tokens[j].text):
            return TimeRef(
                i,
                j,
                start=dt.date(int(tokens[j].text), 1, 1),
                end=published,
                since=True,
                kind="since",
            )
        inner = _time_at(tokens, j, published)
        inner_start = (inner.start or inner.date) if inner else None
        if inner is not None and inner_start is not None:
            return TimeRef(
                i, inner.last, start=inner_start, end=published, since=True, kind="since"
            )
    return None


_YEAR_PART_END = {"early": 4, "mid": 8, "late": 12, "end": 12}
# Where a part of a year begins, as a period's start: "since late 2015" -> 1 October.
_YEAR_PART_START = {"early": 1, "mid": 4, "late": 10}


def _part_of_year_end(
    tokens: Sequence[Token], i: int, published: dt.date
) -> tuple[int, dt.date] | None:
    """'early 2026', 'the end of 2025', '2026': (its last token, its last day, never after the
    report)."""
    part = None
    if i + 1 < len(tokens) and tokens[i].lower == "the" and tokens[i + 1].lower == "end":
        i += 2 + (i + 2 < len(tokens) and tokens[i + 2].lower == "of")
        part = "end"
    elif i < len(tokens) and tokens[i].lower in _YEAR_PART_END:
        part = tokens[i].lower
        i += 1
    if i >= len(tokens) or not _YEAR.fullmatch(tokens[i].text):
        return None
    year = int(tokens[i].text)
    end = _month_end(year, _YEAR_PART_END[part] if part else 12)
    return i, min(end, published)


def _past_span_at(tokens: Sequence[Token], i: int, published: dt.date) -> TimeRef | None:
    """'over the past two years', 'in the last six months', 'during the past week'."""
    j = i + 1
    if j < len(tokens) and tokens[j].lower == "the":
        j += 1
    if j >= len(tokens) or tokens[j].lower not in ("past", "last"):
        return None
    j += 1
    count = 1
    if j < len(tokens):
        maybe = _number_word(tokens[j])
        if maybe is not None and tokens[j].lower not in ("the",):
            count = maybe
            j += 1
        if j < len(tokens) and tokens[j].lower == "few":
            count, j = 3, j + 1
    if j >= len(tokens):
        return None
    unit = tokens[j].lower.rstrip("s")
    if unit not in _UNIT_DAYS:
        return None
    if unit == "year":
        try:
            start = published.replace(year=published.year - count)
        except ValueError:
            start = published - dt.timedelta(days=365 * count)
    elif unit == "month":
        m = published.month - count
        y = published.year + (m - 1) // 12
        m = (m - 1) % 12 + 1
        start = _safe_date(y, m, published.day) or _month_end(y, m)
    else:
        start = published - dt.timedelta(days=_UNIT_DAYS[unit] * count)
    return TimeRef(i, j, start=start, end=published, since=True, kind="past")
