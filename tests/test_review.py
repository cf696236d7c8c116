"""Analysts' review decisions applied on top of the extractor (newswatch.review): pure."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from newswatch.models import Action, Figure, Qualifier, Scope, Unit
from newswatch.review import Review, ReviewError, apply_reviews, parse_value, target_of

T0 = dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC)


def fig(action: str = "arrested", count: int = 200, **kw: object) -> Figure:
    values: dict[str, object] = {
        "action": Action(action), "count": count, "qualifier": Qualifier.EXACT,
        "unit": Unit.PEOPLE, "scope": Scope.EVENT, "date": dt.date(2026, 2, 9),
        "period_start": None, "period_end": None, "nationalities": {"CN": count},
        "women": None, "men": None, "country": "KH", "admin1": None, "place": None,
        "agency": None, "evidence": "...", "span": (0, 3),
    }  # fmt: skip
    values.update(kw)
    return Figure(**values)  # type: ignore[arg-type]


def rv(
    verdict: str, minutes: int = 0, ordinal: int = 0, of: int = 200, **changes: object
) -> Review:
    """A decision on the 'arrested' figure whose count the extractor read as `of`."""
    return Review(
        "k",
        "arrested",
        of,
        ordinal,
        verdict,
        dict(changes),
        "ana",  # type: ignore[arg-type]
        T0 + dt.timedelta(minutes=minutes),
    )


def test_no_review_keeps_every_figure_with_its_place() -> None:
    figures = [fig(count=200), fig("deported", 30)]
    assert apply_reviews(figures, []) == list(enumerate(figures))


def test_a_correction_sets_the_field_and_keeps_a_whole_group_whole() -> None:
    ((i, f),) = apply_reviews([fig()], [rv("correct", of=200, count=230)])
    assert (i, f.count, f.nationalities) == (0, 230, {"CN": 230})


def test_a_rejection_drops_the_figure_but_the_others_keep_their_places() -> None:
    figures = [fig(count=200), fig("arrested", 12)]
    out = apply_reviews(figures, [rv("reject", of=200)])
    assert [(i, f.count) for i, f in out] == [(1, 12)]


def test_decisions_fold_in_the_order_they_were_made() -> None:
    reviews = [
        rv("correct", 0, count=230),
        rv("reject", 1),
        rv("confirm", 2),  # takes the rejection back, keeps the correction
        rv("correct", 3, place="Otres"),
    ]
    ((_, f),) = apply_reviews([fig()], list(reversed(reviews)))
    assert (f.count, f.place) == (230, "Otres")


def test_a_decision_finds_its_figure_by_action_and_count_nearest_in_place() -> None:
    figures = [fig(count=40), fig("deported", 5), fig(count=40)]
    assert target_of(rv("reject", ordinal=2, of=40), figures) == 2
    assert target_of(rv("reject", ordinal=0, of=40), figures) == 0
    assert target_of(rv("reject", of=41), figures) is None  # no longer read: ignored
    assert len(apply_reviews(figures, [rv("reject", of=41)])) == 3


def test_a_day_replaces_a_period_and_a_period_a_day() -> None:
    ((_, f),) = apply_reviews([fig()], [rv("correct", period_end="2026-02-09")])
    assert (f.date, f.period_end) == (None, dt.date(2026, 2, 9))
    spread = fig(date=None, period_start=dt.date(2026, 2, 1), period_end=dt.date(2026, 2, 7))
    ((_, g),) = apply_reviews([spread], [rv("correct", date="2026-02-03")])
    assert (g.date, g.period_start, g.period_end) == (dt.date(2026, 2, 3), None, None)


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("count", "1,250", 1250),
        ("women", "", None),
        ("action", "deported", "deported"),
        ("date", "2026-02-09", "2026-02-09"),
        ("date", "", None),
        ("nationalities", "CN 40, VN: 12; Thailand", {"CN": 40, "VN": 12, "TH": None}),
        ("country", "Cambodia", "KH"),
        ("country", "kh", "KH"),
        ("place", "  Otres Village ", "Otres Village"),
    ],
)
def test_entries_are_checked_and_normalised(field: str, text: str, value: object) -> None:
    assert parse_value(field, text) == value


@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        ("count", "two hundred", "whole number"),
        ("count", "0", "between 1"),
        ("count", "", "needs a number"),
        ("action", "kidnapped", "one of"),
        ("date", "9 Feb", "YYYY-MM-DD"),
        ("nationalities", "Atlantis 4", "no country"),
        ("colour", "red", "no field"),
        ("place", "x" * 301, "longer than"),
    ],
)
def test_a_bad_entry_says_what_to_enter(field: str, text: str, says: str) -> None:
    with pytest.raises(ReviewError, match=says):
        parse_value(field, text)


def test_reviews_are_frozen_values() -> None:
    r = rv("confirm")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.verdict = "reject"  # type: ignore[misc]
