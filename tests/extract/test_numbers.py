"""newswatch.extract.numbers: numbers in every style, with qualifiers."""

from __future__ import annotations

import pytest

from newswatch.extract.lexicon import load_lexicon
from newswatch.extract.numbers import find_numbers, word_value
from newswatch.extract.text import tokenize
from newswatch.models import Qualifier


def _numbers(text: str) -> list[tuple[int, str]]:
    return [(m.value, m.qualifier.value) for m in find_numbers(load_lexicon(), tokenize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,825", [(2825, "exact")]),
        ("1,234,567", [(1234567, "exact")]),
        ("1.2 million", [(1200000, "exact")]),
        ("3 thousand", [(3000, "exact")]),
        ("twenty-one", [(21, "exact")]),
        ("ninety-nine", [(99, "exact")]),
        ("two hundred and five", [(205, "exact")]),
        ("a dozen", [(12, "exact")]),
        ("two dozen", [(24, "exact")]),
        ("more than a dozen", [(12, "more_than")]),
        ("nearly 1,800", [(1800, "nearly")]),
        ("at least 40", [(40, "at_least")]),
        ("up to 70", [(70, "up_to")]),
        ("some 700", [(700, "about")]),
        ("50 or more", [(50, "at_least")]),
        ("tens of thousands of", [(10000, "vague")]),
        ("hundreds of", [(100, "vague")]),
        ("several hundred", [(100, "vague")]),
        ("dozens of", [(12, "vague")]),
        ("handed over 161", [(161, "exact")]),
        ("1.5", []),
        ("0", []),
        ("scores", []),
    ],
)
def test_find_numbers(text: str, expected: list[tuple[int, str]]) -> None:
    assert _numbers(text) == expected


def test_span_covers_the_number() -> None:
    text = "Police arrested more than 2,000 people."
    (m,) = find_numbers(load_lexicon(), tokenize(text))
    assert text[m.span[0] : m.span[1]] == "2,000"
    assert m.qualifier is Qualifier.MORE_THAN


@pytest.mark.parametrize(
    ("word", "value"), [("five", 5), ("forty-two", 42), ("forty-zero", None), ("dog", None)]
)
def test_word_value(word: str, value: int | None) -> None:
    assert word_value(word) == value
