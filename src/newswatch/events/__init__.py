"""Mentions into events, revisions and series (CODEBOOK §5). Pure: values in, values out."""

from newswatch.events.build import Change, ChangeKind, change, fold, previous_value, same_series
from newswatch.events.matching import (
    DATE_TOLERANCE,
    UNDATED_WINDOW,
    Block,
    Verdict,
    anchor,
    best_match,
    blocks,
    compatible,
    family,
    verdict,
)

__all__ = [
    "DATE_TOLERANCE",
    "UNDATED_WINDOW",
    "Block",
    "Change",
    "ChangeKind",
    "Verdict",
    "anchor",
    "best_match",
    "blocks",
    "change",
    "compatible",
    "family",
    "fold",
    "previous_value",
    "same_series",
    "verdict",
]
