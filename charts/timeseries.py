"""Weekly time-series charts as server-rendered SVG: lines against a shaded band, and paired bars.

Used by the caseload dashboard (caseload against the band per person, team caseload against the normative
caseload, inflow/outflow, deployable formation). Each chart carries ``role="img"``, a ``<title>`` and a
``<desc>``; the page shows the same numbers in a table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from charts.base import PALETTE, LinearScale, nice_ticks, polyline_points

_ids = count(1)


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float]
    colour: str = PALETTE["blue"]
    dashed: bool = False


def _finite(values: Sequence[float]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def _segments(xs: Sequence[float], values: Sequence[float], y: LinearScale) -> list[str]:
    """Polyline point strings for each run of finite values (gaps where a value is missing)."""
    out, current_x, current_y = [], [], []
    for x, v in zip(xs, values, strict=True):
        if v is None or not math.isfinite(float(v)):
            if current_x:
                out.append(polyline_points(current_x, current_y))
            current_x, current_y = [], []
            continue
        current_x.append(x)
        current_y.append(y(float(v)))
    if current_x:
        out.append(polyline_points(current_x, current_y))
    return out


def _frame(
    width: int, height: int, title: str, desc: str, low: float, high: float, mondays: Sequence[dt.date]
) -> tuple[list[str], LinearScale, LinearScale, str]:
    ident = f"ts{next(_ids)}"
    left, right, top, bottom = 44, 12, 12, 28
    ticks = nice_ticks(min(low, 0.0), high if high > low else low + 1)
    if len(ticks) > 1 and ticks[-1] < high:
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    y = LinearScale(ticks[0], ticks[-1], height - bottom, top)
    n = max(len(mondays) - 1, 1)
    x = LinearScale(0, n, left, width - right)
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>',
    ]
    for t in ticks:
        py = y(t)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{py:.1f}" y2="{py:.1f}" stroke="#e0e0e0" stroke-width="1"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{py + 4:.1f}" text-anchor="end" font-size="11">{t:g}</text>')
    step = max(1, math.ceil(len(mondays) / 6))
    for i in range(0, len(mondays), step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="middle" font-size="11">{mondays[i]:%d-%m}</text>'
        )
    return parts, x, y, ident


def line_chart(
    *,
    title: str,
    desc: str,
    mondays: Sequence[dt.date],
    lines: Sequence[Line],
    band: tuple[Sequence[float], Sequence[float]] | None = None,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """Weekly lines, optionally over a shaded band (lower/upper per week; gaps where the band is missing)."""
    values = [v for line in lines for v in _finite(line.values)]
    if band is not None:
        values += _finite(band[0]) + _finite(band[1])
    high = max(values, default=1.0)
    parts, x, y, _ident = _frame(width, height, title, desc, 0.0, high * 1.05, mondays)
    xs = [x(i) for i in range(len(mondays))]
    if band is not None:
        lower, upper = list(band[0]), list(band[1])
        run: list[int] = []
        for i in range(len(mondays) + 1):
            ok = i < len(mondays) and all(v is not None and math.isfinite(float(v)) for v in (lower[i], upper[i]))
            if ok:
                run.append(i)
                continue
            if run:
                top = [(xs[k], y(float(upper[k]))) for k in run]
                bottom = [(xs[k], y(float(lower[k]))) for k in reversed(run)]
                if len(run) == 1:
                    top = [(top[0][0] - 3, top[0][1]), (top[0][0] + 3, top[0][1])]
                    bottom = [(bottom[0][0] + 3, bottom[0][1]), (bottom[0][0] - 3, bottom[0][1])]
                points = " ".join(f"{px:.1f},{py:.1f}" for px, py in top + bottom)
                parts.append(
                    f'<polygon points="{points}" fill="{PALETTE["band"]}" stroke="{PALETTE["band_edge"]}" '
                    f'stroke-width="1"/>'
                )
            run = []
    for line in lines:
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        for seg in _segments(xs, line.values, y):
            parts.append(f'<polyline points="{seg}" fill="none" stroke="{line.colour}" stroke-width="2.5"{dash}/>')
        finite = [(xs[i], float(v)) for i, v in enumerate(line.values) if v is not None and math.isfinite(float(v))]
        if len(finite) == 1:
            parts.append(f'<circle cx="{finite[0][0]:.1f}" cy="{y(finite[0][1]):.1f}" r="3" fill="{line.colour}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text is escaped above


def bar_chart(
    *,
    title: str,
    desc: str,
    mondays: Sequence[dt.date],
    bars: Sequence[Line],
    width: int = 640,
    height: int = 200,
) -> SafeString:
    """Side-by-side bars per week (e.g. inflow and outflow)."""
    values = [v for b in bars for v in _finite(b.values)]
    parts, x, y, _ident = _frame(width, height, title, desc, 0.0, max(values, default=1.0), mondays)
    n = max(len(mondays), 1)
    slot = (x(n - 1) - x(0)) / max(n - 1, 1) if n > 1 else 40
    bar_w = max(1.0, slot * 0.8 / max(len(bars), 1))
    for j, b in enumerate(bars):
        for i, v in enumerate(b.values):
            if v is None or not math.isfinite(float(v)) or float(v) <= 0:
                continue
            px = x(i) - slot * 0.4 + j * bar_w
            py = y(float(v))
            parts.append(
                f'<rect x="{px:.1f}" y="{py:.1f}" width="{bar_w:.1f}" height="{y(0) - py:.1f}" fill="{b.colour}"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text is escaped above


def legend_items(lines: Sequence[Line]) -> list[dict[str, object]]:
    return [{"label": line.label, "colour": line.colour, "dashed": line.dashed} for line in lines]
