"""Score extracted figures against gold files, exactly as ../shared/eval/score.py does. Pure.

A predicted figure matches a gold figure when action, unit and count agree; among matched
figures each field is checked: qualifier, scope, when (event date exact, period bounds within
`days`), nationalities, women, men, country, admin1 (as a set of names), place (the words of one
name contained in the other's).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

FIELDS = (
    "qualifier",
    "scope",
    "when",
    "nationalities",
    "women",
    "men",
    "country",
    "admin1",
    "place",
)
PERIOD_TOLERANCE_DAYS = 3  # score.py's default --days
_PLACE_STOPWORDS = frozenset({"the", "of", "international", "intl", "a", "an"})

Fig = Mapping[str, Any]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _near(a: str | None, b: str | None, days: int) -> bool:
    da, db = _date(a), _date(b)
    if da is None or db is None:
        return da is db
    return abs((da - db).days) <= days


def _places(value: str | None) -> set[str]:
    return {p.strip().lower() for p in (value or "").split(";") if p.strip()}


def _words(value: str | None) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (value or "").lower())) - _PLACE_STOPWORDS


def field_ok(name: str, gold: Fig, pred: Fig, days: int = PERIOD_TOLERANCE_DAYS) -> bool:
    if name == "when":
        return (
            _near(gold.get("date"), pred.get("date"), 0)
            and _near(gold.get("period_start"), pred.get("period_start"), days)
            and _near(gold.get("period_end"), pred.get("period_end"), days)
        )
    if name == "nationalities":
        return bool((gold.get("nationalities") or {}) == (pred.get("nationalities") or {}))
    if name == "admin1":
        return _places(gold.get("admin1")) == _places(pred.get("admin1"))
    if name == "place":
        g, p = _words(gold.get("place")), _words(pred.get("place"))
        return (not g and not p) or bool(g and p and (g <= p or p <= g))
    return bool(gold.get(name) == pred.get(name))


def key(fig: Fig) -> tuple[Any, Any, Any]:
    return (fig.get("action"), fig.get("unit"), fig.get("count"))


def match(gold: Iterable[Fig], pred: Iterable[Fig]) -> list[tuple[Fig, Fig]]:
    """Pairs (gold, pred) with equal keys, each figure used once, in gold order."""
    left = list(pred)
    pairs = []
    for g in gold:
        for i, p in enumerate(left):
            if key(p) == key(g):
                pairs.append((g, p))
                del left[i]
                break
    return pairs


@dataclasses.dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    field_hits: dict[str, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, gold: list[Fig], pred: list[Fig], days: int = PERIOD_TOLERANCE_DAYS) -> list[str]:
        """Count one article; return its disagreements as readable lines."""
        pairs = match(gold, pred)
        self.gold += len(gold)
        self.predicted += len(pred)
        self.matched += len(pairs)
        notes = []
        for g, p in pairs:
            for f in FIELDS:
                ok = field_ok(f, g, p, days)
                self.field_hits[f] += ok
                if not ok:
                    notes.append(f"{key(g)} {f}: gold={_show(f, g)} pred={_show(f, p)}")
        matched_g = {id(g) for g, _ in pairs}
        matched_p = {id(p) for _, p in pairs}
        notes += [f"MISSED {key(g)}" for g in gold if id(g) not in matched_g]
        notes += [f"SPURIOUS {key(p)}" for p in pred if id(p) not in matched_p]
        return notes

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fields(self) -> float:
        return sum(self.field_hits.values()) / (len(FIELDS) * self.matched) if self.matched else 0.0

    def summary(self) -> str:
        return (
            f"figures P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"fields={self.fields:.3f}"
        )


def _show(name: str, fig: Fig) -> Any:
    if name == "when":
        return (fig.get("date"), fig.get("period_start"), fig.get("period_end"))
    return fig.get(name)


def strip_header(text: str) -> tuple[dict[str, str], str]:
    """Split 'key: value' header lines closed by '---' (the dev set's article format)."""
    lines = text.splitlines(keepends=True)
    if "---\n" in lines[:12]:
        cut = lines.index("---\n")
        if all(":" in line for line in lines[:cut]):
            header = {}
            for line in lines[:cut]:
                k, _, v = line.partition(":")
                header[k.strip().lower()] = v.strip()
            return header, "".join(lines[cut + 1 :])
    return {}, text


@dataclasses.dataclass
class EventScore:
    """Pairwise scores of event clustering: over every pair of mentions matched to gold figures,
    is "same event" in the output also "same event" in gold?"""

    mentions: int = 0  # mentions matched to a gold figure
    pairs_gold: int = 0  # pairs gold calls one event
    pairs_pred: int = 0  # pairs the output calls one event
    pairs_both: int = 0
    false_merges: list[str] = dataclasses.field(default_factory=list)
    missed_merges: list[str] = dataclasses.field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.pairs_both / self.pairs_pred if self.pairs_pred else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_both / self.pairs_gold if self.pairs_gold else 1.0

    def summary(self) -> str:
        return (
            f"events pairwise P={self.precision:.3f} R={self.recall:.3f} "
            f"({self.pairs_both} of {self.pairs_gold} gold pairs, {self.pairs_pred} predicted; "
            f"{self.mentions} mentions matched)"
        )


def score_events(gold: Mapping[str, list[Fig]], events: Iterable[Fig]) -> EventScore:
    """`gold`: article URL → its gold figures, each with an `event` id; `events`: the
    `newswatch events --json` list."""
    predicted: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        for m in ev.get("mentions", []):
            predicted.setdefault(m["article_url"], []).append({**m, "_event": ev["id"]})
    labelled: list[tuple[str, Any, str]] = []  # (gold event, predicted event, label)
    for url, figs in gold.items():
        for n, (g, p) in enumerate(match(figs, predicted.get(url, []))):
            label = str(g.get("event") or f"{url}#{n}")  # no id: a fact of its own
            labelled.append((label, p["_event"], f"{url} {key(g)}"))
    score = EventScore(mentions=len(labelled))
    for i, (ga, pa, la) in enumerate(labelled):
        for gb, pb, lb in labelled[i + 1 :]:
            same_gold, same_pred = ga == gb, pa == pb
            score.pairs_gold += same_gold
            score.pairs_pred += same_pred
            score.pairs_both += same_gold and same_pred
            if same_pred and not same_gold:
                score.false_merges.append(f"{la}  ~  {lb}")
            elif same_gold and not same_pred:
                score.missed_merges.append(f"{la}  ~  {lb}")
    return score


def alerts_per_event(
    gold: Mapping[str, list[Fig]], events: Iterable[Fig], new_event_alerts: Iterable[int]
) -> tuple[int, int]:
    """For the real events (gold `event` ids) that two or more articles report: how many
    there are, and how many "new event" alerts went out for them. `new_event_alerts`: the
    event id of each such alert, as it is now (a merged event's id resolved to the event it
    became). An alert counts for a real event when its event holds a mention of it."""
    predicted: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        for m in ev.get("mentions", []):
            predicted.setdefault(m["article_url"], []).append({**m, "_event": ev["id"]})
    articles: dict[str, set[str]] = {}
    holders: dict[str, set[int]] = {}
    for url, figs in gold.items():
        for g, p in match(figs, predicted.get(url, [])):
            if g.get("event"):
                articles.setdefault(g["event"], set()).add(url)
                holders.setdefault(g["event"], set()).add(p["_event"])
    alerted = list(new_event_alerts)
    real = [e for e, urls in articles.items() if len(urls) >= 2]
    return len(real), sum(sum(a in holders[e] for a in alerted) for e in real)


# The reading stages, in the order the extractor runs them (`newswatch eval --by-stage`).
STAGES = ("number found", "action linked", "who", "when", "where", "scope", "merge")
_FIELD_STAGE = {
    "qualifier": "number found", "nationalities": "who", "women": "who", "men": "who",
    "when": "when", "country": "where", "admin1": "where", "place": "where", "scope": "scope",
}  # fmt: skip
# Words of an `explain_figures` drop reason that say at which stage the number was set aside.
_DROP_STAGE = (
    ("breakdown", "merge"),
    ("dateline", "number found"),
    ("noun counts", "number found"),
    ("governs", "action linked"),
    ("does not fit", "action linked"),
    ("no action", "action linked"),
)


def attribute(
    gold: list[Fig], pred: list[Fig], dropped: Iterable[tuple[int, str, str]], words: Any
) -> list[tuple[str, str]]:
    """Each disagreement of one article with the stage where it arose: (stage, note).

    A missed figure goes to the stage that set its number aside (`dropped`: the explanation's
    (sentence, number words, reason) list; `words(text) -> int | None` reads a number's
    value), to "action linked" when its count was read as another action, to "merge" when the
    count was merged into another figure, else to "number found". A spurious figure is an
    "action linked" error (a number read as an action it is not). A wrong field goes to the
    stage that reads it."""
    pairs = match(gold, pred)
    out: list[tuple[str, str]] = []
    for g, p in pairs:
        for f in FIELDS:
            if not field_ok(f, g, p):
                out.append(
                    (_FIELD_STAGE[f], f"{key(g)} {f}: gold={_show(f, g)} pred={_show(f, p)}")
                )
    got = {id(g) for g, _ in pairs}
    made = {id(p) for _, p in pairs}
    reasons: dict[int, str] = {}
    for _, text, why in dropped:
        value = words(text)
        if value is not None:
            reasons.setdefault(value, why)
    counts = {p.get("count") for p in pred}
    for g in gold:
        if id(g) in got:
            continue
        if g.get("count") in counts:
            stage = "action linked"
        elif g.get("count") in reasons:
            why = reasons[g["count"]]
            stage = next((st for w, st in _DROP_STAGE if w in why), "action linked")
        else:
            stage = "number found"
        out.append((stage, f"MISSED {key(g)}"))
    out += [("action linked", f"SPURIOUS {key(p)}") for p in pred if id(p) not in made]
    return out
