"""Tie each number to the action that governs it, within one sentence. Pure.

Active ("arrested 479 people"), passive ("479 people were arrested"), reduced relative
("61 Chinese Deported"), gerund ("detaining more than 800 suspects"), noun form ("the deportation
of 312", "two dozen arrests") and lists ("59 Thai and two Chinese nationals").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newswatch.extract.lexicon import Lexicon, Trigger, unit_of_noun
from newswatch.extract.numbers import NumberMention, word_value
from newswatch.extract.text import Token
from newswatch.models import Action, Unit

# How many plain words may stand between a verb and the number it governs ("deported the
# remaining 30"); more than this and the verb belongs to another phrase.
MAX_LEFT_GAP = 3
# How many modifier words may stand between a number and its noun ("75 key suspects").
MAX_MODIFIERS = 4
# How long a phrase may stand between a noun and its passive verb ("foreigners involved in
# cybercrime were expelled", "nationals from 10 countries were deported").
MAX_MODIFIER_PHRASE = 7

_LEFT_SKIPPABLE = frozenset(
    """
    the another some also further additional an remaining more altogether overall total just
    only nearly a roughly
    """.split()
)
_AUX = frozenset(
    ["were", "was", "have", "has", "had", "been", "being", "are", "is", "got", "get", "reportedly"]
)
_ADVERBS = frozenset(
    """
    also all reportedly allegedly subsequently previously successfully later then recently
    eventually finally already initially just since now each both safely forcibly immediately
    quickly officially formally promptly legally temporarily reportedly
    """.split()
)
_BLOCKING_AUX = frozenset(
    ["will", "would", "to", "shall", "could", "may", "might", "should", "must", "be"]
)
_RELATIVE = frozenset({"who", "that", "which"})
_STOP_WORDS = frozenset(
    """
    in on at from to for with by of during after before across since under into and or but while
    who which that were was have has had are is be been being will would said says according as
    than per via among including
    """.split()
)
_OTHERS = frozenset({"foreign", "other", "international", "various"})
_CLAUSE_BREAKS = frozenset({";", ":", "—", "–", "(", ")", '"', "“", "”", "?", "!"})


@dataclasses.dataclass(frozen=True, slots=True)
class NounPhrase:
    unit: Unit | None  # None: no counted noun found
    last: int  # last token index of the phrase (the number's last token without a noun)
    nationalities: tuple[str, ...]  # nationality words inside ("312 Chinese nationals")
    not_figure: bool = False  # "700 officers", "30 Starlink satellites", "three years"
    action_noun: Trigger | None = None  # "24 arrests", "three raids"
    gender: str | None = None  # "five women"
    partial: bool = False  # "Filipino and foreign workers": the nationalities are not all
    citizens: bool = False  # "161 citizens": of a country the article names elsewhere


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    action: Action
    trigger_first: int
    trigger_last: int
    form: str


def noun_phrase(lex: Lexicon, tokens: Sequence[Token], num: NumberMention) -> NounPhrase:
    """What a number counts: the noun after it, skipping modifiers and nationality words."""
    n = len(tokens)
    j = num.last + 1
    nats: list[str] = []
    if j < n and tokens[j].lower == "of":
        if j + 1 < n and tokens[j + 1].lower in ("them", "whom", "those", "these", "us"):
            last = j + 1
            # "Eighty of those arrested were released": a part of a figure already stated
            part = lex.triggers.match_at(tokens, j + 2)
            if part and part[1].form == "past":
                last = j + 1 + part[0]
            return NounPhrase(Unit.PEOPLE, last, ())
        if num.qualifier.value == "vague" or tokens[num.last].lower == "dozen":
            j += 1
    mods = 0
    last_nat_end = -1
    seen: list[str] = []
    while j < n and mods <= MAX_MODIFIERS:
        tok = tokens[j]
        noun = lex.action_nouns.match_at(tokens, j)
        if (
            noun
            and num.value == 1
            and num.first > 0
            and tokens[num.first - 1].lower
            in (
                "in",
                "during",
                "after",
                "at",
            )
        ):
            return NounPhrase(
                None, num.last, (), not_figure=True
            )  # "in one raid": which, not how many
        if noun:
            return NounPhrase(
                Unit.SITES if noun[1].action.counts_sites else Unit.PEOPLE,
                j + noun[0] - 1,
                tuple(nats),
                action_noun=noun[1],
            )
        trig = lex.triggers.match_at(tokens, j)
        hit = unit_of_noun(lex, tokens, j)
        if hit and not (tok.text[0].isupper() and lex.nationality.match_at(tokens, j)):
            length, unit = hit
            if unit is None:
                return NounPhrase(None, j + length - 1, tuple(nats), not_figure=True)
            gender = {"women": "women", "woman": "women", "men": "men", "man": "men"}.get(tok.lower)
            partial = bool(nats) and any(w in _OTHERS for w in seen)
            citizens = tok.lower in ("citizens", "citizen", "returnees") and not seen
            return NounPhrase(
                unit, j + length - 1, tuple(nats), gender=gender, partial=partial, citizens=citizens
            )
        nat = lex.nationality.match_at(tokens, j) if tok.text[0].isupper() else None
        if nat:
            length, code = nat
            nats.append(code)
            last_nat_end = j + length - 1
            j += length
            # "Chinese (mainland and Taiwan)"
            if j < n and tokens[j].text == "(":
                k = j + 1
                while k < n and k < j + 8 and tokens[k].text != ")":
                    inner = lex.nationality.match_at(tokens, k)
                    if inner and tokens[k].text[0].isupper():
                        nats.append(inner[1])
                        k += inner[0]
                    else:
                        k += 1
                if k < n and tokens[k].text == ")":
                    j = k + 1
            continue
        if last_nat_end == j - 1 and last_nat_end >= 0:
            # "Filipino and foreign workers", "Chinese and Vietnamese nationals"
            if (
                tok.lower in ("and", ",", "or")
                and j + 1 < n
                and not _numeric(tokens[j + 1])
                and (tokens[j + 1].text[0].islower() or lex.nationality.match_at(tokens, j + 1))
                and lex.triggers.match_at(tokens, j + 1) is None
            ):
                j += 1
                mods += 1
                continue
            # a demonym used as the noun: "279 Cambodians", "59 Thai and two Chinese"
            break
        if tok.lower in _STOP_WORDS or tok.text in _CLAUSE_BREAKS or tok.text == ",":
            break
        if tok.is_number or not tok.text[0].isalpha():
            break
        if trig:
            break
        if tok.text[0].isupper() and mods == 0 and tok.lower not in ("starlink",):
            # a capitalised word that is no nationality: a name, not a modifier
            break
        seen.append(tok.lower)
        mods += 1
        j += 1
    if last_nat_end >= 0:
        return NounPhrase(Unit.PEOPLE, last_nat_end, tuple(nats))
    return NounPhrase(None, num.last, ())


def _numeric(tok: Token) -> bool:
    return tok.is_number or word_value(tok.lower) is not None or tok.lower in ("a", "an", "one")


def _modal_before(lex: Lexicon, tokens: Sequence[Token], i: int) -> bool:
    """True when the words before token i make the action unreal ('will deport', 'to arrest')."""
    for back in range(1, 4):
        k = i - back
        if k < 0:
            break
        hit = lex.modality.match_ending_at(tokens, k)
        if hit:
            if (
                tokens[k].lower == "to"
                and k > 0
                and tokens[k - 1].lower
                in (
                    "close",
                    "up",
                    "due",
                    "according",
                    "back",
                    "referred",
                    "sent",
                    "over",
                    # "we have managed to rescue 700": it happened
                    "managed",
                    "able",
                )
            ):
                return False
            if (
                tokens[k].lower == "be"
                and k > 0
                and tokens[k - 1].lower
                not in (
                    "to",
                    "will",
                    "would",
                    "could",
                    "may",
                    "might",
                    "shall",
                    "should",
                    "must",
                )
            ):
                continue
            # "for" and "face" block only right before the verb ("face deportation")
            return not (tokens[k].lower in ("for", "face") and back > 1)
        if (
            tokens[k].lower not in _ADVERBS
            and tokens[k].lower not in _AUX
            and tokens[k].lower
            not in (
                "been",
                "be",
                "being",
                "later",
                "soon",
                "then",
                "further",
                "also",
                "all",
            )
        ):
            break
    return False


def pending_noun(lex: Lexicon, tokens: Sequence[Token], i: int) -> bool:
    """'pending their deportation', 'ahead of the repatriation of 200'."""
    for back in range(1, 4):
        k = i - back
        if k < 0:
            return False
        if lex.pending_nouns.match_ending_at(tokens, k):
            return True
        if tokens[k].lower not in ("the", "their", "his", "her", "its", "a", "further", "eventual"):
            return False
    return False


def link_left(lex: Lexicon, tokens: Sequence[Token], num: NumberMention) -> Link | None:
    """A verb or 'noun of' just before the number: 'deported 312', 'the arrest of 29'."""
    k = num.qual_first - 1
    gap = 0
    while k >= 0 and gap <= MAX_LEFT_GAP:
        tok = tokens[k]
        if tok.text in _CLAUSE_BREAKS or tok.text == "," or tok.is_number:
            return None
        if tok.lower in ("of", "on", "against") and k > 0:
            hit = lex.action_nouns.match_ending_at(tokens, k - 1)
            # "the arrest of 29"; "raids on 15 compounds" (a raid is on its sites)
            if hit and (tok.lower == "of" or hit[1].action.counts_sites):
                first = k - hit[0]
                if pending_noun(lex, tokens, first):
                    return None
                return Link(hit[1].action, first, k - 1, "noun")
            return None
        hit = lex.triggers.match_ending_at(tokens, k)
        if hit:
            first = k - hit[0] + 1
            if _modal_before(lex, tokens, first):
                return None
            return Link(hit[1].action, first, k, hit[1].form)
        if tok.lower in _LEFT_SKIPPABLE or tok.lower in _ADVERBS:
            gap += 1
            k -= 1
            continue
        pp = _shifted_phrase(tokens, k)
        if pp:
            # "received from Cambodian authorities a total of 85": the verb's phrase comes
            # before its object
            k -= pp
            continue
        return None
    return None


# Heads of a short phrase naming a party, which may stand between a verb and its object.
_PARTY_HEADS = frozenset({"authorities", "police", "side", "officials", "government", "forces"})
MAX_SHIFTED = 5


def _shifted_phrase(tokens: Sequence[Token], k: int) -> int:
    """Length of 'from Cambodian authorities' / 'to Chinese police' ending at k (a
    preposition, then capitalised words and at most a party noun), or 0."""
    j = k
    if tokens[j].lower in _PARTY_HEADS:
        j -= 1
    while j >= 0 and k - j < MAX_SHIFTED and tokens[j].text[:1].isupper():
        j -= 1
    if j < 0 or j == k or tokens[j].lower not in ("from", "to", "by"):
        return 0
    if not tokens[j + 1].text[:1].isupper():
        return 0
    return k - j + 1


_TOTAL_WORDS = frozenset({"total", "tally", "number", "figure", "count"})
_TOTAL_LINKS = frozenset(
    {
        "to",
        "at",
        "reached",
        "reach",
        "totaled",
        "totalled",
        "hit",
        "hits",
        "topped",
        "exceeded",
        "numbering",
        "stood",
        "stands",
    }
)
_BATCHES = frozenset({"groups", "batches", "flights", "waves", "rounds", "transfers", "planes"})
_BATCH_TOTALS = frozenset({"totaling", "totalling", "numbering", "of"})
# How far back from the number "the total number of citizens deported" may start.
MAX_TOTAL_SPAN = 14


def link_total(lex: Lexicon, tokens: Sequence[Token], num: NumberMention) -> Link | None:
    """A running total named before its number: 'bringing the total number of Vietnamese
    deported to 213', 'the tally of arrests has reached 3,000'. The action is the verb or noun
    inside the phrase; with none there ('citizens received'), the sentence's own deportation
    verb when it has one ('received citizens transferred from Cambodia, bringing ...')."""
    k = num.qual_first - 1
    if k > 1 and tokens[k].lower in _BATCH_TOTALS and tokens[k - 1].lower in _BATCHES:
        # "deported three groups totaling nearly 190 individuals"
        for i in range(k - 2, max(-1, k - 7), -1):
            hit = lex.triggers.match_at(tokens, i)
            if hit:
                return Link(hit[1].action, i, i + hit[0] - 1, "total")
        return None
    if k < 0 or tokens[k].lower not in _TOTAL_LINKS:
        return None
    start = max(0, k - MAX_TOTAL_SPAN)
    total_at = next(
        (i for i in range(k - 1, start - 1, -1) if tokens[i].lower in _TOTAL_WORDS), None
    )
    if total_at is None or any(t.text in (";", ".") for t in tokens[total_at:k]):
        return None
    for i in range(total_at + 1, k):
        hit = lex.triggers.match_at(tokens, i) or lex.action_nouns.match_at(tokens, i)
        if hit:
            return Link(hit[1].action, i, i + hit[0] - 1, "total")
    if any(
        t.lower in ("received", "receiving", "returned", "returnees") for t in tokens[total_at:k]
    ):
        for i in range(total_at):
            hit = lex.triggers.match_at(tokens, i)
            if hit and hit[1].action in (Action.DEPORTED, Action.EXTRADITED):
                return Link(Action.DEPORTED, i, i + hit[0] - 1, "total")
    return None


def _skip_aside(tokens: Sequence[Token], j: int) -> int:
    """Skip '(including 5 women)' or ', including 476 women,' or ', who were men,'."""
    n = len(tokens)
    if j < n and tokens[j].text == "(":
        k = j
        while k < n and tokens[k].text != ")" and k < j + 25:
            k += 1
        return k + 1 if k < n and tokens[k].text == ")" else j
    if j < n and tokens[j].text in ("–", "—"):
        # "71 suspects – 52 of them Chinese and 19 Thais – were arrested"
        k = j + 1
        while k < n and k < j + 20 and tokens[k].text != tokens[j].text:
            if tokens[k].text in (";", ":", "(", ")"):
                return j
            k += 1
        return k + 1 if k < n and k < j + 20 else j
    if j < n and tokens[j].text == ",":
        k = j + 1
        if k < n and tokens[k].lower in (
            "including",
            "among",
            "most",
            "all",
            "who",
            "mostly",
            "many",
            "some",
            "both",
            "mainly",
            "mostly",
            "also",
            "mainly",
        ):
            while k < n and k < j + 20 and tokens[k].text != ",":
                k += 1
            if k < n and tokens[k].text == ",":
                return k + 1
        # ", 25 of them women,"
        if k + 2 < n and tokens[k].is_number and tokens[k + 1].lower == "of":
            while k < n and k < j + 8 and tokens[k].text != ",":
                k += 1
            if k < n and tokens[k].text == ",":
                return k + 1
    return j


def link_right(lex: Lexicon, tokens: Sequence[Token], after: int) -> Link | None:
    """A passive or reduced relative after the noun: '312 were deported', '61 Chinese Deported',
    '45 citizens who were deported', '21,000 foreigners involved in cybercrime were expelled'."""
    n = len(tokens)
    j = _skip_aside(tokens, after + 1)
    if j < n and tokens[j].lower in _RELATIVE:
        j += 1
    link = _passive_at(lex, tokens, j)
    if link is None:
        # a modifier phrase before the verb: "involved in cybercrime", "from 10 countries"
        k = j
        while k < n and k < j + MAX_MODIFIER_PHRASE and tokens[k].lower not in _AUX:
            if (
                tokens[k].text in _CLAUSE_BREAKS
                or tokens[k].text == ","
                or (lex.triggers.match_at(tokens, k) is not None)
            ):
                return None
            k += 1
        if k > j and k < n and tokens[k].lower in _AUX:
            link = _passive_at(lex, tokens, k)
    if link is None and j > 0 and tokens[j - 1].lower in _RELATIVE:
        # "Twenty-five Japanese who are suspected members of a fraud ring that ran a phone
        # scam were arrested": the main verb after the people's own relative clause
        link = _main_after_relative(lex, tokens, j)
    if link is None:
        return None
    if link.trigger_first == j and tokens[j - 1].lower not in _RELATIVE:
        # a reduced relative before the main verb: "186 Chinese nationals arrested in a raid
        # on a POGO hub were deported": the main verb says what the sentence reports
        k = link.trigger_last + 1
        while k < n and k <= link.trigger_last + MAX_MODIFIER_PHRASE + 3:
            if tokens[k].text in _CLAUSE_BREAKS or tokens[k].is_number:
                break
            if tokens[k].lower in _AUX and tokens[k - 1].lower not in _RELATIVE:
                main = _passive_at(lex, tokens, k)
                if main is not None:
                    link = main
                break
            k += 1
    # "arrested and deported": the last of coordinated verbs is what finally happened
    k = link.trigger_last + 1
    if k + 1 < n and tokens[k].lower == "and":
        nxt = _passive_at(lex, tokens, k + 1)
        if nxt is not None and nxt.trigger_first <= k + 3:
            return nxt
    return link


# How long a relative clause describing the people may be before their main verb.
MAX_RELATIVE_CLAUSE = 18


def _main_after_relative(lex: Lexicon, tokens: Sequence[Token], j: int) -> Link | None:
    """The passive main verb after a relative clause that starts at j (its own verb not an
    action): the first auxiliary + action participle, before any break, comma or number."""
    if lex.triggers.match_at(tokens, j + 1) is not None:
        return None  # "who were deported": the clause's own verb, read by the caller
    for k in range(j + 1, min(len(tokens), j + MAX_RELATIVE_CLAUSE)):
        tok = tokens[k]
        if tok.text in _CLAUSE_BREAKS or tok.text == "," or tok.is_number:
            return None
        if tok.lower in ("were", "was", "have", "has", "had") and tokens[k - 1].lower not in (
            _RELATIVE
        ):
            return _passive_at(lex, tokens, k)
    return None


def _passive_at(lex: Lexicon, tokens: Sequence[Token], j: int) -> Link | None:
    n = len(tokens)
    saw_aux = False
    start = j
    while j < n and j < start + 5:
        w = tokens[j].lower
        if w in _BLOCKING_AUX or (w == "set" and saw_aux):
            return None
        if w in _AUX:
            saw_aux = True
            j += 1
            continue
        if w in _ADVERBS:
            j += 1
            continue
        break
    hit = lex.triggers.match_at(tokens, j)
    if hit and hit[1].form in ("past", "cases"):
        if tokens[j].lower == "held" and not saw_aux:
            return None
        return Link(hit[1].action, j, j + hit[0] - 1, "passive")
    return None


def unit_for(action: Action, phrase: NounPhrase) -> Unit | None:
    """The unit a figure is counted in, or None when noun and action disagree."""
    if action.counts_sites:
        if phrase.unit in (None, Unit.SITES):
            return Unit.SITES
        return None
    if action is Action.CHARGED and phrase.unit is Unit.CASES:
        return Unit.CASES
    if phrase.unit in (None, Unit.PEOPLE):
        return Unit.PEOPLE
    return None
