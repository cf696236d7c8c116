"""How much the fields of a (mention, event) pair say that both report one fact. Pure.

Fellegi–Sunter record linkage, the model behind Splink: each field of the pair is compared into
a *level* ("same day", "a day apart", "places disagree"); each level has two probabilities,
`m` = P(level | one event) and `u` = P(level | two events among the candidates the blocking
fetched), and tells `log2(m / u)` bits of evidence. The evidence of a pair is the prior log-odds
plus the bits of its levels; a pair at or above `link` is one event, one between `possible` and
`link` a possible one (shown, never merged). The probabilities, their reasons and the counts of
labelled pairs they were estimated from are in `data/linkage.toml`.

Some disagreements are not evidence but vetoes, whatever the rest says (CODEBOOK §5): two
figures of one article, another action, scope or unit, nationalities that contradict, days too
far apart, and counts that neither a qualifier, a close reading nor a revision can reconcile.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import tomllib
from importlib import resources
from typing import Any

# Levels of each compared field, from most to least telling that the pair is one event.
COUNT_LEVELS = ("equal", "compatible", "vague", "close", "revision")
WHEN_LEVELS = ("same_day", "next_day", "within_3", "undated")
AGREEMENT_LEVELS = ("agree", "disagree", "unknown")
WHO_LEVELS = ("same", "subset", "overlap", "unknown")
STORY_LEVELS = ("same_story", "unknown")
FIELDS: dict[str, tuple[str, ...]] = {
    "count": COUNT_LEVELS,
    "when": WHEN_LEVELS,
    "country": AGREEMENT_LEVELS,
    "place": AGREEMENT_LEVELS,
    "admin1": AGREEMENT_LEVELS,
    "nationalities": WHO_LEVELS,
    "agency": AGREEMENT_LEVELS,
    "story": STORY_LEVELS,
}


@dataclasses.dataclass(frozen=True, slots=True)
class Comparison:
    """The level of each field of one (mention, event) pair."""

    count: str
    when: str
    country: str
    place: str
    admin1: str
    nationalities: str
    agency: str
    story: str
    count_value: int = 0  # the count both state, for the rarity of an equal count
    gap_days: int = 0  # days between the two dates (0 when one is undated)

    def levels(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}


@dataclasses.dataclass(frozen=True, slots=True)
class Weights:
    """The model: prior log-odds, thresholds, and bits per level (log2 m/u)."""

    prior: float
    link: float
    possible: float
    bits: dict[str, dict[str, float]]
    # An equal count is rarer the larger it is: u(N) = min(u_max, u_scale / N), times a factor
    # for round numbers.
    equal_m: float
    equal_u_scale: float
    equal_u_max: float
    round_50: float = 1.0
    round_10: float = 1.0

    def equal_count_bits(self, count: int) -> float:
        """An equal count is rarer by chance the larger it is, unless it is a round number."""
        u = min(self.equal_u_max, self.equal_u_scale / max(count, 1))
        if count >= 50 and count % 50 == 0:
            u *= self.round_50
        elif count >= 10 and count % 10 == 0:
            u *= self.round_10
        return math.log2(self.equal_m / min(u, 1.0))

    def evidence(self, c: Comparison) -> float:
        """Prior log-odds plus the bits of every level: the pair's log2 odds of being one
        event."""
        total = self.prior
        for name, level in c.levels().items():
            if name == "count" and level == "equal":
                total += self.equal_count_bits(c.count_value)
            else:
                total += self.bits[name][level]
        return total

    def explain(self, c: Comparison) -> dict[str, float]:
        """The bits each field gave (for `--explain` and the tests)."""
        out = {"prior": self.prior}
        for name, level in c.levels().items():
            out[f"{name}={level}"] = (
                self.equal_count_bits(c.count_value)
                if name == "count" and level == "equal"
                else self.bits[name][level]
            )
        return out


def _bits(m: float, u: float) -> float:
    return math.log2(m / u)


def parse_weights(data: dict[str, Any]) -> Weights:
    """The model from its data file's contents; every level of every field must be there."""
    bits: dict[str, dict[str, float]] = {}
    for name, levels in FIELDS.items():
        table = data["fields"][name]
        bits[name] = {}
        for level in levels:
            if name == "count" and level == "equal":
                continue
            entry = table[level]
            bits[name][level] = _bits(float(entry["m"]), float(entry["u"]))
    equal = data["fields"]["count"]["equal"]
    return Weights(
        prior=float(data["prior"]),
        link=float(data["link"]),
        possible=float(data["possible"]),
        bits=bits,
        equal_m=float(equal["m"]),
        equal_u_scale=float(equal["u_scale"]),
        equal_u_max=float(equal["u_max"]),
        round_50=float(equal.get("round_50", 1.0)),
        round_10=float(equal.get("round_10", 1.0)),
    )


@functools.cache
def weights() -> Weights:
    """The model shipped with the package (`data/linkage.toml`)."""
    text = resources.files("newswatch.events").joinpath("data/linkage.toml").read_text("utf8")
    return parse_weights(tomllib.loads(text))
