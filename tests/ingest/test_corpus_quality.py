"""Cleaning quality on ../shared/corpus (181 real pages, hand-checked text): F1 >= 0.95."""

from __future__ import annotations

import pytest

from benchmarks.corpus import CORPUS, pages, score
from newswatch.ingest.clean import PageSkipped, clean_html

CORPUS_F1_FLOOR = 0.95


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_cleaning_f1_on_corpus() -> None:
    predicted, truth = [], []
    for _key, url, html, gold in pages():
        try:
            text = clean_html(html, url, "text/html", min_chars=0).text
        except PageSkipped:
            text = ""
        predicted.append(text)
        truth.append(gold)
    precision, recall, f1 = score(predicted, truth)
    assert f1 >= CORPUS_F1_FLOOR, (precision, recall, f1)
