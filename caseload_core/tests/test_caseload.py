"""weekly_caseload: the difference-array formulation against a plain loop, and its invariants."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from caseload_core.caseload import OPEN_END, caseload_on, open_on, weekly_caseload, weekly_events
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


# ---------------------------------------------------------------- once per case, and on a date


def _naive_once(grid: WeekGrid, case, person, start, end, n_people, weight):
    """Per week, each (case, person) counts its largest weight among its periods touching that week."""
    best: dict[tuple[int, int, int], float] = {}
    for c, p, s, e, w in zip(case, person, start, end, weight, strict=True):
        for k in range(grid.n_weeks):
            monday = grid.first_day + 7 * k
            if e >= s and s <= monday + 6 and e >= monday:
                best[(c, p, k)] = max(best.get((c, p, k), 0.0), w)
    out = np.zeros((n_people, grid.n_weeks))
    for (_c, p, k), w in best.items():
        out[p, k] += w
    return out


def _naive_on(day, case, person, start, end, n_people, weight):
    best: dict[tuple[int, int], float] = {}
    for c, p, s, e, w in zip(case, person, start, end, weight, strict=True):
        if s <= day <= e:
            best[(c, p)] = max(best.get((c, p), 0.0), w)
    out = np.zeros(n_people)
    for (_c, p), w in best.items():
        out[p] += w
    return out


periods = st.lists(
    st.tuples(
        st.integers(0, 4),  # case
        st.integers(0, 2),  # person
        st.integers(-20, 90),  # start, days after the grid's first Monday
        st.integers(0, 40),  # length - 1
        st.sampled_from([0.25, 0.5, 1.0]),  # share
        st.booleans(),  # open-ended
    ),
    max_size=30,
)


def _arrays(rows):
    case = np.array([r[0] for r in rows], dtype=np.int64)
    person = np.array([r[1] for r in rows], dtype=np.int64)
    start = np.array([GRID.first_day + r[2] for r in rows], dtype=np.int64)
    end = np.array([OPEN_END if r[5] else GRID.first_day + r[2] + r[3] for r in rows], dtype=np.int64)
    share = np.array([r[4] for r in rows], dtype=np.float64)
    return case, person, start, end, share


def test_a_case_handed_over_to_the_same_person_counts_once_that_week():
    d = GRID.first_day  # Monday of week 0
    # Case 7 carried by person 0 until Wednesday of week 1, then again by person 0 from Thursday.
    person, start, end = np.array([0, 0]), np.array([d, d + 10]), np.array([d + 9, d + 30])
    before = weekly_caseload(GRID, person, start, end, 1)
    assert before[0, 1] == 2  # without the case: two periods in week 1
    once = weekly_caseload(GRID, person, start, end, 1, case=np.array([7, 7]))
    assert once[0].tolist() == [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    # Two different cases in the same week still count twice.
    assert weekly_caseload(GRID, person, start, end, 1, case=np.array([7, 8]))[0, 1] == 2


def test_a_handover_to_another_person_counts_for_both_that_week():
    d = GRID.first_day
    series = weekly_caseload(
        GRID, np.array([0, 1]), np.array([d, d + 10]), np.array([d + 9, d + 30]), 2, case=np.array([7, 7])
    )
    assert series[:, 1].tolist() == [1, 1]


@settings(max_examples=300, deadline=None)
@given(periods)
def test_once_per_case_matches_a_plain_loop(rows):
    case, person, start, end, share = _arrays(rows)
    fast = weekly_caseload(GRID, person, start, end, 3, share, case=case)
    np.testing.assert_allclose(fast, _naive_once(GRID, case, person, start, end, 3, share), atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(periods)
def test_without_overlaps_of_one_case_and_person_the_weekly_figures_stay_identical(rows):
    # Keep only rows whose (case, person) shares no week with an earlier kept row: then `case` changes nothing.
    kept, weeks = [], {}
    for r in rows:
        c, p, s, length, _share, open_ended = r
        span = set(range(s // 7, 20 if open_ended else (s + length) // 7 + 1))  # week 19 lies beyond every row
        if weeks.get((c, p), set()) & span:
            continue
        weeks.setdefault((c, p), set()).update(span)
        kept.append(r)
    case, person, start, end, share = _arrays(kept)
    np.testing.assert_array_equal(
        weekly_caseload(GRID, person, start, end, 3, share, case=case),
        weekly_caseload(GRID, person, start, end, 3, share),
    )


@settings(max_examples=200, deadline=None)
@given(periods, st.integers(-25, 140))
def test_the_count_on_a_date_equals_a_brute_force_count(rows, offset):
    case, person, start, end, share = _arrays(rows)
    day = GRID.first_day + offset
    np.testing.assert_allclose(
        caseload_on(day, person, start, end, 3, share, case=case), _naive_on(day, case, person, start, end, 3, share)
    )
    # Without `case` every assignment open that day counts.
    plain = np.zeros(3)
    for p, s, e in zip(person, start, end, strict=True):
        plain[p] += s <= day <= e
    np.testing.assert_array_equal(caseload_on(day, person, start, end, 3), plain)


@settings(max_examples=200, deadline=None)
@given(periods)
def test_the_weekly_figure_is_at_least_any_days_figure_in_that_week(rows):
    case, person, start, end, share = _arrays(rows)
    for weight in (None, share):
        weekly = weekly_caseload(GRID, person, start, end, 3, weight, case=case)
        for k in range(GRID.n_weeks):
            days = [caseload_on(GRID.first_day + 7 * k + i, person, start, end, 3, weight, case=case) for i in range(7)]
            assert (weekly[:, k] >= np.max(days, axis=0) - 1e-12).all()
            # and never more than the cases open on some day of the week
            assert (weekly[:, k] <= np.sum(days, axis=0) + 1e-12).all()


def test_the_end_date_is_the_last_day_carried():
    d = day_number(dt.date(2026, 3, 10))
    person, start, end = np.array([0]), np.array([d - 5]), np.array([d])
    assert caseload_on(d, person, start, end, 1).tolist() == [1]  # the last day still counts
    assert caseload_on(d + 1, person, start, end, 1).tolist() == [0]
    assert caseload_on(d - 5, person, start, end, 1).tolist() == [1]  # the first day counts
    assert caseload_on(d - 6, person, start, end, 1).tolist() == [0]
    assert open_on(d, np.array([d, d + 1]), np.array([OPEN_END, OPEN_END])).tolist() == [True, False]
