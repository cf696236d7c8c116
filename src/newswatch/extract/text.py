"""Split cleaned article text into sentences and tokens with character offsets. Pure."""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

# A token is a number with separators ("2,825", "1.2"), a word (hyphens and apostrophes inside),
# or one other visible character. Possessive "'s" stays with its word.
_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)*"
    r"|[^\W\d_]+(?:[-'’.][^\W\d_]+)*(?:['’]s)?"
    r"|\S",
    re.UNICODE,
)

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr st lt gen col maj capt sgt
    brig no nos vol fig u.s u.k u.n p.m a.m gov sen rep pres prof jr sr inc ltd co corp dept est
    approx vs etc e.g i.e govt adm cmdr insp supt pol usec sec atty hon rev
    """.split()
)

# No real sentence is longer; longer runs are cut (see _bounded).
MAX_SENTENCE_CHARS = 1500

# Lines this short with no closing punctuation read as headlines, not body sentences.
HEADLINE_MAX_CHARS = 160


class Token:
    """One word, number or mark of a sentence; never changed once made. A plain class with
    slots: a document makes thousands, and a frozen dataclass costs three times as much to
    build."""

    __slots__ = ("end", "is_number", "lower", "start", "text")

    def __init__(self, text: str, lower: str, start: int, end: int) -> None:
        self.text = text
        self.lower = lower
        self.start = start  # offsets in the whole document
        self.end = end
        self.is_number = text[0].isdigit()

    def _key(self) -> tuple[str, str, int, int]:
        return (self.text, self.lower, self.start, self.end)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def lower_at(tokens: Sequence[Token], i: int) -> str:
    """The lower-cased token at i, or '' past the end."""
    return tokens[i].lower if i < len(tokens) else ""


@dataclasses.dataclass(eq=False)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    headline: bool
    # What the stages computed of this sentence once, for the others (read only).
    memo: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)

    @functools.cached_property
    def tokens(self) -> tuple[Token, ...]:
        """Tokenised on first use: most sentences of most articles are never read closely."""
        return tokenize(self.text, self.start)


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    low = base.lower()
    return low if len(low) == 1 else ch.lower()[:1] or ch


# One character to one character, for every character news text uses outside ASCII (Latin
# letters with diacritics, Vietnamese, typographic quotes): built once, applied with translate.
_FOLD_TABLE = {c: _fold_char(chr(c)) for c in range(0x80, 0x2000)}
_FOLD_TABLE.update({ord("đ"): "d", ord("Đ"): "d", ord("ı"): "i", ord("’"): "'", ord("‘"): "'"})


def fold(text: str) -> str:
    """Lower-case without diacritics: 'Hoa Lư' -> 'hoa lu'. Length-preserving per character."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE).lower()


def ascii_name(text: str) -> str:
    """A display name without diacritics ('Hoa Lư' -> 'Hoa Lu'), as gold files write places."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    folded = fold(text)  # length-preserving, so token offsets index both
    return tuple(
        Token(m.group(), folded[m.start() : m.end()], m.start() + offset, m.end() + offset)
        for m in _TOKEN.finditer(text)
    )


def _sentence_ends(paragraph: str) -> list[int]:
    """Offsets (exclusive) where sentences end inside one paragraph."""
    ends = []
    for m in re.finditer(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])", paragraph):
        before = paragraph[max(0, m.start() - 64) : m.start()]  # the word before: a bounded look
        word = re.search(r"([\w.]+)$", before)
        if m.group().startswith(".") and word:
            w = word.group(1).lower()
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
            if re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):  # U.S. / a.m.
                continue
        ends.append(m.end())
    ends.append(len(paragraph))
    return ends


def _bounded(line: str, ends: list[int]) -> list[int]:
    """Cut run-on 'sentences' (tables, lists, garbage without punctuation) at whitespace so no
    sentence exceeds MAX_SENTENCE_CHARS: per-sentence work stays bounded, the whole stays linear."""
    out: list[int] = []
    start = 0
    for end in ends:
        while end - start > MAX_SENTENCE_CHARS:
            cut = line.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
            if cut <= start:
                cut = start + MAX_SENTENCE_CHARS
            out.append(cut)
            start = cut
        out.append(end)
        start = end
    return out


REPEATED_HEADLINE_MIN_CHARS = 30


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a document; each paragraph (line) holds one or more sentences."""
    sentences: list[Sentence] = []
    paragraph_no = 0
    body_started = False
    headlines: list[str] = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip():
            continue
        stripped = line.strip()
        headline = (
            not body_started
            and len(stripped) <= HEADLINE_MAX_CHARS
            and not re.search(r"[.!?\"”:]$", stripped)
        )
        if not headline and len(stripped) > 40:
            body_started = True
        start = 0
        for end in _bounded(line, _sentence_ends(line)):
            chunk = line[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            chunk = chunk.strip()
            if chunk:
                s_start = m.start() + start + lead
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        paragraph=paragraph_no,
                        start=s_start,
                        end=s_start + len(chunk),
                        text=chunk,
                        # a page repeats its headline, a photo caption run on after it ("...
                        # scams A police officer looks at ..., Aug. 23"): still the headline
                        headline=headline or any(chunk.startswith(h) for h in headlines),
                    )
                )
                if headline and len(chunk) >= REPEATED_HEADLINE_MIN_CHARS:
                    headlines.append(chunk)
            start = end
        paragraph_no += 1
    return sentences
