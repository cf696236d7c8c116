"""Who a figure counts: nationality breakdowns and lists, women and men. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newswatch.extract.lexicon import Lexicon
from newswatch.extract.numbers import NumberMention
from newswatch.extract.text import Token

# Words that open a breakdown of the figure just stated.
BREAKDOWN_OPENERS = (
    ("comprising",), ("including",), ("among", "them"), ("among", "whom"), ("of", "whom"),
    ("consisting", "of"), ("namely",), ("made", "up", "of"), ("with",), ("among", "those"),
    ("of", "them"), ("included",), ("include",), ("includes",), ("comprised",), ("were",),
    ("are",), ("among", "the"), (":",), ("involving",),
    # a majority named without numbers: "1,000 foreigners, mainly Chinese and Koreans"
    ("mainly",), ("mostly",), ("primarily",), ("predominantly",), ("largely",),
    ("most", "of", "them"),
)  # fmt: skip
_WOMEN = frozenset({"women", "woman", "females", "female", "girls"})
_MEN = frozenset({"men", "man", "males", "male"})


@dataclasses.dataclass
class Subjects:
    nationalities: dict[str, int | None] = dataclasses.field(default_factory=dict)
    women: int | None = None
    men: int | None = None
    consumed: set[int] = dataclasses.field(default_factory=set)  # token index of numbers used
    why: str = ""  # how the nationalities were read (`newswatch extract --explain`)
    # the article's one nationality, for "suspects" no other sentence breaks down (CODEBOOK §4)
    from_context: str | None = None


def opener_at(tokens: Sequence[Token], i: int) -> int:
    """Length of a breakdown opener starting at token i, else 0."""
    for words in BREAKDOWN_OPENERS:
        if i + len(words) <= len(tokens) and all(
            tokens[i + k].lower == w for k, w in enumerate(words)
        ):
            return len(words)
    return 0


def nationality_list(
    lex: Lexicon, tokens: Sequence[Token], i: int, end: int
) -> tuple[list[str], int]:
    """'Chinese (mainland and Taiwan), Vietnamese, ... and Russians' or 'from China, Vietnam
    and Korea' starting at i: the codes and the index after the list."""
    codes: list[str] = []
    j = i
    while j < end:
        tok = tokens[j]
        hit = lex.nationality.match_at(tokens, j) if tok.text[0].isupper() else None
        if hit:
            codes.append(hit[1])
            j += hit[0]
            if j < end and tokens[j].lower in ("nationals", "citizens", "national", "people"):
                j += 1
            if j < end and tokens[j].text == "(":
                k = j + 1
                while k < end and tokens[k].text != ")" and k < j + 8:
                    inner = lex.nationality.match_at(tokens, k)
                    if inner and tokens[k].text[0].isupper():
                        codes.append(inner[1])
                        k += inner[0]
                    else:
                        k += 1
                j = k + 1 if k < end and tokens[k].text == ")" else j
            continue
        if tok.lower in (",", "and", "or", "as", "well", "from", "the", "mainland", "other"):
            j += 1
            continue
        break
    return codes, j


def parse_breakdown(
    lex: Lexicon,
    tokens: Sequence[Token],
    start: int,
    end: int,
    numbers: Sequence[NumberMention],
) -> Subjects:
    """Read parts between tokens start and end: '279 Cambodians, 109 Vietnamese ... and one
    Myanmar national', 'five women', '445 women, 1,645 men', 'Filipinos, Chinese and Malaysians'."""
    out = Subjects()
    by_first = {m.first: m for m in numbers}
    j = start
    while j < end:
        tok = tokens[j]
        mention = by_first.get(j)
        if mention is not None:
            k = mention.last + 1
            # "25 of them women", "22 foreign nationals were Chinese nationals", "six were from"
            if k + 1 < end and tokens[k].lower == "of" and tokens[k + 1].lower in ("them", "whom"):
                k += 2
            skipped = 0
            while (
                k < end
                and skipped < 3
                and tokens[k].text[0].islower()
                and tokens[k].lower
                not in (_WOMEN | _MEN | {"were", "are", "from", "and", "or", "while", "with"})
            ):
                k += 1
                skipped += 1
            if k < end and tokens[k].lower in ("were", "are"):
                k += 1
                if k < end and tokens[k].lower == "all":
                    k += 1
            if k < end and tokens[k].lower == "from":
                codes, after = nationality_list(lex, tokens, k + 1, end)
                if codes:
                    # "six were from Myanmar"; "158 foreigners from China, Vietnam and Korea"
                    if len(set(codes)) == 1:
                        out.nationalities[codes[0]] = (
                            out.nationalities.get(codes[0]) or 0
                        ) + mention.value
                    else:
                        for c in codes:
                            out.nationalities.setdefault(c, None)
                    out.consumed.add(j)
                    j = after
                    continue
            if k < end and tokens[k].lower in _WOMEN | _MEN:
                if tokens[k].lower in ("women", "woman", "females", "girls"):
                    out.women = (out.women or 0) + mention.value
                    out.consumed.add(j)
                elif tokens[k].lower in ("men", "man", "males"):
                    out.men = (out.men or 0) + mention.value
                    out.consumed.add(j)
                j = k + 1
                continue
            hit = (
                lex.nationality.match_at(tokens, k)
                if k < end and tokens[k].text[0].isupper()
                else None
            )
            if hit:
                code = hit[1]
                out.nationalities[code] = (out.nationalities.get(code) or 0) + mention.value
                out.consumed.add(j)
                j = k + hit[0]
                continue
            j = mention.last + 1
            continue
        if tok.lower in ("a", "an") and j + 1 < end and tokens[j + 1].text[0].isupper():
            # "seven Chinese nationals, two Vietnamese and a Cambodian"
            hit = lex.nationality.match_at(tokens, j + 1)
            if hit:
                code = str(hit[1])
                out.nationalities[code] = (out.nationalities.get(code) or 0) + 1
                j += 1 + hit[0]
                continue
        if tok.text[0].isupper():
            codes, after = nationality_list(lex, tokens, j, end)
            if codes and after > j:
                if (
                    len(codes) > 1
                    or (after < end and tokens[after].lower in ("nationals", "citizens"))
                    or tokens[j].lower in lex.demonym_words
                ):
                    for c in codes:
                        out.nationalities.setdefault(c, None)
                j = after
                continue
        j += 1
    return out


def gender_aside(tokens: Sequence[Token], after: int) -> str | None:
    """', who were men' / 'all of whom were men' / 'all men' right after a figure's noun."""
    window = [t.lower for t in tokens[after + 1 : after + 8]]
    for idx, w in enumerate(window):
        if w in ("men", "males") and any(x in ("who", "whom", "all") for x in window[:idx]):
            return "men"
        if w in ("women", "females") and any(x in ("who", "whom", "all") for x in window[:idx]):
            return "women"
        if w in (".", ";") or (w == "," and idx > 4):
            break
    return None
