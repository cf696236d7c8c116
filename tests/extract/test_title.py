"""The article's title is its headline: read before the text unless the text opens with it."""

from __future__ import annotations

import datetime as dt

from newswatch.extract import extract_figures, headline_to_add

PUB = dt.date(2026, 2, 10)
BODY = (
    "Police in Da Nang told reporters on Sunday that they had deported the Chinese group.\n\n"
    "On Thursday, six rented houses were raided and 40 Chinese nationals were detained."
)
TITLE = "Vietnam deports 40 Chinese over online gambling ring"


def test_a_title_the_text_lacks_is_read_as_its_headline() -> None:
    without = [(f.action, f.count) for f in extract_figures(BODY, PUB)]
    with_title = [(f.action, f.count) for f in extract_figures(BODY, PUB, title=TITLE)]
    assert ("deported", 40) not in without
    assert ("deported", 40) in with_title and ("arrested", 40) in with_title


def test_spans_stay_offsets_in_the_text_and_the_titles_own_figure_has_none() -> None:
    figures = {f.action: f for f in extract_figures(BODY, PUB, title=TITLE)}
    arrested = figures["arrested"]
    assert BODY[arrested.span[0] : arrested.span[1]] == "40"
    assert figures["deported"].span == (0, 0)
    assert figures["deported"].evidence == TITLE


def test_a_text_that_opens_with_its_title_is_read_once() -> None:
    text = f"{TITLE}\n\n{BODY}"
    assert headline_to_add(TITLE, text) is None
    assert extract_figures(text, PUB, title=TITLE) == extract_figures(text, PUB)


def test_notes_around_a_title_and_short_titles_add_nothing() -> None:
    assert headline_to_add("[untitled in excerpt] Police arrest 12 in raid", "Other text.") == (
        "Police arrest 12 in raid"
    )
    assert headline_to_add("News", "Other text.") is None
    assert headline_to_add(None, "Other text.") is None
