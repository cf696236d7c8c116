"""The server-side SVG charts: well-formed, scaled, escaped."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from newswatch.web.charts import count_history, series_line, stacked_weeks

SVG = "{http://www.w3.org/2000/svg}"


def test_stacked_weeks_draw_one_bar_part_per_value_and_escape_names() -> None:
    weeks = [dt.date(2026, 2, 2), dt.date(2026, 2, 9)]
    svg = stacked_weeks(weeks, {"<b>CN</b>": [30, 0], "VN": [10, 5]}, title="t & u",
                        link="/events?since={since}&until={until}")  # fmt: skip
    root = ET.fromstring(svg)  # well-formed XML
    bars = [r for g in root.iter(f"{SVG}g") for r in g.iter(f"{SVG}rect")]
    assert len(bars) == 3  # zero values draw nothing
    heights = sorted(float(r.get("height") or 0) for r in bars)
    assert heights == pytest.approx([h * heights[0] for h in (1, 2, 6)], rel=0.05)  # 5, 10, 30
    assert "&lt;b&gt;CN&lt;/b&gt;" in svg and "<b>" not in svg
    assert "/events?since=2026-02-02&amp;until=2026-02-08" in svg


def test_the_tallest_week_fits_under_the_axis_maximum() -> None:
    svg = stacked_weeks([dt.date(2026, 2, 2)], {"a": [1234]}, title="t")
    root = ET.fromstring(svg)
    (bar,) = [r for g in root.iter(f"{SVG}g") for r in g.iter(f"{SVG}rect")]
    assert 0 < float(bar.get("height") or 0) <= 260 - 10 - 22
    assert ">2,000<" in svg  # 1, 2 or 5 times a power of ten


def test_empty_charts_are_still_valid() -> None:
    ET.fromstring(stacked_weeks([], {}, title="none"))
    ET.fromstring(stacked_weeks([dt.date(2026, 2, 2)], {}, title="weeks without events"))
    assert count_history([]) == ""
    assert series_line([(None, 5, True)]) == ""


def test_count_history_and_series_mark_their_points() -> None:
    svg = count_history([("2026-02-01", 100, "first"), ("2026-02-03", 118, "refined")])
    root = ET.fromstring(svg)
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    line = series_line([(dt.date(2026, 1, 1), 10, False), (dt.date(2026, 2, 1), 25, True)])
    classes = [c.get("class") for c in ET.fromstring(line).iter(f"{SVG}circle")]
    assert classes == ["value", "current"]
