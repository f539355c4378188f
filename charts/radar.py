"""The spider web (radar chart) of figure 4 of the handreiking: one axis per factor, the team's actual scores
as a red line against the ideal as a grey dashed line.

Pure SVG with presentation attributes only (no CSS, no script), so the same markup works in a page, in a
WeasyPrint PDF and under the CSP. The figure carries ``role="img"``, a ``<title>`` and a ``<desc>``; pages show
the numbers as a table as well.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from charts.base import PALETTE, scroll_box

_ids = count(1)


def _svg(template: str, *args: object) -> str:
    """Fill ``template`` ({} or {:.1f} fields): text arguments are escaped, numbers formatted."""
    return template.format(*(escape(a) if isinstance(a, str) else a for a in args))


class _Raw:
    """Already-escaped markup passed through ``_svg`` unchanged."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def __format__(self, spec: str) -> str:
        return self.markup


def _point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return cx + radius * math.sin(angle), cy - radius * math.cos(angle)


def _known(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _polygon(cx: float, cy: float, radius: float, values: Sequence[float], scale_max: float) -> str:
    """Points on each axis at its value, held within 0…``scale_max`` (the outer ring)."""
    n = len(values)
    points = [
        _point(cx, cy, radius * max(0.0, min(v, scale_max)) / scale_max, 2 * math.pi * i / n)
        for i, v in enumerate(values)
    ]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _shape(
    cx: float, cy: float, radius: float, values: Sequence[float | None], scale_max: float, stroke: str, fill: str
) -> str:
    """A closed polygon through every axis; where a value is missing (None, NaN) the shape has a gap there
    instead (an unfilled polyline per run of known axes, around the circle), so a missing score is never 0."""
    n = len(values)
    known = [_known(v) for v in values]
    if all(known):
        return f'<polygon points="{_polygon(cx, cy, radius, values, scale_max)}" {fill} {stroke}/>'  # type: ignore[arg-type]
    first_gap = known.index(False)
    runs: list[list[int]] = [[]]
    for i in ((first_gap + 1 + k) % n for k in range(n)):  # start just after a gap, so no run wraps around
        if known[i]:
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    out = []
    for run in (r for r in runs if len(r) > 1):
        points = [
            _point(cx, cy, radius * max(0.0, min(float(values[i]), scale_max)) / scale_max, 2 * math.pi * i / n)  # type: ignore[arg-type]
            for i in run
        ]
        out.append(f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" {stroke}/>')
    return "".join(out)


def radar_svg(
    labels: Sequence[str],
    actual: Sequence[float],
    ideal: Sequence[float] | None = None,
    *,
    scale_max: int = 5,
    title: str,
    description: str,
    actual_label: str = "actual",
    ideal_label: str = "ideal",
    size: int = 560,
) -> SafeString:
    """An accessible SVG spider web. ``actual`` and ``ideal`` are on 0…``scale_max`` (rings at each whole step)."""
    n = len(labels)
    if n < 3:
        raise ValueError("a spider web needs at least three axes")
    if len(actual) != n or (ideal is not None and len(ideal) != n):
        raise ValueError("one value per axis")
    uid = next(_ids)
    margin_x, margin_y = 160, 80
    radius = size / 2 - 20
    width, height = size + 2 * margin_x, size + 2 * margin_y + 30
    cx, cy = width / 2, margin_y + size / 2
    parts: list[str] = [
        _svg(
            '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
            'class="chart radar" aria-labelledby="radar-t{} radar-d{}" font-family="sans-serif" font-size="{}">'
            '<title id="radar-t{}">{}</title><desc id="radar-d{}">{}</desc>',
            width,
            height,
            width,
            height,
            uid,
            uid,
            14 if n > 12 else 15,
            uid,
            title,
            uid,
            description,
        )
    ]
    # rings and their values
    for step in range(1, scale_max + 1):
        ring = _polygon(cx, cy, radius, [step] * n, scale_max)
        parts.append(_svg('<polygon points="{}" fill="none" stroke="#d0d0d0" stroke-width="1"/>', ring))
        parts.append(
            _svg(
                '<text x="{:.1f}" y="{:.1f}" fill="{}" font-size="12" text-anchor="start">{}</text>',
                cx + 4,
                cy - radius * step / scale_max + 13,
                PALETTE["grey"],
                step,
            )
        )
    # axes and labels
    for i, label in enumerate(labels):
        angle = 2 * math.pi * i / n
        x, y = _point(cx, cy, radius, angle)
        parts.append(
            _svg(
                '<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#b0b0b0" stroke-width="1"/>',
                cx,
                cy,
                x,
                y,
            )
        )
        lx, ly = _point(cx, cy, radius + 12, angle)
        sin, cos = math.sin(angle), math.cos(angle)
        anchor = "middle" if abs(sin) < 0.05 else ("start" if sin > 0 else "end")
        dense = n > 12
        line_height = 15 if dense else 17
        lines = textwrap.wrap(label, 16 if dense else 22, break_long_words=False) or [label]
        extra = (len(lines) - 1) * line_height
        # near the top or bottom a label grows away from the centre; at the sides it is centred on the axis end
        near_pole = abs(sin) < 0.3
        offset = (-extra - 6 if cos > 0 else 8.0) if near_pole else -extra / 2
        tspans = "".join(
            _svg('<tspan x="{:.1f}" dy="{}">{}</tspan>', lx, 0 if j == 0 else line_height, line)
            for j, line in enumerate(lines)
        )
        parts.append(
            _svg(
                '<text x="{:.1f}" y="{:.1f}" text-anchor="{}" fill="{}" dominant-baseline="middle"{}>{}</text>',
                lx,
                ly + offset,
                anchor,
                PALETTE["ink"],
                _Raw(' font-size="13"' if dense else ""),
                _Raw(tspans),
            )
        )
    if ideal is not None:
        parts.append(
            _shape(
                cx,
                cy,
                radius,
                ideal,
                scale_max,
                f'stroke="{PALETTE["ideal"]}" stroke-width="3" stroke-dasharray="8 5"',
                'fill="none"',
            )
        )
    parts.append(
        _shape(
            cx,
            cy,
            radius,
            actual,
            scale_max,
            f'stroke="{PALETTE["alert"]}" stroke-width="3"',
            f'fill="{PALETTE["alert"]}" fill-opacity="0.12"',
        )
    )
    for i, v in enumerate(actual):
        if not _known(v):
            continue
        x, y = _point(cx, cy, radius * max(0.0, min(v, scale_max)) / scale_max, 2 * math.pi * i / n)
        parts.append(_svg('<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"/>', x, y, PALETTE["alert"]))
    # legend
    ly = height - 22
    parts.append(
        _svg(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>'
            '<text x="{}" y="{}" fill="{}" dominant-baseline="middle">{}</text>',
            margin_x,
            ly,
            margin_x + 36,
            ly,
            PALETTE["alert"],
            margin_x + 44,
            ly,
            PALETTE["ink"],
            actual_label,
        )
    )
    if ideal is not None:
        parts.append(
            _svg(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" stroke-dasharray="8 5"/>'
                '<text x="{}" y="{}" fill="{}" dominant-baseline="middle">{}</text>',
                width / 2 + 20,
                ly,
                width / 2 + 56,
                ly,
                PALETTE["ideal"],
                width / 2 + 64,
                ly,
                PALETTE["ink"],
                ideal_label,
            )
        )
    parts.append("</svg>")
    return mark_safe(scroll_box("".join(parts), escape(title)))
