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

from charts.base import PALETTE, LinearScale, nice_ticks, polyline_points

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
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


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
    x = LinearScale(-n_hist, max(n - 1, 1), left, width - right)
    values = _finite(chart.p05) + _finite(chart.p95) + _finite(chart.history) + _finite(chart.upper)
    values += _finite(chart.lower)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((high - low) * 0.08, 1.0)
    ticks = nice_ticks(max(low - pad, 0.0), high + pad, 5)
    if ticks[-1] < high + pad:
        ticks.append(ticks[-1] + (ticks[-1] - ticks[-2] if len(ticks) > 1 else 1.0))
    y = LinearScale(ticks[0], ticks[-1], height - bottom, top)
    uid = next(_ids)
    parts = [
        f'<svg class="chart chart--fan" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="fan-title-{uid} fan-desc-{uid}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="fan-title-{uid}">{escape(chart.title)}</title>',
        f'<desc id="fan-desc-{uid}">{escape(chart.description)}</desc>',
    ]
    for t in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e3e3e3" />'
            f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="12">{t:g}</text>'
        )
    xs = [x(k) for k in range(n)]

    def band(lo: Sequence[float], hi: Sequence[float], colour: str) -> str:
        pts = polyline_points(xs + xs[::-1], [y(v) for v in hi] + [y(v) for v in lo][::-1])
        return f'<polygon points="{pts}" fill="{colour}" stroke="none" />'

    if n:
        parts.append(band(chart.p05, chart.p95, FAN_90))
        parts.append(band(chart.p25, chart.p75, FAN_50))
        parts.append(
            f'<polyline points="{polyline_points(xs, [y(v) for v in chart.p50])}" fill="none" '
            f'stroke="{PALETTE["blue"]}" stroke-width="2.5" />'
        )
    if n_hist:
        hx = [x(k) for k in range(-n_hist, 0)] + ([xs[0]] if n else [])
        hy = [y(v) for v in chart.history] + ([y(chart.p50[0])] if n else [])
        parts.append(
            f'<polyline points="{polyline_points(hx, hy)}" fill="none" stroke="{PALETTE["ink"]}" stroke-width="2" />'
        )
    for series, colour, dash in ((chart.upper, PALETTE["alert"], "6 4"), (chart.lower, PALETTE["band_edge"], "2 4")):
        if len(_finite(series)) == n and n:
            parts.append(
                f'<polyline points="{polyline_points(xs, [y(v) for v in series])}" fill="none" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" />'
            )
    step = max(1, (n_hist + n) // 8)
    for k in range(-n_hist, n, step):
        monday = chart.mondays[0] + dt.timedelta(weeks=k) if n else None
        if monday is None:
            break
        parts.append(
            f'<text x="{x(k):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11">'
            f"{escape(date_format(monday, 'j M'))}</text>"
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
    if len(_finite(chart.upper)) == n and n:
        legend.append(("line", PALETTE["alert"], labels["upper"], "6 4"))
    if len(_finite(chart.lower)) == n and n:
        legend.append(("line", PALETTE["band_edge"], labels["lower"], "2 4"))
    lx = left
    ly = height - 22
    for kind, colour, text, dash in legend:
        if kind == "line":
            parts.append(
                f'<line x1="{lx}" x2="{lx + 22}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2.5"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + " />"
            )
        else:
            parts.append(f'<rect x="{lx}" y="{ly - 7}" width="22" height="14" fill="{colour}" />')
        parts.append(f'<text x="{lx + 28}" y="{ly + 4}" font-size="12">{escape(text)}</text>')
        lx += 40 + 7 * len(text)
    parts.append("</svg>")
    return mark_safe("".join(parts))
