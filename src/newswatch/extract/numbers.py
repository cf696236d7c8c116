"""Find the numbers a sentence states, in every style news writes them. Pure.

"2,825", "1.2 million", "five", "twenty-one", "a dozen", "two dozen", "several hundred",
"thousands", each with its qualifier ("more than", "nearly", ...).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from newswatch.extract.lexicon import Lexicon
from newswatch.extract.text import Token
from newswatch.models import Qualifier

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | {"a", "dozen"}
_DOZEN = 12

# Verbs whose particle "over" is no qualifier ("handed over 161 citizens").
_OVER_PARTICLE_VERBS = frozenset(
    """
    handed hand hands handing turned turn turns turning taken take takes took passed carried won
    """.split()
)

# Counts above this are not people or sites in any enforcement report (phone numbers, money).
MAX_COUNT = 5_000_000


@dataclasses.dataclass(frozen=True, slots=True)
class NumberMention:
    value: int
    qualifier: Qualifier
    first: int  # token index of the number itself
    last: int  # token index of its last word ("million", "dozen")
    qual_first: int  # token index where the qualifier starts (== first without one)
    span: tuple[int, int]  # characters of the number in the document
    words: bool  # written in words ("five"), not digits


def word_value(word: str) -> int | None:
    """'twenty-one' -> 21, 'five' -> 5; None for anything else."""
    if word in _UNITS:
        return _UNITS[word]
    if word in _TENS:
        return _TENS[word]
    m = re.fullmatch(r"([a-z]+)-([a-z]+)", word)
    if m and m.group(1) in _TENS and m.group(2) in _UNITS and 0 < _UNITS[m.group(2)] < 10:
        return _TENS[m.group(1)] + _UNITS[m.group(2)]
    return None


def _digits_value(text: str) -> float | None:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+\.\d+", text) or re.fullmatch(r"\d+", text):
        return float(text)
    return None


def _parse_at(tokens: Sequence[Token], i: int) -> tuple[int, int, bool] | None:
    """(value, last token index, in words) of a number starting at token i."""
    tok = tokens[i]
    if tok.is_number:
        raw = _digits_value(tok.text)
        if raw is None:
            return None
        j = i
        if j + 1 < len(tokens) and tokens[j + 1].lower in ("million", "thousand", "billion"):
            raw *= _SCALES[tokens[j + 1].lower]
            j += 1
        elif raw != int(raw):
            return None  # "1.5" with no scale is not a count
        return int(raw), j, False
    w = tok.lower
    if w == "dozen" or (w == "a" and i + 1 < len(tokens) and tokens[i + 1].lower == "dozen"):
        return _DOZEN, i if w == "dozen" else i + 1, True
    value = word_value(w)
    if value is None:
        return None
    j = i
    total = 0
    current = value
    while j + 1 < len(tokens):
        nxt = tokens[j + 1].lower
        if nxt == "dozen":
            current *= _DOZEN
            j += 1
        elif nxt in _SCALES:
            current *= _SCALES[nxt]
            j += 1
            if _SCALES[nxt] >= 1000:
                total += current
                current = 0
        elif (
            nxt == "and"
            and j + 2 < len(tokens)
            and word_value(tokens[j + 2].lower) is not None
            and tokens[j].lower == "hundred"
        ):
            current += word_value(tokens[j + 2].lower) or 0
            j += 2
        else:
            break
    return total + current, j, True


def _qualifier_before(lexicon: Lexicon, tokens: Sequence[Token], i: int) -> tuple[Qualifier, int]:
    hit = lexicon.qualifiers.match_ending_at(tokens, i - 1)
    if hit:
        n, qual = hit
        before = tokens[i - n - 1].lower if i - n - 1 >= 0 else ""
        if tokens[i - 1].lower == "over" and n == 1 and before in _OVER_PARTICLE_VERBS:
            return Qualifier.EXACT, i  # "handed over 161": a particle, not "more than"
        # "all 312" is exact; "some" only qualifies before a number
        return qual, i - n
    return Qualifier.EXACT, i


def find_numbers(lexicon: Lexicon, tokens: Sequence[Token]) -> list[NumberMention]:
    """Every count-like number in a token sequence, with its qualifier."""
    found: list[NumberMention] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        # vague amounts: "hundreds of", "several thousand"
        vague = lexicon.vague.match_at(tokens, i) if lexicon.vague.starts(tok.lower) else None
        if vague and not (i > 0 and tokens[i - 1].is_number):
            length, value = vague
            last = i + length - 1
            qual, qfirst = _qualifier_before(lexicon, tokens, i)
            if tokens[last].lower in ("dozens", "hundreds", "thousands", "scores", "tens") and not (
                last + 1 < n and tokens[last + 1].lower == "of"
            ):
                if tokens[last].lower in ("scores", "tens"):
                    i = last + 1
                    continue  # "scores" and "tens" count only as "scores of ..."
            found.append(
                NumberMention(
                    value=value,
                    qualifier=Qualifier.VAGUE,
                    first=i,
                    last=last,
                    qual_first=qfirst if qual is not Qualifier.EXACT else i,
                    span=(tok.start, tokens[last].end),
                    words=True,
                )
            )
            i = last + 1
            continue
        maybe = (
            tok.is_number
            or tok.lower in _NUMBER_WORDS
            or ("-" in tok.lower and tok.lower.split("-", 1)[0] in _TENS)
        )
        parsed = _parse_at(tokens, i) if maybe else None
        if parsed is None:
            i += 1
            continue
        value, last, words = parsed
        if value > MAX_COUNT or value <= 0:
            i = last + 1
            continue
        qual, qfirst = _qualifier_before(lexicon, tokens, i)
        # "more than a dozen" keeps more_than; "a dozen" alone is exact
        nxt = tokens[last + 1].lower if last + 1 < n else ""
        if nxt in ("or", "-") and last + 2 < n and tokens[last + 2].lower in ("more", "plus"):
            qual = Qualifier.AT_LEAST if nxt == "or" else Qualifier.MORE_THAN
        elif nxt in ("+", "plus") and qual is Qualifier.EXACT:
            qual = Qualifier.MORE_THAN
        found.append(
            NumberMention(
                value=value,
                qualifier=qual,
                first=i,
                last=last,
                qual_first=qfirst,
                span=(tok.start, tokens[last].end if words else tok.end),
                words=words,
            )
        )
        i = last + 1
    return found
