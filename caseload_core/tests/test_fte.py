"""FTE and deployable FTE."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.fte import ContractPeriod, Reduction, daily_fte, fte_from_hours, weekly_fte
from caseload_core.weeks import WeekGrid

GRID = WeekGrid(dt.date(2025, 1, 6), 4)


@pytest.mark.parametrize(
    ("hours", "fulltime", "expected"),
    [(36, 36, 1.0), (32, 36, 32 / 36), (18, 36, 0.5), (0, 36, 0.0), (40, 40, 1.0)],
)
def test_it_divides_contract_hours_by_the_fulltime_week(hours, fulltime, expected):
    assert fte_from_hours(hours, fulltime) == pytest.approx(expected)


def test_it_refuses_a_zero_fulltime_week():
    with pytest.raises(ValueError):
        fte_from_hours(36, 0)


@given(st.floats(0, 60), st.floats(1, 60))
def test_fte_scales_linearly_with_hours(hours, fulltime):
    assert fte_from_hours(2 * hours, fulltime) == pytest.approx(2 * fte_from_hours(hours, fulltime))


def test_a_reduction_from_thursday_counts_four_sevenths_of_that_week():
    thursday = dt.date(2025, 1, 9)
    contracted, deployable = weekly_fte(
        GRID, [ContractPeriod(dt.date(2020, 1, 1), 36)], [Reduction(thursday, None, 100)]
    )
    assert contracted.tolist() == [1, 1, 1, 1]
    assert deployable[0] == pytest.approx(3 / 7)
    assert deployable[1:].tolist() == [0, 0, 0]


def test_a_contract_change_applies_from_its_date_only():
    _c, deployable = weekly_fte(
        GRID, [ContractPeriod(dt.date(2020, 1, 1), 36), ContractPeriod(dt.date(2025, 1, 13), 18)]
    )
    assert deployable.tolist() == pytest.approx([1.0, 0.5, 0.5, 0.5])


def test_overlapping_reductions_add_up_but_never_below_zero():
    start = dt.date(2025, 1, 6)
    _c, deployable = weekly_fte(
        GRID,
        [ContractPeriod(start, 36)],
        [Reduction(start, dt.date(2025, 1, 12), 60), Reduction(start, dt.date(2025, 1, 19), 60)],
    )
    assert deployable.tolist() == pytest.approx([0.0, 0.4, 1.0, 1.0])


def test_employment_dates_bound_the_formation():
    _c, deployable = weekly_fte(
        GRID,
        [ContractPeriod(dt.date(2020, 1, 1), 36)],
        employed_from=dt.date(2025, 1, 13),
        employed_until=dt.date(2025, 1, 26),
    )
    assert deployable.tolist() == [0, 1, 1, 0]


@given(st.lists(st.tuples(st.integers(0, 27), st.integers(0, 27), st.floats(0, 100)), max_size=6))
def test_deployable_never_exceeds_contracted_nor_falls_below_zero(reds):
    reductions = [
        Reduction(GRID.first_monday + dt.timedelta(days=a), GRID.first_monday + dt.timedelta(days=a + b), p)
        for a, b, p in reds
    ]
    contracted, deployable = daily_fte(GRID, [ContractPeriod(dt.date(2020, 1, 1), 32)], reductions)
    assert np.all(deployable <= contracted + 1e-12)
    assert np.all(deployable >= 0)
