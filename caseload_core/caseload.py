"""Caseload per person per week, and on one date, from case intervals, vectorised.

A case (or a share of one) counts in a week when it is open on at least one day of that week (Monday to
Sunday). The formulation is a difference array: +weight in the first week, -weight after the last, then a
cumulative sum along the weeks. One ``bincount`` per sign keeps it linear in cases + people × weeks.

One case counts once for one person in a week: given the case of each assignment, periods of the same case
and person that share a week (a handover to themselves: a period ending on Wednesday and the next starting
on Thursday) count that week once, with the larger share (:func:`once_per_case`).

On a date (the peildatum, as a registration system counts): an assignment counts on day ``d`` when it
started on or before ``d`` and its last day carried is ``d`` or later (:func:`caseload_on`). The product
stores an end date as the last day carried, inclusive.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from .weeks import DayArray, WeekGrid

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

OPEN_END = np.iinfo(np.int64).max // 4
"""Day number used for a case that has not ended; far beyond any grid."""


def weekly_caseload(
    grid: WeekGrid,
    person: IntArray,
    start_day: DayArray,
    end_day: DayArray,
    n_people: int,
    weight: FloatArray | None = None,
    case: IntArray | None = None,
) -> FloatArray:
    """Matrix (n_people × n_weeks) of the summed weight of the cases each person carries each week.

    ``start_day``/``end_day`` are inclusive day numbers (``OPEN_END`` for an open case); ``weight`` is 1
    per case when omitted (a plain count), or e.g. share × 1/norm for FTE-equivalents. Intervals with
    end before start are ignored. With ``case`` (the case of each interval), one case counts once per
    person and week (:func:`once_per_case`); ``person`` may then be any row index (e.g. type × person).
    """
    n_weeks = grid.n_weeks
    person = np.asarray(person, dtype=np.int64)
    first = np.clip(grid.week_of(np.asarray(start_day, dtype=np.int64)), 0, n_weeks)
    end = np.minimum(np.asarray(end_day, dtype=np.int64), grid.first_day + 7 * n_weeks)
    after_last = np.clip(grid.week_of(end) + 1, 0, n_weeks)
    valid = (after_last > first) & (np.asarray(end_day) >= np.asarray(start_day))
    w = np.ones(person.size) if weight is None else np.asarray(weight, dtype=np.float64)
    rows, first, after_last, w = person[valid], first[valid], after_last[valid], w[valid]
    if case is not None:
        rows, first, after_last, w = once_per_case(np.asarray(case, dtype=np.int64)[valid], rows, first, after_last, w)
    stride = n_weeks + 1
    size = n_people * stride
    deltas = np.bincount(rows * stride + first, weights=w, minlength=size).astype(np.float64)
    deltas -= np.bincount(rows * stride + after_last, weights=w, minlength=size)
    series: FloatArray = np.cumsum(deltas.reshape(n_people, stride), axis=1)[:, :n_weeks]
    return series


def weekly_events(grid: WeekGrid, day: DayArray) -> IntArray:
    """How many of the given days (e.g. case starts for inflow, ends for outflow) fall in each week."""
    week = grid.week_of(np.asarray(day, dtype=np.int64))
    inside = (week >= 0) & (week < grid.n_weeks)
    counts: IntArray = np.bincount(week[inside], minlength=grid.n_weeks).astype(np.int64)
    return counts


def _groups(case: IntArray, person: IntArray, first: IntArray) -> tuple[IntArray, IntArray]:
    """Order of the rows by (case, person, first) and the group number of each row in that order."""
    order = np.lexsort((first, person, case))
    c, p = case[order], person[order]
    new = np.ones(order.size, dtype=bool)
    if order.size:
        new[1:] = (c[1:] != c[:-1]) | (p[1:] != p[:-1])
    group: IntArray = np.cumsum(new) - 1
    return order.astype(np.int64), group.astype(np.int64)


def once_per_case(
    case: IntArray, person: IntArray, first: IntArray, after_last: IntArray, weight: FloatArray
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Half-open periods ``[first, after_last)`` (of weeks or days) rewritten so that one case counts once for
    one person in each unit: where periods of the same case and person share a unit (a handover to
    themselves, a period recorded twice), that unit gets the largest of their weights instead of their sum.

    Returns (person, first, after_last, weight) of the new periods. Rows whose case and person share no unit
    with another row pass through unchanged, so that figures without such overlaps stay identical.
    """
    case = np.asarray(case, dtype=np.int64)
    person = np.asarray(person, dtype=np.int64)
    first = np.asarray(first, dtype=np.int64)
    after_last = np.asarray(after_last, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    if case.size < 2:
        return person, first, after_last, weight
    order, group = _groups(case, person, first)
    f, a = first[order], after_last[order]
    # The running maximum of after_last within each group: adding group × span keeps groups apart.
    span = int(max(a.max() - f.min(), 0)) + 1
    running = np.maximum.accumulate(a - f.min() + group * span)
    previous_end = np.empty_like(running)
    previous_end[0] = -1
    previous_end[1:] = running[:-1]
    same = np.zeros(order.size, dtype=bool)
    same[1:] = group[1:] == group[:-1]
    clash = same & (f - f.min() + group * span < previous_end)
    if not clash.any():
        return person, first, after_last, weight
    clashing_groups = np.unique(group[clash])
    in_clash = np.isin(group, clashing_groups)
    keep = order[~in_clash]
    people: list[int] = []
    firsts: list[int] = []
    afters: list[int] = []
    weights: list[float] = []
    rows = order[in_clash]
    row_group = group[in_clash]
    bounds = np.flatnonzero(np.diff(row_group)) + 1
    for members in np.split(rows, bounds):
        cuts = np.unique(np.concatenate([first[members], after_last[members]]))
        for lo, hi in itertools.pairwise(cuts):
            covering = members[(first[members] <= lo) & (after_last[members] >= hi)]
            if not covering.size:
                continue
            w = float(weight[covering].max())
            if afters and afters[-1] == int(lo) and weights[-1] == w and people[-1] == int(person[members[0]]):
                afters[-1] = int(hi)  # the same weight goes on: one period
                continue
            people.append(int(person[members[0]]))
            firsts.append(int(lo))
            afters.append(int(hi))
            weights.append(w)
    return (
        np.concatenate([person[keep], np.array(people, dtype=np.int64)]),
        np.concatenate([first[keep], np.array(firsts, dtype=np.int64)]),
        np.concatenate([after_last[keep], np.array(afters, dtype=np.int64)]),
        np.concatenate([weight[keep], np.array(weights, dtype=np.float64)]),
    )


def open_on(day: int, start: DayArray, end: DayArray) -> BoolArray:
    """Which assignments count on ``day`` (the peildatum): started on or before it, and ``end`` (the last
    day carried, inclusive; ``OPEN_END`` while carried) on or after it."""
    out: BoolArray = (np.asarray(start, dtype=np.int64) <= day) & (np.asarray(end, dtype=np.int64) >= day)
    return out


def caseload_on(
    day: int,
    person: IntArray,
    start: DayArray,
    end: DayArray,
    n_people: int,
    weight: FloatArray | None = None,
    case: IntArray | None = None,
) -> FloatArray:
    """Per person, the summed weight of the assignments open on ``day`` (see :func:`open_on`); a plain count
    when ``weight`` is omitted. With ``case``, one case counts once for one person (its largest weight) even
    when two of their periods of it both include ``day``."""
    person = np.asarray(person, dtype=np.int64)
    w = np.ones(person.size) if weight is None else np.asarray(weight, dtype=np.float64)
    mask = open_on(day, start, end)
    p, w = person[mask], w[mask]
    if case is not None and p.size > 1:
        c = np.asarray(case, dtype=np.int64)[mask]
        order = np.lexsort((-w, p, c))  # per (case, person) the largest weight first
        c, p, w = c[order], p[order], w[order]
        first = np.ones(p.size, dtype=bool)
        first[1:] = (c[1:] != c[:-1]) | (p[1:] != p[:-1])
        p, w = p[first], w[first]
    out: FloatArray = np.bincount(p, weights=w, minlength=n_people).astype(np.float64)[:n_people]
    return out
