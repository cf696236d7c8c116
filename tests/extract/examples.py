"""Helpers for example tables: short articles the team wrote, each with its expected figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from newswatch.extract import extract_figures
from newswatch.models import figure_to_json


@dataclasses.dataclass(frozen=True)
class Example:
    id: str
    text: str
    expected: list[dict[str, Any]]  # only the fields given are checked, in reading order
    published: str = "2026-02-10"  # a Tuesday
    xfail: str | None = None  # a known miss, with the reason: run as strict xfail


def F(action: str, count: int, **fields: Any) -> dict[str, Any]:
    return {"action": action, "count": count, **fields}


def params(examples: list[Example], group: str) -> list[Any]:
    """pytest params with readable ids ('dates:last-week'); known misses as strict xfail."""
    return [
        pytest.param(
            e,
            id=f"{group}:{e.id}",
            marks=[pytest.mark.xfail(reason=e.xfail, strict=True)] if e.xfail else [],
        )
        for e in examples
    ]


def check(example: Example) -> None:
    published = dt.date.fromisoformat(example.published)
    got = [figure_to_json(f) for f in extract_figures(example.text, published)]
    summary = [{k: g[k] for k in ("action", "count", "qualifier", "scope", "date")} for g in got]
    assert len(got) == len(example.expected), f"figures: {summary}"
    for want, have in zip(example.expected, got, strict=True):
        for field, value in want.items():
            assert have[field] == value, (
                f"{field}: want {value!r}, got {have[field]!r} in {summary}"
            )
