"""The reference scale (the handreiking's figure 3, "mate van betrokkenheid per voorbeeld").

One row per reference caseload, most engaged first: a bar from its lower to its upper value (a dot where it
is one number), on a shared caseload axis that runs from much engagement (few cases) to little (many). The
team's "ideal caseload" is a vertical line, the advised or decided band a shaded column. The same SVG goes
into the page and into the advice note's PDF.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from charts.base import PALETTE, LinearScale, value_axis


@dataclass(frozen=True)
class ScaleRow:
    label: str
    lower: float
    upper: float
    unit: str = ""


@dataclass(frozen=True)
class ScaleLabels:
    """Translated words the chart needs (the chart itself has no gettext, so the PDF and page agree)."""

    title: str
    desc: str
    more_engagement: str
    less_engagement: str
    ideal: str
    band: str
    axis: str


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _value_text(row: ScaleRow) -> str:
    return _fmt(row.lower) if row.upper == row.lower else f"{_fmt(row.lower)}–{_fmt(row.upper)}"


def _label_width(value: str) -> float:
    """The width of the white box behind a row's value (about 7 units a character at font-size 12)."""
    return len(value) * 7 + 4


def reference_scale_svg(
    rows: Sequence[ScaleRow],
    labels: ScaleLabels,
    *,
    ideal: float | None = None,
    band: tuple[float, float] | None = None,
    width: int = 720,
) -> str:
    label_width, right, top, row_height = 290, 30, 60, 32
    height = top + row_height * max(len(rows), 1) + 52
    values = [v for r in rows for v in (r.lower, r.upper)]
    values += [ideal] if ideal is not None else []
    values += list(band) if band else []
    axis = value_axis(values or [10], headroom=0.04, count=6)
    ticks = list(axis.ticks)
    x = LinearScale(0, ticks[-1], label_width, width - right)
    # the axis reaches far enough that each row's value, written after its bar, still fits in the picture
    for _ in range(100):
        if all(x(r.upper) + 8 + _label_width(_value_text(r)) <= width for r in rows):
            break
        ticks.append(ticks[-1] + axis.step)
        x = LinearScale(0, ticks[-1], label_width, width - right)
    plot_bottom = top + row_height * max(len(rows), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--scale" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-labelledby="scale-title scale-desc">',
        f'<title id="scale-title">{escape(labels.title)}</title>',
        f'<desc id="scale-desc">{escape(labels.desc)}</desc>',
        f'<text x="{label_width}" y="18" font-size="12" fill="{PALETTE["ink"]}">'
        f"← {escape(labels.more_engagement)}</text>",
        f'<text x="{width - right}" y="18" font-size="12" text-anchor="end" fill="{PALETTE["ink"]}">'
        f"{escape(labels.less_engagement)} →</text>",
    ]
    if band:
        x0, x1 = x(band[0]), x(band[1])
        parts.append(
            f'<rect x="{x0:.1f}" y="{top - 8}" width="{max(x1 - x0, 2):.1f}" height="{plot_bottom - top + 8}" '
            f'fill="{PALETTE["band"]}" stroke="{PALETTE["band_edge"]}" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{x0 + max(x1 - x0, 2) + 4:.1f}" y="{top - 14}" font-size="12" font-weight="bold" '
            f'fill="{PALETTE["band_edge"]}">{escape(labels.band)} {_fmt(band[0])}–{_fmt(band[1])}</text>'
        )
    for t in ticks:
        tx = x(t)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{plot_bottom}" stroke="#d0d0d0" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{tx:.1f}" y="{plot_bottom + 16}" font-size="12" text-anchor="middle" '
            f'fill="{PALETTE["ink"]}">{_fmt(t)}</text>'
        )
    parts.append(
        f'<text x="{(label_width + width - right) / 2:.1f}" y="{plot_bottom + 36}" font-size="12" '
        f'text-anchor="middle" fill="{PALETTE["ink"]}">{escape(labels.axis)}</text>'
    )
    if ideal is not None:
        ix = x(ideal)
        parts.append(
            f'<line x1="{ix:.1f}" y1="{top - 8}" x2="{ix:.1f}" y2="{plot_bottom}" stroke="{PALETTE["alert"]}" '
            f'stroke-width="3" stroke-dasharray="6 3"/>'
        )
    for i, row in enumerate(rows):
        cy = top + row_height * i + row_height / 2
        lines = textwrap.wrap(row.label, 42, break_long_words=False, max_lines=2, placeholder="…") or [""]
        first_y = cy + 4 - (len(lines) - 1) * 7
        tspans = "".join(
            f'<tspan x="{label_width - 8}" y="{first_y + 14 * j:.1f}">{escape(line)}</tspan>'
            for j, line in enumerate(lines)
        )
        parts.append(f'<text font-size="12" text-anchor="end" fill="{PALETTE["ink"]}">{tspans}</text>')
        x0, x1 = x(row.lower), x(row.upper)
        if row.upper > row.lower:
            parts.append(
                f'<line x1="{x0:.1f}" y1="{cy:.1f}" x2="{x1:.1f}" y2="{cy:.1f}" stroke="{PALETTE["blue"]}" '
                f'stroke-width="8" stroke-linecap="round"/>'
            )
        else:
            parts.append(f'<circle cx="{x0:.1f}" cy="{cy:.1f}" r="6" fill="{PALETTE["blue"]}"/>')
        value = _value_text(row)
        parts.append(
            f'<rect x="{x1 + 8:.1f}" y="{cy - 8:.1f}" width="{_label_width(value):.1f}" height="16" fill="#ffffff"/>'
            f'<text x="{x1 + 10:.1f}" y="{cy + 4:.1f}" font-size="12" fill="{PALETTE["ink"]}">{value}</text>'
        )
    if ideal is not None:
        parts.append(
            f'<text x="{ix - 4:.1f}" y="{top - 14}" font-size="12" font-weight="bold" text-anchor="end" '
            f'fill="{PALETTE["alert"]}">{escape(labels.ideal)} {_fmt(ideal)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
