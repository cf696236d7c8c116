"""Event matching, folding and series as tables of examples (CODEBOOK §5). Pure: no store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import tomllib
from importlib import resources
from typing import Any

import pytest

from newswatch.events import (
    best_match,
    change,
    compatible,
    fold,
    previous_value,
    same_series,
    verdict,
)
from newswatch.events.linkage import FIELDS, parse_weights, weights
from newswatch.events.matching import compare, same_story, story_numbers
from newswatch.models import Action, Figure, Mention, Qualifier, Scope, Unit, ValueKind

D = dt.date.fromisoformat
_ids = itertools.count(1)


def fig(**kw: Any) -> Figure:
    base: dict[str, Any] = {
        "action": Action.DEPORTED, "count": 312, "qualifier": Qualifier.EXACT,
        "unit": Unit.PEOPLE, "scope": Scope.EVENT, "date": D("2026-03-07"),
        "period_start": None, "period_end": None, "nationalities": {}, "women": None,
        "men": None, "country": "KH", "admin1": None, "place": None, "agency": None,
        "evidence": "", "span": (0, 3),
    }  # fmt: skip
    for k in ("date", "period_start", "period_end"):
        if isinstance(kw.get(k), str):
            kw[k] = D(kw[k])
    for k, enum in (("action", Action), ("qualifier", Qualifier), ("scope", Scope)):
        if isinstance(kw.get(k), str):
            kw[k] = enum(kw[k])
    return Figure(**{**base, **kw})


def mention(
    published: str = "2026-03-08", article: int | None = None, ordinal: int = 0, **kw: Any
) -> Mention:
    a = article if article is not None else next(_ids)
    return Mention(
        fig(**kw),
        a,
        f"https://news{a}.test/a",
        f"Outlet {a}",
        D(published),
        id=next(_ids),
        ordinal=ordinal,
    )


# --- counts ----------------------------------------------------------------------------------

COMPATIBLE = [
    # (a, qualifier a, b, qualifier b, compatible?, why)
    (812, "exact", 812, "exact", True, "equal"),
    (800, "more_than", 812, "exact", True, "'more than 800' said of 812"),
    (3455, "about", 3455, "exact", True, "'about 3,455' with 3,455"),
    (1800, "nearly", 1792, "exact", True, "'nearly 1,800' with 1,792"),
    (2000, "more_than", 2198, "exact", True, "'more than 2,000' with 2,198"),
    (100, "vague", 350, "exact", True, "'hundreds' with 350"),
    (500, "up_to", 400, "exact", True, "'up to 500' with 400"),
    (100, "about", 108, "about", True, "two estimates within 10%"),
    (26, "exact", 35, "exact", False, "two exact counts differ"),
    (21000, "more_than", 30000, "more_than", False, "two different floors are two statements"),
    (800, "more_than", 2000, "exact", False, "a floor is not said of 2.5 times itself"),
    (1000, "vague", 350, "exact", False, "'thousands' is not 350"),
    (1800, "nearly", 1900, "exact", True, "within 10% when either is approximate"),
    (1800, "nearly", 2100, "exact", False, "'nearly 1,800' is not 2,100"),
]


@pytest.mark.parametrize(
    ("a", "qa", "b", "qb", "ok", "why"), COMPATIBLE, ids=[c[5] for c in COMPATIBLE]
)
def test_compatible(a: int, qa: str, b: int, qb: str, ok: bool, why: str) -> None:
    assert compatible(a, Qualifier(qa), b, Qualifier(qb)) is ok
    assert compatible(b, Qualifier(qb), a, Qualifier(qa)) is ok  # symmetric


# --- one mention against one event -----------------------------------------------------------

FLIGHT = {"count": 312, "nationalities": {"CN": 312}, "place": "Techo International Airport"}

VERDICTS: list[tuple[str, dict[str, Any], dict[str, Any], str | None]] = [
    # (why, first report, later report, verdict)
    ("the same flight from two outlets", FLIGHT, FLIGHT, "same"),
    (
        "'on Saturday' vs 'on Sunday'",
        {**FLIGHT, "date": "2026-03-07"},
        {**FLIGHT, "date": "2026-03-08"},
        "same",
    ),
    ("three days apart still one event", {"date": "2026-03-07"}, {"date": "2026-03-10"}, "same"),
    ("same count, different month", {"date": "2026-03-07"}, {"date": "2026-04-07"}, None),
    (
        "deported and extradited are one action",
        {"action": "extradited"},
        {"action": "deported"},
        "same",
    ),
    ("deported vs arrested", {"action": "arrested"}, {"action": "deported"}, None),
    (
        "another country acted, a count that recurs",
        {"country": "TH", "count": 12},
        {"country": "KH", "count": 12},
        None,
    ),
    (
        "another country named, the same distinctive count the same day: the receiving "
        "country's report",
        {"country": "TH"},
        {"country": "KH"},
        "same",
    ),
    (
        "event vs cumulative",
        {
            "scope": "cumulative",
            "date": None,
            "period_start": "2026-01-01",
            "period_end": "2026-03-07",
        },
        {},
        None,
    ),
    (
        "nationalities contradict",
        {"nationalities": {"CN": 312}},
        {"nationalities": {"VN": 312}},
        None,
    ),
    ("one says less about who", {"nationalities": {"CN": 312}}, {"nationalities": {}}, "same"),
    (
        "one of the group is not all of it",
        {"nationalities": {"TW": 312}},
        {"nationalities": {"TW": 1}},
        None,
    ),
    (
        "a subset of nationalities",
        {"nationalities": {"CN": 90, "TW": 10}},
        {"nationalities": {"CN": None}},
        "same",
    ),
    ("places contradict", {"place": "Bavet", "count": 12}, {"place": "Poipet", "count": 12}, None),
    (
        "provinces contradict",
        {"admin1": "Svay Rieng", "count": 12},
        {"admin1": "Kandal", "count": 12},
        None,
    ),
    (
        "place and province contradict: another operation, whatever the count",
        {"place": "Bavet", "admin1": "Svay Rieng"},
        {"place": "Poipet", "admin1": "Banteay Meanchey"},
        None,
    ),
    (
        "one place named in two ways",
        {"place": "Hoa Lu International Border Gate"},
        {"place": "Hua Lu border crossing, Hoa Lu"},
        "same",
    ),
    (
        "an estimate, then the exact count",
        {"count": 800, "qualifier": "more_than"},
        {"count": 812},
        "same",
    ),
    (
        "same day, different flight: two exact counts are two facts",
        {**FLIGHT, "count": 26, "nationalities": {"CN": 26}},
        {**FLIGHT, "count": 35, "nationalities": {"CN": 35}},
        None,
    ),
    (
        "an estimate revised to a different count at the same place",
        {"count": 100, "qualifier": "more_than", "place": "KB Park compound"},
        {"count": 34, "place": "KB Park"},
        "revision",
    ),
    (
        "an exact count corrected with 'now say'",
        {"count": 34, "place": "Golden Sands casino"},
        {
            "count": 26,
            "place": "Golden Sands casino",
            "evidence": "Officials now say 26 were held.",
        },
        "revision",
    ),
    (
        "two outlets' exact counts of one raid at one named site: a revision",
        {"count": 118, "place": "Golden Crown casino", "admin1": "Banteay Meanchey"},
        {"count": 105, "place": "Golden Crown", "date": "2026-03-09"},
        "revision",
    ),
    (
        "a count a fifth lower, a day apart, in the one province both name: a revision",
        {"count": 90, "admin1": "Songkhla", "date": "2026-03-09"},
        {"count": 71, "admin1": "Songkhla", "date": "2026-03-08"},
        "revision",
    ),
    (
        "counts a third apart in one province are two facts",
        {"count": 90, "admin1": "Songkhla", "date": "2026-03-09"},
        {"count": 60, "admin1": "Songkhla", "date": "2026-03-09"},
        None,
    ),
    (
        "close exact counts with nothing concrete in common are two facts",
        {"count": 118, "nationalities": {"CN": 118}},
        {"count": 105, "nationalities": {"CN": 105}},
        None,
    ),
    (
        "close small counts are two counts",
        {"count": 9, "place": "KB Park"},
        {"count": 8, "place": "KB Park"},
        None,
    ),
    (
        "lists that share a nationality with the same number, one naming one more",
        {"nationalities": {"TH": 109, "PK": 50, "IN": 48}},
        {"nationalities": {"TH": 109, "KH": None}},
        "same",
    ),
    (
        "lists that share a nationality with another number",
        {"nationalities": {"TH": 109, "PK": 50}},
        {"nationalities": {"TH": 100, "KH": None}},
        None,
    ),
    (
        "a vague amount and a count it admits, nothing else in common",
        {"count": 100, "qualifier": "vague"},
        {"count": 350},
        None,
    ),
    (
        "a vague amount and a count it admits at one named site",
        {"count": 100, "qualifier": "vague", "place": "KB Park"},
        {"count": 350, "place": "KB Park compound"},
        "same",
    ),
    (
        "a different count with nothing concrete in common is not a revision",
        {"count": 100, "qualifier": "more_than"},
        {"count": 34},
        None,
    ),
]


@pytest.mark.parametrize(
    ("why", "first", "later", "expected"), VERDICTS, ids=[v[0] for v in VERDICTS]
)
def test_verdict(
    why: str, first: dict[str, Any], later: dict[str, Any], expected: str | None
) -> None:
    event = fold([mention("2026-03-08", **first)], event_id=1)
    v = verdict(event, mention("2026-03-09", **later))
    assert (v.kind if v else None) == expected


UNDATED: list[tuple[str, dict[str, Any], str, dict[str, Any], bool]] = [
    # (why, dated event, undated mention's publication, undated mention, joins?)
    (
        "reported a week later, everything matches",
        {"place": "KB Park"},
        "2026-03-14",
        {"place": "KB Park"},
        True,
    ),
    ("reported 40 days later", {"place": "KB Park"}, "2026-04-16", {"place": "KB Park"}, False),
    (
        "reported before the event happened",
        {"place": "KB Park"},
        "2026-03-01",
        {"place": "KB Park"},
        False,
    ),
    (
        "a small count naming no place",
        {"count": 12, "place": "KB Park"},
        "2026-03-10",
        {"count": 12},
        False,
    ),
    (
        "the same large exact count, saying less",
        {"place": "KB Park", "nationalities": {"CN": 312}},
        "2026-03-10",
        {},
        True,
    ),
    (
        "a large estimate saying less",
        {"place": "KB Park"},
        "2026-03-10",
        {"count": 300, "qualifier": "about"},
        False,
    ),
    (
        "different nationalities",
        {"nationalities": {"CN": 312}},
        "2026-03-10",
        {"nationalities": {"VN": 312}},
        False,
    ),
    (
        "a compatible estimate",
        {"count": 2198, "place": "KB Park"},
        "2026-03-10",
        {"count": 2000, "qualifier": "more_than", "place": "KB Park"},
        True,
    ),
    (
        "an undated different count never revises",
        {"place": "KB Park"},
        "2026-03-10",
        {"count": 50, "place": "KB Park", "evidence": "now 50"},
        False,
    ),
]


@pytest.mark.parametrize(
    ("why", "first", "published", "later", "joins"), UNDATED, ids=[u[0] for u in UNDATED]
)
def test_undated_mentions(
    why: str, first: dict[str, Any], published: str, later: dict[str, Any], joins: bool
) -> None:
    event = fold([mention("2026-03-08", **first)], event_id=1)
    assert (verdict(event, mention(published, **{**later, "date": None})) is not None) is joins


def test_two_figures_of_one_article_are_two_facts() -> None:
    event = fold([mention(article=500, date="2026-10-05", action="arrested", count=57)], 1)
    same_article = mention(article=500, date="2026-10-05", action="arrested", count=57)
    assert verdict(event, same_article) is None
    assert verdict(event, mention(date="2026-10-05", action="arrested", count=57)) is not None


CUMULATIVE = {"scope": "cumulative", "date": None, "period_start": "2025-06-27"}


def test_cumulative_same_period_is_one_event_and_a_later_end_is_not() -> None:
    event = fold([mention(**CUMULATIVE, period_end="2025-10-14", count=2825)], 1)
    assert verdict(event, mention(**{**CUMULATIVE, "period_start": "2025-06-29"},
                                  period_end="2025-10-14", count=2825))  # fmt: skip
    assert verdict(event, mention(**CUMULATIVE, period_end="2025-11-30", count=3100)) is None


def test_best_match_prefers_the_compatible_count_and_the_nearest_day() -> None:
    e26 = fold([mention(article=1, count=26, date="2026-03-07")], 1)
    e35 = fold([mention(article=1, count=35, date="2026-03-07", ordinal=1)], 2)
    e35_far = fold([mention(article=2, count=35, date="2026-03-04")], 3)
    found = best_match([e26, e35_far, e35], mention(count=35, date="2026-03-07"))
    assert found is not None and found[0].id == 2


def test_one_story_tips_a_pair_the_fields_leave_in_doubt() -> None:
    """A Thai outlet names Thailand as the rescuer, a Cambodian one dates the rescue a day
    later: alone too weak; told in two articles that share their other numbers, one event."""
    event = fold([mention(action="rescued", count=24, country="TH", nationalities={"TH": 24})], 1)
    later = mention(action="rescued", count=24, country="KH", nationalities={"TH": 24},
                    date="2026-03-08")  # fmt: skip
    assert best_match([event], later) is None
    found = best_match([event], later, stories={1: True})
    assert found is not None and found[0].id == 1


def test_same_story_needs_another_distinctive_number() -> None:
    figure = fig(count=24, nationalities={"TH": 24})
    event = fold([mention(count=24)], 1)
    mine = story_numbers([figure, fig(count=621), fig(count=3)])
    assert mine == {24, 621}
    assert same_story(mine, frozenset({24, 621}), figure, event)
    assert not same_story(mine, frozenset({24, 3}), figure, event)  # only the pair's own count


# --- the linkage model -------------------------------------------------------------------------


def test_the_model_file_has_every_level_with_its_reason() -> None:
    data = tomllib.loads(
        resources.files("newswatch.events").joinpath("data/linkage.toml").read_text("utf8")
    )
    for name, levels in FIELDS.items():
        table = data["fields"][name]
        assert set(table) == set(levels), name
        assert all(table[level]["reason"] for level in levels)
        # Probabilities of the levels of one field: each of m and u sums to one.
        m = sum(table[level]["m"] for level in levels)
        u = sum(table[level].get("u", 0.0) for level in levels if level != "equal")
        assert abs(m - 1) <= 0.05, (name, m)
        if name != "count":  # an equal count's u depends on the number
            assert abs(u - 1) <= 0.05, (name, u)
    del data["fields"]["place"]["agree"]
    with pytest.raises(KeyError):
        parse_weights(data)


def test_evidence_is_the_sum_of_what_each_field_says() -> None:
    w = weights()
    event = fold([mention(place="KB Park", count=312)], 1)
    c = compare(event, mention(place="KB Park compound", count=312))
    assert c is not None and c.place == "agree" and c.count == "equal"
    assert sum(w.explain(c).values()) == pytest.approx(w.evidence(c))
    # A rare count says more than a common or round one.
    assert w.equal_count_bits(2107) > w.equal_count_bits(312) > w.equal_count_bits(12)
    assert w.equal_count_bits(300) < w.equal_count_bits(312)


# --- the fold: current values and history ----------------------------------------------------


def test_revision_history_and_current_count() -> None:
    first = mention("2026-03-08", count=100, qualifier="more_than", place="KB Park")
    second = mention("2026-03-09", count=34, place="KB Park")
    third = mention("2026-03-11", count=26, place="KB Park", evidence="Police now say 26.")
    event = fold([first, second, third], 7)
    assert (event.count, event.qualifier) == (26, Qualifier.EXACT)
    assert [(r.count, r.kind) for r in event.revisions] == [
        (100, ValueKind.FIRST), (34, ValueKind.REVISED), (26, ValueKind.REVISED),
    ]  # fmt: skip
    assert event.revisions[-1].article_url == third.article_url
    # The order articles arrive in does not matter: the fold follows publication.
    assert fold([third, first, second], 7) == event


def test_an_exact_count_refines_an_estimate() -> None:
    event = fold([mention(count=1800, qualifier="nearly"), mention("2026-03-10", count=1792)])
    assert (event.count, event.qualifier) == (1792, Qualifier.EXACT)
    assert event.revisions[-1].kind is ValueKind.REFINED


def test_a_syndicated_copy_never_revises() -> None:
    original = mention(count=100, qualifier="more_than", place="KB Park")
    copy = dataclasses.replace(mention("2026-03-10", count=34, place="KB Park"), syndicated=True)
    event = fold([original, copy])
    assert (event.count, event.qualifier) == (100, Qualifier.MORE_THAN)
    assert len(event.revisions) == 1


def test_breakdowns_stay_with_their_count() -> None:
    first = mention(count=100, qualifier="more_than", nationalities={"CN": 60, "VN": 40},
                    place="KB Park", women=12)  # fmt: skip
    later = mention("2026-03-10", count=34, place="KB Park", nationalities={"CN": None})
    event = fold([first, later])
    assert event.count == 34
    assert event.nationalities == {"CN": None, "VN": None}  # the 60/40 split was of 100
    assert event.women is None


def test_fields_most_sources_state_win() -> None:
    ms = [mention(date="2026-03-07"), mention(date="2026-03-08"), mention(date="2026-03-08")]
    assert fold(ms).date == D("2026-03-08")


def test_change_names_what_a_mention_did() -> None:
    first = mention(count=100, qualifier="more_than", place="KB Park")
    before = fold([first], 1)
    same = mention("2026-03-09", count=120, place="KB Park")
    assert change(before, fold([first, same], 1), same).kind == "merged"
    revised = mention("2026-03-09", count=34, place="KB Park")
    ch = change(before, fold([first, revised], 1), revised)
    assert (ch.kind, ch.previous_count, ch.event.count) == ("revised", 100, 34)
    assert change(None, before, first).kind == "new_event"
    assert change(before, before, first).kind == "unchanged"


def test_series_membership_and_previous_value() -> None:
    a = fold([mention(**CUMULATIVE, period_end="2025-08-31", count=2137)], 1)
    b = fold([mention(**CUMULATIVE, period_end="2025-10-14", count=2825)], 2)
    other_start = fold([mention(**{**CUMULATIVE, "period_start": "2025-01-01"},
                                period_end="2025-10-14", count=9000)], 3)  # fmt: skip
    assert same_series(a, b) and not same_series(a, other_start)
    assert not same_series(a, fold([mention()], 4))  # an event is no series value
    prev = previous_value([a, b], D("2025-11-30"))
    assert prev is not None and prev.count == 2825
    assert previous_value([a, b], D("2025-08-01")) is None
