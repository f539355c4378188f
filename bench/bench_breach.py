"""Persistent-breach statistics for a national-scale organisation: 20,000 people in 1,000 teams × 260 weeks.

Measures ``caseload_core.breach.breach_runs`` on the whole matrix and ``reports_with_total`` (per-team
figures, suppression and the organisation total), and the HR summary for the demo's Veldstroom half-year.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caseload_core.breach import reports_with_total, run_arrays

N_PEOPLE, N_TEAMS, N_WEEKS = 20_000, 1_000, 260


def flags(seed: int = 20261123) -> np.ndarray:
    """A person is above the band in a week with a persistence: stays above with 0.8, enters with 0.05."""
    rng = np.random.default_rng(seed)
    out = np.zeros((N_PEOPLE, N_WEEKS), dtype=bool)
    u = rng.random((N_PEOPLE, N_WEEKS))
    for k in range(1, N_WEEKS):
        out[:, k] = np.where(out[:, k - 1], u[:, k] < 0.8, u[:, k] < 0.05)
    return out


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    f = flags()
    teams = np.array_split(f, N_TEAMS)
    n_runs = run_arrays(f).length.size
    t_runs = best_of(lambda: run_arrays(f))
    t_report = best_of(lambda: reports_with_total(teams))
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"run_arrays: {N_PEOPLE:,} people × {N_WEEKS} weeks, {n_runs:,} runs of ≥ 4 weeks: {t_runs * 1000:.0f} ms")
    print(f"reports_with_total: {N_TEAMS:,} teams with suppression and total: {t_report * 1000:.0f} ms")


if __name__ == "__main__":
    main()
