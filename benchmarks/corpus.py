"""Load ../shared/corpus (181 real pages with hand-checked article text) and score cleaning.

Scoring follows the upstream benchmark's evaluate.py: 4-token shingles of `\\w+` tokens,
precision and recall per document, averaged over documents, F1 from the averages.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "scrapinghub-article-extraction-benchmark"


def pages() -> Iterator[tuple[str, str, bytes, str]]:
    """(key, url, html bytes, ground-truth text) for every page."""
    truth = json.loads((CORPUS / "ground-truth.json").read_text("utf8"))
    for path in sorted((CORPUS / "html").glob("*.html.gz")):
        key = path.name.split(".")[0]
        yield key, truth[key]["url"], gzip.decompress(path.read_bytes()), truth[key]["articleBody"]


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def score(predicted: list[str], truth: list[str]) -> tuple[float, float, float]:
    """(precision, recall, F1) averaged over documents as upstream does."""
    ps, rs = [], []
    for pred, gold in zip(predicted, truth, strict=True):
        p, g = _shingles(pred), _shingles(gold)
        tp = sum((p & g).values())
        fp = sum(p.values()) - tp
        fn = sum(g.values()) - tp
        ps.append(tp / (tp + fp) if tp + fp else (1.0 if not g else 0.0))
        rs.append(tp / (tp + fn) if tp + fn else 1.0)
    precision = sum(ps) / len(ps)
    recall = sum(rs) / len(rs)
    return precision, recall, 2 * precision * recall / (precision + recall)
