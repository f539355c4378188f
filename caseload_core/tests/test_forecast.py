"""The forecast against answers known in advance."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseload_core.forecast import (
    FteChange,
    apply_fte_changes,
    arrival_survival,
    band_coverage,
    estimate_inflow,
    open_probabilities,
    simulate,
    simulate_cases,
    staffing_advice,
    still_open,
)
from caseload_core.forecast_inputs import TeamCases, model_inputs, run
from caseload_core.survival import SurvivalCurve, kaplan_meier
from caseload_core.weeks import day_number


def exponential_curve(mean_weeks: float) -> SurvivalCurve:
    """An exact exponential survival curve on a fine grid, with the matching tail."""
    t = np.linspace(0.01, 40 * mean_weeks, 40_000)
    n = np.full(t.size, 1_000_000, dtype=np.int64)
    return SurvivalCurve(t, np.exp(-t / mean_weeks), n, n, float(t[-1]), 1 / mean_weeks, 0.0)


def test_constant_inflow_and_exponential_durations_converge_to_the_m_m_infinity_mean():
    """M/M/∞: in steady state λ·μ cases are open at any moment. A week's count also holds the λ cases that
    arrive during it, so the weekly caseload converges to λ·μ + λ, within Monte Carlo error."""
    lam, mu, h = 6.0, 8.0, 80
    s = arrival_survival([exponential_curve(mu)], [1.0], h)
    forecast = simulate(np.zeros((0, h)), np.full(h, lam), s, n_paths=20_000, rng=np.random.default_rng(1))
    steady = forecast.paths[:, -1]
    standard_error = steady.std() / np.sqrt(steady.size)
    assert steady.mean() == pytest.approx(lam * mu + lam, abs=4 * standard_error + 0.02)
    # Poisson in steady state: the variance equals the mean.
    assert steady.var() == pytest.approx(lam * (mu + 1), rel=0.05)


def test_open_cases_with_exponential_durations_end_at_the_same_rate_whatever_their_age():
    curve = exponential_curve(10.0)
    p = open_probabilities(curve, np.array([0.0, 5.0, 50.0]), 4)
    expected = np.exp(-np.arange(4) / 10.0)
    for row in p:
        assert row == pytest.approx(expected, rel=1e-3)


def test_the_fast_paths_match_the_case_by_case_simulation():
    """Same model, drawn two ways: the quantiles agree to within a case or two."""
    rng = np.random.default_rng(3)
    d = rng.gamma(2.0, 12.0, 3000)
    curve = kaplan_meier(d, np.ones(d.size, dtype=bool))
    ages = rng.uniform(0, 40, 150)
    h = 26
    p = open_probabilities(curve, ages, h)
    s = arrival_survival([curve], [1.0], h)
    args = (p, np.full(h, 3.0), s)
    fast = simulate(*args, rate_shape=150.0, dispersion=1.4, n_paths=10_000, rng=np.random.default_rng(4)).fan()
    slow = simulate_cases(*args, rate_shape=150.0, dispersion=1.4, n_paths=6_000, rng=np.random.default_rng(5)).fan()
    for fast_q, slow_q in ((fast.p05, slow.p05), (fast.p50, slow.p50), (fast.p95, slow.p95)):
        assert np.abs(fast_q - slow_q).max() <= 2


def test_the_same_seed_gives_the_same_forecast():
    s = arrival_survival([exponential_curve(5)], [1.0], 10)
    a = simulate(np.zeros((0, 10)), np.full(10, 2.0), s, rng=np.random.default_rng(9), n_paths=500)
    b = simulate(np.zeros((0, 10)), np.full(10, 2.0), s, rng=np.random.default_rng(9), n_paths=500)
    assert np.array_equal(a.paths, b.paths)


def test_inflow_estimate_uses_the_last_year_and_finds_seasonality_only_where_it_is():
    rng = np.random.default_rng(11)
    months = np.tile(np.repeat(np.arange(1, 13), 4), 3)[:144]
    flat = rng.poisson(10.0, months.size)
    model = estimate_inflow(flat, months)
    assert model.rate == pytest.approx(flat[-52:].mean())
    assert not model.seasonal_shown
    assert model.seasonal.tolist() == [1.0] * 12
    summer_dip = np.where(np.isin(months, [7, 8]), 4.0, 12.0)
    seasonal = estimate_inflow(rng.poisson(summer_dip), months)
    assert seasonal.seasonal_shown
    assert seasonal.seasonal[6] < 0.5 < 1.0 < seasonal.seasonal[0]


def test_a_manual_override_replaces_the_rate_and_removes_its_estimation_error():
    model = estimate_inflow(np.array([4, 6, 5, 5]), np.array([1, 1, 1, 1])).with_override(9.0)
    assert model.weekly_rates(np.array([3, 4])).tolist() == [9.0, 9.0]
    assert model.overridden and not np.isfinite(model.rate_shape)


def test_over_dispersed_history_widens_the_band():
    s = arrival_survival([exponential_curve(6)], [1.0], 20)
    rates = np.full(20, 5.0)
    narrow = simulate(np.zeros((0, 20)), rates, s, dispersion=1.0, rng=np.random.default_rng(2)).fan()
    wide = simulate(np.zeros((0, 20)), rates, s, dispersion=3.0, rng=np.random.default_rng(2)).fan()
    assert (wide.p95 - wide.p05)[-1] > (narrow.p95 - narrow.p05)[-1]


def test_fte_changes_ramp_a_new_colleague_and_remove_an_absence():
    base = np.full(10, 5.0)
    changes = [
        FteChange(first_week=2, fte=1.0, ramp=(0.5, 0.75), ramp_block=2),
        FteChange(first_week=1, fte=-2.0, weeks=3),
    ]
    out = apply_fte_changes(base, changes)
    assert out.tolist() == pytest.approx([5, 3, 3.5, 3.5, 5.75, 5.75, 6, 6, 6, 6])


def test_staffing_advice_needs_the_quantile_divided_by_the_upper_bound():
    s = arrival_survival([exponential_curve(8)], [1.0], 13)
    forecast = simulate(np.zeros((0, 13)), np.full(13, 4.0), s, rng=np.random.default_rng(5))
    advice = staffing_advice(forecast, upper_per_fte=20.0, planned=np.full(13, 1.0), risk=0.1)
    assert advice.needed == pytest.approx(forecast.quantile(0.9) / 20.0)
    assert forecast.exceed_probability(20.0 * advice.needed).max() <= 0.1
    assert advice.extra_needed == pytest.approx(max(advice.peak_needed - 1.0, 0.0))


def test_band_coverage_ignores_weeks_that_have_not_happened_yet():
    actual = np.array([[5.0, 7.0, np.nan]])
    assert band_coverage(actual, np.full((1, 3), 4.0), np.full((1, 3), 6.0)) == 0.5


@settings(max_examples=25, deadline=None)
@given(
    st.floats(0.0, 30.0),
    st.floats(1.0, 60.0),
    st.integers(0, 40),
    st.floats(1.0, 3.0),
    st.integers(1, 30),
)
def test_the_fan_is_ordered_and_probabilities_are_probabilities(rate, mean_weeks, n_open, dispersion, h):
    rng = np.random.default_rng(0)
    curve = exponential_curve(mean_weeks)
    p = open_probabilities(curve, rng.uniform(0, 50, n_open), h)
    s = arrival_survival([curve], [1.0], h)
    forecast = simulate(p, np.full(h, rate), s, dispersion=dispersion, rate_shape=50.0, n_paths=400, rng=rng)
    fan = forecast.fan()
    assert np.all(fan.p05 <= fan.p25) and np.all(fan.p25 <= fan.p50)
    assert np.all(fan.p50 <= fan.p75) and np.all(fan.p75 <= fan.p95)
    assert np.all(forecast.paths >= 0) and np.all(forecast.paths == np.rint(forecast.paths))
    low, high = forecast.exceed_probability(5.0), forecast.exceed_probability(10.0)
    assert np.all((high >= 0) & (high <= low) & (low <= 1))


@settings(max_examples=25, deadline=None)
@given(st.floats(0.5, 20.0), st.floats(1.01, 2.0))
def test_more_inflow_never_lowers_the_expected_caseload(rate, factor):
    s = arrival_survival([exponential_curve(10)], [1.0], 12)
    base = simulate(np.zeros((0, 12)), np.full(12, rate), s, n_paths=2000, rng=np.random.default_rng(1))
    more = simulate(np.zeros((0, 12)), np.full(12, rate * factor), s, n_paths=2000, rng=np.random.default_rng(1))
    assert np.all(more.mean() >= base.mean() - 1e-9)


def test_still_open_per_person_by_hand():
    """Person 0 carries two cases (p = 0.5 and 1.0 in week 1) and half of a third (p = 0.2): expected
    0.5 + 1 + 0.5·0.2 = 1.6, variance 0.25 + 0 + 0.25·0.16 = 0.29. Person 1 carries nothing."""
    p = np.array([[1.0, 0.5], [1.0, 1.0], [1.0, 0.2]])
    result = still_open(p, np.array([0, 0, 0]), np.array([1.0, 1.0, 0.5]), 2, [1])
    assert result.now.tolist() == [2.5, 0.0]
    assert result.expected[:, 0] == pytest.approx([1.6, 0.0])
    assert result.low[0, 0] == np.floor(1.6 - 1.645 * np.sqrt(0.29))
    assert result.high[0, 0] == min(np.ceil(1.6 + 1.645 * np.sqrt(0.29)), 2.5)
    assert result.high[1, 0] == 0.0


def test_bootstrap_replicates_widen_the_long_range_band_of_a_short_history():
    """Forty cases of history say little about how long cases last: the replicates' spread shows it."""
    rng = np.random.default_rng(8)
    today = dt.date(2026, 11, 23)
    start = day_number(today) - rng.integers(1, 7 * 40, 40)
    end = start + rng.exponential(7 * 20, 40).astype(np.int64)
    end = np.where(end >= day_number(today), 10**9, end)
    cases = TeamCases(start, end, np.full(40, -1), np.zeros(40, dtype=np.int64), ("ots",))
    fixed, _rates = run(model_inputs(cases, today, 26, replicates=0), 26, rng=np.random.default_rng(1))
    spread, _rates = run(model_inputs(cases, today, 26, replicates=8), 26, rng=np.random.default_rng(1))
    assert (spread.fan().p95 - spread.fan().p05)[-1] > (fixed.fan().p95 - fixed.fan().p05)[-1]
