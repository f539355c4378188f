"""Persistent breaches: runs of consecutive weeks above the band's upper bound (or the agreed margin), and
their aggregation with small-group suppression for the HR summary and the works council.

A breach week is a person-week flagged by the caller (caseload above the upper bound scaled to the
deployable formation, or above the normative caseload by more than the margin). A *persistent* breach is a
run of at least ``min_weeks`` (4) such weeks in a row. The report says how many people had one and how long
the runs lasted, never who: a group of fewer than ``caseload_core.privacy.MIN_GROUP`` (3) people, or a
count of 1 or 2, is suppressed, and the organisation total is protected so that a hidden team cell cannot be
recovered by subtraction (``caseload_core.privacy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .deviation import consecutive_run
from .privacy import MIN_GROUP, primary_hidden, protect_cells, too_small

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

PERSISTENT_WEEKS = 4
"""A breach lasting this many consecutive weeks or more is persistent."""


@dataclass(frozen=True)
class BreachRun:
    """One run: person ``row`` was in breach from week ``start`` for ``length`` weeks.

    ``ongoing`` means the run reaches the last week of the period (it may continue beyond it);
    ``from_before`` means it began in the first week (it may have started earlier).
    """

    row: int
    start: int
    length: int
    ongoing: bool
    from_before: bool


@dataclass(frozen=True)
class Runs:
    """Every persistent run as parallel arrays (row, first week, length), over ``n_weeks`` weeks."""

    row: IntArray
    start: IntArray
    length: IntArray
    n_weeks: int


def run_arrays(flags: BoolArray, min_weeks: int = PERSISTENT_WEEKS) -> Runs:
    """The runs of at least ``min_weeks`` consecutive True values per row of a people × weeks matrix."""
    if min_weeks < 1:
        raise ValueError("min_weeks must be at least 1")
    f = np.atleast_2d(np.asarray(flags, dtype=bool))
    n_weeks = f.shape[1]
    padded = np.zeros((f.shape[0], n_weeks + 2), dtype=np.int8)
    padded[:, 1:-1] = f
    step = np.diff(padded, axis=1)
    # nonzero walks row by row, left to right, so the k-th start of a row pairs with its k-th end.
    rows, starts = np.nonzero(step == 1)
    _end_rows, ends = np.nonzero(step == -1)
    lengths = ends - starts
    keep = lengths >= min_weeks
    return Runs(
        row=rows[keep].astype(np.int64),
        start=starts[keep].astype(np.int64),
        length=lengths[keep].astype(np.int64),
        n_weeks=n_weeks,
    )


def breach_runs(flags: BoolArray, min_weeks: int = PERSISTENT_WEEKS) -> list[BreachRun]:
    """Every run of at least ``min_weeks`` consecutive True values per row, as readable records."""
    r = run_arrays(flags, min_weeks)
    return [
        BreachRun(row=int(i), start=int(s), length=int(n), ongoing=bool(s + n == r.n_weeks), from_before=bool(s == 0))
        for i, s, n in zip(r.row, r.start, r.length, strict=True)
    ]


def longest_run(flags: BoolArray) -> IntArray:
    """The longest run of consecutive True values per row (0 for a row without any)."""
    f = np.atleast_2d(np.asarray(flags, dtype=bool))
    if f.shape[1] == 0:
        return np.zeros(f.shape[0], dtype=np.int64)
    out: IntArray = consecutive_run(f).max(axis=1).astype(np.int64)
    return out


@dataclass(frozen=True)
class BreachFigures:
    """The persistent-breach figures of one group (a team, or the organisation), unsuppressed."""

    group_size: int
    people: int
    runs: int
    person_weeks: int
    median_weeks: float
    longest_weeks: int
    ongoing_runs: int


def breach_figures(flags: BoolArray, min_weeks: int = PERSISTENT_WEEKS) -> BreachFigures:
    """How many of the group's people had a persistent breach, how many runs, and how long they lasted."""
    f = np.atleast_2d(np.asarray(flags, dtype=bool))
    r = run_arrays(f, min_weeks)
    return BreachFigures(
        group_size=int(f.shape[0]),
        people=int(np.unique(r.row).size),
        runs=int(r.length.size),
        person_weeks=int(r.length.sum()),
        median_weeks=float(np.median(r.length)) if r.length.size else 0.0,
        longest_weeks=int(r.length.max()) if r.length.size else 0,
        ongoing_runs=int((r.start + r.length == r.n_weeks).sum()),
    )


@dataclass(frozen=True)
class BreachReport:
    """What may be shown of a group's breach figures. ``None`` means suppressed.

    ``group_hidden``: the whole group is too small to report on. ``people`` is None when the count is
    1 or 2 (or must be hidden to protect another cell); the run lengths are shown only when they describe at
    least ``threshold`` people.
    """

    group_size: int
    group_hidden: bool
    people: int | None
    runs: int | None
    person_weeks: int | None
    median_weeks: float | None
    longest_weeks: int | None
    ongoing_runs: int | None

    @property
    def suppressed(self) -> bool:
        return self.people is None


def report(figures: BreachFigures, *, hide_count: bool = False, threshold: int = MIN_GROUP) -> BreachReport:
    """The publishable form of one group's figures (``hide_count`` from secondary suppression)."""
    group_hidden = too_small(figures.group_size, threshold)
    hide = group_hidden or hide_count or primary_hidden(figures.people, figures.group_size, threshold)
    lengths_ok = not hide and figures.people >= threshold
    return BreachReport(
        group_size=figures.group_size,
        group_hidden=group_hidden,
        people=None if hide else figures.people,
        runs=None if hide else figures.runs,
        person_weeks=figures.person_weeks if lengths_ok else None,
        median_weeks=figures.median_weeks if lengths_ok else None,
        longest_weeks=figures.longest_weeks if lengths_ok else None,
        ongoing_runs=figures.ongoing_runs if lengths_ok else None,
    )


def reports_with_total(
    groups: Sequence[BoolArray], min_weeks: int = PERSISTENT_WEEKS, threshold: int = MIN_GROUP
) -> tuple[list[BreachReport], BreachReport]:
    """Reports per group (e.g. team) and for all groups together, with small groups and counts suppressed
    and the cells protected against recovery from the total."""
    figures = [breach_figures(g, min_weeks) for g in groups]
    hidden = [primary_hidden(f.people, f.group_size, threshold) for f in figures]
    protected = protect_cells([f.people for f in figures], hidden, threshold)
    rows = [report(f, hide_count=h, threshold=threshold) for f, h in zip(figures, protected, strict=True)]
    non_empty = [np.atleast_2d(np.asarray(g, dtype=bool)) for g in groups if np.asarray(g).size]
    if non_empty:
        width = max(g.shape[1] for g in non_empty)
        padded = [np.pad(g, ((0, 0), (0, width - g.shape[1]))) for g in non_empty]
        total_figures = breach_figures(np.vstack(padded), min_weeks)
    else:
        total_figures = breach_figures(np.zeros((0, 0), dtype=bool), min_weeks)
    return rows, report(total_figures, threshold=threshold)
