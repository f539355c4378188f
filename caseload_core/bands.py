"""The band in force: which decided bandwidth applies on a day, and in a week.

One rule for every calculation and every form default (the caseload picture, the forecast, the staffing
advice, the chain and the scenario form): **a band applies from its valid-from date and not a day earlier.**

- On a day ``d``: the version with the latest ``valid_from`` ≤ ``d``; none before the first decision.
- In a week: the band in force on the week's Monday, its first day. A band valid from a Monday (the usual
  case) counts from that week; a band valid from a Wednesday first counts in the week after, so that no day
  of a week is measured against a band that was not yet in force on it.
- A band for a function wins over the band for every function (``function`` ''), day by day.

Days are day numbers (``caseload_core.weeks.day_number``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .weeks import WeekGrid

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class BandVersion:
    """A decided bandwidth from ``valid_from`` (day number), cases per FTE; ``function`` '' = every function."""

    valid_from: int
    lower: float
    upper: float
    function: str = ""


def band_in_force(versions: Sequence[BandVersion], day: int, function: str = "") -> BandVersion | None:
    """The version in force on ``day`` for ``function``: its own band when one is in force, else the band for
    every function; None when neither has started yet."""
    for wanted in dict.fromkeys((function, "")):
        started = [v for v in versions if v.function == wanted and v.valid_from <= day]
        if started:
            return max(started, key=lambda v: v.valid_from)
    return None


def _in_force(versions: Sequence[BandVersion], days: IntArray) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bound in force on each day among ``versions`` (whatever their function), NaN before."""
    d = np.asarray(days, dtype=np.int64).reshape(-1)
    lower = np.full(d.size, np.nan)
    upper = np.full(d.size, np.nan)
    ordered = sorted(versions, key=lambda v: v.valid_from)
    if ordered:
        froms = np.array([v.valid_from for v in ordered], dtype=np.int64)
        idx = np.searchsorted(froms, d, side="right") - 1
        has = idx >= 0
        lower[has] = np.array([v.lower for v in ordered], dtype=np.float64)[idx[has]]
        upper[has] = np.array([v.upper for v in ordered], dtype=np.float64)[idx[has]]
    return lower, upper


def bands_in_force(
    versions: Sequence[BandVersion], days: IntArray, function: str = ""
) -> tuple[FloatArray, FloatArray]:
    """Vectorised :func:`band_in_force`: lower and upper bound per FTE on each day (NaN where none)."""
    general = _in_force([v for v in versions if not v.function], days)
    if not function:
        return general
    own = _in_force([v for v in versions if v.function == function], days)
    has_own = ~np.isnan(own[0])
    return np.where(has_own, own[0], general[0]), np.where(has_own, own[1], general[1])


def deciding_days(grid: WeekGrid) -> IntArray:
    """The day of each week whose band the week uses: its Monday (see the module docstring)."""
    out: IntArray = grid.first_day + 7 * np.arange(grid.n_weeks, dtype=np.int64)
    return out


def weekly_band(grid: WeekGrid, versions: Sequence[BandVersion]) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bound per FTE in force in each week of ``grid`` among ``versions`` (NaN before the
    first); the caller chooses the versions (the general ones, or one function's)."""
    return _in_force(versions, deciding_days(grid))


def weekly_band_for(
    grid: WeekGrid, versions: Sequence[BandVersion], function: str = ""
) -> tuple[FloatArray, FloatArray]:
    """The band per FTE in force in each week for ``function`` (its own band wins, else every function's)."""
    return bands_in_force(versions, deciding_days(grid), function)


@dataclass(frozen=True)
class BandPeriod:
    """A run of consecutive weeks under the same band: from week index ``first_week`` on."""

    first_week: int
    lower: float
    upper: float


def band_periods(lower: FloatArray, upper: FloatArray) -> tuple[BandPeriod, ...]:
    """The weekly band per FTE as the runs of weeks with the same band (weeks without a band are left out),
    e.g. to say "30–40 per fte; 32–36 per fte from 4 januari 2027"."""
    lo = np.asarray(lower, dtype=np.float64).reshape(-1)
    up = np.asarray(upper, dtype=np.float64).reshape(-1)
    periods: list[BandPeriod] = []
    previous: tuple[float, float] | None = None
    for k in range(lo.size):
        if np.isnan(lo[k]) or np.isnan(up[k]):
            previous = None
            continue
        current = (float(lo[k]), float(up[k]))
        if current != previous:
            periods.append(BandPeriod(k, current[0], current[1]))
        previous = current
    return tuple(periods)
