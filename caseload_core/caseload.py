"""Caseload per person per week from case intervals, vectorised.

A case (or a share of one) counts in a week when it is open on at least one day of that week (Monday to
Sunday). The formulation is a difference array: +weight in the first week, -weight after the last, then a
cumulative sum along the weeks. One ``bincount`` per sign keeps it linear in cases + people × weeks.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .weeks import DayArray, WeekGrid

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

OPEN_END = np.iinfo(np.int64).max // 4
"""Day number used for a case that has not ended; far beyond any grid."""


def weekly_caseload(
    grid: WeekGrid,
    person: IntArray,
    start_day: DayArray,
    end_day: DayArray,
    n_people: int,
    weight: FloatArray | None = None,
) -> FloatArray:
    """Matrix (n_people × n_weeks) of the summed weight of the cases each person carries each week.

    ``start_day``/``end_day`` are inclusive day numbers (``OPEN_END`` for an open case); ``weight`` is 1
    per case when omitted (a plain count), or e.g. share × 1/norm for FTE-equivalents. Intervals with
    end before start are ignored.
    """
    n_weeks = grid.n_weeks
    person = np.asarray(person, dtype=np.int64)
    first = np.clip(grid.week_of(np.asarray(start_day, dtype=np.int64)), 0, n_weeks)
    end = np.minimum(np.asarray(end_day, dtype=np.int64), grid.first_day + 7 * n_weeks)
    after_last = np.clip(grid.week_of(end) + 1, 0, n_weeks)
    valid = (after_last > first) & (np.asarray(end_day) >= np.asarray(start_day))
    w = np.ones(person.size) if weight is None else np.asarray(weight, dtype=np.float64)
    stride = n_weeks + 1
    size = n_people * stride
    deltas = np.bincount(person[valid] * stride + first[valid], weights=w[valid], minlength=size).astype(np.float64)
    deltas -= np.bincount(person[valid] * stride + after_last[valid], weights=w[valid], minlength=size)
    series: FloatArray = np.cumsum(deltas.reshape(n_people, stride), axis=1)[:, :n_weeks]
    return series


def weekly_events(grid: WeekGrid, day: DayArray) -> IntArray:
    """How many of the given days (e.g. case starts for inflow, ends for outflow) fall in each week."""
    week = grid.week_of(np.asarray(day, dtype=np.int64))
    inside = (week >= 0) & (week < grid.n_weeks)
    counts: IntArray = np.bincount(week[inside], minlength=grid.n_weeks).astype(np.int64)
    return counts
