"""The band in force: from its valid-from date, never a day earlier, on a day and in a week."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.bands import (
    BandVersion,
    band_in_force,
    band_periods,
    bands_in_force,
    weekly_band,
    weekly_band_for,
)
from caseload_core.weeks import WeekGrid, day_number

D = day_number
NOW = BandVersion(D(dt.date(2026, 6, 1)), 30.0, 40.0)
LATER = BandVersion(D(dt.date(2027, 1, 4)), 32.0, 36.0)  # "geldig vanaf 4 januari 2027", a Monday


def test_a_band_decided_for_january_is_not_in_force_in_december():
    assert band_in_force([NOW, LATER], D(dt.date(2026, 12, 7))) == NOW
    assert band_in_force([NOW, LATER], D(dt.date(2027, 1, 3))) == NOW
    assert band_in_force([NOW, LATER], D(dt.date(2027, 1, 4))) == LATER
    assert band_in_force([LATER], D(dt.date(2027, 1, 3))) is None


def test_a_week_uses_the_band_in_force_on_its_monday():
    grid = WeekGrid(dt.date(2026, 12, 7), 6)  # 7 Dec 2026 … the week of 11 Jan 2027
    lower, upper = weekly_band(grid, [NOW, LATER])
    assert upper.tolist() == [40, 40, 40, 40, 36, 36]
    assert lower.tolist() == [30, 30, 30, 30, 32, 32]
    # Valid from a Wednesday: not in the week of that Wednesday (its Monday and Tuesday lie before it).
    wednesday = BandVersion(D(dt.date(2027, 1, 6)), 32.0, 36.0)
    assert weekly_band(grid, [NOW, wednesday])[1].tolist() == [40, 40, 40, 40, 40, 36]


def test_before_the_first_decision_there_is_no_band():
    grid = WeekGrid(dt.date(2026, 12, 28), 2)
    lower, upper = weekly_band(grid, [LATER])
    assert np.isnan(upper[0]) and upper[1] == 36
    assert np.isnan(lower[0])


def test_a_band_for_the_function_wins_while_it_is_in_force():
    own = BandVersion(D(dt.date(2026, 12, 14)), 10.0, 12.0, "jeugdbeschermer")
    grid = WeekGrid(dt.date(2026, 12, 7), 3)
    assert weekly_band_for(grid, [NOW, own], "jeugdbeschermer")[1].tolist() == [40, 12, 12]
    assert weekly_band_for(grid, [NOW, own])[1].tolist() == [40, 40, 40]
    assert band_in_force([NOW, own], D(dt.date(2026, 12, 13)), "jeugdbeschermer") == NOW
    assert band_in_force([NOW, own], D(dt.date(2026, 12, 14)), "jeugdbeschermer") == own


def test_band_periods_say_from_which_week_a_band_holds():
    periods = band_periods(np.array([30, 30, np.nan, 32, 32.0]), np.array([40, 40, np.nan, 36, 36.0]))
    assert [(p.first_week, p.lower, p.upper) for p in periods] == [(0, 30, 40), (3, 32, 36)]


versions = st.lists(
    st.builds(
        BandVersion,
        st.integers(20_000, 20_400),
        st.floats(0, 50),
        st.floats(0, 50),
        st.sampled_from(["", "", "jeugdbeschermer"]),
    ),
    max_size=6,
    unique_by=lambda v: (v.valid_from, v.function),
)


@given(versions, st.integers(19_990, 20_420), st.sampled_from(["", "jeugdbeschermer"]))
def test_the_band_in_force_never_started_after_the_day(vs: list[BandVersion], day: int, function: str) -> None:
    found = band_in_force(vs, day, function)
    lower, upper = bands_in_force(vs, np.array([day]), function)
    if found is None:
        assert all(v.valid_from > day for v in vs if v.function in ("", function))
        assert np.isnan(upper[0]) and np.isnan(lower[0])
    else:
        assert found.valid_from <= day
        assert (lower[0], upper[0]) == (found.lower, found.upper)
        # No later version of the same kind had started by then.
        assert not any(found.valid_from < v.valid_from <= day and v.function == found.function for v in vs)


@given(versions, st.integers(0, 60))
def test_every_week_uses_a_band_already_in_force_on_its_first_day(vs: list[BandVersion], offset: int) -> None:
    first = dt.date(1970, 1, 1) + dt.timedelta(days=20_000 + offset)
    grid = WeekGrid(first - dt.timedelta(days=first.weekday()), 8)
    general = [v for v in vs if not v.function]
    _lower, upper = weekly_band(grid, general)
    for k in range(grid.n_weeks):
        monday = grid.first_day + 7 * k
        found = band_in_force(general, monday)
        assert (np.isnan(upper[k]) and found is None) or (found is not None and upper[k] == found.upper)
