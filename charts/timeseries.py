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
from functools import lru_cache
from itertools import count

import numpy as np
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from charts.base import PALETTE, Axis, LinearScale, scroll_box, value_axis

_ids = count(1)


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float]
    colour: str = PALETTE["blue"]
    dashed: bool = False


def _array(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """The values as float64, a missing value (None) as NaN; an array of floats is used as it is."""
    if isinstance(values, np.ndarray) and values.dtype != object:
        return values.astype(np.float64, copy=False)
    return np.array([math.nan if v is None else v for v in values], dtype=np.float64)


def _finite(values: Sequence[float] | np.ndarray) -> list[float]:
    array = _array(values)
    return array[np.isfinite(array)].tolist()


def _pixels(scale: LinearScale, values: np.ndarray) -> np.ndarray:
    """``scale`` applied to every value, with the same arithmetic in the same order (identical pixels)."""
    span = scale.domain_max - scale.domain_min
    if span == 0:
        return np.full(values.shape, (scale.pixel_min + scale.pixel_max) / 2)
    return scale.pixel_min + (values - scale.domain_min) / span * (scale.pixel_max - scale.pixel_min)


_format_1 = "{:.1f}".format


@lru_cache(maxsize=64)
def _x_axis(n: int, x: LinearScale) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The x pixel of each week and its text ``"x,"`` (the same for every chart of this size)."""
    xs = tuple(x(i) for i in range(n))
    return xs, tuple(f"{px:.1f}," for px in xs)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of True values."""
    if not mask.any():
        return []
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))


def _segments(x_texts: Sequence[str], values: np.ndarray, y: LinearScale) -> list[str]:
    """Polyline point strings for each run of finite values (gaps where a value is missing)."""
    finite = np.isfinite(values)
    runs = _runs(finite)
    if not runs:
        return []
    y_texts = list(map(_format_1, _pixels(y, np.where(finite, values, 0.0)).tolist()))
    return [" ".join(map(str.__add__, x_texts[a:b], y_texts[a:b])) for a, b in runs]


def _frame(
    width: int,
    height: int,
    title: str,
    desc: str,
    axis: Axis,
    mondays: Sequence[dt.date],
    inset: float = 0.0,
) -> tuple[list[str], LinearScale, LinearScale, str]:
    """The frame: gridlines and tick labels of ``axis`` (which covers every plotted value), the weeks along
    the bottom. ``inset``: weeks of room kept at either end (bars are a week wide, centred on their week);
    a single week sits in the middle."""
    ident = f"ts{next(_ids)}"
    left, right, top, bottom = 44, 12, 12, 28
    ticks = axis.ticks
    y = axis.scale(height - bottom, top)
    last = len(mondays) - 1
    if last < 1:
        inset = max(inset, 0.5)
    x = LinearScale(-inset, max(last, 0) + inset if inset else max(last, 1), left, width - right)
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
        parts.append(f'<text x="{left - 6}" y="{py + 4:.1f}" text-anchor="end" font-size="12">{axis.label(t)}</text>')
    step = max(1, math.ceil(len(mondays) / 6))
    for i in range(0, len(mondays), step):
        # a date near an edge is anchored at that edge, so that it stays inside the picture
        anchor = "end" if x(i) + 20 > width else "start" if x(i) < 20 else "middle"
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="{anchor}" font-size="12">{mondays[i]:%d-%m}</text>'
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
    arrays = [_array(line.values) for line in lines]
    if band is not None:
        lower, upper = _array(band[0])[: len(mondays)], _array(band[1])[: len(mondays)]
    axis = value_axis(*map(_finite, arrays), *((_finite(lower), _finite(upper)) if band is not None else ()))
    parts, x, y, _ident = _frame(width, height, title, desc, axis, mondays)
    xs, x_texts = _x_axis(len(mondays), x)
    if band is not None:
        both = np.isfinite(lower[: len(mondays)]) & np.isfinite(upper[: len(mondays)])
        top_y = _pixels(y, np.where(both, upper[: len(mondays)], 0.0)).tolist()
        bottom_y = _pixels(y, np.where(both, lower[: len(mondays)], 0.0)).tolist()
        for a, b in _runs(both):
            if b - a == 1:  # a week's band between gaps: a narrow box, kept within the plot
                x0, x1 = max(xs[a] - 3, x.pixel_min), min(xs[a] + 3, x.pixel_max)
                points = (
                    f"{x0:.1f},{top_y[a]:.1f} {x1:.1f},{top_y[a]:.1f} "
                    f"{x1:.1f},{bottom_y[a]:.1f} {x0:.1f},{bottom_y[a]:.1f}"
                )
            else:
                top = " ".join(map(str.__add__, x_texts[a:b], map(_format_1, top_y[a:b])))
                bottom = " ".join(
                    map(
                        str.__add__,
                        x_texts[b - 1 : a - 1 if a else None : -1],
                        map(_format_1, bottom_y[b - 1 : a - 1 if a else None : -1]),
                    )
                )
                points = f"{top} {bottom}"
            parts.append(
                f'<polygon points="{points}" fill="{PALETTE["band"]}" stroke="{PALETTE["band_edge"]}" '
                f'stroke-width="1"/>'
            )
    for line, array in zip(lines, arrays, strict=True):
        if len(array) != len(mondays):
            raise ValueError("a line needs one value per week")
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        for seg in _segments(x_texts, array, y):
            parts.append(f'<polyline points="{seg}" fill="none" stroke="{line.colour}" stroke-width="2.5"{dash}/>')
        for a, b in _runs(np.isfinite(array)):
            if b - a == 1:  # a week between gaps: a dot, or it would not be seen
                parts.append(f'<circle cx="{xs[a]:.1f}" cy="{y(float(array[a])):.1f}" r="3" fill="{line.colour}"/>')
    parts.append("</svg>")
    return mark_safe(scroll_box("".join(parts), escape(title)))  # every text is escaped above


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
    arrays = [_array(b.values) for b in bars]
    for array in arrays:
        if len(array) != len(mondays):
            raise ValueError("a bar series needs one value per week")
    axis = value_axis(*map(_finite, arrays))
    parts, x, y, _ident = _frame(width, height, title, desc, axis, mondays, inset=0.5)
    slot = x(1) - x(0)
    bar_w = max(1.0, slot * 0.8 / max(len(bars), 1))
    xs = np.array([x(i) for i in range(len(mondays))], dtype=np.float64)
    base = y(0)
    for j, (b, array) in enumerate(zip(bars, arrays, strict=True)):
        shown = np.flatnonzero(np.isfinite(array) & (array != 0))  # a missing week is a gap, not a zero bar
        pxs = (xs[shown] - slot * 0.4 + j * bar_w).tolist()
        pys = _pixels(y, array[shown]).tolist()
        parts.extend(
            f'<rect x="{px:.1f}" y="{min(py, base):.1f}" width="{bar_w:.1f}" height="{abs(base - py):.1f}" '
            f'fill="{b.colour}"/>'
            for px, py in zip(pxs, pys, strict=True)
        )
    parts.append("</svg>")
    return mark_safe(scroll_box("".join(parts), escape(title)))  # every text is escaped above


def legend_items(lines: Sequence[Line]) -> list[dict[str, object]]:
    return [{"label": line.label, "colour": line.colour, "dashed": line.dashed} for line in lines]
