"""What the pages show, computed from values: filters read from a query string, weekly totals,
evidence marked inside its article. Pure (no I/O), so each is tested alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pycountry

from newswatch.models import Action
from newswatch.ports import EventQuery, EventSort

SORTS: tuple[EventSort, ...] = ("when", "count", "id", "changed")
BREAKDOWNS = ("action", "nationality", "country")
UNSTATED = "unstated"
MAX_TEXT_QUERY = 200


@dataclasses.dataclass(frozen=True)
class Filters:
    """The events page's filters as the form holds them, the query they make, and what was
    entered wrong (each wrong entry is ignored and said)."""

    values: dict[str, str]
    query: EventQuery
    page: int
    errors: tuple[str, ...]

    def link(self, **changes: Any) -> str:
        """This page's query string with some values changed (None removes one)."""
        values = {**self.values, **{k: str(v) for k, v in changes.items() if v is not None}}
        for k, v in changes.items():
            if v is None:
                values.pop(k, None)
        return "&".join(f"{k}={_quote(v)}" for k, v in values.items() if v != "")


def _quote(value: str) -> str:
    from urllib.parse import quote  # noqa: PLC0415

    return quote(value, safe="")


def country_code(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    found = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
    if found is None:
        try:
            found = pycountry.countries.lookup(text)
        except LookupError:
            return None
    return str(found.alpha_2)


def parse_filters(params: Mapping[str, str], page_size: int) -> Filters:
    """The events page's query string (action, country, nationality, province, since, until,
    min, q, sort, order, page) as a store query."""
    errors: list[str] = []
    values = {k: params.get(k, "").strip() for k in FILTER_KEYS}
    values = {k: v for k, v in values.items() if v}
    action = values.get("action")
    if action and action not in {a.value for a in Action}:
        errors.append(f"no action {action!r}")
        action = None

    def country(key: str, what: str) -> str | None:
        raw = values.get(key, "")
        code = country_code(raw) if raw else None
        if raw and code is None:
            errors.append(f"no country {raw!r} ({what}): use a name or an ISO code such as KH")
        return code

    def day(key: str) -> dt.date | None:
        raw = values.get(key, "")
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            errors.append(f"{key} must be a day as YYYY-MM-DD, not {raw!r}")
            return None

    def number(key: str, least: int) -> int | None:
        raw = values.get(key, "").replace(",", "")
        if not raw:
            return None
        if not raw.isdigit() or int(raw) < least or len(raw) > 12:
            errors.append(f"{key} must be a whole number of at least {least}, not {raw!r}")
            return None
        return int(raw)

    sort_raw = values.get("sort", "when")
    sort: EventSort = "when"
    if sort_raw in SORTS:
        sort = sort_raw
    else:
        errors.append(f"sort must be one of {', '.join(SORTS)}")
    order = values.get("order", "desc")
    if order not in ("asc", "desc"):
        errors.append("order must be asc or desc")
        order = "desc"
    page = number("page", 1) or 1
    text = values.get("q", "")[:MAX_TEXT_QUERY] or None
    since, until = day("since"), day("until")
    query = EventQuery(
        action=action,
        country=country("country", "acting country"),
        nationality=country("nationality", "nationality"),
        admin1=values.get("province") or None,
        since=since,
        until=until,
        min_count=number("min", 1),
        text=text,
        sort=sort,
        descending=order == "desc",
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    return Filters(values, query, page, tuple(errors))


FILTER_KEYS = (
    "action", "country", "nationality", "province", "since", "until", "min", "q", "sort",
    "order", "page",
)  # fmt: skip


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly(
    rows: Sequence[tuple[dt.date, str, int, dict[str, Any], str | None]],
    first: dt.date,
    last: dt.date,
    by: Literal["action", "nationality", "country"],
) -> tuple[list[dt.date], dict[str, list[int]]]:
    """People counted per week (Monday to Sunday) from `first` to `last`, stacked by action,
    nationality (a count with no breakdown is 'unstated') or acting country."""
    weeks = []
    w = week_of(first)
    while w <= last:
        weeks.append(w)
        w += dt.timedelta(days=7)
    index = {w: i for i, w in enumerate(weeks)}
    stacks: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for day, action, count, nats, country in rows:
        i = index.get(week_of(day))
        if i is None:
            continue
        if by == "action":
            stacks[action][i] += count
        elif by == "country":
            stacks[country or UNSTATED][i] += count
        else:
            counted = 0
            for code, n in nats.items():
                if n:
                    stacks[code][i] += n
                    counted += n
            if count > counted:
                only = [c for c, n in nats.items() if n is None]
                key = only[0] if len(only) == 1 and not counted else UNSTATED
                stacks[key][i] += count - counted
    return weeks, dict(stacks)


def keep_top(stacks: dict[str, list[int]], keep: int) -> dict[str, list[int]]:
    """The `keep` largest stacks, the rest summed as 'other' (drawn last)."""
    totals = {k: sum(v) for k, v in stacks.items()}
    top = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))][:keep]
    out = {k: stacks[k] for k in top}
    rest = [v for k, v in stacks.items() if k not in out]
    if rest:
        out["other"] = [sum(col) for col in zip(*rest, strict=True)]
    return out


def marked(text: str, evidence: str, span: tuple[int, int]) -> list[tuple[str, bool]]:
    """The article's text cut around its evidence sentence: [(part, is_evidence), ...]. The
    sentence is looked for near the figure's span first (a sentence may occur twice), then
    anywhere; where it is not found (the text was edited since), the span's words are marked."""
    if evidence:
        start = span[0]
        near = text.rfind(evidence, 0, start + len(evidence)) if start > 0 else -1
        at = near if near >= 0 and near + len(evidence) >= start else text.find(evidence)
        if at >= 0:
            return _parts(text, at, at + len(evidence))
        # the evidence may be a merged headline and sentence: its longest line
        first = max(re.split(r"\n+", evidence), key=len)
        at = text.find(first)
        if first and at >= 0:
            return _parts(text, at, at + len(first))
    if 0 <= span[0] < span[1] <= len(text):
        return _parts(text, span[0], span[1])
    return [(text, False)]


def _parts(text: str, a: int, b: int) -> list[tuple[str, bool]]:
    return [(p, hit) for p, hit in ((text[:a], False), (text[a:b], True), (text[b:], False)) if p]


def count_label(count: int, qualifier: str) -> str:
    sign = {"more_than": "more than ", "at_least": "at least ", "about": "about ",
            "nearly": "nearly ", "up_to": "up to ", "vague": ""}.get(qualifier, "")  # fmt: skip
    return f"{sign}{count:,}"


def country_name(code: str | None) -> str:
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or found.name) if found else code
