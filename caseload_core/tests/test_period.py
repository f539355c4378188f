"""Period figures (the HR summary's means, totals and weeks above the band) from the dashboard's weekly arrays."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from caseload_core.deviation import ABOVE, BELOW, signal_codes
from caseload_core.period import (
    TeamWeeks,
    hidden_figures,
    organisation_figures,
    period_figures,
    team_weeks,
    weekly_totals,
    weeks_above,
)
from caseload_core.team import Figures

NAN = float("nan")


def _mondays(n: int) -> tuple[dt.date, ...]:
    return tuple(dt.date(2026, 1, 5) + dt.timedelta(weeks=k) for k in range(n))


def _figures(count, deployable, lower, upper, deviation, contracted=None, normative=None) -> Figures:
    """A person's or team's weekly figures with the fields the period needs; the rest zero."""
    c = np.asarray(count, dtype=float)
    n = c.size
    zeros = np.zeros(n)
    flags = np.zeros(n, dtype=bool)
    return Figures(
        count=c,
        weighted=zeros,
        unweighed=zeros,
        contracted_fte=np.asarray(contracted if contracted is not None else deployable, dtype=float),
        deployable_fte=np.asarray(deployable, dtype=float),
        normative=np.asarray(normative if normative is not None else np.full(n, NAN), dtype=float),
        deviation=np.asarray(deviation, dtype=float),
        band_lower=np.asarray(lower, dtype=float),
        band_upper=np.asarray(upper, dtype=float),
        band_deviation=zeros,
        outside_margin=flags,
        outside_band=flags,
        outside=flags,
        run=np.zeros(n, dtype=np.int64),
        inflow=np.ones(n),
        outflow=np.ones(n) * 2,
        expected_outflow_4=0.0,
        expected_outflow_13=0.0,
        past_expected_end=0.0,
    )


def _weeks(caseload, normative, lower, upper, above, **overrides) -> TeamWeeks:
    n = len(caseload)
    full = np.ones(n)
    values = dict(
        mondays=_mondays(n),
        caseload=np.asarray(caseload, dtype=float),
        normative=np.asarray(normative, dtype=float),
        band_lower=np.asarray(lower, dtype=float),
        band_upper=np.asarray(upper, dtype=float),
        contracted_fte=full * 2.0,
        deployable_fte=full * 1.5,
        vacancy_fte=full * 0.25,
        inflow=full,
        outflow=full * 2,
        above=np.asarray(above, dtype=bool),
        below=np.zeros(n, dtype=bool),
        people_above=np.zeros((3, n), dtype=bool),
    )
    values.update(overrides)
    return TeamWeeks(**values)


def test_means_totals_and_weeks_above_the_band():
    w = _weeks([20, 22, 24, 26], [18, 18, 18, 18], [NAN, 14, 14, 14], [NAN, 21, 21, 21], [True, True, True, True])
    f = period_figures(w)
    assert f.weeks == 4 and f.caseload == 23.0 and f.normative == 18.0
    assert f.deviation == pytest.approx(5 / 18)
    # the first week has no band: it counts neither as a band week nor as a week above the band
    assert (f.weeks_with_band, f.weeks_above_band, f.weeks_below_band) == (3, 3, 0)
    assert (f.band_lower, f.band_upper) == (14.0, 21.0)
    assert f.non_deployable_fte == pytest.approx(0.5) and f.formation_gap_fte == pytest.approx(0.75)
    assert (f.inflow, f.outflow) == (4.0, 8.0)


def test_without_a_norm_there_is_no_normative_caseload_and_no_deviation():
    f = period_figures(_weeks([464, 464], [NAN, NAN], [380, 380], [430, 430], [True, True]))
    assert f.normative is None and f.deviation is None and f.weeks_with_norm == 0
    assert f.caseload == 464.0 and f.weeks_above_band == 2


def test_the_deviation_compares_only_the_weeks_with_a_norm():
    """A norm set halfway: the weeks before it neither lower the normative mean nor count in the deviation."""
    f = period_figures(_weeks([10, 10, 30, 30], [NAN, NAN, 20, 20], [NAN] * 4, [NAN] * 4, [False] * 4))
    assert f.caseload == 20.0 and f.normative == 20.0 and f.caseload_with_norm == 30.0
    assert f.deviation == pytest.approx(0.5) and f.weeks_with_norm == 2


def test_the_organisation_adds_up_the_teams_shown_and_not_the_band_weeks():
    a = period_figures(_weeks([10, 10], [8, 8], [5, 5], [9, 9], [True, True]))
    b = period_figures(_weeks([30, 30], [32, 32], [NAN, NAN], [NAN, NAN], [False, False]))
    total = organisation_figures([a, b, hidden_figures(2)])
    assert total is not None
    assert total.caseload == 40.0 and total.normative == 40.0 and total.deviation == 0.0
    assert total.weeks_above_band is None and total.band_upper is None
    assert total.contracted_fte == 4.0 and total.inflow == 4.0
    no_norm = period_figures(_weeks([5, 5], [NAN, NAN], [NAN, NAN], [NAN, NAN], [False, False]))
    assert organisation_figures([a, no_norm]).normative is None  # a team without a norm: no normative total
    assert organisation_figures([hidden_figures(2)]) is None


def test_weekly_totals_sum_per_week_and_leave_a_gap_where_a_team_has_no_band():
    a = _weeks([10, 12], [8, 8], [5, 5], [9, 9], [True, True])
    b = _weeks([30, 31], [32, 32], [NAN, 20], [NAN, 25], [False, False])
    t = weekly_totals([a, b])
    assert t is not None and t.caseload == (40.0, 43.0) and t.normative == (40.0, 40.0)
    assert np.isnan(t.band_upper[0]) and t.band_upper[1] == 34.0
    assert weekly_totals([]) is None
    assert weekly_totals([a, _weeks([1], [1], [1], [1], [False])]) is None  # weeks that differ


def test_above_is_the_dashboards_signal():
    """Above the band where a band is decided (not while nobody is deployable), else above the margin."""
    f = _figures(
        count=[20, 20, 20, 20, 20],
        deployable=[1, 1, 0, 1, 1],
        lower=[14, 14, 0, NAN, NAN],
        upper=[18, 21, 0, NAN, NAN],
        deviation=[0.2, 0.2, NAN, 0.2, 0.05],
    )
    assert weeks_above(f, 0.10).tolist() == [True, False, False, True, False]
    codes = signal_codes(
        count=f.count,
        deployable_fte=f.deployable_fte,
        band_lower=f.band_lower,
        band_upper=f.band_upper,
        deviation=f.deviation,
        margin=0.10,
    )
    assert (weeks_above(f, 0.10) == (codes == ABOVE)).all()
    # a figure that carries its signal is read as it is (the dashboard shows exactly that code)
    given_signal = dataclasses.replace(f, signal=np.array([BELOW, ABOVE, ABOVE, BELOW, BELOW]))
    assert weeks_above(given_signal, 0.10).tolist() == [False, True, True, False, False]


def test_team_weeks_counts_the_staff_of_the_period_only():
    team = _figures([40, 40], [2, 2], [30, 30], [36, 36], [NAN, NAN], normative=[38, 38])
    above = _figures([20, 20], [1, 1], [15, 15], [18, 18], [NAN, NAN])
    inside = _figures([16, 16], [1, 1], [15, 15], [18, 18], [NAN, NAN])
    left_before = _figures([0, 0], [0, 0], [NAN, NAN], [NAN, NAN], [NAN, NAN], contracted=[0, 0])
    w = team_weeks(_mondays(2), team, [above, inside, left_before], np.zeros(2), 0.10)
    assert w.staff == 2
    assert w.people_above.tolist() == [[True, True], [False, False]]
    assert w.above.tolist() == [True, True] and w.below.tolist() == [False, False]
    assert period_figures(w).weeks_above_band == 2


@given(
    caseload=arrays(np.float64, 12, elements=st.floats(0, 500)),
    upper=arrays(np.float64, 12, elements=st.one_of(st.just(NAN), st.floats(1, 500))),
)
def test_weeks_above_never_exceed_the_weeks_with_a_band(caseload, upper):
    lower = np.where(np.isnan(upper), NAN, upper / 2)
    w = _weeks(caseload, caseload, lower, upper, caseload > np.nan_to_num(upper, nan=np.inf))
    f = period_figures(w)
    assert 0 <= f.weeks_above_band <= f.weeks_with_band == int((~np.isnan(upper)).sum())
    assert f.caseload == pytest.approx(float(np.mean(caseload)))
