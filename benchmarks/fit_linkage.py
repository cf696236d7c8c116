"""Estimate the linkage model's m and u from labelled pairs (`events/data/linkage.toml`).

Every article of the gold sets is extracted as `newswatch ingest` would; each extracted figure
matched to a gold figure carries the gold `event` id. Every pair of such mentions from two
articles that the blocking would fetch and no veto rules out is compared field by field; the
pairs gold calls one event count towards `m`, the others towards `u`. Pairs one event that a
veto rules out are listed: they are the recall the vetoes cost.

    .venv/bin/python benchmarks/fit_linkage.py [GOLD_TEXTS_DIR ...]

Default sets: seeds/ and ../shared/dev/ (articles/ and gold/).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import itertools
import json
import sys
from pathlib import Path

from newswatch.evaluation import match
from newswatch.events import fold
from newswatch.events.linkage import FIELDS, weights
from newswatch.events.matching import compare
from newswatch.extract import extract_figures
from newswatch.ingest.files import document_from_file
from newswatch.models import Mention, figure_to_json

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [
    (ROOT / "seeds", ROOT / "seeds" / "gold"),
    (ROOT.parent / "shared" / "dev" / "articles", ROOT.parent / "shared" / "dev" / "gold"),
]


def story_numbers(mentions: list[Mention]) -> set[int]:
    """The distinctive numbers an article states: counts and breakdowns of 20 or more."""
    out = set()
    for m in mentions:
        out |= {n for n in [m.figure.count, *m.figure.nationalities.values()] if n and n >= 20}
    return out


def load(sets: list[tuple[Path, Path]]) -> list[tuple[Mention, str | None]]:
    labelled: list[tuple[Mention, str | None]] = []
    article = 0
    for texts, gold_dir in sets:
        for gold_file in sorted(gold_dir.glob("*.json")):
            path = texts / f"{gold_file.stem}.txt"
            doc = document_from_file(path, path.read_bytes())
            gold = json.loads(gold_file.read_text("utf8"))
            published = doc.published
            if published is None and gold.get("published"):
                published = dt.date.fromisoformat(gold["published"])
            figures = extract_figures(doc.text, published)
            article += 1
            preds = [figure_to_json(f) | {"_i": i} for i, f in enumerate(figures)]
            labels = {p["_i"]: g.get("event") for g, p in match(gold["figures"], preds)}
            for i, f in enumerate(figures):
                m = Mention(f, article, doc.url, doc.outlet, published, id=len(labelled), ordinal=i)
                labelled.append((m, labels.get(i)))
    return labelled


def main() -> None:
    args = [Path(a) for a in sys.argv[1:] if a != "-v"]
    sets = [(a / "articles", a / "gold") for a in args] if args else DEFAULT
    labelled = load(sets)
    by_article = collections.defaultdict(list)
    for m, _ in labelled:
        by_article[m.article_id].append(m)
    numbers = {a: story_numbers(ms) for a, ms in by_article.items()}
    tally = {True: collections.Counter(), False: collections.Counter()}
    pairs = {True: 0, False: 0}
    vetoed: list[str] = []
    model = weights()
    scored: dict[bool, list[tuple[float, str]]] = {True: [], False: []}
    for (a, la), (b, lb) in itertools.combinations(labelled, 2):
        if a.article_id == b.article_id:
            continue
        if b.order() < a.order():
            (a, la), (b, lb) = (b, lb), (a, la)
        same = la is not None and la == lb
        if not same:
            # Two events: put the later one on the earlier one's days, as if the blocking had
            # fetched it (random pairs are how u is estimated: almost all are two events).
            b = dataclasses.replace(
                b, published=a.published,
                figure=dataclasses.replace(b.figure, date=a.figure.date,
                                           period_start=a.figure.period_start,
                                           period_end=a.figure.period_end))  # fmt: skip
        shared = (numbers[a.article_id] & numbers[b.article_id]) - {a.figure.count, b.figure.count}
        c = compare(fold([a], 1), b, story=bool(shared))
        if c is None:
            if same:
                vetoed.append(
                    f"{la}: {a.figure.count} ({a.article_url[:50]}) / "
                    f"{b.figure.count} ({b.article_url[:50]})"
                )
            continue
        pairs[same] += 1
        for name, level in c.levels().items():
            tally[same][(name, level)] += 1
        score = model.evidence(c)
        scored[same].append(
            (
                score,
                f"{la or lb}: {a.figure.count} / {b.figure.count} "
                f"{' '.join(f'{k}={v}' for k, v in c.levels().items())}",
            )
        )
    print(
        f"pairs past the vetoes: one event {pairs[True]}, two events {pairs[False]}"
        " (u of `when` is not estimated here: two events' days are put together)"
    )
    for name, levels in FIELDS.items():
        print(f"[{name}]")
        for level in levels:
            m, u = tally[True][(name, level)], tally[False][(name, level)]
            print(
                f"  {level:<12} m {m:>3}/{pairs[True]} = {m / max(1, pairs[True]):.2f}"
                f"   u {u:>5}/{pairs[False]} = {u / max(1, pairs[False]):.4f}"
            )
    equal = collections.Counter(
        c for (n, c), k in tally[False].items() if n == "count_value" for _ in range(k)
    )
    del equal
    for same, name in ((True, "one event"), (False, "two events (put on one day)")):
        linked = sum(sc >= model.link for sc, _ in scored[same])
        print(f"{name}: {linked} of {len(scored[same])} past the vetoes reach link={model.link}")
        if "-v" in sys.argv:
            for sc, line in sorted(scored[same], reverse=True):
                if same or sc >= model.possible:
                    print(f"  {sc:6.2f}  {line}")
    print(f"one-event pairs a veto rules out: {len(vetoed)}")
    for v in vetoed:
        print("  ", v)


if __name__ == "__main__":
    main()
