"""Weekly caseload series for a national-scale organisation: 2,000,000 cases, 20,000 people, 260 weeks.

The issue's target: well under one second on the 2-core project machine.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caseload_core.caseload import OPEN_END, weekly_caseload
from caseload_core.weeks import WeekGrid

N_CASES, N_PEOPLE, N_WEEKS = 2_000_000, 20_000, 260


def make_input(seed: int = 20261123) -> tuple[WeekGrid, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    grid = WeekGrid(dt.date(2021, 11, 29), N_WEEKS)
    person = rng.integers(0, N_PEOPLE, N_CASES)
    start = grid.first_day - 365 + rng.integers(0, 7 * N_WEEKS + 365, N_CASES)
    end = start + rng.exponential(300, N_CASES).astype(np.int64)
    end[rng.random(N_CASES) < 0.1] = OPEN_END
    weight = rng.choice([1 / 16, 1 / 21, 1 / 28], N_CASES) * rng.choice([1.0, 0.5], N_CASES, p=[0.95, 0.05])
    return grid, person, start, end, weight


def main(repeats: int = 7) -> None:
    grid, person, start, end, weight = make_input()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        series = weekly_caseload(grid, person, start, end, N_PEOPLE, weight)
        times.append(time.perf_counter() - t0)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, numpy {np.__version__}")
    print(f"input: {N_CASES:,} cases, {N_PEOPLE:,} people, {N_WEEKS} weeks -> matrix {series.shape}")
    median = sorted(times)[len(times) // 2]
    print(f"weekly_caseload (weighted): best {min(times) * 1000:.0f} ms, median {median * 1000:.0f} ms")


if __name__ == "__main__":
    main()
