"""What the pages compute, as pure values: filters, weekly totals, the evidence's place."""

from __future__ import annotations

import datetime as dt

from newswatch.web.views import keep_top, marked, parse_filters, weekly

D = dt.date


def test_filters_become_a_query_and_bad_entries_are_said_and_ignored() -> None:
    f = parse_filters(
        {"action": "deported", "country": "Cambodia", "nationality": "cn", "since": "2026-01-01",
         "until": "Feb 9", "min": "1,000", "q": " Poipet ", "sort": "count", "order": "asc",
         "page": "3", "junk": "x"},
        page_size=50,
    )  # fmt: skip
    q = f.query
    assert (q.action, q.country, q.nationality, q.since, q.until) == (
        "deported", "KH", "CN", D(2026, 1, 1), None,
    )  # fmt: skip
    assert (q.min_count, q.text, q.sort, q.descending, q.offset, q.limit) == (
        1000, "Poipet", "count", False, 100, 50,
    )  # fmt: skip
    assert f.errors == ("until must be a day as YYYY-MM-DD, not 'Feb 9'",)
    assert "junk" not in f.link()


def test_unknown_values_are_errors_not_filters() -> None:
    f = parse_filters({"action": "kidnapped", "country": "Atlantis", "sort": "x", "page": "-1"}, 50)
    assert (f.query.action, f.query.country, f.query.sort, f.page) == (None, None, "when", 1)
    assert len(f.errors) == 4


def test_a_page_link_keeps_the_filters() -> None:
    f = parse_filters({"action": "arrested", "q": "a&b", "page": "2"}, 50)
    assert f.link(page=3) == "action=arrested&q=a%26b&page=3"
    assert f.link(page=None) == "action=arrested&q=a%26b"


ROWS = [
    (D(2026, 2, 2), "arrested", 40, {"CN": 30, "VN": 10}, "KH"),  # a Monday
    (D(2026, 2, 8), "deported", 12, {"CN": None}, "KH"),  # the Sunday of that week
    (D(2026, 2, 9), "arrested", 5, {}, "TH"),
    (D(2026, 1, 1), "arrested", 999, {}, "KH"),  # before the first week shown
]


def test_people_per_week_by_action_nationality_and_country() -> None:
    weeks, by_action = weekly(ROWS, D(2026, 2, 4), D(2026, 2, 10), "action")
    assert weeks == [D(2026, 2, 2), D(2026, 2, 9)]
    assert by_action == {"arrested": [40, 5], "deported": [12, 0]}
    _, by_nat = weekly(ROWS, D(2026, 2, 2), D(2026, 2, 10), "nationality")
    assert by_nat == {"CN": [42, 0], "VN": [10, 0], "unstated": [0, 5]}
    _, by_country = weekly(ROWS, D(2026, 2, 2), D(2026, 2, 10), "country")
    assert by_country == {"KH": [52, 0], "TH": [0, 5]}


def test_small_stacks_are_drawn_together() -> None:
    stacks = {"a": [5, 5], "b": [1, 0], "c": [0, 1], "d": [9, 9]}
    assert keep_top(stacks, 2) == {"d": [9, 9], "a": [5, 5], "other": [1, 1]}


def test_the_evidence_is_marked_where_the_figure_stands() -> None:
    text = "Police arrested 5 people. Later, police arrested 5 people. The end."
    second = text.rindex("police arrested 5")
    parts = marked(text, "police arrested 5 people.", (second + 16, second + 17))
    assert parts[1] == ("police arrested 5 people.", True)
    assert "".join(p for p, _ in parts) == text
    # the sentence is no longer in the text: its span is marked
    assert marked("A raid: 40 held.", "gone", (8, 10)) == [
        ("A raid: ", False), ("40", True), (" held.", False),
    ]  # fmt: skip
    assert marked("short", "gone", (50, 60)) == [("short", False)]
