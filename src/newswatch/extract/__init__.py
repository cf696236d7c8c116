"""Text -> enforcement figures (CODEBOOK §1-4). Pure: values in, values out, no I/O.

The one entry is :func:`extract_figures`.
"""

from __future__ import annotations

import datetime as dt

from newswatch.extract.assemble import (
    DocContext,
    campaign_start,
    Draft,
    complete_from_followup,
    document_country,
    document_site,
    on_topic,
    read_sentence,
    update_context,
)
from newswatch.extract.dates import find_times
from newswatch.extract.lexicon import load_lexicon
from newswatch.extract.merge import merge_drafts
from newswatch.extract.places import find_agency, find_places
from newswatch.extract.text import fold, split_sentences, tokenize
from newswatch.models import Figure

__all__ = ["EXTRACTOR_VERSION", "extract_figures"]

# Bump when a rule changes what is extracted: stored articles are re-extracted by version.
EXTRACTOR_VERSION = "1"


def _to_figure(d: Draft) -> Figure:
    return Figure(
        action=d.action,
        count=d.count,
        qualifier=d.qualifier,
        unit=d.unit,
        scope=d.scope,
        date=d.date,
        period_start=d.period_start,
        period_end=d.period_end,
        nationalities=dict(d.nationalities),
        women=d.women,
        men=d.men,
        country=d.country,
        admin1=d.admin1,
        place=d.place,
        agency=d.agency,
        evidence=d.evidence,
        span=d.span,
    )


def extract_figures(text: str, published: dt.date | None) -> list[Figure]:
    """Every enforcement figure an article states, one per fact, in reading order.

    `published` resolves relative dates ("on Sunday", "last week"); without it, figures carry
    no dates. Off-topic text yields no figures.
    """
    lex = load_lexicon()
    if not text or not on_topic(lex, fold(text)):
        return []
    sentences = split_sentences(text)
    doc = DocContext(
        published=published,
        country=document_country(lex, sentences),
        single_site=document_site(sentences),
    )
    if doc.single_site:
        hit = next(iter(find_places(lex, tokenize(doc.single_site))), None)
        doc.single_site_admin1 = hit.admin1 if hit else None
    doc.campaign_start = campaign_start(sentences, published)
    drafts: list[Draft] = []
    prev_paragraph = -1
    prev_agency: str | None = None
    for s in sentences:
        first = s.paragraph != prev_paragraph
        if first:
            prev_agency = None
        times = find_times(s.tokens, published)
        new = read_sentence(lex, s, doc, first, prev_agency, times)
        if not new:
            complete_from_followup(lex, s, doc, drafts, times)
        drafts.extend(new)
        update_context(lex, s, doc, new, first, times)
        prev_agency = find_agency(s.tokens) or prev_agency
        prev_paragraph = s.paragraph
    return [_to_figure(d) for d in merge_drafts(drafts)]
