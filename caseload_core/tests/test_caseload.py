"""weekly_caseload: the difference-array formulation against a plain loop, and its invariants."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from caseload_core.caseload import OPEN_END, weekly_caseload, weekly_events
from caseload_core.weeks import WeekGrid, day_number

GRID = WeekGrid(dt.date(2025, 1, 6), 10)  # a Monday


def _naive(grid: WeekGrid, person, start, end, n_people, weight):
    out = np.zeros((n_people, grid.n_weeks))
    for p, s, e, w in zip(person, start, end, weight, strict=True):
        if e < s:
            continue
        for k in range(grid.n_weeks):
            monday = grid.first_day + 7 * k
            sunday = monday + 6
            if s <= sunday and e >= monday:
                out[p, k] += w
    return out


def test_it_counts_a_case_in_every_week_it_is_open_on_some_day():
    monday = GRID.first_day
    # Open Wednesday of week 0 through Tuesday of week 2: counts in weeks 0, 1 and 2.
    series = weekly_caseload(GRID, np.array([0]), np.array([monday + 2]), np.array([monday + 15]), 1)
    assert series[0].tolist() == [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]


def test_it_counts_an_open_case_until_the_end_of_the_grid():
    series = weekly_caseload(GRID, np.array([0]), np.array([GRID.first_day + 30]), np.array([OPEN_END]), 1)
    assert series[0].tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]


def test_it_weighs_shared_cases_and_types():
    d = GRID.first_day
    series = weekly_caseload(
        GRID,
        np.array([0, 0, 1]),
        np.array([d, d, d]),
        np.array([d + 6, d + 6, d + 6]),
        2,
        weight=np.array([0.5, 1 / 21, 1.0]),
    )
    assert series[0, 0] == 0.5 + 1 / 21
    assert series[1, 0] == 1.0


def test_it_ignores_cases_outside_the_grid_and_inverted_intervals():
    d = GRID.first_day
    series = weekly_caseload(
        GRID, np.array([0, 0, 0]), np.array([d - 30, d + 100, d + 10]), np.array([d - 1, d + 120, d + 5]), 1
    )
    assert series.sum() == 0


def test_it_counts_inflow_per_week():
    d = GRID.first_day
    counts = weekly_events(GRID, np.array([d, d + 1, d + 7, d - 1, d + 70]))
    assert counts.tolist() == [2, 1, 0, 0, 0, 0, 0, 0, 0, 0]


intervals = st.lists(
    st.tuples(st.integers(0, 3), st.integers(-20, 90), st.integers(0, 60), st.floats(0.01, 2.0)),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(intervals)
def test_it_matches_a_plain_loop(rows):
    person = np.array([r[0] for r in rows], dtype=np.int64)
    start = np.array([GRID.first_day + r[1] for r in rows], dtype=np.int64)
    end = start + np.array([r[2] for r in rows], dtype=np.int64)
    weight = np.array([r[3] for r in rows])
    fast = weekly_caseload(GRID, person, start, end, 4, weight)
    np.testing.assert_allclose(fast, _naive(GRID, person, start, end, 4, weight), atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(intervals, st.randoms())
def test_it_does_not_depend_on_input_order(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)

    def run(rs):
        p = np.array([r[0] for r in rs], dtype=np.int64)
        s = np.array([GRID.first_day + r[1] for r in rs], dtype=np.int64)
        return weekly_caseload(GRID, p, s, s + np.array([r[2] for r in rs], dtype=np.int64), 4)

    np.testing.assert_array_equal(run(rows), run(shuffled))


@settings(max_examples=100, deadline=None)
@given(intervals)
def test_a_persons_weekly_counts_sum_to_the_case_weeks_they_carry(rows):
    person = np.array([r[0] for r in rows], dtype=np.int64)
    start = np.array([GRID.first_day + r[1] for r in rows], dtype=np.int64)
    end = start + np.array([r[2] for r in rows], dtype=np.int64)
    series = weekly_caseload(GRID, person, start, end, 4)
    for p in range(4):
        mine = person == p
        first = np.clip((start[mine] - GRID.first_day) // 7, 0, GRID.n_weeks)
        last = np.clip((end[mine] - GRID.first_day) // 7 + 1, 0, GRID.n_weeks)
        assert series[p].sum() == np.maximum(last - first, 0).sum()


def test_day_number_is_days_since_epoch():
    assert day_number(dt.date(1970, 1, 11)) == 10
