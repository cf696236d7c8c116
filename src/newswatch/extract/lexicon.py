"""Load the gazetteers and the action lexicon from the data files. Pure (reads package data)."""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

import pycountry

from newswatch.extract.text import Token, fold, tokenize
from newswatch.models import Action, Qualifier, Unit

Phrase = tuple[str, ...]


def _words(phrase: str) -> Phrase:
    return tuple(t.lower for t in tokenize(phrase))


def _same(tokens: Sequence[Token], i: int, words: Sequence[str]) -> bool:
    """Whether the tokens from i on read these words (the first is known to match)."""
    for k in range(1, len(words)):  # noqa: SIM110  (a loop: no generator in the hot path)
        if tokens[i + k].lower != words[k]:
            return False
    return True


class PhraseSet:
    """Multi-word phrases matched on token boundaries, longest first."""

    def __init__(
        self,
        phrases: Iterable[str | Phrase],
        values: Sequence[Any] | None = None,
        possessive: bool = False,
    ):
        self._possessive = possessive
        self._by_first: dict[str, list[tuple[Phrase, Any]]] = {}
        items = list(phrases)
        vals = list(values) if values is not None else [None] * len(items)
        for phrase, value in zip(items, vals, strict=True):
            words = _words(phrase) if isinstance(phrase, str) else phrase
            if words:
                self._by_first.setdefault(words[0], []).append((words, value))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def match_at(self, tokens: Sequence[Token], i: int) -> tuple[int, Any] | None:
        """(length in tokens, value) of the longest phrase starting at token i."""
        if i < 0 or i >= len(tokens):
            return None
        first = tokens[i].lower
        entries = self._by_first.get(first)
        if entries is None:
            # the hot path (most tokens start no phrase): only "X's" may still name one
            if not (self._possessive and first.endswith("'s")):
                return None
        else:
            for words, value in entries:
                n = len(words)
                if n == 1:
                    return 1, value
                if i + n <= len(tokens) and _same(tokens, i, words):
                    return n, value
        if self._possessive:
            # "Myanmar's military", "the Philippine National Police's": the name before the 's
            return self._match_possessive(tokens, i)
        return None

    def starts(self, word: str) -> bool:
        """Whether some phrase begins with this (lower-cased) word: a cheap test before
        match_at in the hottest loops."""
        return word in self._by_first or (self._possessive and word.endswith("'s"))

    def _match_possessive(self, tokens: Sequence[Token], i: int) -> tuple[int, Any] | None:
        first = tokens[i].lower
        for words, value in self._by_first.get(first[:-2] if first.endswith("'s") else first, ()):
            n = len(words)
            if i + n > len(tokens):
                continue
            lows = [tokens[i + k].lower for k in range(n)]
            if (
                lows[-1].endswith("'s")
                and lows[-1][:-2] == words[-1]
                and lows[:-1] == list(words[:-1])
            ):
                return n, value
        return None

    def match_ending_at(self, tokens: Sequence[Token], j: int) -> tuple[int, Any] | None:
        """(length, value) of the longest phrase whose last token is j."""
        best: tuple[int, Any] | None = None
        for n in range(1, 7):
            i = j - n + 1
            if i < 0:
                break
            hit = self.match_at(tokens, i)
            if hit and hit[0] == n and (best is None or n > best[0]):
                best = hit
        return best


@dataclasses.dataclass(frozen=True)
class Trigger:
    action: Action
    form: str  # past | gerund | present | noun


@dataclasses.dataclass(frozen=True)
class Lexicon:
    triggers: PhraseSet  # value: Trigger; verb forms only (past, gerund, present)
    # a verb listed under several actions ("busted" people or dens): the unit picks one
    alternatives: dict[Phrase, tuple[Action, ...]]
    action_nouns: PhraseSet  # value: Trigger; noun forms ("deportation", "arrests")
    people_nouns: PhraseSet
    site_nouns: PhraseSet
    case_nouns: PhraseSet
    not_figure_nouns: PhraseSet
    qualifiers: PhraseSet  # value: Qualifier
    vague: PhraseSet  # value: int
    modality: PhraseSet
    pending_nouns: PhraseSet
    cumulative_cues: PhraseSet  # value: bool (strong)
    topic: tuple[str, ...]
    topic_venues: tuple[str, ...]
    topic_victims: tuple[str, ...]
    any_action: re.Pattern[str]  # matches folded text that contains any action word at all
    needs_foreign: frozenset[str]
    needs_site: frozenset[str]
    needs_sender: frozenset[str]
    nationality: PhraseSet  # value: str (alpha-2); demonyms and country names
    demonym_words: frozenset[str]  # single-token demonyms usable as a noun ("Cambodians")
    country_adjectives: PhraseSet  # value: alpha-2; names an acting country
    admin1: PhraseSet  # value: (country, admin1, is_town)
    admin1_country: dict[str, str]


def _data(name: str) -> dict[str, Any]:
    ref = resources.files("newswatch.extract") / "data" / name
    with ref.open("rb") as fh:
        return tomllib.load(fh)


def _plural(word: str) -> list[str]:
    if word.endswith(("ese", "ss", "ish", "ch", "Swiss")) or word in ("Lao", "Khmer", "Thai"):
        return [word + "s"] if word in ("Thai", "Khmer") else []
    if word.endswith("y"):
        return [word[:-1] + "ies"]
    if word.endswith("man"):
        return [word[:-3] + "men"]
    return [word + "s"]


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Build the lexicon once per process; it is immutable."""
    lex = _data("lexicon.toml")
    dem = _data("demonyms.toml")
    places = _data("places.toml")

    trig_phrases: list[str] = []
    trig_values: list[Trigger] = []
    noun_phrases: list[str] = []
    noun_values: list[Trigger] = []
    for action_name, forms in lex["actions"].items():
        for form, phrases in forms.items():
            for p in phrases:
                if form == "noun":
                    noun_phrases.append(p)
                    noun_values.append(Trigger(Action(action_name), form))
                else:
                    trig_phrases.append(p)
                    trig_values.append(Trigger(Action(action_name), form))

    q_phrases: list[str] = []
    q_values: list[Qualifier] = []
    for qual, phrases in lex["qualifiers"].items():
        for p in phrases:
            q_phrases.append(p)
            q_values.append(Qualifier(qual))

    nat: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                nat[value] = country.alpha_2
    nat.update(dem["countries"])
    demonym_words: set[str] = set()
    for word, code in dem["demonyms"].items():
        nat[word] = code
        for plural in _plural(word):
            nat[plural] = code
            if " " not in plural:
                demonym_words.add(fold(plural))
        if " " not in word:
            demonym_words.add(fold(word))

    adjectives = {k: v for k, v in nat.items() if not k.startswith("the ") and not k.endswith("s")}
    adjectives.update(
        {k: v for k, v in nat.items() if k in dem["countries"] or k in dem["demonyms"]}
    )
    adjectives = {k: v for k, v in adjectives.items() if not k.startswith("the ")}
    adjectives.update(dem["adjectives"])

    place_phrases: list[str] = []
    place_values: list[tuple[str, str, bool]] = []
    admin1_country: dict[str, str] = {}
    unsafe = set(places.get("bare_name_unsafe", []))
    for country, divisions in places["admin1"].items():
        for name, aliases in divisions.items():
            admin1_country[name] = country
            names = ([] if name in unsafe else [name]) + list(aliases)
            for alias in names:
                place_phrases.append(alias)
                place_values.append((country, name, False))
    for town, (country, name) in places["towns"].items():
        place_phrases.append(town)
        place_values.append((country, name, True))

    # the first word of every action phrase: text without any of them states no figure
    first_words = sorted({_words(p)[0] for p in trig_phrases + noun_phrases if _words(p)})
    any_action = re.compile(r"\b(?:" + "|".join(map(re.escape, first_words)) + r")\b")

    scope = lex["scope"]
    weak = set(scope["weak"])
    cues = scope["cumulative"]

    return Lexicon(
        triggers=PhraseSet(trig_phrases, trig_values),
        alternatives=_alternatives(trig_phrases, trig_values),
        action_nouns=PhraseSet(noun_phrases, noun_values),
        people_nouns=PhraseSet(lex["nouns"]["people"]),
        site_nouns=PhraseSet(lex["nouns"]["sites"]),
        case_nouns=PhraseSet(lex["nouns"]["cases"]),
        not_figure_nouns=PhraseSet(lex["nouns"]["not_figure"]),
        qualifiers=PhraseSet(q_phrases, q_values),
        vague=PhraseSet(list(lex["vague"].keys()), list(lex["vague"].values())),
        modality=PhraseSet(lex["modality"]["before_verb"]),
        pending_nouns=PhraseSet(lex["modality"]["nouns_pending"]),
        cumulative_cues=PhraseSet(cues, [c not in weak for c in cues]),
        topic=tuple(lex["topic"]["strong"]),
        topic_venues=tuple(lex["topic"]["venues"]),
        topic_victims=tuple(lex["topic"]["victims"]),
        any_action=any_action,
        needs_foreign=frozenset(lex["conditions"]["needs_foreign"]),
        needs_site=frozenset(lex["conditions"]["needs_site"]),
        needs_sender=frozenset(lex["conditions"]["needs_sender"]),
        nationality=PhraseSet(list(nat.keys()), list(nat.values())),
        demonym_words=frozenset(demonym_words),
        country_adjectives=PhraseSet(
            list(adjectives.keys()), list(adjectives.values()), possessive=True
        ),
        admin1=PhraseSet(place_phrases, place_values),
        admin1_country=admin1_country,
    )


def _alternatives(phrases: list[str], values: list[Trigger]) -> dict[Phrase, tuple[Action, ...]]:
    by_phrase: dict[Phrase, list[Action]] = {}
    for phrase, trig in zip(phrases, values, strict=True):
        actions = by_phrase.setdefault(_words(phrase), [])
        if trig.action not in actions:
            actions.append(trig.action)
    return {k: tuple(v) for k, v in by_phrase.items() if len(v) > 1}


def unit_of_noun(
    lexicon: Lexicon, tokens: Sequence[Token], i: int
) -> tuple[int, Unit | None] | None:
    """If a counted noun starts at token i: (length, unit) — unit None for not-a-figure nouns."""
    for phrases, unit in (
        (lexicon.not_figure_nouns, None),
        (lexicon.case_nouns, Unit.CASES),
        (lexicon.site_nouns, Unit.SITES),
        (lexicon.people_nouns, Unit.PEOPLE),
    ):
        hit = phrases.match_at(tokens, i)
        if hit:
            return hit[0], unit
    return None
