"""Alerts as messages people read: a one-line title and a body. Pure: values in, text out.

"Cambodia deported 312 Chinese nationals (8 Feb 2026)", then what, how many, who, when,
where, the agency and every source. Bodies are markdown; Apprise converts them for channels
that take plain text or HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any

import pycountry

# Country names as news writes them, where ISO's differ ("Korea, Republic of").
_COUNTRY_NAMES = {"RU": "Russia", "TW": "Taiwan", "KR": "South Korea", "KP": "North Korea",
                  "LA": "Laos", "VN": "Vietnam", "IR": "Iran", "SY": "Syria"}  # fmt: skip
_VAGUE = {10: "tens of", 12: "dozens of", 20: "scores of", 100: "hundreds of",
          1000: "thousands of", 10000: "tens of thousands of"}  # fmt: skip
_QUALIFIER = {"exact": "", "more_than": "more than ", "at_least": "at least ",
              "about": "about ", "nearly": "nearly ", "up_to": "up to "}  # fmt: skip
_PERFECT = {"deported": "has deported", "extradited": "has extradited",
            "arrested": "has arrested", "rescued": "has rescued", "charged": "has charged",
            "raided": "has raided", "closed": "has closed"}  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class Alert:
    """One outbox row as the messages need it, with the event's sources at delivery time."""

    id: int
    kind: str  # new_event, revised, series_value, feed_down, feed_recovered, backfill_summary
    payload: dict[str, Any]
    sources: tuple[tuple[str | None, str], ...] = ()  # (outlet, URL) of every mention


@dataclasses.dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str  # markdown


@functools.cache
def _demonyms() -> dict[str, str]:
    data = tomllib.loads(
        resources.files("newswatch.extract").joinpath("data/demonyms.toml").read_text("utf-8")
    )
    out: dict[str, str] = {}
    for word, code in data["demonyms"].items():
        out.setdefault(code, word)  # the first listed is the common one
    return out


def country_name(code: str | None) -> str:
    if not code:
        return "Authorities"
    if code in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code]
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def day(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%-d %b %Y") if value else ""


def when(ev: dict[str, Any], reported: str | None = None) -> str:
    if ev.get("date"):
        return day(ev["date"])
    start, end = ev.get("period_start"), ev.get("period_end")
    if start and start == end:
        return day(start)
    if start and end:
        a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        first = a.strftime("%-d %b") if a.year == b.year else a.strftime("%-d %b %Y")
        return f"{first}–{b.strftime('%-d %b %Y')}"
    if end:
        return f"to {day(end)}"
    if start:
        return f"since {day(start)}"
    return f"reported {day(reported)}" if reported else "date not stated"


def amount(count: int, qualifier: str) -> str:
    if qualifier == "vague" and count in _VAGUE:
        return _VAGUE[count]
    if qualifier == "vague":
        return f"at least {count:,}"
    return f"{_QUALIFIER.get(qualifier, '')}{count:,}"


def who(ev: dict[str, Any]) -> str:
    one = ev.get("count") == 1 and ev.get("qualifier", "exact") == "exact"
    unit = ev.get("unit", "people")
    if unit == "sites":
        return "site" if one else "sites"
    if unit == "cases":
        return "case" if one else "cases"
    nats = list((ev.get("nationalities") or {}).keys())
    if len(nats) == 1:
        return f"{_demonyms().get(nats[0], nats[0])} national{'' if one else 's'}"
    if len(nats) > 1:
        return f"people of {len(nats)} nationalities"
    return "person" if one else "people"


def unit_words(count: int, qualifier: str, unit: str) -> str:
    """'1 person', '12 people', '1 site'."""
    one = count == 1 and qualifier == "exact"
    singular = {"people": "person", "sites": "site", "cases": "case"}
    return f"{amount(count, qualifier)} {singular.get(unit, unit) if one else unit}"


def _event_title(ev: dict[str, Any], reported: str | None) -> str:
    return (
        f"{country_name(ev.get('country'))} {ev['action']} "
        f"{amount(ev['count'], ev['qualifier'])} {who(ev)} ({when(ev, reported)})"
    )


def headline(ev: dict[str, Any], reported: str | None = None) -> str:
    """An event in one line: "Cambodia deported 312 Chinese nationals (7 Mar 2026)"."""
    return _event_title(ev, reported)


def _details(ev: dict[str, Any], reported: str | None) -> list[str]:
    nats = ev.get("nationalities") or {}
    breakdown = ", ".join(
        f"{_demonyms().get(c, c)} {n:,}" if n is not None else _demonyms().get(c, c)
        for c, n in nats.items()
    )
    gender = ", ".join(
        x for x in (f"{ev['women']:,} women" if ev.get("women") is not None else "",
                    f"{ev['men']:,} men" if ev.get("men") is not None else "") if x
    )  # fmt: skip
    where = " / ".join(
        x for x in (country_name(ev.get("country")), ev.get("admin1"), ev.get("place")) if x
    )
    scope = "a running total" if ev.get("scope") == "cumulative" else "one operation"
    lines = [
        f"**What:** {ev['action']} ({scope})",
        f"**How many:** {unit_words(ev['count'], ev['qualifier'], ev.get('unit', 'people'))}",
    ]
    if breakdown or gender:
        lines.append(f"**Who:** {'; '.join(x for x in (breakdown, gender) if x)}")
    lines += [f"**When:** {when(ev, reported)}", f"**Where:** {where}"]
    if ev.get("agency"):
        lines.append(f"**Agency:** {ev['agency']}")
    if ev.get("id") is not None:
        lines.append(f"**Event:** #{ev['id']} (`newswatch event {ev['id']}`)")
    return lines


def _sources(alert: Alert) -> list[str]:
    seen = alert.sources or ((alert.payload.get("outlet"), alert.payload.get("article_url", "")),)
    links = [f"- [{outlet or url}]({url})" for outlet, url in dict.fromkeys(seen) if url]
    return ["", "**Sources:**", *links] if links else []


def render(alert: Alert) -> Message:
    """The message for one alert."""
    p = alert.payload
    if alert.kind == "feed_down":
        return Message(
            f"Feed failing: {p['feed']}",
            f"The feed {p['feed']} failed {p['failures']} runs in a row.\n\n"
            f"**Last error:** {p.get('error') or 'unknown'}\n"
            f"**Last success:** {p.get('last_success') or 'never'}",
        )
    if alert.kind == "feed_recovered":
        return Message(
            f"Feed back: {p['feed']}",
            f"The feed {p['feed']} answers again after {p['failures']} failed runs.",
        )
    if alert.kind == "monitor_stalled":
        last = p.get("last_completed")
        since = dt.datetime.fromisoformat(last).strftime("%-d %b %Y %H:%M UTC") if last else None
        minutes = int(p.get("interval_seconds", 0)) // 60
        return Message(
            f"Monitor stalled: no completed run since {since or 'it started'}",
            f"No monitor run has completed for {p.get('intervals', 3)} intervals "
            f"({minutes} minutes each). Check `newswatch serve` and the Prefect UI: a run may be "
            "stuck, or the scheduler stopped.",
        )
    if alert.kind == "backfill_summary":
        return summary_message(p)
    if alert.kind == "baseline_summary":
        return baseline_message(p)
    ev, reported = p["event"], p.get("published")
    lines = _details(ev, reported)
    if alert.kind == "revised":
        old = amount(p["previous_count"], p.get("previous_qualifier") or "exact")
        new = amount(ev["count"], ev["qualifier"])
        title = f"Revised: {_event_title(ev, reported)}, was {old}"
        lines.insert(
            0, f"**Revised:** {old} → {new} (reported by {p.get('outlet') or p.get('article_url')})"
        )
    elif alert.kind == "series_value":
        start, end = ev.get("period_start"), ev.get("period_end")
        span = (
            f"on {day(start)}" if start and start == end
            else f"since {day(start) or 'the start'}" + (f" (to {day(end)})" if end else "")
        )  # fmt: skip
        title = (
            f"{country_name(ev.get('country'))} {_PERFECT.get(ev['action'], ev['action'])} "
            f"{amount(ev['count'], ev['qualifier'])} {who(ev)} {span}"
        )
        if p.get("previous_count") is not None:
            previous = amount(p["previous_count"], p.get("previous_qualifier") or "exact")
            title += f", up from {previous}"
            lines.insert(0, f"**Series:** {previous} → {amount(ev['count'], ev['qualifier'])}")
    else:
        title = _event_title(ev, reported)
    if p.get("evidence"):
        lines += ["", f"> {p['evidence']}"]
    return Message(title, "\n".join(lines + _sources(alert)))


def digest(alerts: Sequence[Alert]) -> Message:
    """Many alerts as one message (channels configured with `digest = true`)."""
    rendered = [render(a) for a in alerts]
    title = f"newswatch: {len(rendered)} new figure{'s' if len(rendered) != 1 else ''}"
    parts = [f"### {m.title}\n\n{m.body}" for m in rendered]
    return Message(title, "\n\n---\n\n".join(parts))


def summary_message(p: dict[str, Any]) -> Message:
    """A backfill's one message: what it found, not each figure."""
    ev = p.get("events", {})
    title = (
        f"Backfill {p.get('since')} → {p.get('until')}: {ev.get('new_event', 0)} new events, "
        f"{ev.get('revised', 0)} revisions, {ev.get('series_value', 0)} series values"
    )
    body = (
        f"**Articles read:** {p.get('articles', 0)}\n**Figures:** {p.get('figures', 0)}\n\n"
        "See `newswatch events --since " + str(p.get("since")) + "` for the list."
    )
    return Message(title, body)


def baseline_message(p: dict[str, Any]) -> Message:
    """The first sight of new feeds: what they already held, in one message."""
    ev = p.get("events", {})
    feeds = list(p.get("feeds") or [])
    n_events = ev.get("new_event", 0)
    title = (
        f"Baseline: {plural(p.get('articles', 0), 'article')}, {plural(n_events, 'event')} "
        f"from {', '.join(feeds[:3]) or 'new feeds'}"
        + (f" and {len(feeds) - 3} more" if len(feeds) > 3 else "")
    )
    body = (
        "newswatch read what these feeds already held when it first checked them. Alerts "
        "for each new figure start with the next pass.\n\n"
        f"**Articles read:** {p.get('articles', 0)}\n**Figures:** {p.get('figures', 0)}\n"
        f"**New events:** {n_events}\n"
        f"**Revisions / series values:** {ev.get('revised', 0)} / {ev.get('series_value', 0)}"
        "\n\nSee `newswatch events` for the list."
    )
    return Message(title, body)


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def test_message(channel: str) -> Message:
    return Message(
        "newswatch test alert",
        f"A test message for the channel **{channel}**: alerts will arrive here.",
    )
