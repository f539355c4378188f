"""The fan chart: a forecast's median with its 50% and 90% bands, against the band's upper (and lower) bound.

The last weeks of history run in as a solid line, the forecast fans out from there. Pure SVG with
presentation attributes (no CSS, no script): it works in a page, a PDF and under the CSP. The figure has
``role="img"``, a ``<title>`` and a ``<desc>``; pages show the numbers as a table too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from charts.base import PALETTE, LinearScale, finite, polyline_points, scroll_box, value_axis

_ids = count(1)

FAN_90 = "#c6d4e6"
FAN_50 = "#7f9cc4"
"""Blues of the palette's blue, lightened; the median line carries the contrast (PALETTE['blue'])."""


@dataclass(frozen=True)
class FanChart:
    """What the chart draws. ``history`` are the caseloads of the weeks before ``mondays[0]``; ``upper`` and
    ``lower`` the band in cases per forecast week (NaN or empty: no band)."""

    title: str
    description: str
    mondays: Sequence[dt.date]
    p05: Sequence[float]
    p25: Sequence[float]
    p50: Sequence[float]
    p75: Sequence[float]
    p95: Sequence[float]
    history: Sequence[float] = ()
    upper: Sequence[float] = ()
    lower: Sequence[float] = ()
    labels: dict[str, str] | None = None


def _finite(values: Sequence[float]) -> list[float]:
    return finite(values)


def _known(value: float | None) -> bool:
    return value is not None and math.isfinite(float(value))


def _runs(low: Sequence[float], high: Sequence[float], n: int) -> list[tuple[int, int]]:
    """(start, stop) of each run of weeks below ``n`` where both series have a value."""
    runs: list[tuple[int, int]] = []
    start = None
    for k in range(min(n, len(low), len(high)) + 1):
        known = k < min(n, len(low), len(high)) and _known(low[k]) and _known(high[k])
        if known and start is None:
            start = k
        elif not known and start is not None:
            runs.append((start, k))
            start = None
    return runs


def fan_svg(chart: FanChart, *, width: int = 720, height: int = 320) -> SafeString:
    labels = {
        "history": "history",
        "median": "median",
        "band50": "50%",
        "band90": "90%",
        "upper": "upper bound",
        "lower": "lower bound",
    }
    labels.update(chart.labels or {})
    n_hist, n = len(chart.history), len(chart.mondays)
    left, right, top, bottom = 48, 16, 16, 64
    first: float = -n_hist
    last: float = n - 1
    if last <= first:  # a single week (or none): in the middle
        first, last = first - 0.5, last + 0.5
    x = LinearScale(first, last, left, width - right)
    # a caseload is a count: the axis starts at 0 and covers the fan, the median, the history and the band
    series = (chart.p05, chart.p25, chart.p50, chart.p75, chart.p95, chart.history, chart.upper, chart.lower)
    axis = value_axis(*series, headroom=0.08)
    ticks = axis.ticks
    y = axis.scale(height - bottom, top)
    uid = next(_ids)
    parts = [
        f'<svg class="chart chart--fan" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="fan-title-{uid} fan-desc-{uid}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="fan-title-{uid}">{escape(chart.title)}</title>',
        f'<desc id="fan-desc-{uid}">{escape(chart.description)}</desc>',
    ]
    for t in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e3e3e3" />'
            f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="12">{axis.label(t)}</text>'
        )
    xs = [x(k) for k in range(n)]

    def band(lo: Sequence[float], hi: Sequence[float], colour: str) -> None:
        """The area between ``lo`` and ``hi``, a polygon per run of weeks where both are known."""
        for a, b in _runs(lo, hi, n):
            run = xs[a:b] if b - a > 1 else [max(xs[a] - 3, left), min(xs[a] + 3, width - right)]
            top_y = [y(float(v)) for v in hi[a:b]] * (1 if b - a > 1 else 2)
            bottom_y = [y(float(v)) for v in lo[a:b]] * (1 if b - a > 1 else 2)
            pts = polyline_points(run + run[::-1], top_y + bottom_y[::-1])
            parts.append(f'<polygon points="{pts}" fill="{colour}" stroke="none" />')

    def line(px: Sequence[float], values: Sequence[float], attributes: str, colour: str) -> None:
        """A polyline per run of known values (a missing week is a gap); a lone week is a dot."""
        for a, b in _runs(values, values, len(values)):
            if b - a == 1:
                parts.append(f'<circle cx="{px[a]:.1f}" cy="{y(float(values[a])):.1f}" r="3" fill="{colour}" />')
            else:
                points = polyline_points(px[a:b], [y(float(v)) for v in values[a:b]])
                parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" {attributes} />')

    if n:
        band(chart.p05, chart.p95, FAN_90)
        band(chart.p25, chart.p75, FAN_50)
        line(xs, chart.p50, 'stroke-width="2.5"', PALETTE["blue"])
    if n_hist:
        hx = [x(k) for k in range(-n_hist, 0)] + ([xs[0]] if n else [])
        line(hx, [*chart.history, *chart.p50[:1]], 'stroke-width="2"', PALETTE["ink"])
    for bound, colour, dash in ((chart.upper, PALETTE["alert"], "6 4"), (chart.lower, PALETTE["band_edge"], "2 4")):
        if n and _finite(bound[:n]):
            line(xs, bound[:n], f'stroke-width="2" stroke-dasharray="{dash}"', colour)
    step = max(1, (n_hist + n) // 8)
    for k in range(-n_hist, n, step):
        monday = chart.mondays[0] + dt.timedelta(weeks=k) if n else None
        if monday is None:
            break
        anchor = "end" if x(k) + 24 > width else "middle"  # a date near the edge stays inside the picture
        parts.append(
            f'<text x="{x(k):.1f}" y="{height - bottom + 16}" text-anchor="{anchor}" font-size="12">'
            f"{escape(date_format(monday, 'j b'))}</text>"
        )
    if n:
        parts.append(
            f'<line x1="{xs[0]:.1f}" x2="{xs[0]:.1f}" y1="{top}" y2="{height - bottom}" stroke="{PALETTE["grey"]}" />'
        )
    legend = [
        ("line", PALETTE["ink"], labels["history"], ""),
        ("line", PALETTE["blue"], labels["median"], ""),
        ("box", FAN_50, labels["band50"], ""),
        ("box", FAN_90, labels["band90"], ""),
    ]
    if n and _finite(chart.upper[:n]):
        legend.append(("line", PALETTE["alert"], labels["upper"], "6 4"))
    if n and _finite(chart.lower[:n]):
        legend.append(("line", PALETTE["band_edge"], labels["lower"], "2 4"))
    # the legend in rows that fit the width (a second row above the first when the chart is narrow)
    rows: list[list[tuple[int, tuple[str, str, str, str]]]] = [[]]
    lx = left
    for item in legend:
        advance = 40 + 7 * len(item[2])
        if rows[-1] and lx + advance - 12 > width - right:
            rows.append([])
            lx = left
        rows[-1].append((lx, item))
        lx += advance
    placed = [(lx, height - 22 - 18 * (len(rows) - 1 - r), item) for r, row in enumerate(rows) for lx, item in row]
    for lx, ly, (kind, colour, text, dash) in placed:
        if kind == "line":
            parts.append(
                f'<line x1="{lx}" x2="{lx + 22}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2.5"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + " />"
            )
        else:
            parts.append(f'<rect x="{lx}" y="{ly - 7}" width="22" height="14" fill="{colour}" />')
        parts.append(f'<text x="{lx + 28}" y="{ly + 4}" font-size="12">{escape(text)}</text>')
    parts.append("</svg>")
    return mark_safe(scroll_box("".join(parts), escape(chart.title)))
