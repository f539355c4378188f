"""The weekly SVG charts, and the seeded synthetic organisation used by the benchmark."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from bench.synthetic import Spec, generate
from charts.timeseries import Line, bar_chart, line_chart

MONDAYS = [dt.date(2026, 1, 5) + dt.timedelta(weeks=k) for k in range(4)]


def test_a_line_chart_is_an_accessible_svg_with_gaps_and_a_band() -> None:
    svg = line_chart(
        title="Caseload <A>",
        desc="desc",
        mondays=MONDAYS,
        lines=[Line("cases", [1.0, math.nan, 3.0, 4.0])],
        band=([0.5, 0.5, math.nan, 1.0], [1.5, 1.5, math.nan, 2.0]),
    )
    assert 'role="img"' in svg and "<title" in svg and "Caseload &lt;A&gt;" in svg
    assert svg.count("<polyline") == 2  # the gap splits the line
    assert svg.count("<polygon") == 2  # the band has a gap too
    assert "style=" not in svg


def test_a_bar_chart_draws_one_bar_per_positive_value() -> None:
    svg = bar_chart(title="t", desc="d", mondays=MONDAYS, bars=[Line("in", [1, 0, 2, 3]), Line("out", [0, 0, 1, 0])])
    assert svg.count("<rect") == 4


def test_the_synthetic_organisation_is_deterministic_and_plausible() -> None:
    spec = Spec(teams=2, people_per_team=15, years=5)
    a, b = generate(spec), generate(spec)
    np.testing.assert_array_equal(a.case_start, b.case_start)
    assert a.n_people == 30
    assert 60 < a.n_cases / a.n_people < 140
    assert (a.case_end >= a.case_start).all()
    assert (a.assign_end >= a.assign_start).all()
    assert set(np.unique(a.assign_share)) <= {50, 100}
