"""A seeded synthetic organisation's case histories, for the backtest and the benchmarks (no Django).

Each team has its own inflow level with a summer and Christmas dip and a slow random drift, three case
types with gamma-distributed durations, expected end dates that are informative for most cases, and records
that begin five years back (cases that started earlier appear only if still open then, as after a
migration). The truth is known, so the forecast's calibration can be measured against it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from caseload_core.caseload import OPEN_END
from caseload_core.forecast_inputs import NO_DATE, TeamCases
from caseload_core.weeks import day_number

TYPES = ("ots", "voogdij", "ambulant")
TYPE_SHARES = np.array([0.65, 0.15, 0.20])
SHAPE = np.array([1.6, 2.0, 1.3])
MEAN_WEEKS = np.array([55.0, 140.0, 26.0])
SEASON = np.array([1.05, 1.05, 1.1, 1.05, 1.0, 1.0, 0.75, 0.75, 1.1, 1.1, 1.05, 0.85])


def team_cases(rng: np.random.Generator, today: dt.date, *, history_weeks: int = 260, rate: float = 5.0) -> TeamCases:
    """One team's cases up to ``today`` (a Monday): ends after today are open."""
    warmup = 300
    n_weeks = warmup + history_weeks
    first = day_number(today) - 7 * n_weeks
    mondays = first + 7 * np.arange(n_weeks)
    months = np.array([(dt.date(1970, 1, 1) + dt.timedelta(days=int(d) + 3)).month for d in mondays])
    drift = np.exp(np.cumsum(rng.normal(0, 0.015, n_weeks)))
    counts = rng.poisson(rate * SEASON[months - 1] * drift / drift.mean())
    start = np.repeat(mondays, counts) + rng.integers(0, 7, counts.sum())
    kind = rng.choice(len(TYPES), start.size, p=TYPE_SHARES)
    weeks = rng.gamma(SHAPE[kind], MEAN_WEEKS[kind] / SHAPE[kind])
    end = start + np.maximum(np.rint(weeks * 7), 1).astype(np.int64)
    expected = start + np.rint(weeks * 7 * np.exp(rng.normal(0, 0.2, start.size))).astype(np.int64)
    expected = np.where(rng.random(start.size) < 0.8, expected, NO_DATE)
    records_begin = day_number(today) - 7 * history_weeks
    keep = end >= records_begin
    today_day = day_number(today)
    end = np.where(end >= today_day, OPEN_END, end)
    return TeamCases(
        start=start[keep],
        end=end[keep],
        expected_end=expected[keep],
        case_type=kind[keep].astype(np.int64),
        type_codes=TYPES,
    )


def organisation(n_teams: int, today: dt.date, seed: int = 20261123) -> list[TeamCases]:
    """``n_teams`` teams of different sizes (1.5 to 9 new cases a week)."""
    rng = np.random.default_rng(seed)
    return [team_cases(rng, today, rate=float(rng.uniform(1.5, 9.0))) for _ in range(n_teams)]
