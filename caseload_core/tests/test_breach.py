"""Persistent breaches (≥ 4 consecutive weeks) and their suppression for the works council."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from caseload_core.breach import (
    BreachRun,
    breach_figures,
    breach_runs,
    longest_run,
    report,
    reports_with_total,
)
from caseload_core.privacy import primary_hidden, protect_cells


def _rows(*lines: str) -> np.ndarray:
    """'..####.' → [F, F, T, T, T, T, F]: a readable constructed history, one line per person."""
    return np.array([[c == "#" for c in line] for line in lines], dtype=bool)


# Twelve weeks, six people, with known answers:
HISTORY = _rows(
    "............",  # never above
    "###.........",  # 3 weeks: not persistent
    "####........",  # exactly 4 from the first week: persistent, from_before
    "..#####.####",  # 5 weeks, then 4 ending in the last week: two runs, the second ongoing
    "#.#.#.#.#.#.",  # often above, never 4 in a row
    ".....#######",  # 7 weeks, ongoing
)


def test_it_finds_the_runs_of_a_constructed_history():
    assert breach_runs(HISTORY) == [
        BreachRun(row=2, start=0, length=4, ongoing=False, from_before=True),
        BreachRun(row=3, start=2, length=5, ongoing=False, from_before=False),
        BreachRun(row=3, start=8, length=4, ongoing=True, from_before=False),
        BreachRun(row=5, start=5, length=7, ongoing=True, from_before=False),
    ]


def test_it_counts_people_runs_and_lengths_of_a_constructed_history():
    f = breach_figures(HISTORY)
    assert (f.group_size, f.people, f.runs) == (6, 3, 4)
    assert f.person_weeks == 4 + 5 + 4 + 7
    assert f.median_weeks == 4.5
    assert f.longest_weeks == 7
    assert f.ongoing_runs == 2


def test_three_weeks_is_not_persistent_but_four_is():
    assert breach_runs(_rows("###")) == []
    assert [r.length for r in breach_runs(_rows("####"))] == [4]
    assert [r.length for r in breach_runs(_rows(".###.###."))] == []


def test_longest_run_per_person():
    assert longest_run(HISTORY).tolist() == [0, 3, 4, 5, 1, 7]


def test_an_empty_period_has_no_runs():
    assert breach_runs(np.zeros((3, 0), dtype=bool)) == []
    assert longest_run(np.zeros((3, 0), dtype=bool)).tolist() == [0, 0, 0]
    assert breach_figures(np.zeros((0, 10), dtype=bool)).people == 0


def _loop_runs(row: list[bool], min_weeks: int) -> list[tuple[int, int]]:
    out, start = [], None
    for i, f in enumerate([*row, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            if i - start >= min_weeks:
                out.append((start, i - start))
            start = None
    return out


@given(arrays(bool, st.tuples(st.integers(0, 6), st.integers(0, 40))), st.integers(1, 8))
def test_runs_match_a_plain_loop(flags, min_weeks):
    expected = [(r, s, n) for r, row in enumerate(flags.tolist()) for s, n in _loop_runs(row, min_weeks)]
    assert [(r.row, r.start, r.length) for r in breach_runs(flags, min_weeks)] == expected


@given(arrays(bool, st.tuples(st.integers(1, 6), st.integers(1, 40))))
def test_people_in_breach_are_those_whose_longest_run_reaches_four(flags):
    assert breach_figures(flags).people == int((longest_run(flags) >= 4).sum())


@given(arrays(bool, st.tuples(st.integers(0, 6), st.integers(0, 40))))
def test_runs_never_exceed_the_breach_weeks(flags):
    f = breach_figures(flags)
    assert f.person_weeks <= int(flags.sum())
    assert f.runs >= f.people
    assert f.longest_weeks <= flags.shape[1]


def test_small_groups_and_small_counts_are_hidden():
    assert primary_hidden(count=0, group_size=2)  # a group of two: nothing at all
    assert primary_hidden(count=1, group_size=12)
    assert primary_hidden(count=2, group_size=12)
    assert not primary_hidden(count=0, group_size=12)
    assert not primary_hidden(count=3, group_size=12)


def test_the_report_of_a_small_group_shows_nothing():
    r = report(breach_figures(_rows("#####", ".....")))
    assert r.group_hidden and r.people is None and r.longest_weeks is None


def test_the_report_hides_a_count_of_one_or_two_and_its_lengths():
    r = report(breach_figures(HISTORY[[0, 1, 2, 4]]))  # one person in breach among four
    assert not r.group_hidden
    assert r.people is None and r.runs is None and r.median_weeks is None


def test_the_report_shows_three_or_more_with_their_lengths():
    r = report(breach_figures(HISTORY))
    assert (r.people, r.runs, r.longest_weeks, r.median_weeks) == (3, 4, 7, 4.5)


def test_zero_is_shown():
    r = report(breach_figures(HISTORY[[0, 1, 4]]))
    assert r.people == 0 and r.longest_weeks is None


@pytest.mark.parametrize(
    ("counts", "hidden", "expected"),
    [
        ([5, 4, 6], [False, False, False], [False, False, False]),  # nothing to protect
        ([1, 4, 6], [True, False, False], [True, True, False]),  # one hidden cell: hide the smallest other
        ([1, 1, 6, 5], [True, True, False, False], [True, True, False, True]),  # 1 + 1 = 2 would be exposed
        ([2, 2, 6], [True, True, False], [True, True, False]),  # 2 + 2 = 4: could be 1+3, 3+1, ...
        ([0, 0, 2], [False, False, True], [False, False, True]),  # zeros add nothing; the total 2 is hidden itself
        ([1, 0, 6], [True, False, False], [True, False, True]),
        ([2], [True], [True]),  # nothing left to hide
    ],
)
def test_secondary_suppression_protects_hidden_cells_from_the_total(counts, hidden, expected):
    assert protect_cells(counts, hidden) == expected


@given(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 15)), min_size=1, max_size=8))
def test_no_hidden_cell_can_be_recovered_from_the_total(cells):
    counts = [min(c, g) for c, g in cells]
    sizes = [g for _c, g in cells]
    hidden = protect_cells(counts, [primary_hidden(c, g) for c, g in zip(counts, sizes, strict=True)])
    n_hidden = sum(hidden)
    residual = sum(c for c, h in zip(counts, hidden, strict=True) if h)
    total = sum(counts)
    if not primary_hidden(total, sum(sizes)):
        # With the total published, the hidden cells together are 0, or at least 3 spread over several cells.
        assert residual == 0 or (residual >= 3 and n_hidden >= 2)


def test_reports_per_team_and_for_the_organisation():
    big = HISTORY  # 3 of 6 in breach
    small_team = _rows("#####", ".....", ".....")  # 1 of 3: hidden
    other = _rows("....", "....", "....", "....")  # 0 of 4: would expose the small team via the total
    rows, total = reports_with_total([big, small_team, other])
    # The small team's 1 is hidden; 4 (total) − 0 would then give it away, so the first team hides too.
    assert [r.people for r in rows] == [None, None, 0]
    assert rows[0].longest_weeks is None
    assert (total.people, total.runs, total.longest_weeks) == (4, 5, 7)
    assert total.group_size == 13
