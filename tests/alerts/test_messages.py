"""Alert texts a recipient can act on: plurals, one-day periods, the event id, summaries."""

from __future__ import annotations

from typing import Any

from newswatch.alerts import Alert, render


def event(**values: Any) -> dict[str, Any]:
    base = {"id": 7, "action": "arrested", "count": 12, "qualifier": "exact", "unit": "people",
            "scope": "event", "date": "2026-03-07", "period_start": None, "period_end": None,
            "nationalities": {}, "women": None, "men": None, "country": "KH", "admin1": None,
            "place": None, "agency": None}  # fmt: skip
    return {**base, **values}


def title(kind: str = "new_event", **values: Any) -> str:
    return render(Alert(1, kind, {"kind": kind, "event": event(**values)})).title


def test_one_is_singular_and_more_are_plural() -> None:
    assert title(count=1) == "Cambodia arrested 1 person (7 Mar 2026)"
    assert title(count=1, nationalities={"CN": 1}) == (
        "Cambodia arrested 1 Chinese national (7 Mar 2026)"
    )
    assert title(count=2, nationalities={"CN": 2}).startswith(
        "Cambodia arrested 2 Chinese nationals"
    )
    assert title(count=1, unit="sites", action="raided").startswith("Cambodia raided 1 site ")
    assert (
        title(count=1, qualifier="more_than") == "Cambodia arrested more than 1 people (7 Mar 2026)"
    )
    body = render(Alert(1, "new_event", {"kind": "new_event", "event": event(count=1)})).body
    assert "**How many:** 1 person" in body


def test_a_one_day_period_is_shown_as_a_day() -> None:
    one_day = {"date": None, "scope": "cumulative", "period_start": "2023-10-17",
               "period_end": "2023-10-17"}  # fmt: skip
    assert title(**one_day) == "Cambodia arrested 12 people (17 Oct 2023)"
    series = title("series_value", **one_day)
    assert series == "Cambodia has arrested 12 people on 17 Oct 2023"
    longer = {**one_day, "period_start": "2023-10-01"}
    assert title("series_value", **longer) == (
        "Cambodia has arrested 12 people since 1 Oct 2023 (to 17 Oct 2023)"
    )


def test_every_event_alert_carries_its_id() -> None:
    body = render(Alert(1, "new_event", {"kind": "new_event", "event": event(id=42)})).body
    assert "**Event:** #42 (`newswatch event 42`)" in body


def test_the_baseline_is_one_summary() -> None:
    payload = {"kind": "baseline_summary", "feeds": ["Khmer Daily", "Border Post"],
               "articles": 164, "figures": 300, "summarised": 284,
               "events": {"new_event": 284, "revised": 3, "series_value": 1}}  # fmt: skip
    message = render(Alert(1, "baseline_summary", payload))
    assert message.title == "Baseline: 164 articles, 284 events from Khmer Daily, Border Post"
    assert "start with the next pass" in message.body
    one = render(Alert(1, "baseline_summary", {**payload, "articles": 1,
                                                "events": {"new_event": 1}}))  # fmt: skip
    assert one.title.startswith("Baseline: 1 article, 1 event from")


def test_a_stalled_monitor_says_since_when() -> None:
    payload = {"kind": "monitor_stalled", "last_completed": "2026-11-30T08:00:00+00:00",
               "intervals": 3, "interval_seconds": 1800}  # fmt: skip
    message = render(Alert(1, "monitor_stalled", payload))
    assert message.title == "Monitor stalled: no completed run since 30 Nov 2026 08:00 UTC"
    assert "3 intervals (30 minutes each)" in message.body
