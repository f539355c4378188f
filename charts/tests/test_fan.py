"""The fan chart's SVG: accessible, escaped, and every band drawn where the numbers say."""

from __future__ import annotations

import datetime as dt
import math
import re

from charts.fan import FAN_50, FAN_90, FanChart, fan_svg

MONDAYS = [dt.date(2026, 11, 23) + dt.timedelta(weeks=k) for k in range(4)]


def _chart(**changes: object) -> FanChart:
    values: dict[str, object] = {
        "title": "Verwachting <Team>",
        "description": "Mediaan & banden",
        "mondays": MONDAYS,
        "p05": [10, 9, 8, 7],
        "p25": [11, 11, 10, 10],
        "p50": [12, 12, 12, 12],
        "p75": [13, 13, 14, 14],
        "p95": [14, 15, 16, 17],
        "history": [11, 12],
        "upper": [30, 30, 30, 30],
    }
    values.update(changes)
    return FanChart(**values)  # type: ignore[arg-type]


def test_it_is_an_image_with_an_escaped_title_and_description():
    svg = fan_svg(_chart())
    assert 'role="img"' in svg
    assert "<title" in svg and "Verwachting &lt;Team&gt;" in svg
    assert "Mediaan &amp; banden" in svg
    assert "style=" not in svg and "<script" not in svg


def test_both_bands_the_median_and_the_upper_bound_are_drawn():
    svg = fan_svg(_chart())
    assert f'fill="{FAN_90}"' in svg and f'fill="{FAN_50}"' in svg
    assert svg.count("<polyline") == 3  # median, history, upper bound


def test_the_y_axis_reaches_above_the_upper_bound():
    svg = fan_svg(_chart())
    ticks = [float(t) for t in re.findall(r'text-anchor="end" font-size="12">([\d.]+)<', svg)]
    assert max(ticks) >= 30


def test_without_a_band_no_upper_bound_line_is_drawn():
    svg = fan_svg(_chart(upper=[math.nan] * 4))
    assert svg.count("<polyline") == 2
