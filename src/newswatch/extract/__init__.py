"""Text -> enforcement figures (CODEBOOK §1-4). Pure: values in, values out, no I/O.

The entries are :func:`extract_figures` and :func:`explain_figures` (the same figures with the
rule and words behind each field, and the reason each other number is no figure).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from newswatch import EXTRACTOR_VERSION
from newswatch.extract.assemble import (
    DocContext,
    Draft,
    action_on_the_group,
    campaign_start,
    complete_from_followup,
    departure_site,
    on_topic,
    read_sentence,
    same_day,
    update_context,
)
from newswatch.extract.lexicon import load_lexicon
from newswatch.extract.merge import merge_drafts
from newswatch.extract.text import fold, split_sentences
from newswatch.models import Action, Figure

__all__ = [
    "EXTRACTOR_VERSION",
    "Explained",
    "explain_figures",
    "extract_figures",
    "headline_to_add",
]

# Bump when a rule changes what is extracted: stored articles are re-extracted by version.


def _shifted(f: Figure, offset: int) -> Figure:
    """A figure read from 'title + blank line + text', with its span back in the text's
    offsets ((0, 0) for the title's own words)."""
    start, end = f.span
    span = (start - offset, end - offset) if start >= offset else (0, 0)
    return dataclasses.replace(f, span=span)


def _to_figure(d: Draft) -> Figure:
    """A draft's codebook fields (the draft carries reading state besides)."""
    values = {f.name: getattr(d, f.name) for f in dataclasses.fields(Figure)}
    values["nationalities"] = dict(d.nationalities)
    return Figure(**values)


# The text read for figures: a news article is a few thousand characters (the longest of the
# corpus about 60,000); a page longer than this is not an article, and reading all of it would
# let one hostile page hold up a run (extraction is linear: about 2 s per 100,000 characters of
# dense numbers on this machine).
MAX_TEXT_CHARS = 200_000


@dataclasses.dataclass(frozen=True)
class Explained:
    """What `newswatch extract --explain` prints: each figure with the rule and words behind
    each field, and each number set aside with the reason."""

    figures: list[tuple[Figure, dict[str, str]]]
    dropped: list[tuple[int, str, str]]  # (sentence, 1-based; the number's words; why)
    skipped: str | None = None  # why the whole text was not read


def extract_figures(
    text: str, published: dt.date | None, *, title: str | None = None, topic_gate: bool = True
) -> list[Figure]:
    """Every enforcement figure an article states, one per fact, in reading order.

    `published` resolves relative dates ("on Sunday", "last week"); without it, figures carry
    no dates. `title`: the article's headline, read before the text unless the text opens with
    it already. Only the first MAX_TEXT_CHARS characters are read. Off-topic text yields no
    figures (`topic_gate=False` reads it anyway: for
    benchmarks and for callers that filtered by topic already). Spans are offsets in `text`; a
    figure only the title states has the span (0, 0).
    """
    explained = explain_figures(text, published, title=title, topic_gate=topic_gate)
    return [f for f, _ in explained.figures]


# How far into the text a title may already stand (a page repeats its headline near the top).
TITLE_REACH = 1500


def headline_to_add(title: str | None, text: str) -> str | None:
    """The title, when the text does not already open with it ('[untitled] ...' notes and
    whitespace dropped); None otherwise."""
    if not title:
        return None
    title = re.sub(r"^\s*\[[^\]]{0,40}\]\s*", "", title).strip()
    words = re.findall(r"\w+", title.lower())
    if len(words) < 3:
        return None
    opening = " ".join(re.findall(r"\w+", text[:TITLE_REACH].lower()))
    return None if " ".join(words[:8]) in opening else title


def explain_figures(
    text: str, published: dt.date | None, *, title: str | None = None, topic_gate: bool = True
) -> Explained:
    """`extract_figures`, with the reasons: which rule decided each field and from which words,
    and why each other number was not a figure."""
    lex = load_lexicon()
    text = text[:MAX_TEXT_CHARS]
    headline = headline_to_add(title, text)
    if headline is not None:
        offset = len(headline) + 2
        explained = explain_figures(f"{headline}\n\n{text}", published, topic_gate=topic_gate)
        return dataclasses.replace(
            explained,
            figures=[(_shifted(f, offset), why) for f, why in explained.figures],
        )
    folded = fold(text)
    if not text:
        return Explained([], [], "empty text")
    if topic_gate and not on_topic(lex, folded):
        return Explained([], [], "off topic: no word of scam compounds, fraud or trafficking")
    if not lex.any_action.search(folded):
        return Explained([], [], "no enforcement action word anywhere")
    sentences = split_sentences(text)
    doc = DocContext(lex=lex, sentences=sentences, published=published)
    doc.campaign_start = campaign_start(sentences, published)
    drafts: list[Draft] = []
    for s in sentences:
        new = read_sentence(lex, s, doc)
        if not new and drafts:
            complete_from_followup(lex, s, doc, drafts)
        if not new:
            again = action_on_the_group(lex, s, doc, drafts)
            new = [again] if again is not None else []
        same_day(s, new, drafts)
        drafts.extend(new)
        update_context(lex, s, doc, new)
    merged = merge_drafts(drafts)
    # the article's one deportation (one count) leaves by the one exit it names
    sent = {d.count for d in merged if d.action.family is Action.DEPORTED}
    exit_site = departure_site(sentences) if len(sent) == 1 else None
    for d in merged:
        if not d.nationalities and d.context_nationality:
            # CODEBOOK §4: "the suspects" of an article about one nationality's group
            d.nationalities = {d.context_nationality: d.count}
            d.why["nationalities"] = "'suspects' in an article about one nationality's group"
        if (
            exit_site
            and (d.place is None or d.place_from_headline)
            and d.action.family is Action.DEPORTED
        ):
            d.place = exit_site
            d.why["place"] = "the one airport or border gate the group is said to leave by"
    kept = {id(d) for d in merged}
    for d in drafts:
        if id(d) not in kept and "merged" not in d.why:
            d.why["merged"] = "dropped as part of another figure"
    figures = [(_to_figure(d), {"sentence": str(d.sentence + 1), **d.why}) for d in merged]
    dropped = [(i + 1, words, why) for i, words, why in doc.dropped]
    return Explained(figures, dropped)
