"""Analysts' review of figures: confirm, reject or correct what the extractor read. Pure.

A decision names the figure by what re-extraction keeps — its article, its action and count as
the extractor read them, and its place in the article (to tell apart two figures with the same
action and count) — so it applies again whenever the article is extracted again. Decisions on
one figure fold in the order they were made: a correction sets fields (a later one of the same
field wins), a rejection drops the figure, a confirmation takes it back in as it now stands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Literal

import pycountry

from newswatch.models import Action, Figure, Qualifier, Scope, Unit

Verdict = Literal["confirm", "reject", "correct"]
VERDICTS: tuple[Verdict, ...] = ("confirm", "reject", "correct")

# The fields an analyst may correct, in codebook order.
FIELDS = (
    "action", "count", "qualifier", "unit", "scope", "date", "period_start", "period_end",
    "nationalities", "women", "men", "country", "admin1", "place", "agency",
)  # fmt: skip
_ENUMS: dict[str, type[Any]] = {
    "action": Action, "qualifier": Qualifier, "unit": Unit, "scope": Scope,
}  # fmt: skip
MAX_COUNT = 10**9
MAX_TEXT = 300


class ReviewError(ValueError):
    """A decision that cannot be taken; the message says what to enter instead."""


@dataclasses.dataclass(frozen=True)
class Review:
    """One decision on one figure of one article."""

    article_key: str
    action: str  # as the extractor read it
    count: int  # as the extractor read it
    ordinal: int  # the figure's place in the article as extracted
    verdict: Verdict
    changes: dict[str, Any]  # field -> value in CODEBOOK §6 JSON form (correct only)
    decided_by: str
    decided_at: dt.datetime
    id: int | None = None

    def targets(self, figure: Figure) -> bool:
        return str(figure.action) == self.action and figure.count == self.count


def _int(field: str, text: str, *, allow_none: bool) -> int | None:
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        if allow_none:
            return None
        raise ReviewError(f"{field} needs a number")
    if not cleaned.isdigit():
        raise ReviewError(f"{field} must be a whole number such as 1,250, not {text!r}")
    value = int(cleaned)
    if not (0 if allow_none else 1) <= value <= MAX_COUNT:
        raise ReviewError(f"{field} must be between 1 and {MAX_COUNT:,}")
    return value


def _day(field: str, text: str) -> str | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ReviewError(f"{field} must be a day as YYYY-MM-DD, not {text!r}") from None


def _country(text: str) -> str:
    code = text.strip()
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if found is None:
        try:
            found = pycountry.countries.lookup(code)
        except LookupError:
            raise ReviewError(f"no country {text!r}: use an ISO code such as KH or CN") from None
    return str(found.alpha_2)


def _nationalities(text: str) -> dict[str, int | None]:
    """'CN 40, VN 12, TH' -> {"CN": 40, "VN": 12, "TH": None}."""
    out: dict[str, int | None] = {}
    for part in re.split(r"[;,]", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(.+?)(?:\s*[:=]?\s*(\d[\d,]*))?", part)
        assert m is not None
        code = _country(m.group(1))
        out[code] = (
            _int("a nationality's count", m.group(2), allow_none=True) if m.group(2) else None
        )
    return out


def parse_value(field: str, text: str) -> Any:
    """An analyst's entry for one field, checked and in CODEBOOK §6 JSON form."""
    if field not in FIELDS:
        raise ReviewError(f"no field {field!r}: one of {', '.join(FIELDS)}")
    if len(text) > MAX_TEXT:
        raise ReviewError(f"{field} is longer than {MAX_TEXT} characters")
    if field in _ENUMS:
        choices = [str(v) for v in _ENUMS[field]]
        if text.strip() not in choices:
            raise ReviewError(f"{field} must be one of {', '.join(choices)}")
        return text.strip()
    if field == "count":
        return _int("count", text, allow_none=False)
    if field in ("women", "men"):
        return _int(field, text, allow_none=True)
    if field in ("date", "period_start", "period_end"):
        return _day(field, text)
    if field == "nationalities":
        return _nationalities(text)
    if field == "country":
        return _country(text) if text.strip() else None
    return text.strip() or None  # admin1, place, agency


def _set(figure: Figure, changes: dict[str, Any]) -> Figure:
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name in _ENUMS:
            values[name] = _ENUMS[name](value)
        elif name in ("date", "period_start", "period_end"):
            values[name] = dt.date.fromisoformat(value) if value else None
        elif name == "nationalities":
            values[name] = dict(value or {})
        else:
            values[name] = value
    if "count" in values and values["count"] != figure.count:
        # "all 200 were Chinese" stays all of them when the count is corrected
        old = figure.count
        nats = values.get("nationalities", figure.nationalities)
        if "nationalities" not in changes and len(nats) == 1 and next(iter(nats.values())) == old:
            values["nationalities"] = dict.fromkeys(nats, values["count"])
        for name in ("women", "men"):
            if name not in changes and getattr(figure, name) == old:
                values[name] = values["count"]
    # a day or a period, never both (CODEBOOK §1)
    if values.get("date") is not None:
        values.setdefault("period_start", None)
        values.setdefault("period_end", None)
    elif values.get("period_start") is not None or values.get("period_end") is not None:
        values.setdefault("date", None)
    return dataclasses.replace(figure, **values)


def target_of(review: Review, figures: Sequence[Figure]) -> int | None:
    """The index of the figure a decision is about: same action and count as extracted, the
    nearest in place when several are."""
    hits = [i for i, f in enumerate(figures) if review.targets(f)]
    return min(hits, key=lambda i: abs(i - review.ordinal)) if hits else None


def apply_reviews(figures: Sequence[Figure], reviews: Sequence[Review]) -> list[tuple[int, Figure]]:
    """The figures as reviewed, each with its place in the extracted list (kept, so that a
    mention names the figure it came from even when one before it was rejected)."""
    state: dict[int, tuple[bool, dict[str, Any]]] = {}
    for r in sorted(reviews, key=lambda r: (r.decided_at, r.id or 0)):
        i = target_of(r, figures)
        if i is None:
            continue  # the extractor no longer reads that figure: the review page says so
        rejected, changes = state.get(i, (False, {}))
        if r.verdict == "reject":
            rejected = True
        elif r.verdict == "confirm":
            rejected = False
        else:
            rejected, changes = False, {**changes, **r.changes}
        state[i] = (rejected, changes)
    out: list[tuple[int, Figure]] = []
    for i, f in enumerate(figures):
        rejected, changes = state.get(i, (False, {}))
        if not rejected:
            out.append((i, _set(f, changes) if changes else f))
    return out
