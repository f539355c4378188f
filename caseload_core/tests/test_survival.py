"""Kaplan–Meier with right-censoring."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.survival import kaplan_meier


def test_it_matches_a_hand_computed_example():
    """Durations 2, 3+, 4, 4, 5+, 7 (+ = still open). At t=2: 6 at risk, 1 ends → 5/6. The case open at 3
    leaves the risk set without ending. At t=4: 4 at risk, 2 end → 5/6 · 2/4 = 5/12. At t=7: 1 at risk,
    1 ends → 0."""
    curve = kaplan_meier(np.array([2, 3, 4, 4, 5, 7.0]), np.array([1, 0, 1, 1, 0, 1], dtype=bool))
    assert curve.times.tolist() == [2, 4, 7]
    assert curve.at_risk.tolist() == [6, 4, 1]
    assert curve.events.tolist() == [1, 2, 1]
    assert curve.survival == pytest.approx([5 / 6, 5 / 12, 0.0])
    assert curve.at(np.array([0, 1.99, 2, 3.5, 4, 6.9])) == pytest.approx([1, 1, 5 / 6, 5 / 6, 5 / 12, 5 / 12])
    assert curve.quantile(0.5) == 4


def test_open_cases_are_not_short_cases():
    """Dropping the open cases, or counting them as ended today, both make cases look shorter."""
    rng = np.random.default_rng(7)
    true_durations = rng.exponential(40, 4000)
    age_at_snapshot = rng.uniform(0, 80, 4000)
    observed = true_durations <= age_at_snapshot
    seen = np.where(observed, true_durations, age_at_snapshot)
    km_median = kaplan_meier(seen, observed).quantile(0.5)
    naive_median = float(np.median(seen))
    assert km_median == pytest.approx(40 * np.log(2), rel=0.08)
    assert naive_median < 0.75 * km_median


def test_a_ties_between_an_end_and_an_open_case_count_the_end_first():
    curve = kaplan_meier(np.array([3.0, 3.0, 5.0]), np.array([True, False, True]))
    assert curve.survival[0] == pytest.approx(2 / 3)


def test_beyond_the_longest_case_the_constant_hazard_tail_takes_over():
    """Last observation censored: S stays at 1/2 up to 4, then decays at events ÷ exposure = 1/(1+4)."""
    curve = kaplan_meier(np.array([1.0, 4.0]), np.array([True, False]))
    assert curve.at(4.0) == pytest.approx(0.5)
    assert curve.at(9.0) == pytest.approx(0.5 * np.exp(-5 / 5))
    assert curve.residual(4.0, 5.0) == pytest.approx(np.exp(-1.0))


def test_a_case_older_than_every_closed_case_keeps_a_positive_chance_to_stay_open():
    curve = kaplan_meier(np.array([1.0, 2.0]), np.array([True, True]))
    assert curve.at(3.0) == 0.0
    assert 0 < float(curve.residual(3.0, 1.0)) < 1


def test_it_refuses_empty_or_mismatched_input():
    with pytest.raises(ValueError):
        kaplan_meier(np.array([]), np.array([], dtype=bool))
    with pytest.raises(ValueError):
        kaplan_meier(np.array([1.0, 2.0]), np.array([True]))


durations = st.lists(st.tuples(st.floats(0, 500), st.booleans()), min_size=1, max_size=60)


@given(durations)
def test_survival_is_a_non_increasing_probability(rows):
    d = np.array([r[0] for r in rows])
    e = np.array([r[1] for r in rows])
    curve = kaplan_meier(d, e)
    grid = np.linspace(0, 600, 121)
    s = curve.at(grid)
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.diff(s) <= 1e-12)
    r = curve.residual(np.full(5, 10.0), np.arange(5.0))
    assert np.all(np.diff(r) <= 1e-12) and r[0] == pytest.approx(1.0)


@given(st.lists(st.floats(0.1, 500), min_size=1, max_size=60))
def test_without_open_cases_it_is_the_empirical_survival(values):
    d = np.array(values)
    curve = kaplan_meier(d, np.ones(d.size, dtype=bool))
    for t in np.unique(d):
        assert curve.at(t) == pytest.approx(np.mean(d > t), abs=1e-9)


def test_delayed_entry_corrects_for_cases_that_were_only_recorded_because_they_lasted():
    """Records begin at week 50: cases that started before are in them only if still open then. Without
    delayed entry they make the median far too long; with it, the true median comes back."""
    rng = np.random.default_rng(3)
    start = rng.uniform(0, 150, 20_000)
    duration = rng.exponential(20, start.size)
    visible = start + duration >= 50
    entry = np.maximum(50 - start, 0)[visible]
    naive = kaplan_meier(duration[visible], np.ones(visible.sum(), dtype=bool)).quantile(0.5)
    truncated = kaplan_meier(duration[visible], np.ones(visible.sum(), dtype=bool), entry).quantile(0.5)
    assert truncated == pytest.approx(20 * np.log(2), rel=0.05)
    assert naive > 1.1 * truncated


@given(
    st.lists(st.tuples(st.floats(0.1, 100), st.booleans(), st.integers(0, 3)), min_size=1, max_size=30).filter(
        lambda rows: any(w > 0 for _d, _e, w in rows)
    )
)
def test_integer_weights_count_like_repeated_cases(rows):
    """A bootstrap weight of 2 is the same as the case appearing twice (0: not at all)."""
    d = np.array([r[0] for r in rows])
    e = np.array([r[1] for r in rows])
    w = np.array([float(r[2]) for r in rows])
    weighted = kaplan_meier(d, e, weights=w)
    repeated = kaplan_meier(np.repeat(d, w.astype(int)), np.repeat(e, w.astype(int)))
    grid = np.linspace(0, 120, 61)
    assert weighted.at(grid[grid <= d[w > 0].max()]) == pytest.approx(repeated.at(grid[grid <= d[w > 0].max()]))
