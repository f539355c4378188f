"""Shared pieces for server-rendered SVG charts.

Charts are SVG built on the server, so that a page and its PDF show the same picture, nothing depends on
JavaScript, and every chart can carry a <title>, a <desc> and a data table for screen readers. No inline
``style`` attributes (the CSP forbids them): use presentation attributes (fill, stroke) or CSS classes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

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


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from at or below ``low`` up to ``high``, about ``count`` of them (steps of 1, 2 or 5
    times a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def polyline_points(xs: Sequence[float], ys: Sequence[float]) -> str:
    """The ``points`` attribute of an SVG polyline, rounded to 0.1 px."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
