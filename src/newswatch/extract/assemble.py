"""Read an article sentence by sentence into draft figures, carrying context. Pure.

Context carried across sentences, the way an analyst reads: a round-up's period applies to the
figures that follow it; a campaign's start date opens running totals; "provincial authorities"
points back to the province last named; a breakdown sentence ("The group included 59 men and
four women") completes the figure before it; a follow-up ("The deportations were carried out on
Feb. 8") dates it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Sequence

from newswatch.extract import actions as act
from newswatch.extract import places as plc
from newswatch.extract.dates import TimeRef, find_times
from newswatch.extract.lexicon import Lexicon
from newswatch.extract.numbers import NumberMention, find_numbers
from newswatch.extract.scope import (
    ANNOUNCE,
    MAX_EVENT_DAYS,
    When,
    clause_bounds,
    cue_flags,
    find_cues,
    resolve_when,
)
from newswatch.extract.subjects import (
    Subjects,
    gender_aside,
    nationality_list,
    opener_at,
    parse_breakdown,
)
from newswatch.extract.text import Sentence, Token, lower_at, tokenize
from newswatch.models import Action, Qualifier, Scope, Unit

# Countries where the monitored compounds operate; an article's acting country defaults to the
# one it names most, and to Cambodia when it names none.
DEFAULT_COUNTRY = "KH"

_NOT_COUNT_BEFORE = frozenset(
    """
    $ us$ usd € £ ¥ article no no. flight route highway street st road room floor aged age ages
    page level zone phase block branch section chapter number unit building tower lot km hotline
    tel phone code case decree law sub-decree resolution ward group team batch vol volume item
    kilometre kilometer category class grade term
    """.split()
)
_NOT_COUNT_AFTER = frozenset(
    """
    % percent per year-old years-old -year-old th st nd rd a.m. p.m. am pm o'clock hours minutes
    """.split()
)
_ANAPHORA_OPENERS = (
    "the group",
    "this group",
    "they",
    "those",
    "these",
    "among them",
    "of them",
    "of these",
    "among those",
    "the rescued",
    "the arrested",
    "the detained",
    "the deported",
    "the suspects",
    "the victims",
    "the detainees",
    "the returnees",
    "the citizens",
    "the individuals",
    "the workers",
    "the foreigners",
    "the arrestees",
    "this group",
    "the repatriated",
    "among the",  # "Among the deportees were four women"
)
# "22 foreign nationals were Chinese nationals, while six were from Myanmar"
_PART_IS_NATIONALITY = re.compile(r"\b\w+ (?:\w+ ){0,3}(?:were|are) (?:all )?(?:from )?[A-Z][a-z]+")
_CAMPAIGN = re.compile(
    r"\b(campaign|crackdown|operations?|drive|suppression)\b[^.]{0,60}?\b"
    r"(began|begun|started|launched|kicked off|commenced)\b",
    re.I,
)
# Sentences a look back through the paragraph reads at most in one go (then it rests on what
# it read before).
_MAX_LOOKBACK = 10_000
_EARLIER = frozenset({"previously", "earlier", "before", "formerly", "last"})
_CONTRAST = frozenset({"while", "but", "whereas", "who", "which"})
_WEAK_OPENERS = frozenset({"were", "are", "with", "include", "included", "includes"})
# "since the restructuring" finds "restructured" by its first letters, a few sentences back.
SINCE_STEM = 7
SINCE_REACH = 4
_PLURAL_OPERATIONS = frozenset({"raids", "operations", "crackdowns", "inspections", "sweeps"})
_PRONOUN_SUBJECTS = frozenset({"they", "police", "authorities", "officers", "he", "it", "there"})
# Sentence openers that add to what the sentence before said, in its time frame.
_ADDING = frozenset({"additionally", "furthermore", "moreover"})
_PROVINCE_ANAPHORA = re.compile(
    r"\bprovincial (?:authorities|police|officials|administration|court|governor)\b"
    r"|\bthe (?:(?:north|south|east|west)(?:ern|-eastern|-western)? |border |coastal )?province\b"
)
# How long a place or time adjunct may be between a figure and its breakdown ("arrested 479
# people in a fraud raid, comprising ...").
_OPERATION_ANAPHORA = re.compile(r"\b(?:the|this|that) (?:operation|raid|crackdown|sweep)\b", re.I)
MAX_ADJUNCT = 8
# Words between 'N of them' and the nationality it gives ('was later reported as').
MAX_PART_GAP = 6
# A sentence that may state a count: a digit, a number word, or a vague amount.
_MAY_COUNT = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|dozens?|hundreds|thousands|scores|tens|a dozen)\b",
    re.I,
)
_CITIZENS = re.compile(r"\b([A-Z][a-z]+) (?:citizens|nationals|returnees)\b")
# How many words may join two numbers of one list ("three raids on Wednesday and three more").
MAX_LIST_GAP = 5
# A place after the number is weighed as this fraction of its distance (see _admin1_for).
AFTER_WEIGHT = 0.4
# A site named this often in an article is where its undated figures happened.
SITE_MIN_MENTIONS = 2
# A place named in the article weighs as much as an authority named as acting there.
PLACE_VOTE = 2
# How many sentences back the place of an operation is looked for.
OPERATION_LOOKBACK = 3
# Sentences around an undated figure searched for the day of its operation: nearest first,
# the one before ahead of the one after.
WHEN_REACH = 2
# A period borrowed that way is a few days of one operation, not 'early September'.
MAX_BORROWED_DAYS = 4
_WHEN_OFFSETS = [o for d in range(1, WHEN_REACH + 1) for o in (-d, d)]
_FAMILY = {
    Action.DEPORTED: "removal", Action.EXTRADITED: "removal", Action.CHARGED: "court",
    Action.ARRESTED: "operation", Action.RESCUED: "operation", Action.RAIDED: "operation",
    Action.CLOSED: "operation",
}  # fmt: skip
_OTHER_OPERATION = re.compile(
    r"\b(?:another|other|earlier|previously|separate|last (?:week|month|year))\b"
)


@dataclasses.dataclass
class Draft:
    """A figure being built; converted to models.Figure after merging."""

    action: Action
    count: int
    qualifier: Qualifier
    unit: Unit
    scope: Scope
    date: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    nationalities: dict[str, int | None]
    women: int | None
    men: int | None
    country: str | None
    admin1: str | None
    place: str | None
    agency: str | None
    evidence: str
    span: tuple[int, int]
    sentence: int
    headline: bool
    has_time: bool
    list_group: int | None = None  # figures read from one list under one verb
    roundup: bool = False  # its closed from-to period applies to the undated figures after it
    announced: bool = False  # its day is only the day a statement was made
    context_nationality: str | None = None  # see Subjects.from_context
    place_from_headline: bool = False  # its place only a headline (or its caption) names
    # which rule decided each field, from which words (`newswatch extract --explain`)
    why: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class DocContext:
    """What the whole article says, read lazily: most articles never need it."""

    lex: Lexicon
    sentences: Sequence[Sentence]
    published: dt.date | None
    roundup: tuple[dt.date | None, dt.date | None] | None = None
    campaign_start: dt.date | None = None
    list_counter: int = 0
    citizens: str | None = None  # the nationality of "citizens" in the article
    # the last group of people a sentence without figures counted ("the 410 citizens"): whom a
    # later "They were handed over ..." speaks of
    counted: Draft | None = None

    _times: dict[int, list[TimeRef]] = dataclasses.field(default_factory=dict)
    _dateline: dict[int, int] = dataclasses.field(default_factory=dict)
    _agencies: dict[int, str | None] = dataclasses.field(default_factory=dict)
    _named: frozenset[str] | None = None
    # numbers read and set aside, with the reason: (sentence, words, reason)
    dropped: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)

    def used_by_figure(self, index: int) -> None:
        """A sentence completed the figure before it: its numbers are that figure's parts."""
        self.dropped = [
            (i, w, "a part of the breakdown of the figure before" if i == index else r)
            for i, w, r in self.dropped
        ]

    def drop(self, s: Sentence, m: NumberMention, reason: str) -> None:
        words = " ".join(t.text for t in s.tokens[m.qual_first : m.last + 1])
        self.dropped.append((s.index, words, reason))

    def times(self, s: Sentence) -> list[TimeRef]:
        if s.index not in self._times:
            self._times[s.index] = find_times(s.tokens, self.published)
        return self._times[s.index]

    def dateline(self, s: Sentence) -> int:
        if s.index not in self._dateline:
            first = s.index == 0 or self.sentences[s.index - 1].paragraph != s.paragraph
            self._dateline[s.index] = plc.dateline_end(s, first)
        return self._dateline[s.index]

    def last_province_before(self, s: Sentence) -> str | None:
        """The province last named up to and including sentence s ("provincial authorities")."""
        for prev in reversed(self.sentences[: s.index + 1]):
            hits = plc.find_places(self.lex, prev.tokens, self.dateline(prev))
            if hits:
                return hits[-1].admin1
        # "... raided three locations in the southern province": the lead names it later
        later = {
            h.admin1
            for nxt in self.sentences[s.index + 1 :]
            for h in plc.find_places(self.lex, nxt.tokens, self.dateline(nxt))
        }
        return later.pop() if len(later) == 1 else None

    def operation_province_before(self, s: Sentence, country: str | None) -> str | None:
        """The one province of the sentence before s, when that sentence reports an
        enforcement action there."""
        if s.index == 0:
            return None
        prev = self.sentences[s.index - 1]
        hits = plc.find_places(self.lex, prev.tokens, self.dateline(prev))
        names = {h.admin1 for h in hits if h.country == country}
        if len(names) != 1:
            return None
        folded = " ".join(t.lower for t in prev.tokens)
        if not self.lex.any_action.search(folded):
            return None
        return names.pop()

    def operation_place_before(self, s: Sentence, home: set[str]) -> plc.PlaceHit | None:
        """Where the operation the last sentences reported took place, for a figure whose own
        sentence names neither place nor actor ("Police raided a building in Poipet. ... During
        the operation, 215 were taken into custody"): the nearest of the previous
        `OPERATION_LOOKBACK` sentences that reports an action and names places of one
        division; a sentence with a figure of its own ends the search."""
        for prev in reversed(self.sentences[max(0, s.index - OPERATION_LOOKBACK) : s.index]):
            if prev.headline:
                break
            folded = " ".join(t.lower for t in prev.tokens)
            if not self.lex.any_action.search(folded):
                continue
            hits = [
                h
                for h in plc.find_places(self.lex, prev.tokens, self.dateline(prev))
                if h.country not in home and not plc.names_authority(prev.tokens, h.last)
            ]
            if not hits:
                continue
            if len({(h.country, h.admin1) for h in hits}) != 1:
                return None
            return next((h for h in hits if h.town), hits[0])
        return None

    def agency_before(self, s: Sentence) -> str | None:
        """The body last named earlier in the paragraph ('The GDI said ... 130 were extradited')."""
        if s.index == 0 or self.sentences[s.index - 1].paragraph != s.paragraph:
            return None
        return self._agency_upto(s.index - 1)

    def _agency_upto(self, i: int) -> str | None:
        """The body last named in sentence i or before it in its paragraph (each sentence read
        once: a paragraph of thousands of sentences stays linear)."""
        if i not in self._agencies:
            start = i
            while (
                start > 0
                and i - start < _MAX_LOOKBACK
                and (
                    self.sentences[start - 1].paragraph == self.sentences[i].paragraph
                    and start - 1 not in self._agencies
                )
            ):
                start -= 1
            for k in range(start, i + 1):
                found = plc.find_agency(self.sentences[k].tokens)
                same = k > 0 and self.sentences[k - 1].paragraph == self.sentences[k].paragraph
                self._agencies[k] = found or (self._agencies.get(k - 1) if same else None)
        return self._agencies[i]

    def previous_when(self, s: Sentence) -> When | None:
        """The day or period of the sentence before s, for 'They arrested 59 ...'."""
        if s.index == 0:
            return None
        prev = self.sentences[s.index - 1]
        real = [t for t in self.times(prev) if t.kind != "iso"]
        when = resolve_when(prev.tokens, real, 0, self.published) if real else None
        return (
            when if when is not None and when.scope is Scope.EVENT and not when.announced else None
        )

    def previous_frame(self, s: Sentence) -> When | None:
        """The time frame of the sentence before s, a day or a period (a running total's
        too), for a sentence that adds to it ('Additionally, 20 suspects were arrested')."""
        if s.index == 0 or self.sentences[s.index - 1].headline:
            return None
        prev = self.sentences[s.index - 1]
        real = [t for t in self.times(prev) if t.kind != "iso" and t.first >= self.dateline(prev)]
        when = resolve_when(prev.tokens, real, 0, self.published) if real else None
        return when if when is not None and when.scope is not None and not when.announced else None

    def names_any(self, codes: frozenset[str]) -> bool:
        """Whether the article names any of these nationalities or their countries."""
        if not codes:
            return False
        if self._named is None:
            named: set[str] = set()
            for s in self.sentences:
                for k, tok in enumerate(s.tokens):
                    if tok.text[:1].isupper() and (
                        hit := self.lex.nationality.match_at(s.tokens, k)
                    ):
                        named.add(hit[1])
            self._named = frozenset(named)
        return bool(self._named & codes)

    def since_event_start(self, s: Sentence) -> dt.date | None:
        """ "Since the restructuring, ... 396 arrests": the day of the event the phrase names,
        from the nearest earlier sentence (within SINCE_REACH) that dates a word of the same
        stem ("restructured ... in March 2023")."""
        toks = s.tokens
        for k in range(len(toks) - 2):
            if toks[k].lower != "since" or toks[k + 1].lower != "the":
                continue
            word = toks[k + 2].lower
            if len(word) < SINCE_STEM or not word.isalpha():
                return None
            stem = word[:SINCE_STEM]
            for prev in reversed(self.sentences[max(0, s.index - SINCE_REACH) : s.index]):
                at = [i for i, t in enumerate(prev.tokens) if t.lower.startswith(stem)]
                refs = [t for t in self.times(prev) if t.kind != "iso"]
                if at and refs:
                    ref = min(refs, key=lambda r: min(abs(r.first - a) for a in at))
                    return ref.date or ref.start
            return None
        return None

    def operation_when_near(self, s: Sentence, action: Action) -> When | None:
        """The day of the operation a nearby sentence reports, for a figure its own sentence
        leaves undated ("Police raided a compound on Friday. More than 200 people were
        detained at the complex."): the nearest of the sentences within `WHEN_REACH` (before
        first at equal distance) that reports an action on one day or a few days, and does not
        mark itself as another operation ("another compound", "earlier")."""
        for offset in _WHEN_OFFSETS:
            i = s.index + offset
            if not 0 <= i < len(self.sentences):
                continue
            near = self.sentences[i]
            if near.headline:
                continue
            real = [
                t
                for t in self.times(near)
                if t.kind != "iso"
                and t.first >= self.dateline(near)
                # "Monday's newspaper": the day of a report
                and not near.tokens[t.last].text.endswith(("'s", "’s"))
                # "have until Sunday to shut down": a deadline, not the day of an operation
                and not (t.first > 0 and near.tokens[t.first - 1].lower in _DEADLINE)
                # "in a video posted to their Facebook page ..., Aug. 20": a caption's day
                and not any(
                    tok.lower in _POSTED for tok in near.tokens[max(0, t.first - 12) : t.first]
                )
                and not any(tok.lower in ("deadline", "deadlines") for tok in near.tokens)
            ]
            if not real:
                continue
            folded = " ".join(t.lower for t in near.tokens)
            if not self.lex.any_action.search(folded) or _OTHER_OPERATION.search(folded):
                continue
            # the same kind of action: a raid dates its arrests, a flight its deportees, but
            # the day of a handover is not the day those people were arrested
            family = _FAMILY[action]
            anchors = [
                i
                for i in range(len(near.tokens))
                if any(
                    _FAMILY[hit[1].action] == family
                    for hit in (
                        self.lex.triggers.match_at(near.tokens, i),
                        self.lex.action_nouns.match_at(near.tokens, i),
                    )
                    if hit
                )
            ]
            if not anchors:
                continue
            a = anchors[0]
            if any(t.lower in ("after", "following") for t in near.tokens[max(0, a - 3) : a]):
                # "were sent to the capital on Wednesday after a raid ... on Monday night": a
                # time before 'after' dates what followed the raid
                real = [t for t in real if t.first > a] or real
            when = resolve_when(near.tokens, real, a, self.published)
            if (
                when.scope is Scope.EVENT
                and not when.announced
                and (
                    when.date is not None
                    or (
                        when.start
                        and when.end
                        and (when.end - when.start).days <= MAX_BORROWED_DAYS
                    )
                )
            ):
                return when
        return None

    @functools.cached_property
    def country(self) -> str:
        return document_country(self.lex, self.sentences)

    @functools.cached_property
    def single_site(self) -> str | None:
        return document_site(self.sentences)

    @functools.cached_property
    def one_nationality(self) -> str | None:
        """The one nationality the article's people have, when it names only one (its
        authorities' adjectives aside: "Indonesian police", "Chinese authorities")."""
        codes: set[str] = set()
        for s in self.sentences:
            t = s.tokens
            for k in range(len(t)):
                if t[k].lower not in self.lex.demonym_words:
                    continue  # a country's name ("Cambodia deported") is no one's nationality
                hit = self.lex.nationality.match_at(t, k)
                if hit is None:
                    continue
                nxt = t[k + hit[0]].lower if k + hit[0] < len(t) else ""
                if nxt not in plc.AUTHORITY_NOUNS and not t[k + hit[0] - 1].text.endswith("'s"):
                    codes.add(str(hit[1]))
                if len(codes) > 1:
                    return None
        return next(iter(codes), None)

    @functools.cached_property
    def provinces(self) -> dict[str, set[str]]:
        """Every province the article names, by country."""
        out: dict[str, set[str]] = {}
        for s in self.sentences:
            for h in plc.find_places(self.lex, s.tokens, self.dateline(s)):
                if h.admin1 and h.country:
                    out.setdefault(h.country, set()).add(h.admin1)
        return out

    @functools.cached_property
    def tells_of_deportations(self) -> bool:
        return any(
            (hit := self.lex.triggers.match_at(s.tokens, i)) is not None
            and hit[1].action.family is Action.DEPORTED
            for s in self.sentences
            for i in range(len(s.tokens))
        )

    def only_province(self, country: str | None) -> str | None:
        """The one province of `country` the article names, if it names one only and tells of
        no deportation (whose airport or border gate would be the province named)."""
        names = self.provinces.get(country or "", set())
        if len(names) != 1 or self.tells_of_deportations:
            return None
        return next(iter(names))

    @functools.cached_property
    def single_site_admin1(self) -> str | None:
        if self.single_site is None:
            return None
        hit = next(iter(plc.find_places(self.lex, tokenize(self.single_site))), None)
        return hit.admin1 if hit else None


def on_topic(lex: Lexicon, folded: str) -> bool:
    """The article is about scams, cyber-fraud or illegal gambling enforcement, or about people
    held to work in casinos or compounds."""
    if any(k in folded for k in lex.topic):
        return True
    return any(k in folded for k in lex.topic_venues) and any(
        k in folded for k in lex.topic_victims
    )


_ONE_IDIOMS = frozenset({("after", "another"), ("by", "one"), ("another", ",")})


_SUBORDINATORS = frozenset(("that", "who", "which", "whom"))


def _anterior_clause(lex: Lexicon, tokens: Sequence[Token], link: act.Link) -> int | None:
    """Where a clause in the pluperfect opens ('... that/who [the 85] had been detained'),
    when the figure's verb is in it: a time before that word dates the main clause's act, which
    came after the figure's. None when the verb is no such pluperfect."""
    k = link.trigger_first - 1
    for _ in range(2):  # "had been temporarily detained", "had previously been detained"
        while k >= 0 and tokens[k].lower.endswith("ly") and len(tokens[k].lower) > 3:
            k -= 1
        if k >= 0 and tokens[k].lower == "been":
            k -= 1
    if k < 0 or tokens[k].lower != "had":
        return None
    for j in range(k - 1, max(-1, k - 12), -1):
        if tokens[j].lower in _SUBORDINATORS:
            # "local media reported on Thursday that police had arrested 118": news of the
            # day, dated by its report; "received yesterday 260 who had been rescued": the
            # main clause's own action (a handover) dates the figure
            if (j > 0 and tokens[j - 1].lower in ANNOUNCE) or any(
                lex.triggers.match_at(tokens, q) for q in range(j)
            ):
                return None
            return j
        if tokens[j].text in (";", "."):
            break
    return None


def _is_excluded_number(
    tokens: Sequence[Token], m: NumberMention, times: Sequence[TimeRef]
) -> bool:
    for t in times:
        if t.first <= m.first <= t.last:
            return True
    if m.first > 2 and tokens[m.first - 1].lower == "the" and tokens[m.first - 2].lower == "of":
        if tokens[m.first - 3].is_number:
            return True  # "59 of the 64 were arrested": the 64 is the group already counted
    prev = tokens[m.first - 1].lower if m.first > 0 else ""
    prev_q = tokens[m.qual_first - 1].lower if m.qual_first > 0 else ""
    if prev in _NOT_COUNT_BEFORE or prev_q in ("$", "us$", "usd", "aged", "age", "ages"):
        return True
    if m.first > 0 and tokens[m.first - 1].text in ("#", "№"):
        return True
    if (
        tokens[m.first].lower == "one"
        and m.last + 2 < len(tokens)
        and (tokens[m.last + 1].lower, tokens[m.last + 2].lower) in _ONE_IDIOMS
    ):
        return True  # "caught one after another", "one by one"
    nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
    if nxt is not None:
        if nxt.lower in _NOT_COUNT_AFTER:
            return True
        if (
            nxt.text in ("-", "–")
            and m.last + 2 < len(tokens)
            and tokens[m.last + 2].lower.startswith("year")
        ):
            return True
        if nxt.text == ":" and m.last + 2 < len(tokens) and tokens[m.last + 2].is_number:
            return True  # a clock time
        if (
            nxt.lower in ("years", "year")
            and m.last + 2 < len(tokens)
            and tokens[m.last + 2].lower == "old"
        ):
            return True
    tok = tokens[m.first]
    if tok.is_number and not m.words:
        txt = tok.text
        if re.fullmatch(r"(19|20)\d\d", txt) and m.last == m.first:
            # a year unless a counted noun follows ("2000 people")
            if not (
                nxt is not None
                and nxt.lower
                in (
                    "people",
                    "suspects",
                    "foreigners",
                    "workers",
                    "persons",
                    "individuals",
                    "foreign",
                )
            ):
                return True
        if txt.startswith("0") and len(txt) > 1:
            return True
        if re.fullmatch(r"\d{7,}", txt):
            return True
    return False


# "caught by the casino's guards", "held by traffickers": people acted on by no authority
_PRIVATE_AGENTS = frozenset(
    """casino casino's compound compound's gang gangs gang's traffickers trafficker employer
    employers employer's bosses syndicate syndicate's kidnappers captors brokers company
    company's owners owner criminals scammers relatives families family friends""".split()
)


# "Cyberscam networks have freed more than 400": the criminals let people go, no authority did
_PRIVATE_SUBJECTS = frozenset(
    """networks syndicates syndicate gangs gang scammers traffickers employers bosses compounds
    operators""".split()
)
# "the deportation of 17 Taiwanese ... has been delayed"
_CALLED_OFF = frozenset(
    "delayed postponed halted suspended blocked cancelled canceled stalled deferred".split()
)


def _private_subject(tokens: Sequence[Token], link: act.Link) -> str | None:
    """The subject right before an active verb, when it is no authority."""
    if link.form not in ("past", "present"):
        return None
    for k in range(link.trigger_first - 1, max(-1, link.trigger_first - 4), -1):
        word = tokens[k].lower
        if word in _PRIVATE_SUBJECTS:
            return tokens[k].text
        if word not in ("have", "has", "had", "reportedly", "also", "now", "here", "recently"):
            return None
    return None


def _called_off(tokens: Sequence[Token], after: int) -> bool:
    return any(t.lower in _CALLED_OFF for t in tokens[after + 1 : after + 14])


def _private_agent(tokens: Sequence[Token], verb_last: int) -> str | None:
    """The passive agent right after the verb, when it is no authority: 'the casino's guards'."""
    k = verb_last + 1
    if k >= len(tokens) or tokens[k].lower != "by":
        return None
    words = [t.lower.replace("’", "'") for t in tokens[k + 1 : k + 5]]
    for n, w in enumerate(words):
        if w in _PRIVATE_AGENTS:
            return " ".join(t.text for t in tokens[k + 1 : k + 3 + n])  # "the casino's guards"
        if w in ("police", "authorities", "officers", "guards", "troops", "forces", "soldiers"):
            return None
    return None


def _victims_received(
    lex: Lexicon, tokens: Sequence[Token], link: act.Link, np_: act.NounPhrase, m: NumberMention
) -> bool:
    """Foreigners or victims received from another country's side ('received 260 foreign
    nationals from the Myanmar side')."""
    if tokens[link.trigger_first].lower not in plc.RECEIVE or link.trigger_last > m.first:
        return False
    group = {t.lower for t in tokens[m.last + 1 : np_.last + 1]}
    if not group & {"foreign", "foreigners", "victims", "foreign-national"}:
        return False
    return plc.received_from(lex, tokens, np_.last) is not None


def _named_before(lex: Lexicon, tokens: Sequence[Token], end: int) -> list[str]:
    """The nationalities and countries named before token `end`, in order."""
    return [
        hit[1]
        for k in range(end)
        if tokens[k].text[:1].isupper() and (hit := lex.nationality.match_at(tokens, k))
    ]


def _condition_met(
    lex: Lexicon, tokens: Sequence[Token], link: act.Link, np_: act.NounPhrase, m: NumberMention
) -> bool:
    """Verbs that are an action only in some company (lexicon [conditions])."""
    verb = " ".join(t.lower for t in tokens[link.trigger_first : link.trigger_last + 1])
    if link.form == "total":
        return True  # the sentence's handover verb already governs its own group
    if link.form == "cases":
        return np_.unit is Unit.CASES
    if verb in lex.needs_foreign:
        if np_.nationalities or any(
            t.lower in ("foreign", "foreigners", "nationals", "national")
            for t in tokens[m.last + 1 : np_.last + 1]
        ):
            return True
        # "handed over to Vietnamese authorities"
        start = max(link.trigger_last, np_.last) + 1
        for k in range(start, min(start + 6, len(tokens))):
            if tokens[k].lower == "to":
                hit = lex.country_adjectives.match_at(tokens, k + 1) or (
                    lex.country_adjectives.match_at(tokens, k + 2)
                )
                return hit is not None
        return False
    if verb in lex.needs_sender:
        # a handover to the people's home country: never "received 260 foreign nationals"
        # (victims handed to a third country are rescued where they were freed)
        group = {t.lower for t in tokens[m.last + 1 : np_.last + 1]}
        if group & {"foreign", "foreigners", "foreign-national"}:
            return False
        receiver = _named_before(lex, tokens, link.trigger_first)
        if np_.nationalities and receiver and set(np_.nationalities) != {receiver[-1]}:
            return False
        return plc.received_from(lex, tokens, link.trigger_last) is not None or plc.sent_after(
            tokens, link.trigger_last
        )
    if verb in lex.needs_site:
        # "released hundreds of workers from several compounds"
        for k in range(np_.last + 1, len(tokens) - 1):
            if tokens[k].lower == "from":
                return any(
                    lex.site_nouns.match_at(tokens, q)
                    for q in range(k + 1, min(k + 6, len(tokens)))
                )
        return False
    return True


def _admin1_for(
    hits: Sequence[plc.PlaceHit], anchor: int, country: str | None, anchor_end: int | None = None
) -> tuple[str | None, str | None]:
    """(admin1 joined by '; ', town) from the place names of a sentence; `anchor`..`anchor_end`
    is the figure (its number to its verb or noun)."""
    hits = [h for h in hits if country is None or h.country == country]
    if not hits:
        return None, None
    end = anchor if anchor_end is None else max(anchor, anchor_end)

    def distance(h: plc.PlaceHit) -> float:
        # "11 buildings raided in Phnom Penh and one location in Siem Reap": a place after the
        # figure is more often its own than one before it
        if h.first > end:
            return (h.first - end) * AFTER_WEIGHT
        return max(0, anchor - h.last)

    town = next((h.town for h in sorted(hits, key=distance) if h.town), None)
    # a list "in Phnom Penh, Kandal, Preah Sihanouk, and Kampot provinces" names them all
    groups: list[list[plc.PlaceHit]] = [[hits[0]]]
    for h in hits[1:]:
        if h.first - groups[-1][-1].last - 1 <= 2:
            groups[-1].append(h)
        else:
            groups.append([h])
    best = min(groups, key=lambda g: min(distance(h) for h in g))
    names: list[str] = []
    for h in best:
        if h.admin1 not in names:
            names.append(h.admin1)
    return "; ".join(names), town


def document_citizens(lex: Lexicon, sentences: Sequence[Sentence]) -> str | None:
    """The nationality of the 'citizens' an article is about ('63 Vietnamese citizens'), if any."""
    return next((c for s in sentences if (c := _citizens_in(lex, s.text))), None)


def _citizens_in(lex: Lexicon, text: str) -> str | None:
    cit = _CITIZENS.search(text)
    hit = lex.nationality.match_at(tokenize(cit.group(1)), 0) if cit else None
    return str(hit[1]) if hit else None


def document_country(lex: Lexicon, sentences: Sequence[Sentence]) -> str:
    votes: Counter[str] = Counter()
    # a story of citizens sent home names their home provinces and the border post that
    # received them: places of that country say nothing of where the action took place
    home = document_citizens(lex, sentences)
    for s in sentences:
        if s.headline and len(sentences) > 1:
            continue  # telegraphic: in "312 Chinese flown home" the demonym is the people
        for code in plc.actor_countries(lex, s.tokens, len(s.tokens)):
            votes[code] += 2
        for hit in plc.find_places(lex, s.tokens):
            if hit.country != home:
                votes[hit.country] += PLACE_VOTE
    if votes:
        return votes.most_common(1)[0][0]
    return DEFAULT_COUNTRY


def departure_site(sentences: Sequence[Sentence]) -> str | None:
    """The one airport or border gate an article says its group left by or was handed over at
    (CODEBOOK §1: a deportation's place is where it leaves from); None when it names none or
    several."""
    names: dict[str, str] = {}
    for s in sentences:
        if s.headline or not _EXIT_HINT.search(s.text):
            continue
        for name in plc.exit_sites(s.tokens):
            names.setdefault(name.lower(), name)
    return next(iter(names.values())) if len(names) == 1 else None


_EXIT_HINT = re.compile(r"airport|gate|crossing|checkpoint", re.I)


def _site_fits(site: str, action: Action, scope: Scope) -> bool:
    """Whether the article's one site is where this figure happened: a total over many
    operations has no one site, and an airport or border crossing is where people leave or are
    handed over, not where an arrest or a rescue happened."""
    if scope is not Scope.EVENT:
        return False
    return action.family is Action.DEPORTED or not _EXIT_HINT.search(site)


def document_site(sentences: Sequence[Sentence]) -> str | None:
    """The one named site an article is about: named at least twice (its acronym, defined in
    parentheses after it, counts: "Golden Triangle Special Economic Zone (SEZ) ... in the
    SEZ"; a longer name containing it is the same site), and no other named."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for s in sentences:
        if s.headline:
            continue  # title case makes every phrase look like a name
        for _, last, name in plc.find_sites(s.tokens):
            counts[name.lower()] += 1
            names.setdefault(name.lower(), name)
            t = s.tokens
            if last + 3 < len(t) and t[last + 1].text == "(" and t[last + 3].text == ")":
                short = t[last + 2].text
                if short.isupper() and short.isalpha() and len(short) >= 2:
                    acronyms[short] = name.lower()
    for s in sentences:
        if not s.headline and acronyms:
            for k, tok in enumerate(s.tokens):
                if tok.text in acronyms and not (k > 0 and s.tokens[k - 1].text == "("):
                    counts[acronyms[tok.text]] += 1
    # "Golden Triangle The Golden Triangle Special Economic Zone" is that zone too
    for key in sorted(counts, key=len):
        for other in [o for o in counts if o != key and key in o]:
            counts[key] += counts.pop(other)
    if len(counts) == 1:
        key, n = counts.most_common(1)[0]
        if n >= SITE_MIN_MENTIONS:
            return names[key]
    return None


def _attribution_start(tokens: Sequence[Token], after: int) -> int:
    """Index of an attribution ('..., he said at an event in Phnom Penh') after token `after`;
    places from there on locate the speaker, not the figure."""
    for k in range(after + 1, len(tokens)):
        if (
            tokens[k].lower in ANNOUNCE
            and k > 0
            and tokens[k - 1].text in (",", '"', "”", "said", "he", "she", "they", "it")
        ) or (tokens[k].lower in ANNOUNCE and k > 0 and tokens[k - 1].text[0].isupper()):
            return k
    return len(tokens)


def _choose_country(
    by: str | None, actors: Sequence[str], places: Sequence[plc.PlaceHit], doc_country: str
) -> str | None:
    if by:
        return by
    distinct = list(dict.fromkeys(actors))
    place_country = Counter(h.country for h in places).most_common(1)[0][0] if places else None
    if len(distinct) == 1:
        return distinct[0]
    if len(distinct) > 1:
        if place_country in distinct:
            return place_country
        if len(distinct) > 2:
            return None  # "Police in Taiwan, Indonesia, Thailand and Malaysia arrested 313"
        return doc_country if doc_country in distinct else distinct[0]
    return place_country or doc_country


# Who the article is about, unnamed: they take the nationality of the article's group.
_CONTEXT_NOUNS = frozenset({"suspects"})


_OWN_PEOPLE = frozenset({"nationals", "citizens", "people", "countrymen"})


def _its_own_people(tokens: Sequence[Token], m: NumberMention) -> bool:
    """'621 of its nationals', '120 of its own citizens'."""
    after = [t.lower for t in tokens[m.last + 1 : m.last + 5]]
    if after[:2] != ["of", "its"]:
        return False
    rest = after[2:]
    if rest[:1] == ["own"]:
        rest = rest[1:]
    return bool(rest) and rest[0] in _OWN_PEOPLE


def _subjects(  # noqa: PLR0917 - one figure's parts, all read from the same sentence
    lex: Lexicon,
    tokens: Sequence[Token],
    m: NumberMention,
    np_: act.NounPhrase,
    link: act.Link,
    numbers: Sequence[NumberMention],
    doc: DocContext,
) -> Subjects:
    subj = Subjects()
    if np_.nationalities:
        codes = list(dict.fromkeys(np_.nationalities))
        if len(codes) == 1 and not np_.partial:
            subj.nationalities = {codes[0]: m.value}
        else:
            subj.nationalities = dict.fromkeys(codes)
        subj.why = "named with the count"
    after = np_.last + 1
    received = tokens[link.trigger_first].lower in plc.RECEIVE
    if after < len(tokens) and tokens[after].lower == "from" and not received:
        # "800 people from mainland China and Taiwan"
        codes, _ = nationality_list(lex, tokens, after + 1, len(tokens))
        codes = list(dict.fromkeys(codes))
        if codes and not subj.nationalities:
            subj.nationalities = {codes[0]: m.value} if len(codes) == 1 else dict.fromkeys(codes)
            subj.why = "'from' after the people"
    if (
        not subj.nationalities
        and [t.lower for t in tokens[m.last + 1 : m.last + 3]] == ["of", "the"]
        and m.last + 3 < len(tokens)
        and tokens[m.last + 3].lower in lex.demonym_words
    ):
        # "Twenty-seven of the Chinese and Taiwanese nationals were arrested"
        codes, _ = nationality_list(lex, tokens, m.last + 3, len(tokens))
        codes = list(dict.fromkeys(codes))
        if codes:
            subj.nationalities = {codes[0]: m.value} if len(codes) == 1 else dict.fromkeys(codes)
            subj.why = "'N of the <nationality> people'"
    bare_citizens = np_.unit is None and any(t.lower == "citizens" for t in tokens[: m.first])
    if not subj.nationalities and (np_.citizens or bare_citizens) and doc.citizens:
        # "the 161 citizens": citizens of the country the article is about
        subj.nationalities = {doc.citizens: m.value}
        subj.why = "'citizens' of the country the article is about"
    if not subj.nationalities and _its_own_people(tokens, m):
        # "China repatriated 621 of its nationals": the country that acted is theirs
        actors = set(plc.actor_countries(lex, tokens, m.first))
        if len(actors) == 1:
            subj.nationalities = {actors.pop(): m.value}
            subj.why = "'its nationals': of the country named as acting"
    if np_.gender == "women":
        subj.women = m.value
    elif np_.gender == "men":
        subj.men = m.value
    g = gender_aside(tokens, np_.last)
    if g == "men":
        subj.men = m.value
    elif g == "women":
        subj.women = m.value
    # breakdowns right after the noun or after a passive verb:
    # "(including 28 women and 133 men)", ", comprising 279 Cambodians", "were detained: 1,645 men"
    starts = [after]
    if link.form == "passive":
        starts.append(link.trigger_last + 1)
    for k in starts:
        k = _skip_scope_phrase(tokens, k)
        k = _skip_adjunct(tokens, k)
        if k < len(tokens) and tokens[k].text in _DASHES:
            # "44 people - 19 Chinese citizens and 25 Taiwanese - suspected of ...": a dash
            # aside is a breakdown as a parenthesis is
            aside_end = next((q for q in range(k + 1, min(k + MAX_ADJUNCT * 2, len(tokens)))
                              if tokens[q].text in _DASHES), len(tokens))  # fmt: skip
            _apply_parts(subj, parse_breakdown(lex, tokens, k + 1, aside_end, numbers))
            continue
        in_paren = False
        if k < len(tokens) and tokens[k].text in ("(", ","):
            in_paren = tokens[k].text == "("
            k += 1
        if k < len(tokens) and tokens[k].text == "(":
            in_paren = True
            k += 1
        opener = opener_at(tokens, k) if k < len(tokens) else 0
        if (
            not opener
            or tokens[k].lower in _WEAK_OPENERS
            or (tokens[k].lower == "among" and k + 1 < len(tokens) and tokens[k + 1].lower == "the")
        ):
            # ", 25 of them women"
            if (
                k + 3 < len(tokens)
                and tokens[k].is_number
                and tokens[k + 1].lower == "of"
                and (tokens[k + 2].lower in ("them", "whom"))
            ):
                parts = parse_breakdown(lex, tokens, k, min(k + 7, len(tokens)), numbers)
                subj.consumed |= parts.consumed
                subj.women = subj.women if parts.women is None else parts.women
                subj.men = subj.men if parts.men is None else parts.men
            elif in_paren and not opener:
                # "arrested 25 suspects (13 women)", "(20 Chinese, 5 Thais)"
                close = next(
                    (
                        q
                        for q in range(k, min(k + MAX_ADJUNCT * 2, len(tokens)))
                        if tokens[q].text == ")"
                    ),
                    None,
                )
                if close is not None:
                    _apply_parts(subj, parse_breakdown(lex, tokens, k, close, numbers))
            continue
        end = k + opener
        while end < len(tokens) and not (
            tokens[end].text == ";"
            or (in_paren and tokens[end].text == ")")
            or (end > k + opener and lex.triggers.match_at(tokens, end) is not None)
        ):
            end += 1
        parts = parse_breakdown(lex, tokens, k + opener, end, numbers)
        _apply_parts(subj, parts)
    if (
        not any(subj.nationalities.values())
        and m.qual_first >= 2
        and tokens[m.qual_first - 1].lower == "the"
        and tokens[m.qual_first - 2].lower in ("among", "of")
    ):
        # "Among the 215 people rescued were 109 Thais, 50 Pakistanis and 48 Indians"
        be = next(
            (
                q
                for q in range(max(np_.last, link.trigger_last) + 1, min(len(tokens), m.last + 8))
                if tokens[q].lower in ("were", "are", "was", "is")
            ),
            None,
        )
        if be is not None:
            end = next(
                (q for q in range(be + 1, len(tokens)) if tokens[q].text == ";"), len(tokens)
            )
            parts = parse_breakdown(lex, tokens, be + 1, end, numbers)
            if parts.nationalities and sum(v or 0 for v in parts.nationalities.values()) <= m.value:
                # its nationalities only: "109 Thais (54 of them women)" counts the Thais' women
                subj.consumed |= parts.consumed
                subj.nationalities = dict(parts.nationalities)
                subj.why = "a breakdown after 'among the N ... were'"
    if not subj.nationalities:
        subj.nationalities = _part_of_them(lex, tokens, np_.last + 1, numbers)
        subj.why = "'one of them was ...'" if subj.nationalities else subj.why
    if not subj.nationalities and link.action in (Action.DEPORTED, Action.EXTRADITED):
        home = _sent_home_to(lex, tokens, link, np_)
        if home is not None and not doc.names_any(_CLAIMED.get(home, frozenset())):
            subj.nationalities = {home: m.value}
            subj.why = "the country they were sent to"
    if (
        not subj.nationalities
        and np_.unit is Unit.PEOPLE
        and tokens[np_.last].lower in _CONTEXT_NOUNS
        and doc.one_nationality
        and doc.one_nationality != doc.country  # "Cambodian officials" name the actors
    ):
        # CODEBOOK §4: "the suspects" in an article about one nationality's group, unless a
        # later sentence breaks them down (applied once the article is read)
        subj.from_context = doc.one_nationality
    return subj


# Destinations that take others' citizens as their own: Taiwanese are deported "to China"
# (so in an article that names Taiwan, "deported to China" says nothing of nationality).
_CLAIMED = {"CN": frozenset({"TW", "HK", "MO"})}
_DEADLINE = frozenset({"until", "till", "by", "before"})
_POSTED = frozenset({"posted", "uploaded", "published", "photo", "video", "pictured", "file"})
_DASHES = frozenset({"-", "–", "—", "--"})
# Words between a removal verb and "to <Country>": "handed over to", "sent back to".
_TOWARD = frozenset("over back home".split())


def _sent_home_to(
    lex: Lexicon, tokens: Sequence[Token], link: act.Link, np_: act.NounPhrase
) -> str | None:
    """People deported or handed over "to China" with no nationality said are, by default,
    China's: the country they are sent to ("2,349 suspects were handed over to China", "Police
    have deported to China 17 fraud suspects"). Only the first "to" after the verb or the
    people, and only a single country ("to China and Vietnam" says nothing per person)."""
    for k in (link.trigger_last + 1, np_.last + 1):
        while k < len(tokens) and tokens[k].lower in _TOWARD:
            k += 1
        if k + 1 < len(tokens) and tokens[k].lower == "to" and tokens[k + 1].text[0].isupper():
            codes, end = nationality_list(lex, tokens, k + 1, len(tokens))
            if len(codes) == 1 and not (end < len(tokens) and tokens[end].lower == "and"):
                return codes[0]
    return None


def _part_of_them(
    lex: Lexicon, tokens: Sequence[Token], start: int, numbers: Sequence[NumberMention]
) -> dict[str, int | None]:
    """A nationality given for part of the group later in the sentence: '..., adding that one
    of them was later identified as Taiwanese' -> {'TW': 1}."""
    by_last = {m.last: m for m in numbers}
    for q in range(start + 2, len(tokens)):
        if tokens[q].lower not in ("them", "whom") or tokens[q - 1].lower != "of":
            continue
        part = by_last.get(q - 2)
        if part is None:
            continue
        for k in range(q + 1, min(q + 1 + MAX_PART_GAP, len(tokens))):
            hit = lex.nationality.match_at(tokens, k) if tokens[k].text[:1].isupper() else None
            if hit:
                return {str(hit[1]): part.value}
            if not tokens[k].text[:1].islower():
                break
        break
    return {}


def _skip_scope_phrase(tokens: Sequence[Token], k: int) -> int:
    """Skip 'of 20 different nationalities' / 'from 10 countries' before a breakdown."""
    if (
        k + 1 < len(tokens)
        and tokens[k].lower in ("of", "from", "across")
        and tokens[k + 1].is_number
    ):
        j = k + 2
        while (
            j < len(tokens)
            and j < k + 5
            and tokens[j].lower
            not in (
                "nationalities",
                "countries",
                "provinces",
                "cities",
                "nations",
            )
        ):
            j += 1
        if j < len(tokens) and j < k + 5:
            return j + 1
    return k


def _skip_adjunct(tokens: Sequence[Token], k: int) -> int:
    """Skip 'in a fraud raid' / 'at the scam hub' before ', comprising ...'."""
    if k < len(tokens) and tokens[k].lower in (
        "in",
        "at",
        "on",
        "from",
        "during",
        "across",
        "inside",
    ):
        j = k + 1
        while (
            j < len(tokens)
            and j < k + MAX_ADJUNCT
            and tokens[j].text != ","
            and not tokens[j].is_number
        ):
            j += 1
        if j < len(tokens) and tokens[j].text == ",":
            return j
    return k


def _apply_parts(subj: Subjects, parts: Subjects) -> None:
    subj.consumed |= parts.consumed
    if parts.women is not None and subj.women is None:
        subj.women = parts.women
    if parts.men is not None and subj.men is None:
        subj.men = parts.men
    if not parts.nationalities:
        return
    counted = any(v is not None for v in parts.nationalities.values())
    if counted or not any(v is not None for v in subj.nationalities.values()):
        merged = dict(parts.nationalities)
        for code, v in subj.nationalities.items():
            if code not in merged and v is None:
                merged[code] = None
        if counted or len(parts.nationalities) > 1 or not subj.nationalities:
            subj.nationalities = merged
            subj.why = "a breakdown after the count"


def _link_number(
    lex: Lexicon,
    tokens: Sequence[Token],
    m: NumberMention,
    np_: act.NounPhrase,
    last_link: tuple[act.Link, act.NounPhrase] | None,
) -> tuple[act.Link | None, act.NounPhrase, bool]:
    """(link, noun phrase, continues a list) for one number."""
    if np_.action_noun is not None and not (
        np_.last + 1 < len(tokens) and tokens[np_.last + 1].lower in ("warrant", "warrants")
    ):
        if act.pending_noun(lex, tokens, m.qual_first):
            return None, np_, False
        return act.Link(np_.action_noun.action, m.last + 1, np_.last, "noun"), np_, False
    link = (
        act.link_left(lex, tokens, m)
        or act.link_right(lex, tokens, np_.last)
        or act.link_total(lex, tokens, m)
    )
    if link is not None or last_link is None:
        return link, np_, False
    # list continuation: "59 Thai and two Chinese nationals", "three more on Friday"
    prev_link, prev_np = last_link
    between = [t.lower for t in tokens[prev_np.last + 1 : m.qual_first]]
    if (
        between
        and len(between) <= MAX_LIST_GAP
        and ("and" in between or between == [","])
        and not any(w in _CONTRAST for w in between)
        and not any(lex.triggers.match_at(tokens, k) for k in range(prev_np.last + 1, m.qual_first))
    ):
        if np_.unit is None and prev_np.unit is not None:
            np_ = dataclasses.replace(np_, unit=prev_np.unit)
        return prev_link, np_, True
    return None, np_, False


def numbers_in(lex: Lexicon, s: Sentence) -> list[NumberMention]:
    """The sentence's numbers, found once for every stage that reads them (do not modify)."""
    found: list[NumberMention] | None = s.memo.get("numbers")
    if found is None:
        found = s.memo["numbers"] = find_numbers(lex, s.tokens)
    return found


def read_sentence(lex: Lexicon, s: Sentence, doc: DocContext) -> list[Draft]:
    """The figures one sentence states, with what the sentence says of each."""
    if not _MAY_COUNT.search(s.text):
        return []
    tokens = s.tokens
    numbers = numbers_in(lex, s)
    if not numbers:
        return []
    dl = doc.dateline(s)
    times = [t for t in doc.times(s) if t.first >= dl]  # "PHNOM PENH, Feb. 9 (Xinhua) --" files
    note_citizens(lex, s, doc)
    place_hits = plc.find_places(lex, tokens, dl)
    sites = plc.find_sites(tokens, dl, districts=True)
    drafts: list[Draft] = []
    consumed: set[int] = set()
    last_link: tuple[act.Link, act.NounPhrase] | None = None
    group: int | None = None
    # per-sentence facts, computed once whatever the number of figures
    cues = find_cues(lex, tokens)
    actor_hits = plc.actor_countries_at(lex, tokens)
    agency = plc.find_agency(tokens[dl:]) or doc.agency_before(s)

    for m in numbers:
        if m.first in consumed:
            doc.drop(s, m, "a part of the breakdown of another figure")
            continue
        if m.first < dl or _is_excluded_number(tokens, m, times):
            doc.drop(s, m, "a dateline, year, age, time, money or identifier, not a count")
            continue
        np_ = act.noun_phrase(lex, tokens, m)
        if np_.not_figure:
            doc.drop(s, m, "its noun counts no people, sites or cases")
            continue
        link, np_, continues = _link_number(lex, tokens, m, np_, last_link)
        if link is None:
            doc.drop(s, m, "no action verb or noun governs it (or a plan, modal or status)")
            continue
        unit = act.unit_for(link.action, np_)
        verb_text = " ".join(t.text for t in tokens[link.trigger_first : link.trigger_last + 1])
        if unit is None:
            verb = tuple(t.lower for t in tokens[link.trigger_first : link.trigger_last + 1])
            for alt in lex.alternatives.get(verb, ()):
                if act.unit_for(alt, np_) is not None:
                    link = dataclasses.replace(link, action=alt)
                    unit = act.unit_for(alt, np_)
                    break
        unfit = "its noun does not fit the action"
        if unit is not None and not _condition_met(lex, tokens, link, np_, m):
            # "received 260 foreign nationals who had been rescued": the verb before the
            # number is no action here; the one after it may be
            right = act.link_right(lex, tokens, np_.last) if link.form != "noun" else None
            if (
                right is not None
                and right.trigger_first > link.trigger_last
                and (unit := act.unit_for(right.action, np_)) is not None
                and _condition_met(lex, tokens, right, np_, m)
            ):
                link = right
                verb_text = " ".join(
                    t.text for t in tokens[link.trigger_first : link.trigger_last + 1]
                )
            elif _victims_received(lex, tokens, link, np_, m):
                # "Thai authorities received 260 foreign nationals from the Myanmar side":
                # victims handed to a third country are rescued where they were freed (§4)
                link = act.Link(Action.RESCUED, link.trigger_first, link.trigger_last, link.form)
                unit = Unit.PEOPLE
            else:
                unit, unfit = None, f"'{verb_text}' is no action in this company"
        if unit is not None and (
            private := _private_agent(tokens, link.trigger_last) or _private_subject(tokens, link)
        ):
            unit, unfit = None, f"done by {private}, not by authorities"
        if unit is not None and link.form == "noun" and _called_off(tokens, link.trigger_last):
            unit, unfit = None, "an action delayed or called off, not one that happened"
        if unit is None:
            doc.drop(s, m, unfit)
            continue
        why = {
            "action": f"{'list item under ' if continues else ''}{link.form} '{verb_text}'",
            "count": "'" + " ".join(t.text for t in tokens[m.qual_first : m.last + 1]) + "'",
        }
        if continues:
            if group is None:
                doc.list_counter += 1
                group = doc.list_counter
                drafts[-1].list_group = group
        else:
            group = None

        subj = _subjects(lex, tokens, m, np_, link, numbers, doc)
        consumed |= subj.consumed
        if (
            not subj.nationalities
            and drafts
            and m.last + 1 < len(tokens)
            and tokens[m.last + 1].lower == "more"
            and len(drafts[-1].nationalities) == 1
            and drafts[-1].unit is Unit.PEOPLE
        ):
            # "eight Taiwanese suspects were arrested ..., and four more were picked up"
            subj.nationalities = dict.fromkeys(drafts[-1].nationalities, m.value)
            subj.why = "'N more' of the people counted before them"
        if link.form == "total" and not subj.nationalities:
            # "the total number of Vietnamese deported to 213", "the number of Thais rescued"
            named = {
                hit[1]
                for k in range(max(0, link.trigger_first - 4), link.trigger_first)
                if tokens[k].lower in lex.demonym_words
                and (hit := lex.nationality.match_at(tokens, k))
            }
            if len(named) == 1:
                subj.nationalities = {named.pop(): m.value}
                subj.why = "named in the total's phrase"

        # when
        anchor = m.first if link.form == "passive" or continues else link.trigger_first
        own_times = times
        if continues:
            # "three raids on Wednesday and three more on Friday": a list item's time follows it
            own_times = [t for t in times if t.first > m.last] or times
        if (earlier_frame := _anterior_clause(lex, tokens, link)) is not None:
            # "A week ago, the embassy met officials to verify that the 85 citizens had been
            # detained": the pluperfect puts the action before the time the sentence names
            own_times = [t for t in own_times if t.first > earlier_frame]
        when = resolve_when(tokens, own_times, anchor, doc.published)
        c_first, c_last = clause_bounds(tokens, m.first)
        # "Since the restructuring, police have conducted 18 operations ..., resulting in 396
        # arrests": a consequence clause shares the time frame of the clause it follows.
        cue_first = c_first
        if c_first > 1 and tokens[c_first].lower in ("resulting", "leading"):
            cue_first = clause_bounds(tokens, c_first - 2)[0]
        strong, weak, up_to_now = cue_flags(cues, cue_first, c_last)
        plural_ops = any(
            tokens[k].lower in _PLURAL_OPERATIONS
            and not _criminal(tokens, k)
            # "DSI raids call-centre gang, 71 arrested": a headline's verb, not many raids
            and not (s.headline and k > 0 and tokens[k - 1].text[:1].isupper())
            for k in range(c_first, c_last + 1)
        )
        if when.announced and (strong or weak):
            when = When(None)  # "Speaking on October 8, he noted that during the sixth term ..."
        borrowed = None
        if when.announced and when.date is not None and not _own_framing(tokens, link):
            # "38 arrested during a raid ..., police said Thursday. ... a raid on Monday night":
            # the day of a statement gives way to the operation's day a neighbour names
            near = doc.operation_when_near(s, link.action)
            if near is not None and (near.date or near.end or when.date) <= when.date:
                borrowed, when = near, near
        scope, date, start, end_ = when.scope, when.date, when.start, when.end
        has_time = scope is not None
        if borrowed is not None:
            why["when"] = (
                "the operation's day a neighbouring sentence gives (this one dates a statement)"
            )
        elif has_time:
            said = ", ".join(
                "'" + " ".join(t.text for t in tokens[r.first : r.last + 1]) + "'"
                for r in own_times
                if r.kind != "iso"
            )
            why["when"] = f"the sentence's time: {said}"
        earlier = bool(tokens) and tokens[0].lower in _EARLIER
        # "police were still detaining four": a state now, not the day's action before
        still = any(t.lower == "still" for t in tokens[: link.trigger_first])
        if scope is None:
            if doc.roundup is not None and not earlier and not (strong or weak):
                scope, (start, end_) = Scope.CUMULATIVE, doc.roundup
                when = dataclasses.replace(when, bounded=True)  # and passes it on
                has_time = True
                why["when"] = "the article's round-up period ('from ... to ...')"
            elif (
                tokens[0].lower in _ADDING
                or (len(tokens) > 1 and (tokens[0].lower, tokens[1].lower) == ("in", "addition"))
            ) and (frame := doc.previous_frame(s)) is not None:
                # "Over the past month, operations led to 133 arrests in Batam. Additionally,
                # 20 suspects were apprehended in Singkawang": the same time frame
                date, start, end_ = frame.date, frame.start, frame.end
                # its own operation (in those bounds) unless it says it is several
                scope = Scope.CUMULATIVE if strong or weak or plural_ops else Scope.EVENT
                has_time = True
                why["when"] = f"the sentence before ('{tokens[0].text}' adds to it)"
            elif (
                tokens[0].lower in _PRONOUN_SUBJECTS
                and not still
                and (prev := doc.previous_when(s)) is not None
            ):
                # "This past weekend, police raided two locations. They arrested 59 ..."
                scope, date, start, end_ = prev.scope, prev.date, prev.start, prev.end
                has_time = True
                why["when"] = f"the sentence before ('{tokens[0].text}' continues it)"
            elif (
                strong
                or weak
                or plural_ops
                or _running_total(tokens, m, link)
                or (
                    unit is Unit.SITES
                    and m.value > 1
                    and not _singular_operation(tokens, c_first, c_last)
                )
            ):
                scope = Scope.CUMULATIVE
                why["scope"] = (
                    "a cumulative cue ('so far', 'since', 'campaign', ...)"
                    if strong or weak
                    else "several operations ('raids', 'operations')"
                    if plural_ops
                    else "a running total (a present perfect with a total)"
                    if _running_total(tokens, m, link)
                    else "several sites"
                )
            else:
                scope = Scope.EVENT
                near = (
                    None
                    if earlier
                    or cues
                    or _own_framing(tokens, link)
                    or still
                    # "the 771 people detained": a count already stated, dated where it was
                    or (m.qual_first > 0 and tokens[m.qual_first - 1].lower in ("the", "those"))
                    else doc.operation_when_near(s, link.action)
                )
                if near is not None:
                    date, start, end_ = near.date, near.start, near.end
                    has_time = True
                    why["when"] = "the day a neighbouring sentence gives the same kind of action"
        elif scope is Scope.EVENT and date is not None and up_to_now:
            scope, start, end_, date = Scope.CUMULATIVE, None, date, None
            why["scope"] = "a total up to a stated day ('so far', 'as of')"
        if scope is Scope.CUMULATIVE:
            if start is None and up_to_now:
                start = doc.since_event_start(s)
                if start is not None:
                    why["when"] = "'since the ...': the day an earlier sentence gives it"
            if start is None and up_to_now and doc.campaign_start is not None:
                start = doc.campaign_start
                why["when"] = "the campaign's start, stated earlier in the article"
            if end_ is None and (up_to_now or _number_of(tokens, link)):
                end_ = doc.published
        assert scope is not None

        # where, and who acted
        deport = link.action in (Action.DEPORTED, Action.EXTRADITED)
        received = tokens[link.trigger_first].lower in plc.RECEIVE
        by = (
            plc.received_from(lex, tokens, link.trigger_last)
            if received
            else plc.agent_after(lex, tokens, link.trigger_last)
            or (plc.handed_over_by(lex, tokens) if deport else None)
        )
        upto = max(link.trigger_first, m.first)
        if (
            deport
            and not subj.nationalities
            and (np_.citizens is False or received)
            and _own_people(tokens, m, np_)
        ):
            # "South Korea brought home 64 nationals": a country's own nationals
            own = [c for i, c in actor_hits if i < upto]
            if received and not own:
                # "Vietnamese border guards received 61 citizens from Cambodia"
                own = _named_before(lex, tokens, link.trigger_first)[-1:]
            if len(set(own)) == 1:
                subj.nationalities = {own[0]: m.value}
                subj.why = "the country's own nationals (the receiver or the actor named)"
        actors = [c for i, c in actor_hits if i < upto and not (deport and c in subj.nationalities)]
        attribution = _attribution_start(tokens, max(m.last, link.trigger_last))
        here = [h for h in place_hits if h.first < attribution]
        # the people's own country names where they come from or are sent back to, not where
        # they were acted on ("161 Vietnamese citizens handed over ... in Tay Ninh Province")
        home = (set(subj.nationalities) if deport else set()) | (
            {doc.citizens} if doc.citizens else set()
        )
        if home and not by and not set(actors) & home:
            here = [h for h in here if h.country not in home]
        op_place = None
        if not by and not actors and not here and not sites and scope is Scope.EVENT:
            op_place = doc.operation_place_before(s, home)
        country = op_place.country if op_place else _choose_country(by, actors, here, doc.country)
        why["country"] = (
            "the operation of a sentence before"
            if op_place
            else ("the sender of a handover" if received else "the agent ('by ...')")
            if by
            else f"who acted: {', '.join(dict.fromkeys(actors))}"
            if actors
            else "the places named: "
            + ", ".join(
                dict.fromkeys(" ".join(t.text for t in tokens[h.first : h.last + 1]) for h in here)
            )
            if here
            else "the article's country"
        )
        if deport and country in subj.nationalities:
            # no country deports its own: "... 64 nationals who had been detained in Cambodia"
            source = _source_country(lex, tokens, set(subj.nationalities))
            if source is None and not by and not actors:
                # "The eight suspects were deported to Japan": not by Japan; the sender is
                # unknown here (another statement of the fact may say it)
                why["country"] = "unknown: no country deports its own nationals"
            country = source or (None if not by and not actors else country)
        if link.action is Action.RESCUED and not by:
            # "Thai police rescued 24 Thais from a compound in Cambodia": a rescue is where the
            # people were freed (CODEBOOK §4), whoever helped
            freed = _source_country(lex, tokens[link.trigger_last :], set())
            if freed and freed != country:
                country = freed
                why["country"] = "where they were freed ('from ... in ...')"
            elif country is not None and country in subj.nationalities:
                # "Thai police who traveled to Cambodia rescued 24 Thais", "with our Cambodian
                # counterparts we rescued 700 Thais": a country freeing its own people abroad
                # does so where the one other country the sentence names is
                people = set(subj.nationalities)
                went = _source_country(lex, tokens, people, preps=("in", "to", "into", "inside"))
                abroad = {went} if went else set(_named_before(lex, tokens, len(tokens))) - people
                if len(abroad) == 1:
                    country = abroad.pop()
                    why["country"] = "where its own people were freed: the other country named"
        admin1, town = _admin1_for(here, m.first, country, max(np_.last, link.trigger_last))
        if op_place is not None:
            # the town too when the sentence points back at that operation ("During the raid")
            admin1, town = (
                op_place.admin1,
                op_place.town if _OPERATION_ANAPHORA.search(s.text) else None,
            )
        if admin1:
            why["admin1"] = (
                "the operation of a sentence before" if op_place else "named in the sentence"
            )
        if admin1 is None and _PROVINCE_ANAPHORA.search(s.text):
            last = doc.last_province_before(s)
            if last and lex.admin1_country.get(last) == country:
                admin1 = last
                why["admin1"] = "the province named before ('provincial', 'the province')"
        sites_here = [st for st in sites if st[0] < attribution]
        if admin1 is None and not sites_here and not here and scope is Scope.EVENT:
            # "Scam raids have continued in Sihanoukville. Three raids on Wednesday ...": the
            # operation the sentence before placed in one province
            admin1 = doc.operation_province_before(s, country)
            if admin1:
                why["admin1"] = "the one province of the operation in the sentence before"
        if (
            admin1 is None
            and not here
            and scope is Scope.EVENT
            and not deport
            and (only := doc.only_province(country))
        ):
            # "Officers arrested 90 people": the article's one province of that country
            admin1 = only
            why["admin1"] = "the one province of that country the article names"
        place = None
        if sites_here:
            best = min(sites_here, key=lambda st: abs(st[0] - m.first))
            place = best[2]
            why["place"] = "the site named in the sentence"
            if admin1 is None:
                inside = [
                    h for h in place_hits if best[0] <= h.first <= best[1] and h.country == country
                ]
                admin1 = inside[0].admin1 if inside else None
        elif doc.single_site and _site_fits(doc.single_site, link.action, scope):
            place = doc.single_site
            why["place"] = "the one site the article is about"
        elif town:
            place = town
            why["place"] = "the town named"
        if (
            place
            and admin1 is None
            and doc.single_site == place
            and doc.single_site_admin1
            and lex.admin1_country.get(doc.single_site_admin1) == country
        ):
            admin1 = doc.single_site_admin1
            why["admin1"] = "the province of the article's one site"
        if subj.nationalities:
            why["nationalities"] = subj.why or "named with the count"
        if agency:
            why["agency"] = "named in the sentence or the one before"

        drafts.append(
            Draft(
                action=link.action,
                count=m.value,
                qualifier=m.qualifier,
                unit=unit,
                scope=scope,
                date=date,
                period_start=start,
                period_end=end_,
                nationalities=subj.nationalities,
                context_nationality=subj.from_context,
                women=subj.women,
                men=subj.men,
                country=country,
                admin1=admin1,
                place=place,
                agency=agency,
                evidence=s.text,
                span=m.span,
                sentence=s.index,
                headline=s.headline,
                has_time=has_time,
                list_group=group,
                roundup=when.bounded,
                announced=borrowed is not None or (when.announced and when.date == date),
                why=why,
            )
        )
        last_link = (link, np_)
        second = _after_action(lex, tokens, link)
        if second is not None and unit is Unit.PEOPLE:
            # "were arrested in midflight on Nov. 8 after being deported from Cambodia": the
            # group's earlier action is a figure too (CODEBOOK §4, second actions)
            action, at = second
            main = drafts[-1]
            if (
                action.family is Action.DEPORTED
                and main.action is Action.ARRESTED
                and len(subj.nationalities) == 1
                and main.country not in subj.nationalities
                and not by
            ):
                # "25 Japanese were arrested in midflight after being deported from Cambodia":
                # sent home, then arrested by their own country
                main.country = next(iter(subj.nationalities))
                main.why["country"] = "their own country, which they were sent back to"
            d = dataclasses.replace(main, action=action, why=dict(why))
            d.why["action"] = f"an earlier action on the same group: '{tokens[at].text}'"
            if action in (Action.DEPORTED, Action.EXTRADITED):
                # the country they were sent from, when said; never the one they were sent to
                sender = _source_country(lex, tokens[at:], set(subj.nationalities))
                d.country, d.admin1, d.place = sender, None, None
                d.why["country"] = (
                    "the country they were sent from" if sender else "unknown: the sender unsaid"
                )
            if tokens[at - 2].lower == "had" or any(t.lower == "who" for t in tokens[at - 3 : at]):
                # "who had been rescued", "who were arrested at a compound in Sihanoukville":
                # before the day of the count, and where the clause says
                d.date = d.period_start = d.period_end = None
                d.why["date"] = "unsaid: an earlier action (its own clause)"
                end = next(
                    (k for k in range(at, len(tokens)) if tokens[k].text in (",", ";", "(")),
                    len(tokens),
                )
                inside = [h for h in place_hits if at < h.first < end and h.country == d.country]
                d.admin1 = inside[0].admin1 if inside else None
                d.place = None
            drafts.append(d)
    return drafts


# "after being deported", "after their arrest": an earlier action on the group just counted
AFTER_REACH = 12
_CUSTODY = frozenset({"detained", "held", "kept", "housed", "sheltered"})
_RAID_WORDS = frozenset({"raid", "raids", "operation", "operations", "crackdown", "sweep"})


def _custody_only(tokens: Sequence[Token], verb: int) -> bool:
    """'who had been detained in Cambodia', 'They had been held at the immigration centre':
    the custody of a deportation, unless a raid took them ('held after raids on ...')."""
    if tokens[verb].lower not in _CUSTODY:
        return False
    if verb + 1 < len(tokens) and tokens[verb + 1].lower == "by":
        return False  # "detained by Philippine authorities in February 2020": their arrest
    return not any(t.lower in _RAID_WORDS for t in tokens[verb + 1 : verb + 8])


def _after_action(
    lex: Lexicon, tokens: Sequence[Token], link: act.Link
) -> tuple[Action, int] | None:
    """An action the sentence says the counted group went through before the one counted:
    'after being deported', 'after their arrest', 'who had been rescued' (a different action;
    within the clause)."""
    for k in range(link.trigger_last + 1, min(len(tokens) - 1, link.trigger_last + AFTER_REACH)):
        tok = tokens[k]
        if tok.text in (";", ":", "("):
            return None
        if tok.lower == "who":
            # "received 44 citizens, who had been rescued and handed over by ...": the group's
            # own relative clause; "who had been detained/held" is the custody of the
            # deportation itself (CODEBOOK §4), not an arrest of its own
            hit = _passive_at(lex, tokens, k + 1)
            if hit and _custody_only(tokens, hit[1]):
                return None
        elif tok.lower != "after":
            continue
        elif tokens[k + 1].lower in ("they", "he", "she"):
            hit = _passive_at(lex, tokens, k + 2)  # "after they were extradited to Japan"
        elif tokens[k + 1].lower in ("being", "having"):
            having_been = tokens[k + 1].lower == "having" and lower_at(tokens, k + 2) == "been"
            j = k + 2 + having_been
            found = lex.triggers.match_at(tokens, j) if j < len(tokens) else None
            hit = (found[1].action, j) if found else None
        elif tokens[k + 1].lower in ("their", "his", "her"):
            j = k + 2
            found = lex.action_nouns.match_at(tokens, j) if j < len(tokens) else None
            hit = (found[1].action, j) if found else None
        else:
            return None
        if hit and hit[0] is not link.action and hit[0].family is not link.action.family:
            return hit
        return None
    return None


def _passive_at(lex: Lexicon, tokens: Sequence[Token], j: int) -> tuple[Action, int] | None:
    """'(had) been / were / was <action verb>' starting at j: the action and where its verb is."""
    if j < len(tokens) and tokens[j].lower in ("had", "have"):
        j += 1
    if j + 1 >= len(tokens) or tokens[j].lower not in ("were", "was", "been"):
        return None
    found = lex.triggers.match_at(tokens, j + 1)
    return (found[1].action, j + 1) if found else None


def _source_country(
    lex: Lexicon, tokens: Sequence[Token], exclude: set[str],
    preps: tuple[str, ...] = ("in", "from"),
) -> str | None:  # fmt: skip
    """The country people were held in or sent from: 'detained in Cambodia', 'from Cambodia'
    (with other `preps`, where someone went: 'police who traveled to Cambodia')."""
    for k, tok in enumerate(tokens[:-1]):
        j = k + 1 + (tokens[k + 1].lower == "the" and k + 2 < len(tokens))  # "from the Philippines"
        if tok.lower in preps and tokens[j].text[0].isupper():
            hit = lex.country_adjectives.match_at(tokens, j)
            if hit and hit[1] not in exclude:
                return str(hit[1])
    return None


def _own_people(tokens: Sequence[Token], m: NumberMention, np_: act.NounPhrase) -> bool:
    """'64 nationals' / '33 of its citizens': people of no named nationality."""
    words = [t.lower for t in tokens[m.last + 1 : np_.last + 1]]
    return (
        bool(words)
        and words[-1] in ("nationals", "citizens")
        and not np_.nationalities
        and not {"foreign", "other", "overseas"} & set(words)
    )


def _own_framing(tokens: Sequence[Token], link: act.Link) -> bool:
    """The figure's sentence sets it apart from the operation around it: a pluperfect ('had
    been detained', earlier than the story), 'also', or another operation."""
    before = [t.lower for t in tokens[max(0, link.trigger_first - 3) : link.trigger_first]]
    folded = " ".join(t.lower for t in tokens)
    return "had" in before or " also " in f" {folded} " or bool(_OTHER_OPERATION.search(folded))


def _running_total(tokens: Sequence[Token], m: NumberMention, link: act.Link) -> bool:
    """A total kept up to now: a present perfect with 'a total of' or a vague amount ('police
    have detained a total of 122', 'several hundred have been arrested'); a plain 'a total of
    85 were handed over' is one event."""
    if _number_of(tokens, link):
        return True
    before = [t.lower for t in tokens[max(0, m.qual_first - 3) : m.first]]
    summed = m.qualifier is Qualifier.VAGUE or "total" in before
    if not summed:
        return False
    k = link.trigger_first - 1
    while k >= 0 and (tokens[k].lower == "been" or tokens[k].lower.endswith("ly")):
        k -= 1
    return k >= 0 and tokens[k].lower in ("have", "has")


def _number_of(tokens: Sequence[Token], link: act.Link) -> bool:
    """'the number of Thais rescued, numbering close to 800': a count kept up to the report."""
    return link.form == "total" and any(
        tokens[k].lower in ("number", "tally") and tokens[k + 1].lower == "of"
        for k in range(max(0, link.trigger_first - 6), link.trigger_first)
    )


# Words that make "operations" the criminals' ("scam operations", "online fraud operations"),
# not enforcement's.
_CRIMINAL_MODIFIERS = frozenset(
    "scam scamming fraud fraudulent criminal crime gambling illegal illicit cyber cybercrime "
    "telecom trafficking smuggling online call-centre call-center centre center".split()
)


def _criminal(tokens: Sequence[Token], k: int) -> bool:
    """'suspected scam operations': the criminals' operations, not a series of raids."""
    return any(tokens[j].lower in _CRIMINAL_MODIFIERS for j in range(max(0, k - 2), k))


def _singular_operation(tokens: Sequence[Token], first: int, last: int) -> bool:
    """'the operation targeted more than 250 buildings': one operation, however many sites."""
    return any(
        tokens[k].lower in ("operation", "raid", "crackdown", "inspection")
        and k > 0
        and tokens[k - 1].lower in ("the", "a", "one", "single", "this", "that")
        for k in range(first, last + 1)
    )


def _anaphoric(s: Sentence) -> bool:
    low = " ".join(t.lower for t in s.tokens[:3])
    return any(low.startswith(o) for o in _ANAPHORA_OPENERS)


def complete_from_followup(lex: Lexicon, s: Sentence, doc: DocContext, drafts: list[Draft]) -> None:
    """A sentence with no figure of its own that completes the figure before it:
    'The group included 59 men and four women', 'the 63 citizens ... including 59 men',
    '22 were Chinese nationals, while six were from Myanmar', 'The deportations were carried
    out on Feb. 8'."""
    if not drafts:
        return
    tokens = s.tokens
    numbers = numbers_in(lex, s)
    target = drafts[-1]
    for i in range(min(6, len(tokens))):
        trig = lex.triggers.match_at(tokens, i)
        if trig and trig[1].action is not target.action:
            # "Among those rescued are ..." names its figure
            target = next((d for d in reversed(drafts) if d.action is trig[1].action), target)
            break
    # "the 63 citizens": a definite reference by count
    referenced = False
    for m in numbers:
        if m.first > 0 and tokens[m.first - 1].lower == "the":
            same = [d for d in reversed(drafts) if d.count == m.value and d.unit is Unit.PEOPLE]
            if same:
                target, referenced = same[0], True
                # "the 25 Japanese men left Cambodia": all of them men
                k = m.last + 1
                while k < len(tokens) and tokens[k].lower in lex.demonym_words:
                    k += 1
                gender = tokens[k].lower if k < len(tokens) else ""
                for d in same:
                    if gender == "men" and d.men is None and not d.women:
                        d.men = d.count
                    elif gender == "women" and d.women is None and not d.men:
                        d.women = d.count
                break
    shaped = referenced or _anaphoric(s) or bool(_PART_IS_NATIONALITY.search(s.text))
    if not shaped and target.unit is Unit.PEOPLE and numbers and numbers[0].first <= 2:
        # "The nine women and 35 men, aged 15 to 37, ...": parts that open the sentence and
        # add up to the figure before
        opening = parse_breakdown(lex, tokens, 0, min(len(tokens), 12), numbers)
        shaped = (opening.women or 0) + (opening.men or 0) == target.count or sum(
            v or 0 for v in opening.nationalities.values()
        ) == target.count
    if shaped and target.unit is Unit.PEOPLE:
        parts = parse_breakdown(
            lex, tokens, 0, len(tokens), [m for m in numbers if m.value != target.count]
        )
        counted = sum(v for v in parts.nationalities.values() if v)
        if (
            parts.nationalities
            and not any(v for v in target.nationalities.values())
            and counted <= target.count
            and (not target.nationalities or len(parts.nationalities) >= len(target.nationalities))
        ):
            target.nationalities = dict(parts.nationalities)
            target.why["nationalities"] = f"a breakdown in sentence {s.index + 1}"
            doc.used_by_figure(s.index)
        genders = (parts.women or 0) + (parts.men or 0)
        if genders and genders <= target.count:
            # the same group counted by two actions of one sentence takes it for both
            for d in drafts:
                if d is target or (d.sentence == target.sentence and d.count == target.count):
                    if d.women is None and parts.women is not None:
                        d.women = parts.women
                    if d.men is None and parts.men is not None:
                        d.men = parts.men
    # "... announced that the deportees boarded a chartered flight on Tuesday night"
    deportees = next((k for k, t in enumerate(tokens) if t.lower == "deportees"), None)
    if deportees is not None:
        # the time said of them, after the word, before one that dates the statement
        later = [t for t in doc.times(s) if t.first > deportees]
        when = resolve_when(tokens, later or doc.times(s), deportees, doc.published)
        target_d = next((d for d in reversed(drafts) if d.action is Action.DEPORTED), None)
        if (
            target_d is not None
            and when.scope is Scope.EVENT
            and not when.announced
            and target_d.date is None
            and target_d.period_start is None
            and target_d.scope is Scope.EVENT
        ):
            target_d.date, target_d.period_start, target_d.period_end = (
                when.date,
                when.start,
                when.end,
            )
            target_d.has_time = True
            target_d.why["when"] = f"'the deportees ...' in sentence {s.index + 1}"
    # "The deportations were carried out on Feb. 8", "The raids, conducted over the weekend"
    days = [
        t
        for t in doc.times(s)
        if t.kind != "iso" and (t.date is not None or t.kind in ("weekend", "range"))
    ]
    if len(tokens) > 1 and tokens[0].lower == "the":
        noun = lex.action_nouns.match_at(tokens, 1)
        if noun:
            for d in reversed(drafts):
                if d.action is noun[1].action and d.scope is Scope.EVENT:
                    if days and (d.announced or (d.date is None and d.period_start is None)):
                        _date_from_followup(lex, s, doc, d, days[0])
                    else:
                        # "The arrests, carried out on October 24, targeted a compound known
                        # as Mango Park in Kampong Speu province": where, when it was unsaid
                        _place_from_followup(lex, s, doc, d)
                    break


def _date_from_followup(lex: Lexicon, s: Sentence, doc: DocContext, d: Draft, t: TimeRef) -> None:
    """'The raids, conducted over the weekend in Poipet': the time, and the place when the
    figure's own sentence named none."""
    said = f"'The {s.tokens[1].text} ...' in sentence {s.index + 1}"
    d.date, d.period_start, d.period_end = t.date, t.start, t.end
    d.has_time, d.announced = True, False
    d.why["when"] = said
    _place_from_followup(lex, s, doc, d)


def _place_from_followup(lex: Lexicon, s: Sentence, doc: DocContext, d: Draft) -> None:
    """The province, town and site a follow-up on the figure's action names, when the
    figure's own sentence named none ('The arrests ... targeted a compound known as Mango Park
    in Kampong Speu province')."""
    said = f"'The {s.tokens[1].text} ...' in sentence {s.index + 1}"
    hits = plc.find_places(lex, s.tokens, doc.dateline(s))
    provinces = {h.admin1 for h in hits}
    if d.admin1 is not None and provinces != {d.admin1}:
        return  # placed already, elsewhere
    if d.place is None and len(provinces) == 1:
        sites = plc.find_sites(s.tokens, doc.dateline(s))
        if len({name for _, _, name in sites}) == 1:
            d.place = sites[0][2]
            d.why["place"] = said
    weak = d.why.get("country") == "the article's country"
    if (
        d.admin1 is None
        and len({(h.country, h.admin1) for h in hits}) == 1
        and (hits[0].country == d.country or weak)
    ):
        d.country, d.admin1 = hits[0].country, hits[0].admin1
        d.place = d.place or hits[0].town
        d.why["admin1"] = d.why["country"] = said


def note_citizens(lex: Lexicon, s: Sentence, doc: DocContext) -> None:
    """Remember whose 'citizens' the article speaks of ('63 Vietnamese citizens')."""
    found = _citizens_in(lex, s.text)
    if found:
        doc.citizens = found


def note_counted_group(lex: Lexicon, s: Sentence, doc: DocContext) -> None:
    """'Among the 410 citizens, 106 had ...': the first group of people the sentence counts."""
    tokens = s.tokens
    if doc.counted is not None and _anaphoric(s):
        # "This group, including 38 women, hail from 61 provinces"
        parts = parse_breakdown(lex, tokens, 0, len(tokens), numbers_in(lex, s))
        if parts.women is not None and parts.women < doc.counted.count:
            doc.counted.women = parts.women
        if parts.men is not None and parts.men < doc.counted.count:
            doc.counted.men = parts.men
        return
    for m in numbers_in(lex, s):
        if m.value < 2 or m.qualifier is Qualifier.VAGUE:
            continue
        np_ = act.noun_phrase(lex, tokens, m)
        if np_.unit is not Unit.PEOPLE or np_.not_figure or np_.gender or np_.action_noun:
            continue
        nats: dict[str, int | None] = {}
        if len(np_.nationalities) == 1:
            nats = {np_.nationalities[0]: m.value}
        elif np_.citizens and doc.citizens:
            nats = {doc.citizens: m.value}
        doc.counted = Draft(
            action=Action.ARRESTED, count=m.value, qualifier=m.qualifier, unit=Unit.PEOPLE,
            scope=Scope.EVENT, date=None, period_start=None, period_end=None,
            nationalities=nats, women=None, men=None, country=None, admin1=None, place=None,
            agency=None, evidence=s.text, span=m.span, sentence=s.index, headline=s.headline,
            has_time=False,
        )  # fmt: skip
        return


_SAME_DAY = re.compile(r"\b(?:on|that|the) same day\b", re.I)


def same_day(s: Sentence, new: Sequence[Draft], before: Sequence[Draft]) -> None:
    """'10 Vietnamese were deported on the same day': the day of the last dated figure of that
    action (else of any)."""
    if not _SAME_DAY.search(s.text):
        return
    for d in new:
        day = next(
            (b for b in reversed(before) if b.date is not None and b.action is d.action),
            next((b for b in reversed(before) if b.date is not None), None),
        )
        if day is not None and not d.has_time and d.scope is Scope.EVENT:
            d.date, d.has_time = day.date, True
            d.why["when"] = f"'the same day' as sentence {day.sentence + 1}"


def update_context(lex: Lexicon, s: Sentence, doc: DocContext, new: list[Draft]) -> None:
    """What a sentence leaves for the ones after it."""
    note_citizens(lex, s, doc)
    if new:
        doc.counted = None
    else:
        note_counted_group(lex, s, doc)
    if not new:
        # "From June 2025 to early 2026, authorities cracked down on 200 cases ...": a
        # round-up's frame that opens the sentence holds for the undated totals after it
        frame = [
            t
            for t in doc.times(s)
            if t.kind == "range"
            and t.first <= 1
            and t.start is not None
            and t.end is not None
            and (t.end - t.start).days > MAX_EVENT_DAYS
        ]
        if frame:
            doc.roundup = (frame[0].start, frame[0].end)
    if new:
        ranged = [d for d in new if d.roundup and d.period_start and d.period_end]
        if ranged:
            doc.roundup = (ranged[0].period_start, ranged[0].period_end)
        elif any(d.has_time for d in new):
            doc.roundup = None


def campaign_start(sentences: Sequence[Sentence], published: dt.date | None) -> dt.date | None:
    """When the campaign an article reports on began ('the campaign began at the end of last
    year'): the start of its running totals, wherever the article says it."""
    if published is None:
        return None
    for s in sentences:
        if _CAMPAIGN.search(s.text):
            for t in find_times(s.tokens, published):
                start = t.start or t.date
                # an ISO date is a page's stamp ("date 2023-10-17 Following ..."), not a start
                if start is not None and not t.as_of and t.kind != "iso":
                    return start
    return None


# "The group was arrested in September", "Police arrested them over the weekend": an action on a
# group counted in a sentence before, through a pronoun or a definite noun (CODEBOOK §4).
_GROUP_SUBJECTS = (
    ("the", "group"),
    ("they",),
    ("the", "suspects"),
    ("the", "detainees"),
    ("the", "deportees"),
    ("the", "workers"),
    ("the", "victims"),
    ("the", "men"),
    ("all", "of", "them"),
    ("all", "of", "the", "suspects"),
)
_GROUP_OBJECTS = frozenset({"them"})
# how many sentences back the counted group may be
GROUP_REACH = 6


def action_on_the_group(
    lex: Lexicon, s: Sentence, doc: DocContext, drafts: Sequence[Draft]
) -> Draft | None:
    """A sentence without a count of its own that says authorities did something to the group
    the figure before counted: a figure of its own with that group's count and breakdown, and
    this sentence's action, time and place."""
    group = next(
        (
            d
            for d in reversed(drafts)
            if d.unit is Unit.PEOPLE and d.scope is Scope.EVENT and d.count > 1
        ),
        None,
    )
    counted_only = False
    if doc.counted is not None and (group is None or doc.counted.sentence > group.sentence):
        group, counted_only = doc.counted, True  # a group counted with no action yet
    if group is None or s.index - group.sentence > GROUP_REACH:
        return None
    tokens = s.tokens
    found = _group_action(lex, tokens)
    if found is None:
        return None
    action, first, last = found
    if action.counts_sites:
        return None
    if action.family is group.action.family and not counted_only:
        # the same action again is the same fact, unless another country did it: "Japanese
        # police arrested 25 ... In September, Cambodian authorities captured them"
        others = set(plc.actor_countries(lex, tokens, first)) - {group.country}
        if not others or group.country is None:
            return None
    following = tokens[last + 1 : last + 9]
    if any(lex.pending_nouns.match_at(following, k) for k in range(len(following))):
        return None  # "detained prior to their deportation": the custody of the deportation
    if action is Action.ARRESTED and _custody_only(tokens, last):
        return None
    if _private_agent(tokens, last):
        return None  # "They were held by traffickers"
    # "handed over ... following an inspection of the casino on December 4": that day is the
    # inspection's (an arrest "after raids last month" is dated by its raids)
    cut = next(
        (k for k in range(last + 1, len(tokens)) if tokens[k].lower in ("following", "after")),
        len(tokens),
    )
    if action.family is not Action.DEPORTED:
        cut = len(tokens)
    own = [t for t in doc.times(s) if t.first < cut]
    when = resolve_when(tokens, own, first, doc.published)
    said = "this sentence's time"
    if when.scope is None and counted_only:
        # "The repatriation began on December 11-12 ... They were handed over ...": the time
        # the sentences since the count gave
        for back in range(s.index - 1, group.sentence - 1, -1):
            refs = [t for t in doc.times(doc.sentences[back]) if t.kind != "iso"]
            if refs:
                # "the repatriation began on December 11-12": from then to the report
                t = refs[0]
                when = When(Scope.EVENT, t.date, t.start, t.end)
                said = f"the time of sentence {back + 1}"
                break
    date, start, end = (when.date, when.start, when.end) if when.scope is not None else (None,) * 3
    agent = plc.agent_after(lex, tokens, last)
    actors = plc.actor_countries(lex, tokens, first)
    country = agent or (actors[0] if actors else None) or group.country
    if any(
        d.action is action
        and d.count == group.count
        and d.sentence >= group.sentence
        and (d.country == country or None in (d.country, country))
        for d in drafts
    ):
        return None  # already counted (another country's arrest of them is another fact)
    provinces = list(
        dict.fromkeys(
            h.admin1
            for h in plc.find_places(lex, tokens, doc.dateline(s))
            if h.country == country and h.admin1
        )
    )
    why = {
        "action": f"an action on the group counted in sentence {group.sentence + 1}: "
        f"'{' '.join(t.text for t in tokens[first : last + 1])}'",
        "count": f"the group of sentence {group.sentence + 1}",
        "when": said if when.scope is not None else "unsaid",
        "country": "the agent ('by ...')" if agent else "who acted" if actors else "the group's",
    }
    return Draft(
        action=action,
        count=group.count,
        qualifier=group.qualifier,
        unit=Unit.PEOPLE,
        scope=Scope.EVENT,
        date=date,
        period_start=start,
        period_end=end,
        nationalities=dict(group.nationalities),
        women=group.women,
        men=group.men,
        country=country,
        admin1="; ".join(provinces) or None,
        place=doc.single_site
        if doc.single_site
        and _site_fits(doc.single_site, action, Scope.EVENT)
        and action.family is Action.DEPORTED
        else None,
        agency=None,
        evidence=s.text,
        span=(tokens[first].start, tokens[last].end),
        sentence=s.index,
        headline=s.headline,
        has_time=when.scope is not None,
        why=why,
    )


_REPORTED = frozenset({"said", "says", "added", "confirmed", "explained", "noted", "stated"})


def _group_action(lex: Lexicon, tokens: Sequence[Token]) -> tuple[Action, int, int] | None:
    """(action, first, last token of its verb) when the sentence's subject is the group and its
    verb a passive action ('The group was arrested', 'They had been detained', 'The suspects,
    who were arrested in ...'), or its object is ('Police arrested them')."""
    words = [t.lower for t in tokens]
    # "Officials said they had been detained ...": the group is the subject of the report
    begin = next((k + 1 for k in range(min(len(words), 8)) if words[k] in _REPORTED), 0)
    if begin and begin < len(words) and words[begin] == "that":
        begin += 1
    for subject in _GROUP_SUBJECTS:
        if tuple(words[begin : begin + len(subject)]) == subject:
            j = begin + len(subject)
            if j < len(words) and words[j] == ",":
                j += 1 + (j + 1 < len(words) and words[j + 1] == "who")
            if j < len(words) and words[j] in ("had", "have", "has"):
                j += 1
            if j + 1 < len(words) and words[j] in ("was", "were", "been"):
                hit = lex.triggers.match_at(tokens, j + 1)
                if hit and not act._modal_before(lex, tokens, j + 1):
                    return hit[1].action, j + 1, j + hit[0]
            return None
    for i in range(len(tokens) - 1):
        hit = lex.triggers.match_at(tokens, i)
        if hit and i > 0 and words[i + hit[0] : i + hit[0] + 1] == ["them"]:
            if hit[1].form in ("past",) and not act._modal_before(lex, tokens, i):
                return hit[1].action, i, i + hit[0] - 1
    return None
