"""Charts as inline SVG, drawn on the server. Pure: values in, markup out.

Server-side SVG needs no script and no network (the view works offline and with scripts off),
prints and screenshots as it looks, and stays a few kilobytes at a year of weeks. Every label is
escaped: names come from third-party text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

# A palette that stays distinct for the colour-blind (Okabe-Ito), then greys.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    "#999999", "#666666",
)  # fmt: skip
OTHER = "other"


def _nice_max(value: int) -> int:
    """The axis maximum: 1, 2 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= value:
                return step * m
        step *= 10


def _fmt(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M".replace(".0M", "M")
    if n >= 10_000:
        return f"{n // 1000}k"
    return f"{n:,}"


def top_keys(totals: Mapping[str, int], keep: int = len(PALETTE) - 1) -> list[str]:
    """The `keep` largest keys; the rest are drawn together as 'other'."""
    return [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]]


def stacked_weeks(
    weeks: Sequence[dt.date],
    stacks: Mapping[str, Sequence[int]],
    *,
    title: str,
    width: int = 860,
    height: int = 260,
    link: str | None = None,
) -> str:
    """Weekly bars stacked by key (`stacks[key][i]` is week i's value); a legend under them.
    `link`: a URL template with {since} and {until} making each bar a link to its week's
    events."""
    left, right, top, bottom = 48, 8, 10, 22
    legend_h = 20 * ((len(stacks) + 4) // 5)
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(v[i] for v in stacks.values()) for i in range(len(weeks))]
    ymax = _nice_max(max(totals, default=0))
    n = max(len(weeks), 1)
    bar = plot_w / n
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height + legend_h}" width="100%" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="axis">'
            f"{_fmt(int(ymax * frac))}</text>"
        )
    colours = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(stacks)}
    for i, week in enumerate(weeks):
        x = left + i * bar
        y = top + plot_h
        label = [f"week of {week:%d %b %Y}: {totals[i]:,}"]
        parts = []
        for key, values in stacks.items():
            v = values[i]
            if not v:
                continue
            h = plot_h * v / ymax
            y -= h
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar - 2, 1):.1f}" '
                f'height="{h:.1f}" fill="{colours[key]}"/>'
            )
            label.append(f"{key}: {v:,}")
        tip = escape("; ".join(label))
        group = f"<g><title>{tip}</title>{''.join(parts)}</g>"
        if link and totals[i]:
            href = link.format(since=week.isoformat(), until=(week + dt.timedelta(6)).isoformat())
            group = f'<a href="{escape(href)}">{group}</a>'
        out.append(group)
        if i % max(1, n // 8) == 0:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle" '
                f'class="axis">{week:%d %b}</text>'
            )
    for j, key in enumerate(stacks):
        lx = left + (j % 5) * ((width - left) / 5)
        ly = height + 6 + 20 * (j // 5)
        out.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="12" height="12" fill="{colours[key]}"/>'
            f'<text x="{lx + 16:.1f}" y="{ly + 11}" class="legend">{escape(key)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def count_history(points: Sequence[tuple[str, int, str]], *, width: int = 520) -> str:
    """The history of an event's count as a small timeline: one labelled dot per value
    (label, count, kind: first / refined / revised), joined left to right."""
    height = 92
    left, right = 30, 30
    n = len(points)
    if not n:
        return ""
    ymax = _nice_max(max(c for _, c, _ in points))
    step = (width - left - right) / max(n - 1, 1)
    xy = [
        (left + i * step if n > 1 else width / 2, 62 - 40 * c / ymax)
        for i, (_, c, _) in enumerate(points)
    ]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" aria-label="history of the count">'
        "<title>history of the count</title>"
    ]
    if n > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        out.append(f'<polyline points="{path}" class="line"/>')
    for (label, count, kind), (x, y) in zip(points, xy, strict=True):
        out.append(
            f'<g class="point {escape(kind)}"><title>{escape(f"{kind}: {count:,} ({label})")}'
            f'</title><circle cx="{x:.1f}" cy="{y:.1f}" r="5"/>'
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle">{count:,}</text>'
            f'<text x="{x:.1f}" y="{height - 14}" text-anchor="middle" class="axis">'
            f"{escape(kind)}</text>"
            f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" class="axis">'
            f"{escape(label)}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


def series_line(
    points: Sequence[tuple[dt.date | None, int, bool]], *, width: int = 520, height: int = 160
) -> str:
    """A cumulative series: its values by the day each runs to; the current event's value
    marked."""
    dated = [(d, c, cur) for d, c, cur in points if d is not None]
    if not dated:
        return ""
    left, right, top, bottom = 56, 16, 10, 24
    d0, d1 = dated[0][0], dated[-1][0]
    span = max((d1 - d0).days, 1)
    ymax = _nice_max(max(c for _, c, _ in dated))

    def x(d: dt.date) -> float:
        return left + (width - left - right) * ((d - d0).days / span if d1 != d0 else 0.5)

    def y(c: int) -> float:
        return top + (height - top - bottom) * (1 - c / ymax)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart series" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" aria-label="values of the series">'
        "<title>values of the series</title>"
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" class="axis">{_fmt(ymax)}</text>'
        f'<text x="{left - 4}" y="{height - bottom + 4}" text-anchor="end" class="axis">0</text>'
        f'<text x="{left}" y="{height - 6}" class="axis">{d0:%d %b %Y}</text>'
        f'<text x="{width - right}" y="{height - 6}" text-anchor="end" class="axis">'
        f"{d1:%d %b %Y}</text>"
    ]
    path = " ".join(f"{x(d):.1f},{y(c):.1f}" for d, c, _ in dated)
    out.append(f'<polyline points="{path}" class="line"/>')
    for d, c, cur in dated:
        out.append(
            f'<circle cx="{x(d):.1f}" cy="{y(c):.1f}" r="{6 if cur else 3.5}" '
            f'class="{"current" if cur else "value"}"><title>{c:,} up to {d}</title></circle>'
        )
    out.append("</svg>")
    return "".join(out)
