"""FTE from contract hours, and the deployable FTE of a person per week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .weeks import WeekGrid, day_number

FloatArray = npt.NDArray[np.float64]

DEFAULT_FULLTIME_HOURS = 36.0
"""The CAO Jeugdzorg full-time week."""


def fte_from_hours(contract_hours: float, fulltime_hours: float = DEFAULT_FULLTIME_HOURS) -> float:
    """FTE is contract hours divided by the organisation's full-time week (32 of 36 hours = 0.889 FTE)."""
    if fulltime_hours <= 0:
        raise ValueError("fulltime_hours must be positive")
    if contract_hours < 0:
        raise ValueError("contract_hours must not be negative")
    return contract_hours / fulltime_hours


@dataclass(frozen=True)
class ContractPeriod:
    """Contract hours from ``valid_from`` until the next period starts."""

    valid_from: dt.date
    hours: float


@dataclass(frozen=True)
class Reduction:
    """A share of the hours not available for cases, from ``start`` through ``end`` (inclusive).

    ``percent`` is 0..100. ``end`` None means open-ended.
    """

    start: dt.date
    end: dt.date | None
    percent: float


def _daily(grid: WeekGrid) -> npt.NDArray[np.int64]:
    return np.arange(grid.first_day, grid.first_day + 7 * grid.n_weeks, dtype=np.int64)


def daily_fte(
    grid: WeekGrid,
    contracts: Sequence[ContractPeriod],
    reductions: Sequence[Reduction] = (),
    *,
    employed_from: dt.date | None = None,
    employed_until: dt.date | None = None,
    fulltime_hours: float = DEFAULT_FULLTIME_HOURS,
) -> tuple[FloatArray, FloatArray]:
    """Contracted and deployable FTE for every day of the grid.

    Overlapping reductions add up, capped at 100% of the hours.
    """
    days = _daily(grid)
    contracted = np.zeros(days.size)
    for period in sorted(contracts, key=lambda c: c.valid_from):
        contracted[days >= day_number(period.valid_from)] = fte_from_hours(period.hours, fulltime_hours)
    if employed_from is not None:
        contracted[days < day_number(employed_from)] = 0.0
    if employed_until is not None:
        contracted[days > day_number(employed_until)] = 0.0
    reduced = np.zeros(days.size)
    for r in reductions:
        if not 0 <= r.percent <= 100:
            raise ValueError("a reduction's percent must be between 0 and 100")
        mask = days >= day_number(r.start)
        if r.end is not None:
            mask &= days <= day_number(r.end)
        reduced[mask] += r.percent / 100.0
    deployable = contracted * (1.0 - np.minimum(reduced, 1.0))
    return contracted, deployable


def weekly_mean(daily: FloatArray) -> FloatArray:
    """The average of each week's seven days: a reduction from Thursday counts 4/7 in that week."""
    weekly: FloatArray = daily.reshape(-1, 7).mean(axis=1)
    return weekly


def weekly_fte(
    grid: WeekGrid,
    contracts: Sequence[ContractPeriod],
    reductions: Sequence[Reduction] = (),
    *,
    employed_from: dt.date | None = None,
    employed_until: dt.date | None = None,
    fulltime_hours: float = DEFAULT_FULLTIME_HOURS,
) -> tuple[FloatArray, FloatArray]:
    """Contracted and deployable FTE per week (the mean over the week's days)."""
    contracted, deployable = daily_fte(
        grid,
        contracts,
        reductions,
        employed_from=employed_from,
        employed_until=employed_until,
        fulltime_hours=fulltime_hours,
    )
    return weekly_mean(contracted), weekly_mean(deployable)
