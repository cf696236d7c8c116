"""Properties that hold for any text: no exception, valid §6 JSON, spans on the number, linear time.

Speed itself is measured by `make bench`, never by a timed test; the large inputs here would
hang on a quadratic path, which is what they guard against.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newswatch.extract import extract_figures
from newswatch.models import extraction_to_json

PUBLISHED = dt.date(2026, 2, 10)
WORDS = [
    "police", "arrested", "deported", "rescued", "raided", "closed", "charged", "scam", "fraud",
    "more", "than", "about", "nearly", "Chinese", "nationals", "people", "suspects", "sites",
    "on", "Sunday", "Feb.", "8", "since", "early", "February", "in", "Sihanoukville", "Poipet",
    "including", "women", "men", "were", "was", "the", "a", "of", "and", ",", ".", "(", ")",
    "312", "2,825", "five", "twenty-one", "a dozen", "hundreds", "thousands", "1.2 million",
    "$", "%", "years", "officers", "will", "be", "to", "KK", "Park", "\n", "—", ":", "said",
]  # fmt: skip
NUMBER = re.compile(
    r"\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen|score",
    re.I,
)

news_like = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)


def _check(text: str) -> None:
    figures = extract_figures(text, PUBLISHED)
    payload = json.loads(json.dumps(extraction_to_json(PUBLISHED, figures)))
    assert payload["published"] == "2026-02-10"
    for fig, raw in zip(figures, payload["figures"], strict=True):
        start, end = raw["span"]
        assert 0 <= start < end <= len(text)
        assert NUMBER.search(text[start:end]), (text[start:end], text)
        assert fig.count > 0
        assert set(raw) >= {"action", "count", "qualifier", "unit", "scope", "evidence", "span"}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(news_like)
def test_news_like_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_text(text: str) -> None:
    _check(text)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_binary_garbage_decoded(blob: bytes) -> None:
    _check(blob.decode("utf-8", errors="replace"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02",
        "scam " * 10,
        "scam police arrested " + "9 " * 5000,
        "scam. " + "Police arrested 5 suspects and deported 7 Chinese nationals and " * 300,
        "Полиция задержала 40 человек. 警察逮捕了40人 scam. ตำรวจจับกุม 40 คน",
        "scam " + "(" * 3000 + "arrested 5 people" + ")" * 3000,
        "scam " + "more than " * 2000 + "800 arrested",
    ],
    ids=[
        "empty",
        "control",
        "no-numbers",
        "numbers-everywhere",
        "many-figures",
        "mixed-scripts",
        "nested-parens",
        "qualifier-run",
    ],
)
def test_hostile_inputs(text: str) -> None:
    _check(text)


@pytest.mark.slow
def test_five_megabytes_of_news() -> None:
    """A 5 MB input completes (linear work: sentences are bounded, context is cached)."""
    paragraph = (
        "On Feb. 8, Cambodian police arrested 312 Chinese nationals suspected of online scams, "
        "including five women, at a compound in Sihanoukville. Officials said more than 2,000 "
        "workers had been deported since early February, and that some 700 officers took part.\n"
    )
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    assert len(text) >= 5_000_000
    figures = extract_figures(text, PUBLISHED)
    assert {(f.action.value, f.count) for f in figures} == {("arrested", 312), ("deported", 2000)}


@pytest.mark.slow
def test_one_paragraph_of_a_million_characters() -> None:
    """Thousands of short sentences in one paragraph (a page without line breaks): each
    sentence is read once, and text past MAX_TEXT_CHARS is not read at all."""
    from newswatch.extract import MAX_TEXT_CHARS

    sentence = "The Ministry of Interior said police arrested 7 Chinese scam suspects in Kandal. "
    text = sentence * (1_000_000 // len(sentence) + 1)
    tail = " Immigration deported 4,321 Thai scam workers on Feb. 2."
    figures = extract_figures(text + tail, PUBLISHED)
    assert {(f.action.value, f.count) for f in figures} == {("arrested", 7)}
    assert len(text) > MAX_TEXT_CHARS
    (found,) = extract_figures(tail, PUBLISHED)  # the same words, read when within the bound
    assert (found.action.value, found.count) == ("deported", 4321)
