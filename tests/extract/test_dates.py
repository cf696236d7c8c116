"""newswatch.extract.dates: time expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from newswatch.extract.dates import find_times
from newswatch.extract.text import tokenize

PUB = dt.date(2026, 2, 10)  # a Tuesday


def _one(text: str, published: dt.date = PUB) -> tuple[object, object, object, str]:
    refs = find_times(tokenize(text), published)
    assert len(refs) == 1, refs
    r = refs[0]
    return (r.date, r.start, r.end, r.kind)


D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Sunday", (D(2026, 2, 8), None, None, "day")),
        ("on Sunday and Monday", (None, D(2026, 2, 8), D(2026, 2, 9), "range")),
        ("over the weekend", (None, D(2026, 2, 7), D(2026, 2, 8), "weekend")),
        ("from June 2025 to early 2026", (None, D(2025, 6, 1), PUB, "range")),
        ("from March 2024 to the end of 2024", (None, D(2024, 3, 1), D(2024, 12, 31), "range")),
        ("at the weekend", (None, D(2026, 2, 7), D(2026, 2, 8), "weekend")),
        ("on the nights of February 3 and 4.", (None, D(2026, 2, 3), D(2026, 2, 4), "range")),
        ("on February 3 and 4, police said", (None, D(2026, 2, 3), D(2026, 2, 4), "range")),
        ("on February 3 and 4 people were held", (D(2026, 2, 3), None, None, "day")),
        ("on Tuesday", (D(2026, 2, 10), None, None, "day")),
        ("last Tuesday", (D(2026, 2, 3), None, None, "day")),
        ("yesterday", (D(2026, 2, 9), None, None, "day")),
        ("last week", (D(2026, 2, 3), None, None, "day")),
        ("this week", (None, D(2026, 2, 9), PUB, "range")),
        ("on Monday last week", (D(2026, 2, 2), None, None, "day")),
        ("on Saturday of last week", (D(2026, 2, 7), None, None, "day")),
        ("on Monday this week", (D(2026, 2, 9), None, None, "day")),
        ("late last week", (None, D(2026, 2, 5), D(2026, 2, 8), "range")),
        ("early last week", (None, D(2026, 2, 2), D(2026, 2, 4), "range")),
        ("a campaign that began last year", (None, D(2025, 1, 1), PUB, "since")),
        ("the crackdown launched in July", (None, D(2025, 7, 1), PUB, "since")),
        ("Feb. 8", (D(2026, 2, 8), None, None, "day")),
        ("Dec. 30", (D(2025, 12, 30), None, None, "day")),
        ("14 July 2025", (D(2025, 7, 14), None, None, "day")),
        ("October 17, 2025", (D(2025, 10, 17), None, None, "day")),
        ("the night of October 17, 2025", (D(2025, 10, 17), None, None, "day")),
        ("Wednesday January 8, 2020", (D(2020, 1, 8), None, None, "day")),
        ("December 17th", (D(2025, 12, 17), None, None, "day")),
        ("in September", (None, D(2025, 9, 1), D(2025, 9, 30), "month")),
        ("last November", (None, D(2025, 11, 1), D(2025, 11, 30), "month")),
        ("March 9 to 10", (None, D(2025, 3, 9), D(2025, 3, 10), "range")),
        ("December 11-12", (None, D(2025, 12, 11), D(2025, 12, 12), "range")),
        ("from 27 June to 14 October 2025", (None, D(2025, 6, 27), D(2025, 10, 14), "range")),
        ("from Jan. 1 to early February", (None, D(2026, 1, 1), D(2026, 2, 10), "range")),
        ("since early February", (None, D(2026, 2, 1), PUB, "since")),
        ("since June last year", (None, D(2025, 6, 1), PUB, "since")),
        ("since 2011", (None, D(2011, 1, 1), PUB, "since")),
        ("over the past two years", (None, D(2024, 2, 10), PUB, "past")),
        ("in the past six months", (None, D(2025, 8, 10), PUB, "past")),
        ("so far this year", (None, D(2026, 1, 1), PUB, "since")),
        ("as of Feb. 9", (None, None, D(2026, 2, 9), "as_of")),
        ("this past weekend", (None, D(2026, 2, 7), D(2026, 2, 8), "weekend")),
        ("in 2023", (None, D(2023, 1, 1), D(2023, 12, 31), "year")),
        ("the end of last year", (None, D(2025, 12, 1), D(2025, 12, 31), "month")),
        ("2025-10-21", (D(2025, 10, 21), None, None, "iso")),
        ("since the beginning of this year", (None, D(2026, 1, 1), PUB, "since")),
        ("since the start of the year", (None, D(2026, 1, 1), PUB, "since")),
        ("the beginning of January", (None, D(2026, 1, 1), D(2026, 1, 10), "month")),
    ],
)
def test_time_expressions(text: str, expected: tuple[object, ...]) -> None:
    assert _one(text) == expected


@pytest.mark.parametrize("text", ["may be deported", "the 8 suspects", "Article 29", "in May"])
def test_not_days(text: str) -> None:
    refs = find_times(tokenize(text), PUB)
    assert all(r.date is None for r in refs)


def test_without_publication_date_nothing_resolves() -> None:
    assert find_times(tokenize("on Sunday, Feb. 8"), None) == []
