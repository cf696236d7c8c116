"""One figure per fact within an article (CODEBOOK §4). Pure.

Repeats of one fact (headline, lead, FAQ) merge, keeping the richest fields; of two numbers for
one fact the body beats the headline and the exact beats the rounded; parts of a list that add
up to a stated total become its breakdown.
"""

from __future__ import annotations

from newswatch.extract.assemble import Draft
from newswatch.models import Qualifier

# How far a rounded figure may stand from the exact one it rounds ("more than 2,000" for 2,198,
# "over 100" for 118). Beyond this the two numbers are different facts.
MORE_THAN_SLACK = 1.5
ABOUT_SLACK = 0.10
VAGUE_SPAN = 10  # "thousands" admits 1,000 to 9,999
# A headline's number that differs from the body's by this much is the same fact misreported
# ("arrest 115" over a body that counts 118): the body's count stands.
HEADLINE_SLACK = 0.10


def admits(a: Draft, b: Draft) -> bool:
    """Whether a's stated amount admits b's count, or the other way round."""
    return _admits(a.qualifier, a.count, b.count) or _admits(b.qualifier, b.count, a.count)


def _admits(q: Qualifier, x: int, y: int) -> bool:
    if x == y:
        return True
    if q in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        return x < y <= x * MORE_THAN_SLACK
    if q is Qualifier.ABOUT:
        return abs(x - y) <= x * ABOUT_SLACK
    if q is Qualifier.NEARLY:
        return x * (1 - ABOUT_SLACK) <= y < x
    if q is Qualifier.UP_TO:
        return y <= x
    if q is Qualifier.VAGUE:
        return x <= y < x * VAGUE_SPAN
    return False


def _when_compatible(a: Draft, b: Draft) -> bool:
    if not (a.has_time and b.has_time):
        return True
    if a.headline != b.headline and a.count == b.count and a.scope is b.scope:
        # a headline restates the body's fact; a day it seems to give is often a caption's
        return True
    if a.scope is not b.scope:
        return False
    if a.date and b.date:
        return a.date == b.date
    if a.period_end and b.period_end and a.period_start and b.period_start:
        return a.period_end == b.period_end or a.period_start == b.period_start
    return (a.date is None) == (b.date is None)


def _places_compatible(a: Draft, b: Draft) -> bool:
    # A headline rarely names who acted; the country it suggests ("58 Vietnamese deported via
    # Xa Mat", a Vietnamese border gate) gives way to the body's.
    if a.country and b.country and a.country != b.country and not (a.headline or b.headline):
        return False
    return not (a.admin1 and b.admin1 and not set(a.admin1.split("; ")) & set(b.admin1.split("; ")))


def _nats_compatible(a: Draft, b: Draft) -> bool:
    if not a.nationalities or not b.nationalities:
        return True
    return bool(set(a.nationalities) & set(b.nationalities))


def same_fact(a: Draft, b: Draft) -> bool:
    if a.action is not b.action or a.unit is not b.unit:
        return False
    if a.sentence == b.sentence and a.span != b.span and a.count == b.count:
        return False  # two numbers in one sentence are two things
    if a.list_group is not None and a.list_group == b.list_group:
        return False
    if a.count != b.count:
        # a rounded restatement, never two exact numbers, but for a headline's slip
        if a.qualifier is Qualifier.EXACT and b.qualifier is Qualifier.EXACT:
            if not (
                a.headline != b.headline
                and abs(a.count - b.count) <= HEADLINE_SLACK * max(a.count, b.count)
            ):
                return False
            return _when_compatible(a, b) and _places_compatible(a, b) and _nats_compatible(a, b)
        if (
            (a.qualifier is Qualifier.VAGUE or b.qualifier is Qualifier.VAGUE)
            and not (a.headline or b.headline)
            and a.has_time
            and b.has_time
        ):
            return False
        if not admits(a, b):
            return False
        if Qualifier.EXACT not in (a.qualifier, b.qualifier) and Qualifier.VAGUE not in (
            a.qualifier,
            b.qualifier,
        ):
            return False  # "more than 15,000" and "over 21,000" are two totals
        vague = [d for d in (a, b) if d.qualifier is Qualifier.VAGUE]
        if len(vague) == 1:
            other = b if vague[0] is a else a
            if not vague[0].count <= other.count < vague[0].count * VAGUE_SPAN:
                return False  # "thousands" is no restatement of "more than 800"
        if a.scope is not b.scope and a.has_time and b.has_time:
            return False
    return _when_compatible(a, b) and _places_compatible(a, b) and _nats_compatible(a, b)


def _rank(d: Draft) -> tuple[int, int]:
    """Which draft's count wins: body over headline, exact over rounded; for a tie, the first
    statement (the caller keeps it)."""
    return (0 if d.headline else 1, 1 if d.qualifier is Qualifier.EXACT else 0)


def _combine(keep: Draft, other: Draft) -> Draft:
    """`keep`'s count with the richest fields of both."""
    if keep.date is None and keep.period_start is None and other.date is not None:
        # an end alone ("have deported ... in recent years" up to the report) gives way to the
        # day another statement of the fact names ("The 17 were flown out Wednesday")
        keep.period_end = None
    dated, period = keep.date is not None, bool(keep.period_start or keep.period_end)
    for name in ("date", "period_start", "period_end", "women", "men", "admin1", "place", "agency"):
        if (name == "date" and period) or (name.startswith("period") and dated):
            continue  # a day or a period, never a day with the end of another statement's period
        if getattr(keep, name) is None and getattr(other, name) is not None:
            setattr(keep, name, getattr(other, name))
            if name == "place":
                keep.place_from_headline = other.headline or other.place_from_headline
            field = "when" if name in ("date", "period_start", "period_end") else name
            if field in other.why:
                keep.why[field] = f"{other.why[field]} (sentence {other.sentence + 1})"
    if not keep.has_time and other.has_time:
        keep.scope = other.scope
        keep.has_time = True
    kn = sum(1 for v in keep.nationalities.values() if v is not None)
    on = sum(1 for v in other.nationalities.values() if v is not None)
    if (
        not keep.nationalities
        or (on > kn and keep.count == other.count)
        or (on == kn and len(other.nationalities) > len(keep.nationalities))
    ):
        if other.nationalities:
            if keep.count == other.count or not any(
                v is not None for v in other.nationalities.values()
            ):
                keep.nationalities = dict(other.nationalities)
            elif len(other.nationalities) == 1:
                keep.nationalities = dict.fromkeys(other.nationalities, keep.count)
    if keep.women is not None and keep.women > keep.count:
        keep.women = None
    if keep.men is not None and keep.men > keep.count:
        keep.men = None
    if keep.country is None and other.country is not None:
        keep.country = other.country
    return keep


def absorb_parts(drafts: list[Draft]) -> list[Draft]:
    """Parts of one list ('59 Thai and two Chinese') that add up to a total stated elsewhere
    ('arrest 61') become that total's breakdown."""
    groups: dict[int, list[Draft]] = {}
    for d in drafts:
        if d.list_group is not None:
            groups.setdefault(d.list_group, []).append(d)
    drop: set[int] = set()
    for parts in groups.values():
        total = sum(p.count for p in parts)
        when = {(p.date, p.period_start) for p in parts}
        for d in drafts:
            if d in parts or d.action is not parts[0].action or d.count != total:
                continue
            if len(when) > 1:
                # "three raids on Wednesday and three more on Friday ... the six raids":
                # parts on different days are the events; their sum says nothing new
                drop.add(id(d))
                break
            if any(v is not None for v in d.nationalities.values()):
                continue
            nats: dict[str, int | None] = {}
            for p in parts:
                for code, v in p.nationalities.items():
                    nats[code] = (
                        (nats.get(code) or 0) + (v or 0) if v is not None else nats.get(code)
                    )
            d.nationalities = nats
            women = [p.women for p in parts if p.women is not None]
            if women and d.women is None:
                d.women = sum(women)
            for p in parts:
                _combine(d, p)
                drop.add(id(p))
            break
    return [d for d in drafts if id(d) not in drop]


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    drafts = absorb_parts(drafts)
    out: list[Draft] = []
    for d in drafts:
        for i, kept in enumerate(out):
            if same_fact(kept, d):
                winner, loser = (d, kept) if _rank(d) > _rank(kept) else (kept, d)
                out[i] = _combine(winner, loser)
                also = [winner.why.get("merged", ""), f"sentence {loser.sentence + 1}"]
                out[i].why["merged"] = "one fact also stated in " + ", ".join(
                    a.removeprefix("one fact also stated in ") for a in also if a
                )
                break
        else:
            out.append(d)
    return out
