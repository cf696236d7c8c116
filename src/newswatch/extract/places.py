"""Places, acting countries and agencies named in a sentence (CODEBOOK §1, §7). Pure."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from newswatch.extract.lexicon import Lexicon
from newswatch.extract.text import Sentence, Token, ascii_name, lower_at

# Words that end the name of a site below province level.
SITE_KEYWORDS = frozenset(
    """
    airport casino resort park residences residence hotel tower towers building compound complex
    plaza court center centre hub zone port gate checkpoint crossing village condominium
    condominiums apartments mall
    """.split()
)
# Keywords that make a site only together with the word before them.
_GENERIC_NAME_WORDS = frozenset(
    """
    the a an international national main new old large big small seven-story six-story five-
    story four-story three-story two-story multi-story high-rise low-rise this that scam fraud
    online
    """.split()
)
_NAME_GLUE = frozenset({"of", "and", "&", "de", "la", "del"})

AUTHORITY_NOUNS = frozenset(
    """
    authorities authority police military army government officials official immigration troops
    forces junta court courts soldiers embassy ministry navy coast national law enforcement
    interior administration guards
    """.split()
)

# Words that go on an agency's name after "of X": "Ministry of Public Security", "Ministry of
# Labour and Vocational Training", "Department of Anti-Human Trafficking".
AGENCY_NAME_WORDS = frozenset(
    """
    security affairs defence defense justice training development cooperation relations
    protection safety control investigation investigations crime crimes services
    rehabilitation youth veterans vocational international social welfare trafficking
    human anti-human juvenile order information telecommunications economy finance commerce
    tourism health women children transnational organized organised protection
    """.split()
)

AGENCY_HEADS = frozenset(
    """
    department ministry police commission committee bureau command group office agency force
    unit immigration embassy military army secretariat administration guard guards junta
    interpol council directorate service court
    """.split()
)


# A dateline ("PHNOM PENH, Feb. 9 (Xinhua) --") is never longer than this.
DATELINE_MAX_TOKENS = 12


@dataclasses.dataclass(frozen=True, slots=True)
class PlaceHit:
    first: int
    last: int
    country: str
    admin1: str
    town: str | None  # the town or site name when below province level


def dateline_end(sentence: Sentence, first_in_paragraph: bool) -> int:
    """Index of the first token after a dateline, else 0: "PHNOM PENH —", "(Phnom Penh):",
    "PHNOM PENH, Feb. 9 (Xinhua) --", "ĐỒNG NAI —"."""
    if not first_in_paragraph:
        return 0
    toks = sentence.tokens
    begin = 0
    if len(toks) > 2 and toks[0].lower == "date" and toks[1].is_number:
        # "date 2025-02-26 Manila: ...": a stamp some archives put before the dateline
        begin = 1
        while begin < len(toks) and (toks[begin].is_number or toks[begin].text == "-"):
            begin += 1
    for k, t in enumerate(toks[:DATELINE_MAX_TOKENS]):
        if k < begin:
            continue
        double = t.text == "-" and k + 1 < len(toks) and toks[k + 1].text == "-"
        # a single hyphen only after a place in capitals: "BANGKOK (Reuters) -"
        shouted = t.text == "-" and k > 0 and len(toks[0].text) > 1 and toks[0].text.isupper()
        dash = t.text in ("—", "–") or double or shouted
        if dash or t.text == ":":
            head = [x for x in toks[begin:k] if x.text not in "()"]
            if head and all(
                x.text[0].isupper() or x.text in ",." or x.text.isdigit() or x.lower in ("de",)
                for x in head
            ):
                return k + 2 if double else k + 1
            return 0
    return 0


def find_places(lexicon: Lexicon, tokens: Sequence[Token], start: int = 0) -> list[PlaceHit]:
    hits: list[PlaceHit] = []
    i = start
    while i < len(tokens):
        hit = lexicon.admin1.match_at(tokens, i) if tokens[i].text[0].isupper() else None
        if hit:
            n, (country, admin1, is_town) = hit
            name = " ".join(t.text for t in tokens[i : i + n])
            hits.append(
                PlaceHit(i, i + n - 1, country, admin1, ascii_name(name) if is_town else None)
            )
            i += n
            continue
        i += 1
    return hits


def find_sites(
    tokens: Sequence[Token], start: int = 0, *, districts: bool = False
) -> list[tuple[int, int, str]]:
    """Named sites: capitalised names ending in a site keyword ('Techo International Airport');
    with `districts`, named districts too ('Chamkar Mon district')."""
    sites: list[tuple[int, int, str]] = []
    for j in range(start, len(tokens)):
        tok = tokens[j]
        # "Chamkar Mon district": a named district, whatever case its head word
        district = (
            districts and tok.lower == "district" and j > start and tokens[j - 1].text[0].isupper()
        )
        if not district and (tok.lower not in SITE_KEYWORDS or not tok.text[0].isupper()):
            continue
        i = j
        while i - 1 >= start:
            prev = tokens[i - 1]
            if prev.text.endswith(("'s", "’s")):
                break  # "the Command's Hua Lu Border Crossing": the site starts after it
            if prev.lower in _NAME_GLUE or (
                prev.text[0].isupper() and re.fullmatch(r"[\w'’-]+", prev.text)
            ):
                i -= 1
            else:
                break
        while i < j and tokens[i].lower in _NAME_GLUE:
            i += 1
        if i == j or (j - i == 1 and tokens[i].lower in ("the", "international", "national")):
            continue
        if tokens[i].lower in ("the", "a"):
            i += 1
        if i >= j:
            continue
        if all(
            t.lower in _GENERIC_NAME_WORDS or t.lower in SITE_KEYWORDS for t in tokens[i : j + 1]
        ):
            continue  # "Seven-Story Building", "Main Compound": a description, not a name
        name = " ".join(t.text for t in tokens[i : j + 1])
        if (
            j + 2 < len(tokens)
            and tokens[j + 1].lower == "and"
            and tokens[j + 2].lower in SITE_KEYWORDS
        ):
            name += f" and {tokens[j + 2].text}"
        sites.append((i, j, ascii_name(name)))
    return sites


# Where a group leaves a country or is handed over: an airport, a border gate or crossing.
EXIT_KEYWORDS = frozenset({"airport", "gate", "crossing", "checkpoint"})
# Words of a sentence that tells a group leaving or being handed over there.
_EXIT_CUES = frozenset(
    """
    flown flew left depart departed departing deported boarded handed handover received
    repatriated transferred delivered returned returning sent
    """.split()
)


def exit_sites(tokens: Sequence[Token]) -> list[str]:
    """The airports and border gates a sentence names as where a group left or was handed
    over: 'left Cambodia from the Phnom Penh International Airport', 'flown back from Mae Sot
    airport', 'returning through the Moc Bai international border gate'."""
    if not any(t.lower in _EXIT_CUES for t in tokens) or any(t.lower in _ARRIVAL for t in tokens):
        return []  # "upon arrival at Narita Airport": where they landed, not where they left
    found = [
        name
        for i, j, name in find_sites(tokens)
        if tokens[j].lower in EXIT_KEYWORDS and not _destination(tokens, i)
    ]
    for j, tok in enumerate(tokens):
        # a name before a lower-case keyword: "Mae Sot airport", "Jakarta international airport"
        if tok.lower not in EXIT_KEYWORDS or tok.text[0].isupper():
            continue
        i = j
        while i > 0 and tokens[i - 1].lower in ("international", "border"):
            i -= 1
        if tok.lower != "airport" and i == j:
            continue  # "the gate", "a crossing": only a border gate or crossing is one
        k = i
        while k > 1 and tokens[k - 1].text[0].isupper() and tokens[k - 1].text.isalpha():
            k -= 1
        if k < i and not _destination(tokens, k):
            found.append(ascii_name(" ".join(t.text for t in tokens[k : j + 1])))
    return found


_ARRIVAL = frozenset({"arrival", "arrived", "arriving", "landed", "landing"})


def _destination(tokens: Sequence[Token], i: int) -> bool:
    """Whether the site starting at token i is where someone went: "a flight to Tokyo's
    Haneda Airport"."""
    for t in reversed(tokens[max(0, i - 3) : i]):  # the nearest preposition says
        if t.lower in ("to", "for"):
            return True
        if t.lower in ("from", "at", "via", "through", "in"):
            return False
    return False


def actor_countries(lexicon: Lexicon, tokens: Sequence[Token], upto: int) -> list[str]:
    """Countries named as the actor before token `upto`."""
    return [code for i, code in actor_countries_at(lexicon, tokens) if i < upto]


_PARTNER_NOUNS = frozenset({
    "help", "support", "assistance", "cooperation", "coordination",
    # who asked, not who acted: "Acting on the instruction of Chinese police we arrested 38"
    "request", "requests", "instruction", "instructions", "behest", "order", "orders",
})  # fmt: skip


def actor_countries_at(lexicon: Lexicon, tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(token index, country) of each country named as an actor: 'Cambodian authorities',
    "Myanmar's military", 'Cambodian, Chinese authorities', 'Police in Thailand and Malaysia',
    'Cambodia deported'."""
    found: list[tuple[int, str]] = []
    i = 0
    upto = len(tokens)
    while i < upto:
        if not tokens[i].text[0].isupper():  # a country's name or adjective is capitalised
            i += 1
            continue
        codes, k = _country_run(lexicon, tokens, i)
        if codes:
            nxt = tokens[k].lower if k < len(tokens) else ""
            poss = tokens[k - 1].text.endswith(("'s", "’s"))
            prev = tokens[i - 1].lower if i > 0 else ""
            actor = (
                nxt in AUTHORITY_NOUNS
                or poss
                or (
                    (nxt in _ACTOR_VERBS or lexicon.triggers.match_at(tokens, k) is not None)
                    and prev not in ("from", "to", "in", "into", "of", "across")
                )
                # "Police in Taiwan, Indonesia and Malaysia"
                or (prev == "in" and i > 1 and tokens[i - 2].lower in AUTHORITY_NOUNS)
            )
            # "in coordination with Chinese authorities", "with the help of Thai police": a
            # partner, not who acted
            partner = prev == "with" or (
                prev in ("of", "from", "by") and i > 1 and tokens[i - 2].lower in _PARTNER_NOUNS
            ) or (prev == "the" and i > 2 and tokens[i - 2].lower in ("with", "of")
                  and tokens[i - 3].lower in ("with", *_PARTNER_NOUNS))  # fmt: skip
            if actor and not partner:
                found.extend((i, c) for c in codes)
            i = k
            continue
        i += 1
    return found


def _country_run(lexicon: Lexicon, tokens: Sequence[Token], i: int) -> tuple[list[str], int]:
    """Country names or adjectives joined by ',' / 'and' starting at token i."""
    codes: list[str] = []
    k = i
    while k < len(tokens):
        if not tokens[k].text[0].isupper():
            break
        hit = lexicon.country_adjectives.match_at(tokens, k)
        if not hit:
            break
        codes.append(str(hit[1]))
        k += hit[0]
        if (
            k + 1 < len(tokens)
            and tokens[k].lower in (",", "and")
            and tokens[k + 1].text[0].isupper()
        ):
            nxt = lexicon.country_adjectives.match_at(tokens, k + 1)
            if nxt:
                k += 1
                continue
        break
    if not codes:
        return [], i
    return codes, k


_ACTOR_VERBS = frozenset(
    """
    has have had on deported deports arrested arrests extradited repatriated expelled rescued
    raided closed also so says said
    """.split()
)


# "received 85 nationals from Cambodia", "received from Cambodian authorities a total of 85"
RECEIVE = frozenset({"received", "receives", "receiving", "receive"})
SENDER_REACH = 16


# "received 63 citizens transferred by Cambodian authorities", "... who were deported"
SENT = frozenset(
    "over transferred deported repatriated expelled returned sent handed extradited".split()
)


def sent_after(tokens: Sequence[Token], verb_last: int) -> bool:
    """Whether a received group is said to have been sent ('who were deported', 'transferred
    by Cambodia', 'handed over by ...') within reach of the verb."""
    end = min(len(tokens), verb_last + 1 + SENDER_REACH)
    return any(tokens[i].lower in SENT - {"over"} for i in range(verb_last + 1, end))


def received_from(lexicon: Lexicon, tokens: Sequence[Token], verb_last: int) -> str | None:
    """The country a receiving country took people from: 'received 85 nationals from
    Cambodia', 'received ... who were handed over by Cambodian authorities' -> 'KH'."""
    end = min(len(tokens), verb_last + 1 + SENDER_REACH)
    for i in range(verb_last + 1, end):
        if tokens[i].lower == "from" or (tokens[i].lower == "by" and tokens[i - 1].lower in SENT):
            k = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].lower == "the")
            hit = lexicon.country_adjectives.match_at(tokens, k) if k < len(tokens) else None
            if hit and tokens[k].text[:1].isupper():
                return str(hit[1])
    return None


def handed_over_by(lexicon: Lexicon, tokens: Sequence[Token]) -> str | None:
    """'handed over by Cambodian authorities' / 'transferred from Cambodia' -> 'KH'."""
    for i, t in enumerate(tokens):
        if (
            t.lower in ("by", "from")
            and i > 0
            and tokens[i - 1].lower
            in (
                "over",
                "transferred",
                "deported",
                "repatriated",
                "expelled",
                "returned",
                "sent",
                "returning",
                "returnees",
            )
        ):
            hit = lexicon.country_adjectives.match_at(tokens, i + 1)
            if hit:
                return str(hit[1])
    return None


def names_authority(tokens: Sequence[Token], last: int) -> bool:
    """The place name ending at `last` is part of an authority's name ('Dien Bien Provincial
    Police', 'Tay Ninh Province Police'): it says who helped, not where the action was."""
    k = last + 1
    if k < len(tokens) and tokens[k].lower in ("provincial", "province", "city", "municipal"):
        k += 1
    return k < len(tokens) and tokens[k].lower in AUTHORITY_NOUNS


def agent_after(lexicon: Lexicon, tokens: Sequence[Token], verb_last: int) -> str | None:
    """The country of a passive verb's agent: 'detained by Cambodian police' -> 'KH'."""
    k = verb_last + 1
    if k < len(tokens) and tokens[k].lower == "by":
        k += 1
        if k < len(tokens) and tokens[k].lower == "the":
            k += 1
        if k < len(tokens) and tokens[k].text[:1].isupper():
            hit = lexicon.country_adjectives.match_at(tokens, k)
            if hit:
                return str(hit[1])
            # "detained by An Giang border guards": a province's own forces
            province = lexicon.admin1.match_at(tokens, k)
            if province and lower_at(tokens, k + province[0]) in PROVINCIAL_FORCES:
                return str(province[1][0])
    return None


PROVINCIAL_FORCES = frozenset({"police", "border", "authorities", "officers", "troops", "forces",
                               "soldiers", "immigration", "officials", "military"})  # fmt: skip


def find_agency(tokens: Sequence[Token]) -> str | None:
    """The first capitalised body name with an agency head word ('General Department of
    Immigration', 'Presidential Anti-Organized Crime Commission'). Of "the Ministry of
    Interior's General Department of Immigration" the unit after the possessive acts; "the
    Minister of Interior" speaks for the Ministry of Interior."""
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i].text[0].isupper() or tokens[i].lower in ("the",):
            i += 1
            continue
        j = i
        last_head = -1
        while j < n and (
            tokens[j].text[0].isupper() or tokens[j].lower in ("of", "for", "and", "on", "-")
        ):
            if tokens[j].lower in AGENCY_HEADS or tokens[j].lower == "minister":
                last_head = j
            if (
                tokens[j].text.endswith(("'s", "’s"))
                and j + 1 < n
                and tokens[j + 1].text[0].isupper()
            ):
                # a possessive: the name starts again after it
                i = j + 1
                last_head = -1
            j += 1
        if last_head >= 0:
            end = last_head
            k = last_head + 1
            while (  # extend over "of Interior" after the head
                k + 1 < j
                and tokens[k].lower in ("of", "for", "on")
                and tokens[k + 1].text[0].isupper()
            ):
                end = k + 1
                k += 2
                # ... and over the rest of a many-word name: "of Public Security", "of Labour
                # and Vocational Training" (never over a person's name after it)
                while k < j and not tokens[end].text.endswith(("'s", "’s")):
                    if tokens[k].lower in AGENCY_NAME_WORDS:
                        end, k = k, k + 1
                    elif (
                        tokens[k].lower == "and"
                        and k + 1 < j
                        and tokens[k + 1].lower in AGENCY_NAME_WORDS
                    ):
                        end, k = k + 1, k + 2
                    else:
                        break
            words = [t.text for t in tokens[i : end + 1]]
            while words and words[0].lower() in ("of", "and", "for"):
                words = words[1:]
            if words and words[0] == "Minister":
                if len(words) < 3:  # "Minister Sar Sokha" names a person
                    i = max(j, i + 1)
                    continue
                words[0] = "Ministry"
            name = re.sub(r"['’]s\b", "", " ".join(words).replace(" - ", "-"))
            if len(words) >= 2 or words[0].lower() in ("interpol",):
                return name
        i = max(j, i + 1)
    return None
