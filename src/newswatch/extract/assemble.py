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
import re
from collections import Counter
from collections.abc import Sequence

from newswatch.extract import actions as act
from newswatch.extract import places as plc
from newswatch.extract.dates import TimeRef, find_times
from newswatch.extract.lexicon import Lexicon
from newswatch.extract.numbers import NumberMention, find_numbers
from newswatch.extract.subjects import Subjects, gender_aside, opener_at, parse_breakdown
from newswatch.extract.text import Sentence, Token
from newswatch.models import Action, Qualifier, Scope, Unit

# A period longer than this is a total over several operations, not one operation
# ("March 9 to 10" is one raid; "from 27 June to 14 October" is a campaign).
MAX_EVENT_DAYS = 7
# Countries where the monitored compounds operate; an article's acting country defaults to the
# one it names most, and to Cambodia when it names none.
DEFAULT_COUNTRY = "KH"

_NOT_COUNT_BEFORE = frozenset(
    "$ us$ usd € £ ¥ article no no. flight route highway street st road room floor aged age ages "
    "page level zone phase block branch section chapter number unit building tower lot km "
    "hotline tel phone code case decree law sub-decree resolution ward group team batch "
    "vol volume item kilometre kilometer category class grade term".split()
)
_NOT_COUNT_AFTER = frozenset(
    "% percent per year-old years-old -year-old th st nd rd a.m. p.m. am pm o'clock hours "
    "minutes".split()
)
_ANNOUNCE = frozenset("said says announced reported told stated confirmed disclosed added".split())
_ANAPHORA_OPENERS = (
    "the group", "they", "those", "these", "among them", "of them", "of these", "among those",
    "the rescued", "the arrested", "the detained", "the deported", "the suspects", "the victims",
    "the detainees", "the returnees", "the citizens", "the individuals", "the workers",
    "the foreigners", "the arrestees", "this group", "the repatriated",
)
_CAMPAIGN = re.compile(
    r"\b(campaign|crackdown|operations?|drive|suppression)\b[^.]{0,60}?\b"
    r"(began|begun|started|launched|kicked off|commenced)\b",
    re.I,
)
_UP_TO_NOW = frozenset(
    "so far|to date|until now|thus far|up to now|as of|since|over the past|in the past|"
    "during the past|total number|bringing the total|until this hour|currently|running total|"
    "over the last|in recent weeks|in recent months|in recent years|the total".split("|")
)
_EARLIER = frozenset({"previously", "earlier", "before", "formerly", "last"})


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
    syndicated_nat: bool = False  # nationalities given as a list without counts


@dataclasses.dataclass
class DocContext:
    published: dt.date | None
    country: str
    single_site: str | None
    roundup: tuple[dt.date | None, dt.date | None] | None = None
    campaign_start: dt.date | None = None
    last_province: str | None = None
    list_counter: int = 0


def on_topic(lex: Lexicon, folded: str) -> bool:
    """The article is about scams, cyber-fraud or illegal gambling enforcement."""
    return any(k in folded for k in lex.topic)


def _is_excluded_number(tokens: Sequence[Token], m: NumberMention, times: Sequence[TimeRef]) -> bool:
    for t in times:
        if t.first <= m.first <= t.last:
            return True
    prev = tokens[m.first - 1].lower if m.first > 0 else ""
    prev_q = tokens[m.qual_first - 1].lower if m.qual_first > 0 else ""
    if prev in _NOT_COUNT_BEFORE or prev_q in ("$", "us$", "usd", "aged", "age", "ages"):
        return True
    if m.first > 0 and tokens[m.first - 1].text in ("#", "№"):
        return True
    nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
    if nxt is not None:
        if nxt.lower in _NOT_COUNT_AFTER:
            return True
        if nxt.text in ("-", "–") and m.last + 2 < len(tokens) and tokens[m.last + 2].lower.startswith("year"):
            return True
        if nxt.text == ":" and m.last + 2 < len(tokens) and tokens[m.last + 2].is_number:
            return True  # a clock time
        if nxt.lower in ("years", "year") and m.last + 2 < len(tokens) and tokens[m.last + 2].lower == "old":
            return True
    tok = tokens[m.first]
    if tok.is_number and not m.words:
        txt = tok.text
        if re.fullmatch(r"(19|20)\d\d", txt) and m.last == m.first:
            # a year unless a counted noun follows ("2000 people")
            if not (nxt is not None and nxt.lower in ("people", "suspects", "foreigners", "workers",
                                                      "persons", "individuals", "foreign")):
                return True
        if txt.startswith("0") and len(txt) > 1:
            return True
        if re.fullmatch(r"\d{7,}", txt):
            return True
    return False


def _condition_met(
    lex: Lexicon, tokens: Sequence[Token], link: act.Link, np_: act.NounPhrase, m: NumberMention
) -> bool:
    """Verbs that are an action only in some company (lexicon [conditions])."""
    verb = " ".join(t.lower for t in tokens[link.trigger_first : link.trigger_last + 1])
    if link.form == "cases":
        return np_.unit is Unit.CASES
    if verb in lex.needs_foreign:
        if np_.nationalities:
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
    if verb in lex.needs_site:
        # "released hundreds of workers from several compounds"
        for k in range(np_.last + 1, len(tokens) - 1):
            if tokens[k].lower == "from":
                return any(
                    lex.site_nouns.match_at(tokens, q) for q in range(k + 1, min(k + 6, len(tokens)))
                )
        return False
    return True


def _nearest(refs: Sequence[TimeRef], anchor: int) -> TimeRef:
    return min(refs, key=lambda r: min(abs(r.first - anchor), abs(r.last - anchor)))


def _resolve_when(
    tokens: Sequence[Token], times: Sequence[TimeRef], anchor: int, published: dt.date | None
) -> tuple[Scope | None, dt.date | None, dt.date | None, dt.date | None]:
    """(scope or None when the sentence has no time, date, period_start, period_end)."""
    times = [t for t in times if t.kind != "iso"]
    if not times:
        return None, None, None, None
    since = [t for t in times if t.since]
    as_of = [t for t in times if t.as_of]
    if since or as_of:
        start = _nearest(since, anchor).start if since else None
        end = _nearest(as_of, anchor).end if as_of else (published if since else None)
        return Scope.CUMULATIVE, None, start, end
    # the day a statement was made is the figure's day only when nothing else is given
    real = [t for t in times if not (t.first > 0 and tokens[t.first - 1].lower in _ANNOUNCE)
            and not (t.first > 1 and tokens[t.first - 1].lower == "on" and tokens[t.first - 2].lower in _ANNOUNCE)]
    pool = real or list(times)
    ref = _nearest(pool, anchor)
    if ref.date is not None:
        return Scope.EVENT, ref.date, None, None
    assert ref.start is not None and ref.end is not None
    days = (ref.end - ref.start).days
    if ref.kind == "year" or (ref.kind == "range" and days > MAX_EVENT_DAYS):
        return Scope.CUMULATIVE, None, ref.start, ref.end
    return Scope.EVENT, None, ref.start, ref.end


def _has_cue(lex: Lexicon, tokens: Sequence[Token], strong_only: bool) -> tuple[bool, bool]:
    """(any cumulative cue, an up-to-now cue)."""
    any_cue = up_to_now = False
    for i in range(len(tokens)):
        hit = lex.cumulative_cues.match_at(tokens, i)
        if hit:
            n, strong = hit
            phrase = " ".join(t.lower for t in tokens[i : i + n])
            if strong or not strong_only:
                any_cue = True
            if phrase in _UP_TO_NOW:
                up_to_now = True
    return any_cue, up_to_now


def _admin1_for(
    hits: Sequence[plc.PlaceHit], anchor: int, country: str | None
) -> tuple[str | None, str | None]:
    """(admin1 joined by '; ', town) from the place names of a sentence."""
    hits = [h for h in hits if country is None or h.country == country]
    if not hits:
        return None, None
    town = next((h.town for h in sorted(hits, key=lambda h: abs(h.first - anchor)) if h.town), None)
    # a list "in Phnom Penh, Kandal, Preah Sihanouk, and Kampot provinces" names them all
    groups: list[list[plc.PlaceHit]] = [[hits[0]]]
    for h in hits[1:]:
        gap = h.first - groups[-1][-1].last - 1
        if gap <= 2:
            groups[-1].append(h)
        else:
            groups.append([h])
    best = min(groups, key=lambda g: min(abs(h.first - anchor) for h in g))
    names: list[str] = []
    for h in best:
        if h.admin1 not in names:
            names.append(h.admin1)
    return "; ".join(names), town


def document_country(lex: Lexicon, sentences: Sequence[Sentence]) -> str:
    votes: Counter[str] = Counter()
    for s in sentences:
        for code in plc.actor_countries(lex, s.tokens, len(s.tokens)):
            votes[code] += 2
        for hit in plc.find_places(lex, s.tokens):
            votes[hit.country] += 1
    if votes:
        return votes.most_common(1)[0][0]
    return DEFAULT_COUNTRY


def document_site(lex: Lexicon, sentences: Sequence[Sentence]) -> str | None:
    """The one named site (or town) an article is about, when it names exactly one."""
    names: set[str] = set()
    for s in sentences:
        for _, _, name in plc.find_sites(s.tokens):
            names.add(name.lower())
        for hit in plc.find_places(lex, s.tokens):
            if hit.town:
                names.add(hit.town.lower())
    if len(names) == 1:
        for s in sentences:
            for _, _, name in plc.find_sites(s.tokens):
                return name
            for hit in plc.find_places(lex, s.tokens):
                if hit.town:
                    return hit.town
    return None


def read_sentence(
    lex: Lexicon,
    s: Sentence,
    doc: DocContext,
    first_in_paragraph: bool,
    prev_agency: str | None,
) -> list[Draft]:
    tokens = s.tokens
    numbers = find_numbers(lex, tokens)
    times = find_times(tokens, doc.published)
    dl = plc.dateline_end(s, first_in_paragraph)
    place_hits = plc.find_places(lex, tokens, dl)
    drafts: list[Draft] = []
    consumed: set[int] = set()
    last_link: tuple[act.Link, int, act.NounPhrase, int | None] | None = None  # link, np.last, np, group

    for m in numbers:
        if m.first in consumed or m.first < dl or _is_excluded_number(tokens, m, times):
            continue
        np_ = act.noun_phrase(lex, tokens, m)
        if np_.not_figure:
            continue
        link: act.Link | None = None
        if np_.action_noun is not None and not (
            np_.last + 1 < len(tokens) and tokens[np_.last + 1].lower in ("warrant", "warrants")
        ):
            link = act.Link(np_.action_noun.action, m.last + 1, np_.last, "noun")
            if act.pending_noun(lex, tokens, m.qual_first):
                continue
        if link is None:
            link = act.link_left(lex, tokens, m)
        if link is None:
            link = act.link_right(lex, tokens, np_.last)
        group: int | None = None
        if link is None and last_link is not None:
            # list continuation: "59 Thai and two Chinese nationals", "three more on Friday"
            prev_link, prev_last, prev_np, prev_group = last_link
            between = [t.lower for t in tokens[prev_last + 1 : m.qual_first]]
            if between and len(between) <= 5 and ("and" in between or between == [","]) and not any(
                lex.triggers.match_at(tokens, k) for k in range(prev_last + 1, m.qual_first)
            ) and not any(w in ("while", "but", "whereas", "who", "which") for w in between):
                link = prev_link
                if np_.unit is None and prev_np.unit is not None:
                    np_ = dataclasses.replace(np_, unit=prev_np.unit)
                if prev_group is None:
                    doc.list_counter += 1
                    prev_group = doc.list_counter
                    drafts[-1].list_group = prev_group if drafts else None
                group = prev_group
        if link is None:
            continue
        unit = act.unit_for(link.action, np_)
        if unit is None or not _condition_met(lex, tokens, link, np_, m):
            continue

        # who: nationality words in the noun, a breakdown after it, gender asides
        subj = Subjects()
        if np_.nationalities:
            codes = list(dict.fromkeys(np_.nationalities))
            if len(codes) == 1 and not np_.partial:
                subj.nationalities = {codes[0]: m.value}
            else:
                subj.nationalities = {c: None for c in codes}
        after = np_.last + 1
        # "800 people from mainland China and Taiwan"
        if after < len(tokens) and tokens[after].lower == "from":
            from newswatch.extract.subjects import _nationality_list

            codes, _end = _nationality_list(lex, tokens, after + 1, len(tokens))
            codes = [c for c in dict.fromkeys(codes) if c != (doc.country if link.action in (Action.DEPORTED, Action.EXTRADITED) else "")]
            if codes and not subj.nationalities:
                subj.nationalities = {codes[0]: m.value} if len(codes) == 1 else {c: None for c in codes}
        if np_.gender == "women":
            subj.women = m.value
        elif np_.gender == "men":
            subj.men = m.value
        g = gender_aside(tokens, np_.last)
        if g == "men":
            subj.men = m.value
        elif g == "women":
            subj.women = m.value
        # breakdown: "(including 28 women and 133 men)", ", comprising 279 Cambodians, ..."
        k = after
        if k < len(tokens) and tokens[k].text in ("(", ","):
            k += 1
        if k < len(tokens) and tokens[k].text == "(":
            k += 1
        opener = opener_at(tokens, k) if k < len(tokens) else 0
        if opener and tokens[k].lower not in ("were", "are", "with", "include", "included", "includes", "among"):
            end = k + opener
            while end < len(tokens) and not (
                tokens[end].text in (")", ";")
                or (end > k + opener and lex.triggers.match_at(tokens, end) is not None)
            ):
                end += 1
            parts = parse_breakdown(lex, tokens, k + opener, end, numbers)
            consumed |= parts.consumed
            if parts.women is not None and subj.women is None:
                subj.women = parts.women
            if parts.men is not None and subj.men is None:
                subj.men = parts.men
            if parts.nationalities:
                counted = {c: v for c, v in parts.nationalities.items() if v is not None}
                if counted or not any(v is not None for v in subj.nationalities.values()):
                    merged = dict(parts.nationalities)
                    for c, v in subj.nationalities.items():
                        if c not in merged and v is None:
                            merged[c] = None
                    subj.nationalities = merged if counted or len(parts.nationalities) > 1 else (subj.nationalities or merged)

        # when
        anchor = link.trigger_first if link.form != "passive" and group is None else m.first
        scope, date, start, end_ = _resolve_when(tokens, times, anchor, doc.published)
        has_time = scope is not None
        any_cue, up_to_now = _has_cue(lex, tokens, strong_only=has_time)
        earlier = bool(tokens) and tokens[0].lower in _EARLIER
        if scope is None:
            if doc.roundup is not None and not earlier:
                scope, (start, end_) = Scope.CUMULATIVE, doc.roundup
            elif any_cue:
                scope = Scope.CUMULATIVE
            else:
                scope = Scope.EVENT
        elif scope is Scope.EVENT and date is not None and up_to_now:
            scope, start, end_, date = Scope.CUMULATIVE, None, date, None
        if scope is Scope.CUMULATIVE:
            if start is None and up_to_now and doc.campaign_start is not None:
                start = doc.campaign_start
            if end_ is None and up_to_now:
                end_ = doc.published

        # where and who acted
        country: str | None
        nat_codes = set(subj.nationalities)
        by = plc.handed_over_by(lex, tokens) if link.action in (Action.DEPORTED, Action.EXTRADITED) else None
        actors = [c for c in plc.actor_countries(lex, tokens, max(link.trigger_first, m.first))
                  if not (link.action in (Action.DEPORTED, Action.EXTRADITED) and c in nat_codes)]
        places_here = [h for h in place_hits]
        if by:
            country = by
        elif len(set(actors)) > 1:
            country = None if len(set(actors)) > 2 or not actors else actors[-1]
            if len(set(actors)) > 2:
                country = None
        elif actors:
            country = actors[0]
        elif places_here:
            country = Counter(h.country for h in places_here).most_common(1)[0][0]
        else:
            country = doc.country
        admin1, town = _admin1_for(places_here, m.first, country)
        if admin1 is None and re.search(r"\bprovincial\b|\bthe province\b", s.text, re.I):
            admin1 = doc.last_province if doc.last_province and lex.admin1_country.get(doc.last_province) == country else None
        sites = plc.find_sites(tokens, dl)
        place = None
        if sites:
            place = min(sites, key=lambda st: abs(st[0] - m.first))[2]
            for h in place_hits:
                if h.first >= sites[0][0] and h.last <= sites[-1][1] and admin1 is None and h.country == country:
                    admin1 = h.admin1
        elif town:
            place = town
        elif doc.single_site:
            place = doc.single_site
        agency = plc.find_agency(tokens[dl:]) or prev_agency

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
            )
        )
        last_link = (link, np_.last, np_, group)

    return drafts


def _anaphoric(s: Sentence) -> bool:
    low = " ".join(t.lower for t in s.tokens[:3])
    return any(low.startswith(o) for o in _ANAPHORA_OPENERS)


def complete_from_followup(lex: Lexicon, s: Sentence, doc: DocContext, drafts: list[Draft]) -> None:
    """A sentence with no figure of its own that completes the figure before it."""
    if not drafts:
        return
    tokens = s.tokens
    numbers = find_numbers(lex, tokens)
    target = drafts[-1]
    # "The rescued individuals include ..." / "Among those rescued are ..."
    for i, t in enumerate(tokens[:6]):
        trig = lex.triggers.match_at(tokens, i)
        if trig and trig[1].action is not target.action:
            for d in reversed(drafts):
                if d.action is trig[1].action:
                    target = d
                    break
            break
    breakdown_shape = _anaphoric(s) or bool(
        re.search(r"\b\d[\d,]*\s+(?:\w+\s+){0,3}(?:were|are)\s+(?:from\s+)?[A-Z]", s.text)
    )
    if breakdown_shape and target.unit is Unit.PEOPLE:
        parts = parse_breakdown(lex, tokens, 0, len(tokens), numbers)
        total_nat = sum(v for v in parts.nationalities.values() if v)
        if parts.nationalities and not any(v for v in target.nationalities.values()) and total_nat <= target.count:
            if not target.nationalities or len(parts.nationalities) >= len(target.nationalities):
                target.nationalities = dict(parts.nationalities)
        genders = (parts.women or 0) + (parts.men or 0)
        if genders and genders <= target.count:
            if target.women is None and parts.women is not None:
                target.women = parts.women
            if target.men is None and parts.men is not None:
                target.men = parts.men
    # "The deportations were carried out on Feb. 8"
    times = find_times(tokens, doc.published)
    days = [t for t in times if t.date is not None]
    if days and tokens and tokens[0].lower == "the":
        trig = lex.action_nouns.match_at(tokens, 1)
        if trig:
            for d in reversed(drafts):
                if d.action is trig[1].action and d.scope is Scope.EVENT:
                    if d.date is None and d.period_start is None:
                        d.date = days[0].date
                        d.has_time = True
                    break


def update_context(lex: Lexicon, s: Sentence, doc: DocContext, new: list[Draft]) -> None:
    hits = plc.find_places(lex, s.tokens)
    if hits:
        doc.last_province = hits[-1].admin1
    if new:
        ranged = [d for d in new if d.scope is Scope.CUMULATIVE and d.has_time and d.period_start and d.period_end]
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
                if start is not None and not t.as_of:
                    return start
    return None
