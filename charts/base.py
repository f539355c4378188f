"""Shared pieces for server-rendered SVG charts.

Charts are SVG built on the server, so that a page and its PDF show the same picture, nothing depends on
JavaScript, and every chart can carry a <title>, a <desc> and a data table for screen readers. No inline
``style`` attributes (the CSP forbids them): use presentation attributes (fill, stroke) or CSS classes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format

# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphical objects).
PALETTE = {
    "ink": "#1b1b1b",
    "blue": "#154273",
    "band": "#cfe3d4",
    "band_edge": "#1b6b35",
    "alert": "#a4161a",
    "warn": "#8a4b00",
    "grey": "#767676",
    "ideal": "#5a5a5a",
}


@dataclass(frozen=True)
class LinearScale:
    """Maps a data interval onto a pixel interval (pixels may run backwards, as on a y axis)."""

    domain_min: float
    domain_max: float
    pixel_min: float
    pixel_max: float

    def __call__(self, value: float) -> float:
        span = self.domain_max - self.domain_min
        if span == 0:
            return (self.pixel_min + self.pixel_max) / 2
        return self.pixel_min + (value - self.domain_min) / span * (self.pixel_max - self.pixel_min)


def finite(*series: Iterable[float | None]) -> list[float]:
    """Every finite number in ``series``: a missing value (None, NaN) is a gap, never a zero."""
    out: list[float] = []
    for values in series:
        for v in values:
            if v is not None and math.isfinite(f := float(v)):
                out.append(f)
    return out


def format_number(value: float, decimals: int = 0) -> str:
    """``value`` as the active language writes it, with a thousands separator: Dutch "2,5", "1.250", "−3"."""
    text = number_format(round(value, decimals) + 0.0, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return "−" + text[1:] if text.startswith("-") else text


@dataclass(frozen=True)
class Axis:
    """A value axis: round ticks from at or below the lowest plotted value to at or above the highest."""

    ticks: tuple[float, ...]
    step: float

    @property
    def low(self) -> float:
        return self.ticks[0]

    @property
    def high(self) -> float:
        return self.ticks[-1]

    @property
    def decimals(self) -> int:
        return max(0, math.ceil(-math.log10(self.step) - 1e-9))

    def label(self, value: float) -> str:
        return format_number(value, self.decimals)

    def scale(self, pixel_low: float, pixel_high: float) -> LinearScale:
        """Pixels for this axis: ``pixel_low`` at the lowest tick (on a y axis the bottom of the plot)."""
        return LinearScale(self.low, self.high, pixel_low, pixel_high)


def value_axis(*series: Iterable[float | None], from_zero: bool = True, headroom: float = 0.05, count: int = 5) -> Axis:
    """The axis that covers every finite value of every ``series`` (lines, band edges, areas, markers).

    ``from_zero``: the quantity is a count (or an FTE), so the axis starts at 0 (and reaches below it only
    for negative values). ``headroom``: the share of the range kept free above the highest value (and below
    the lowest, if that is negative), so that a line never runs along the frame. Without values, or with
    only zeros, the axis runs from 0 to 5."""
    values = finite(*series)
    if from_zero:
        values.append(0.0)
    if not values or max(values) == min(values) == 0:
        return _axis(0.0, 5.0, count)
    low, high = min(values), max(values)
    if high == low:  # one value, not from zero: a unit either side
        low, high = low - 1, high + 1
    span = high - low
    high += span * headroom
    if low < 0:
        low -= span * headroom
    return _axis(low, high, count)


def _axis(low: float, high: float, count: int) -> Axis:
    step = tick_step(low, high, count)
    return Axis(tuple(nice_ticks(low, high, count)), step)


def tick_step(low: float, high: float, count: int = 5) -> float:
    """The tick step for ``low``…``high``: 1, 2 or 5 times a power of ten, about ``count`` steps."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-12)))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from at or below ``low`` to at or above ``high``, about ``count`` steps (steps of 1,
    2 or 5 times a power of ten). The first and last tick enclose the interval, so a value never falls
    outside the axis."""
    step = tick_step(low, high, count)
    if high <= low:
        high = low + 1
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]


def polyline_points(xs: Sequence[float], ys: Sequence[float]) -> str:
    """The ``points`` attribute of an SVG polyline, rounded to 0.1 px."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def scroll_box(svg: str, label: str) -> str:
    """The chart in a box that scrolls sideways on a narrow screen, keyboard-focusable and named by ``label``.

    On a phone the SVG keeps its own width (one user unit per CSS pixel, so 12-unit text is 12 px) and the
    box scrolls; on a wider screen the chart shrinks or grows to fit as before (``static/css/app.css``).
    ``label`` must be escaped already."""
    return f'<div class="chart-scroll" role="region" tabindex="0" aria-label="{label}">{svg}</div>'
