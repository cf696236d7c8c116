"""newswatch.extract.explain_figures: the reasons behind each field and each number set aside."""

from __future__ import annotations

import datetime as dt

from newswatch.extract import explain_figures, extract_figures

PUB = dt.date(2026, 2, 10)
TEXT = (
    "Cambodia deports 40 Chinese nationals\n\n"
    "Cambodia on Sunday deported 40 Chinese nationals, including three women, who had worked "
    "at an online scam compound, the immigration department said in a statement of 12 pages."
)


def test_the_figures_are_those_extract_figures_gives() -> None:
    explained = explain_figures(TEXT, PUB)
    assert [f for f, _ in explained.figures] == extract_figures(TEXT, PUB)


def test_each_field_has_its_rule_and_words() -> None:
    ((fig, why),) = explain_figures(TEXT, PUB).figures
    assert (fig.count, fig.date) == (40, dt.date(2026, 2, 8))
    assert why["action"] == "past 'deported'"
    assert why["when"] == "the sentence's time: 'Sunday'"
    assert why["nationalities"] == "named with the count"
    assert why["merged"].startswith("one fact also stated in sentence")  # the headline


def test_an_earlier_action_on_the_group_says_so() -> None:
    text = TEXT.replace("who had worked", "who had been arrested")
    (_, _), (fig, why) = explain_figures(text, PUB).figures
    assert (fig.action, fig.count, fig.date) == ("arrested", 40, None)
    assert why["action"] == "an earlier action on the same group: 'arrested'"
    assert why["date"] == "unsaid: an earlier action (its own clause)"


def test_numbers_set_aside_say_why() -> None:
    dropped = explain_figures(TEXT, PUB).dropped
    assert any(words == "three" and "breakdown" in why for _, words, why in dropped)
    assert any(words == "12" and "no people" in why for _, words, why in dropped)


def test_a_text_not_read_says_why() -> None:
    assert explain_figures("", PUB).skipped == "empty text"
    assert explain_figures("Sunny, 30 degrees.", PUB).skipped.startswith("off topic")


def test_an_action_on_a_group_counted_before_names_that_sentence() -> None:
    text = (
        "Thirty Korean nationals were deported on Monday over a phone scam.\n\n"
        "The group was arrested in December by police in Phnom Penh."
    )
    (_, _), (fig, why) = explain_figures(text, PUB).figures
    assert (fig.action, fig.count) == ("arrested", 30)
    assert why["action"] == "an action on the group counted in sentence 1: 'arrested'"
    assert why["count"] == "the group of sentence 1"
