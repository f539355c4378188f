"""Charts that fit: every plotted series lies on the chart's axes and inside its picture.

1. Unit level: every chart builder, fed with edge data (zeros everywhere, a missing norm, a single week, a spike
   of ten times the rest, negative values where a chart can plot them, gaps), draws every point of every
   series within its axes (between the outer gridlines), with the axis starting at 0 for counts, headroom
   above the highest value, Dutch tick labels, and a missing value as a gap, never as 0.
2. Page level: every page of the demo with an SVG in it, for each demo user of both organisations who may open
   it (and a few periods: a single week, a period before the records, a long one), has every plotted point
   inside its SVG's viewBox.
3. PDFs: every PDF endpoint's HTML, as handed to WeasyPrint (which draws the SVGs from it), is checked the same.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from charts.fan import FanChart, fan_svg
from charts.radar import radar_svg
from charts.scale import ScaleLabels, ScaleRow, reference_scale_svg
from charts.templatetags.fan_charts import fan_chart
from charts.templatetags.radar_charts import radar_chart, score_bars
from charts.templatetags.scale_charts import reference_scale
from charts.tests.svg_geometry import outside_viewbox, parse, svgs_in_html, tag
from charts.timeseries import Line, bar_chart, line_chart
from reports.chart import summary_chart

NAN = math.nan
MONDAYS = [dt.date(2026, 6, 1) + dt.timedelta(weeks=k) for k in range(13)]
DUTCH_NUMBER = re.compile(r"^−?\d{1,3}(\.\d{3})*(,\d+)?$")
EPS = 0.15  # coordinates are written to 0.1 px


def _svg(markup: str) -> str:
    (svg,) = svgs_in_html(str(markup))
    return svg


# --------------------------------------------------------------------------------------------------------------
# Unit level: the frame of a chart and the points drawn in it


def _horizontal_grid(root) -> tuple[float, float, float, float, list[str]]:
    """(top, bottom, left, right) of the plot, from the gridlines that span it, and their tick labels."""
    lines = [e for e in root.iter() if tag(e) == "line" and e.get("y1") == e.get("y2")]
    widest = max(float(e.get("x2")) - float(e.get("x1")) for e in lines)
    grid = [e for e in lines if float(e.get("x2")) - float(e.get("x1")) == widest]
    ys = [float(e.get("y1")) for e in grid]
    labels = [
        e.text or ""
        for e in root.iter()
        if tag(e) == "text" and e.get("text-anchor") == "end" and any(abs(float(e.get("y")) - y - 4) < 0.2 for y in ys)
    ]
    assert len(grid) >= 2 and len(labels) == len(grid), "every gridline has its tick label"
    return min(ys), max(ys), float(grid[0].get("x1")), float(grid[0].get("x2")), labels


def _data_points(root, tags: set[str]) -> list[tuple[float, float, str]]:
    """The plotted coordinates: polyline/polygon points, circle centres, rect corners."""
    out = []
    for e in root.iter():
        name = tag(e)
        if name not in tags:
            continue
        if name in ("polyline", "polygon"):
            numbers = [float(v) for v in re.split(r"[\s,]+", e.get("points").strip())]
            out += [(x, y, name) for x, y in zip(numbers[::2], numbers[1::2], strict=True)]
        elif name == "circle":
            out.append((float(e.get("cx")), float(e.get("cy")), name))
        elif name == "rect":
            x, y, w, h = (float(e.get(k)) for k in ("x", "y", "width", "height"))
            out += [(x, y, name), (x + w, y + h, name)]
    return out


def assert_fits_its_axes(markup: str, tags: set[str], *, count: bool = True) -> dict[str, Any]:
    """Every point within the plot, inside the viewBox; for a count the axis starts at 0; Dutch tick labels;
    headroom above the highest point. Returns the frame for further checks."""
    svg = _svg(markup)
    assert outside_viewbox(svg) == []
    root = parse(svg)
    top, bottom, left, right, labels = _horizontal_grid(root)
    data = _data_points(root, tags)
    assert data, "the chart draws something"
    off = [(x, y, n) for x, y, n in data if not (top - EPS <= y <= bottom + EPS and left - EPS <= x <= right + EPS)]
    assert off == [], f"points outside the axes {top}…{bottom} × {left}…{right}: {off[:5]}"
    assert all(DUTCH_NUMBER.match(label) for label in labels), labels
    if count:
        assert _dutch(labels[0]) <= 0, f"a count's axis starts at 0, not {labels[0]}"
    highest = min(y for _x, y, _n in data)
    if highest < bottom - EPS:  # something above the zero line: it does not touch the top gridline
        assert highest > top + EPS, "headroom above the highest value"
    return {"root": root, "top": top, "bottom": bottom, "labels": labels, "data": data}


def _dutch(label: str) -> float:
    """A tick label read back: "1.250" → 1250, "2,5" → 2.5, "−4" → -4."""
    return float(label.replace(".", "").replace(",", ".").replace("−", "-"))


SPIKE = [10.0] * 6 + [100.0] + [10.0] * 6
EDGE_SERIES = {
    "zeros": [0.0] * 13,
    "spike": SPIKE,
    "gaps": [None, 4.0, NAN, 5.0, 6.0, None, None, 7.0, 7.5, 8.0, NAN, 9.0, None],
    "only the first week": [5.0] + [None] * 12,
    "fractions": [0.4, 0.8, 1.3, 2.2, 1.9, 1.1, 0.6, 0.5, 0.4, 0.9, 1.2, 1.4, 2.1],
    "thousands": [1250.0 + 10 * k for k in range(13)],
    "caseload above the band": [464.0 - k for k in range(13)],
}


@pytest.mark.parametrize("name", EDGE_SERIES)
def test_a_line_chart_keeps_every_series_and_its_band_on_its_axes(name):
    values = EDGE_SERIES[name]
    band = ([None if v is None else 0.8 * v for v in values], [None if v is None else 0.9 * v for v in values])
    svg = line_chart(
        title="t",
        desc="d",
        mondays=MONDAYS,
        lines=[Line("cases", values), Line("norm", [None] * 13, dashed=True)],
        band=band,
    )
    frame = assert_fits_its_axes(svg, {"polyline", "polygon", "circle"})
    if name == "fractions":
        assert "2,5" in frame["labels"]  # a decimal comma
    if name == "thousands":
        assert "1.000" in frame["labels"] or "1.500" in frame["labels"]  # a Dutch thousands separator
    assert 'stroke-dasharray="6 4"' not in svg, "a norm that is missing every week is not drawn (not as 0)"


def test_a_missing_value_is_a_gap_not_a_zero():
    values = EDGE_SERIES["gaps"]
    frame = assert_fits_its_axes(
        line_chart(title="t", desc="d", mondays=MONDAYS, lines=[Line("c", values)]), {"polyline", "circle"}
    )
    drawn = [(x, y) for x, y, n in frame["data"] if n == "polyline"]
    known = [v for v in values if v is not None and not math.isnan(v)]
    assert len(drawn) == len(known), "one point per known week, none for a missing one"
    assert all(y < frame["bottom"] - EPS for _x, y in drawn), "nothing drawn on the zero line"
    dots = [p for p in frame["data"] if p[2] == "circle"]
    assert len(dots) == 2, "a known week between two gaps is a dot (weeks 2 and 12)"


def test_a_line_chart_reaches_below_zero_for_negative_values():
    deviation = [-12.0, -4.0, 0.0, 3.5, 8.0, -20.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, -1.0]
    frame = assert_fits_its_axes(
        line_chart(title="t", desc="d", mondays=MONDAYS, lines=[Line("deviation", deviation)]), {"polyline"}
    )
    assert frame["labels"][0].startswith("−"), "the axis reaches below the lowest value, written with a minus"
    assert "0" in frame["labels"]


def test_a_single_week_is_drawn_in_the_middle():
    frame = assert_fits_its_axes(
        line_chart(title="t", desc="d", mondays=MONDAYS[:1], lines=[Line("c", [7.0])], band=([5.0], [6.0])),
        {"polygon", "circle"},
    )
    (dot,) = [p for p in frame["data"] if p[2] == "circle"]
    assert dot[1] < frame["bottom"] - EPS


def test_a_line_chart_without_any_value_still_has_an_axis_from_zero():
    frame = assert_fits_its_axes(
        line_chart(title="t", desc="d", mondays=MONDAYS, lines=[Line("c", [0.0] * 13), Line("n", [None] * 13)]),
        {"polyline"},
    )
    assert frame["labels"][0] == "0" and len(frame["labels"]) >= 2


@pytest.mark.parametrize("name", ["zeros", "spike", "gaps", "thousands"])
@pytest.mark.parametrize("weeks", [1, 13])
def test_bars_stay_inside_their_axes(name, weeks):
    values = EDGE_SERIES[name][:weeks]
    other = [3.0] * weeks
    svg = bar_chart(title="t", desc="d", mondays=MONDAYS[:weeks], bars=[Line("in", values), Line("out", other)])
    frame = assert_fits_its_axes(svg, {"rect"})
    if name == "gaps":
        drawn = [p for p in frame["data"] if p[2] == "rect"]
        assert len(drawn) == 2 * (sum(v is not None and not math.isnan(v) for v in values) + weeks)


def _fan(**changes: Any) -> FanChart:
    n = changes.pop("n", 13)
    median = changes.pop("median", [20.0 + k for k in range(n)])
    values: dict[str, Any] = {
        "title": "Verwachting",
        "description": "d",
        "mondays": MONDAYS[:n],
        "p05": [m - 6 for m in median],
        "p25": [m - 2 for m in median],
        "p50": median,
        "p75": [m + 2 for m in median],
        "p95": [m + 6 for m in median],
        "history": [18.0, 19.0, 20.0],
        "upper": [30.0] * n,
        "lower": [15.0] * n,
    }
    values.update(changes)
    return FanChart(**values)


FAN_CASES = {
    "ordinary": {},
    "zeros": {"median": [0.0] * 13, "p05": [0.0] * 13, "p25": [0.0] * 13, "history": [0.0] * 3, "upper": []},
    "no band": {"upper": [NAN] * 13, "lower": [NAN] * 13},
    "band for some weeks": {"upper": [NAN] * 6 + [30.0] * 7, "lower": [None] * 6 + [15.0] * 7},
    "single week": {"n": 1},
    "single week, no history": {"n": 1, "history": []},
    "spike in the history": {"history": [20.0, 200.0, 20.0]},
    "band far above": {"upper": [400.0] * 13},
    "gap in the median": {"median": [20.0] * 5 + [NAN] + [21.0] * 7},
}


@pytest.mark.parametrize("name", FAN_CASES)
@pytest.mark.parametrize("size", [(720, 320), (560, 300)])  # the forecast page's size, the scenario page's
def test_a_fan_chart_keeps_fan_median_history_and_band_on_its_axes(name, size):
    chart = _fan(**FAN_CASES[name])
    svg = fan_svg(chart, width=size[0], height=size[1])
    frame = assert_fits_its_axes(svg, {"polyline", "polygon", "circle"})  # the legend fits the viewBox too
    assert "nan" not in svg.lower()
    if name == "band far above":
        assert frame["labels"][-1] in ("450", "500")


def test_a_fan_chart_without_a_band_draws_no_bound_and_no_legend_for_it():
    svg = fan_svg(_fan(upper=[NAN] * 13, lower=[NAN] * 13))
    assert "stroke-dasharray" not in svg


SCALE_LABELS = ScaleLabels("Scale", "d", "more", "less", "ideal", "band", "caseload per FTE")
SCALE_CASES: dict[str, dict[str, Any]] = {
    "ordinary": {"rows": [ScaleRow("a", 5, 8), ScaleRow("b", 28, 28), ScaleRow("c", 45, 125)], "ideal": 36},
    "zeros": {"rows": [ScaleRow("a", 0, 0), ScaleRow("b", 0, 0)]},
    "no ideal, no band": {"rows": [ScaleRow("a", 12, 16)]},
    "single row": {"rows": [ScaleRow("a", 12, 12)], "ideal": 12, "band": (11.0, 13.0)},
    "spike": {"rows": [ScaleRow("a", 10, 12), ScaleRow("b", 12, 14), ScaleRow("c", 120, 140)], "band": (12, 16)},
    "band beyond every row": {"rows": [ScaleRow("a", 10, 12)], "band": (30.0, 300.0), "ideal": 310},
    "fractions": {"rows": [ScaleRow("a", 0.5, 1.25), ScaleRow("b", 2.5, 2.5)], "ideal": 1.75},
}


@pytest.mark.parametrize("name", SCALE_CASES)
def test_the_reference_scale_keeps_rows_ideal_and_band_on_its_axis(name):
    case = dict(SCALE_CASES[name])
    svg = reference_scale_svg(case.pop("rows"), SCALE_LABELS, **case)
    assert outside_viewbox(svg) == []  # the value written after each bar, on its white box, fits too
    root = parse(svg)
    grid = [e for e in root.iter() if tag(e) == "line" and e.get("x1") == e.get("x2") and e.get("stroke") == "#d0d0d0"]
    xs = [float(e.get("x1")) for e in grid]
    low, high = min(xs), max(xs)
    marks = [e for e in root.iter() if tag(e) == "line" and e.get("stroke-width") in ("8", "3")]
    marks += [e for e in root.iter() if tag(e) == "circle"]
    plotted = [float(e.get(k)) for e in marks for k in ("x1", "x2", "cx") if e.get(k) is not None]
    assert plotted and all(low - EPS <= x <= high + EPS for x in plotted)
    labels = [e.text for e in root.iter() if tag(e) == "text" and e.get("text-anchor") == "middle" and e.text]
    assert labels[0] == "0" and all(DUTCH_NUMBER.match(t) for t in labels[:-1])  # the last is the axis title


RADAR_CASES: dict[str, tuple[list[float], list[float] | None]] = {
    "ordinary": ([3.2, 4.1, 2.5, 3.9], [3.0, 3.0, 3.0, 3.0]),
    "zeros": ([0.0, 0.0, 0.0, 0.0], None),
    "no ideal": ([1.0, 5.0, 2.0], None),
    "spike beyond the scale": ([1.0, 50.0, 2.0, -3.0], [5.0, 5.0, 5.0, 5.0]),
    "a missing score": ([3.0, NAN, 4.0, 2.0, 3.5], None),
}


@pytest.mark.parametrize("name", RADAR_CASES)
def test_a_spider_web_stays_within_its_outer_ring(name):
    actual, ideal = RADAR_CASES[name]
    svg = _svg(radar_svg([f"factor {i}" for i in range(len(actual))], actual, ideal, title="t", description="d"))
    assert outside_viewbox(svg) == []
    root = parse(svg)
    rings = [e for e in root.iter() if tag(e) == "polygon" and e.get("stroke") == "#d0d0d0"]
    ring_points = [p for e in rings for p in _data_points(e, {"polygon"})]
    cx = sum(x for x, _y, _n in ring_points) / len(ring_points)
    cy = sum(y for _x, y, _n in ring_points) / len(ring_points)
    radius = max(math.hypot(x - cx, y - cy) for x, y, _n in ring_points)
    shapes = [e for e in root.iter() if tag(e) in ("polygon", "polyline", "circle") and e.get("stroke") != "#d0d0d0"]
    data = [p for e in shapes for p in _data_points(e, {"polygon", "polyline", "circle"})]
    assert data and all(math.hypot(x - cx, y - cy) <= radius + 0.3 for x, y, _n in data)
    if name == "a missing score":
        assert not any(tag(e) == "polygon" and e.get("fill-opacity") for e in root.iter()), "a gap, not a 0"
        assert len([e for e in root.iter() if tag(e) == "circle"]) == 4


@pytest.mark.parametrize("counts", [(0, 0, 0, 0, 0), (0, 0, 7, 0, 0), (1, 1, 10, 1, 1), (3, 4, 5, 4, 3)])
def test_score_bars_stay_inside_their_picture(counts):
    svg = _svg(score_bars(counts, "per score"))
    assert outside_viewbox(svg) == []
    heights = [float(e.get("height")) for e in parse(svg).iter() if tag(e) == "rect" and e.get("fill") == "#154273"]
    assert max(heights) <= 28 and (max(counts) == 0 or max(heights) == 28)


HR_CASES: dict[str, dict[str, list[float]]] = {
    # the reported defect: the caseload (≈464) lay above a 0–400 axis scaled on the band, and no norm was drawn as 0
    "caseload above the band, no norm": {
        "caseload": [454.0 + k for k in range(13)],
        "normative": [NAN] * 13,
        "band_lower": [NAN] * 6 + [365.6] * 7,
        "band_upper": [NAN] * 6 + [406.2] * 7,
    },
    "norm, no band": {
        "caseload": [585.0] * 13,
        "normative": [636.8] * 13,
        "band_lower": [NAN] * 13,
        "band_upper": [NAN] * 13,
    },
    "zeros": {"caseload": [0.0] * 13, "normative": [0.0] * 13, "band_lower": [0.0] * 13, "band_upper": [0.0] * 13},
    "spike": {"caseload": SPIKE, "normative": [12.0] * 13, "band_lower": [8.0] * 13, "band_upper": [11.0] * 13},
    "norm for some weeks": {
        "caseload": [50.0] * 13,
        "normative": [NAN] * 4 + [48.0] * 9,
        "band_lower": [],
        "band_upper": [],
    },
}


@pytest.mark.parametrize("name", HR_CASES)
def test_the_hr_summary_chart_shows_the_caseload_against_the_band_on_its_axes(name):
    case = HR_CASES[name]
    chart = summary_chart(MONDAYS, case["caseload"], case["normative"], case["band_lower"], case["band_upper"])
    assert_fits_its_axes(chart.svg, {"polyline", "polygon", "circle"})
    norm_known = any(not math.isnan(v) for v in case["normative"])
    assert chart.has_norm == norm_known
    assert ('stroke-dasharray="6 4"' in chart.svg) == norm_known, "no norm: no dashed line (never a line at 0)"
    if name == "caseload above the band, no norm":
        assert chart.has_band and "<polygon" in chart.svg
        assert any("geen norm" in note for note in chart.notes), chart.notes  # the text says there is no norm
        frame = assert_fits_its_axes(chart.svg, {"polyline"})
        assert frame["labels"][-1] == "500"


def test_a_single_week_summary_chart_fits():
    chart = summary_chart(MONDAYS[:1], [464.0], [NAN], [365.6], [406.2])
    assert_fits_its_axes(chart.svg, {"polygon", "circle"})


def test_every_chart_builder_is_tested_here():
    """A new chart builder or tag in charts/ (or the HR chart) must be added to the edge cases above."""
    tested = {line_chart, bar_chart, fan_svg, reference_scale_svg, radar_svg, summary_chart}
    tested |= {fan_chart, radar_chart, score_bars, reference_scale}  # the tags call the builders above
    modules = ["charts.timeseries", "charts.fan", "charts.scale", "charts.radar", "reports.chart"]
    modules += [
        "charts.templatetags.fan_charts",
        "charts.templatetags.radar_charts",
        "charts.templatetags.scale_charts",
    ]
    builders: set[Callable[..., Any]] = set()
    for name in modules:
        module = importlib.import_module(name)
        tags = set(getattr(getattr(module, "register", None), "tags", {}))
        for attr, obj in vars(module).items():
            public = inspect.isfunction(obj) and obj.__module__ == name and not attr.startswith("_")
            if public and (attr.endswith(("_chart", "_svg")) or attr in tags):
                builders.add(obj)
    assert builders - tested == set(), f"chart builders without edge-case tests: {builders - tested}"


def test_the_tags_draw_what_the_builders_draw():
    chart = _fan()
    assert outside_viewbox(_svg(fan_chart(chart))) == []
    scale = {"rows": SCALE_CASES["spike"]["rows"], "labels": SCALE_LABELS, "band": (12, 16)}
    assert outside_viewbox(_svg(reference_scale(scale))) == []

    class Radar:
        labels, actual, ideal, scale_max = ("a", "b", "c"), (1.0, 5.0, 3.0), None, 5

    assert outside_viewbox(_svg(radar_chart(Radar(), title="t"))) == []


# --------------------------------------------------------------------------------------------------------------
# Page level and PDFs: every SVG of the demo, as users see it and as WeasyPrint draws it

ORGANISATIONS = {
    "veldstroom": [
        "beheer.veldstroom",
        "teammanager.noord",
        "beleid.veldstroom",
        "jeugdbeschermer.noord",
        "hr.veldstroom",
        "or.veldstroom",
    ],
    "heidemeer": [
        "beheer.heidemeer",
        "teammanager.heidemeer",
        "beleid.heidemeer",
        "jeugdconsulent.heidemeer",
        "hr.heidemeer",
        "or.heidemeer",
    ],
}
NOT_PAGES = {"accounts:logout", "set_language", "healthz"}
SINGLE_WEEK = "start=2026-11-09&end=2026-11-15"
BEFORE_RECORDS = "start=2015-01-05&end=2015-03-01"
LONG = "start=2024-01-01&end=2026-11-22"
VARIANTS = {
    "reports:hr_summary": [SINGLE_WEEK, BEFORE_RECORDS, LONG],
    "reports:hr_summary_pdf": [SINGLE_WEEK, BEFORE_RECORDS],
    "monitoring:team": ["weeks=52", SINGLE_WEEK, BEFORE_RECORDS],
    "monitoring:person": ["weeks=52", SINGLE_WEEK, BEFORE_RECORDS],
    "forecasts:team": ["weeks=26"],
}
"""Query strings that change what a chart covers, tried besides the plain URL."""


@pytest.fixture
def recorded_pdf_html(monkeypatch) -> list[str]:
    """The HTML every PDF is made from: ``weasyprint.HTML`` records its ``string`` and hands it on to the
    real WeasyPrint, which still makes the real PDF (the views import ``HTML`` when they render)."""
    import weasyprint

    real = weasyprint.HTML
    seen: list[str] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("string", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording)
    return seen


def _clients(usernames: list[str]) -> dict[str, Client]:
    clients = {}
    for username in usernames:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client
    return clients


def test_every_svg_on_every_page_and_in_every_pdf_lies_inside_its_viewbox(db, recorded_pdf_html):
    from accounts.tests.urlmap import kwargs_for, routes
    from organisations.models import Organisation

    problems: list[str] = []
    checked: dict[str, int] = {}
    pdfs_checked: dict[str, int] = {}
    for slug, usernames in ORGANISATIONS.items():
        organisation = Organisation.objects.get(slug=slug)
        clients = _clients(usernames)
        for route in routes():
            if route.name in NOT_PAGES or route.name.startswith("api:"):
                continue
            base = reverse(route.name, kwargs=kwargs_for(route, organisation))
            for url in [base] + [f"{base}?{q}" for q in VARIANTS.get(route.name, [])]:
                for username, client in clients.items():
                    before = len(recorded_pdf_html)
                    response = client.get(url)
                    if response.status_code != 200:
                        continue
                    kind = response.get("Content-Type", "")
                    if kind.startswith("application/pdf"):
                        sources = recorded_pdf_html[before:]
                        assert sources, f"{url}: a PDF that was not made by weasyprint.HTML from HTML"
                        assert response.content.startswith(b"%PDF")
                        where, store = f"PDF {url}", pdfs_checked
                    elif kind.startswith("text/html"):
                        sources, where, store = [response.content.decode()], url, checked
                    else:
                        continue
                    for html in sources:
                        for svg in svgs_in_html(html):
                            store[route.name] = store.get(route.name, 0) + 1
                            try:
                                problems += [f"{where} as {username}: {p}" for p in outside_viewbox(svg)]
                            except (AssertionError, SyntaxError) as error:  # ET.ParseError is a SyntaxError
                                problems.append(f"{where} as {username}: unreadable SVG ({error}): {svg[:120]}")
                    if kind.startswith("application/pdf"):
                        break  # a PDF is the page's HTML printed: one user per URL is enough (WeasyPrint is slow)
    assert problems == [], "\n".join(problems[:40])
    # the pages and PDFs this test exists for were really looked at
    for name in ("reports:hr_summary", "monitoring:team", "monitoring:person", "forecasts:team"):
        assert checked.get(name), f"no chart checked on {name}"
    for name in ("reports:hr_summary_pdf", "trajectory:note_pdf"):
        assert pdfs_checked.get(name), f"no chart checked in the PDF {name}"
    assert sum(checked.values()) >= 500


def test_the_hr_summary_shows_the_caseload_against_the_band_and_no_norm_where_there_is_none(login):
    """The reported defect, on the demo: Heidemeer has a band but no norm, its caseload (≈464) above the band."""
    response = login("hr.heidemeer").get(reverse("reports:hr_summary"))
    summary = response.context["summary"]
    chart = summary.chart
    assert chart.has_band and not chart.has_norm
    svg = _svg(chart.svg)
    frame = assert_fits_its_axes(svg, {"polyline", "polygon"})
    assert _dutch(frame["labels"][-1]) > max(summary.weekly_caseload)  # the caseload lies on the axis
    assert "<polygon" in svg and 'stroke-dasharray="6 4"' not in svg  # the band; no norm drawn as 0
    html = response.content.decode()
    assert "Voor deze teams is er in deze periode geen norm" in html  # the text says so
    # Veldstroom: the teams together have no common band, so each team is drawn too; Team Midden against its band
    summary = login("hr.veldstroom").get(reverse("reports:hr_summary")).context["summary"]
    charts = {t.team.name: t.chart for t in summary.team_charts}
    assert set(charts) == {"Team Midden", "Team Noord", "Team Zuid"}
    assert charts["Team Midden"].has_band and "<polygon" in charts["Team Midden"].svg
    for team_chart in charts.values():
        assert_fits_its_axes(team_chart.svg, {"polyline", "polygon", "circle"})
