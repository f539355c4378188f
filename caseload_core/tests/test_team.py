"""The team picture, against a small scenario computed by hand, and against the simpler core functions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseload_core.caseload import OPEN_END, weekly_caseload
from caseload_core.fte import ContractPeriod, Reduction, daily_fte
from caseload_core.team import (
    AssignmentInput,
    BandVersion,
    NormVersion,
    PeopleInput,
    StaffingInput,
    TeamCasesInput,
    anniversary_day,
    daily_formation,
    empty_vacancies,
    monday_day,
    team_picture,
    weekly_weighted_caseload,
)
from caseload_core.weeks import WeekGrid, day_number

D = day_number
GRID = WeekGrid(dt.date(2026, 1, 5), 4)


def _scenario() -> dict[str, object]:
    """Two people: A full time (0.75 FTE from week 4), B half time with a 50% reduction Thu–Sun of week 2.

    Case types: T0 norm 20 (first year 10), T1 norm 25 (20 from Thursday 22 January).
    c1 (T0, started 20-01-2025: first anniversary in week 3) with A; c2 (T1, from Wed 14-01) with A, moved to
    B on 21-01; c3 (T1) shared 50/50 by A and B, ends Tue 06-01.
    """
    return {
        "people": PeopleInput(
            employed_from=np.array([D(dt.date(2020, 1, 1)), D(dt.date(2025, 1, 1))]),
            employed_until=np.array([OPEN_END, OPEN_END]),
            function=("jeugdbeschermer", "jeugdbeschermer"),
        ),
        "staffing": StaffingInput(
            contract_person=np.array([0, 0, 1]),
            contract_from=np.array([D(dt.date(2020, 1, 1)), D(dt.date(2026, 1, 26)), D(dt.date(2025, 1, 1))]),
            contract_fte=np.array([1.0, 0.75, 0.5]),
            reduction_person=np.array([1]),
            reduction_start=np.array([D(dt.date(2026, 1, 15))]),
            reduction_end=np.array([D(dt.date(2026, 1, 18))]),
            reduction_fraction=np.array([0.5]),
            reduction_reason=np.array([0]),
            reasons=("verzuim",),
        ),
        "assignments": AssignmentInput(
            person=np.array([0, 0, 1, 0, 1]),
            start=np.array(
                [D(dt.date(2025, 1, 20)), D(dt.date(2026, 1, 14)), D(dt.date(2026, 1, 21))]
                + [D(dt.date(2025, 6, 1))] * 2
            ),
            end=np.array([OPEN_END, D(dt.date(2026, 1, 20)), OPEN_END] + [D(dt.date(2026, 1, 6))] * 2),
            share=np.array([1.0, 1.0, 1.0, 0.5, 0.5]),
            case_type=np.array([0, 1, 1, 1, 1]),
            case_start=np.array(
                [D(dt.date(2025, 1, 20))] + [D(dt.date(2026, 1, 14))] * 2 + [D(dt.date(2025, 6, 1))] * 2
            ),
            case_expected_end=np.array([D(dt.date(2026, 2, 20))] + [D(dt.date(2026, 6, 1))] * 2 + [OPEN_END] * 2),
        ),
        "norms": [
            [NormVersion(D(dt.date(2020, 1, 1)), 20.0, 10.0)],
            [NormVersion(D(dt.date(2020, 1, 1)), 25.0), NormVersion(D(dt.date(2026, 1, 22)), 20.0)],
        ],
        "bands": [BandVersion(D(dt.date(2026, 1, 12)), 0.5, 1.5)],
        "team_cases": TeamCasesInput(
            start=np.array([D(dt.date(2025, 1, 20)), D(dt.date(2026, 1, 14)), D(dt.date(2025, 6, 1))]),
            end=np.array([OPEN_END, OPEN_END, D(dt.date(2026, 1, 6))]),
            expected_end=np.array([D(dt.date(2026, 2, 20)), D(dt.date(2026, 6, 1)), D(dt.date(2025, 12, 1))]),
        ),
        "vacancies": empty_vacancies(),
        "margin": 0.10,
    }


def test_the_hand_computed_scenario() -> None:
    p = team_picture(GRID, **_scenario())  # type: ignore[arg-type]
    a, b = p.people
    assert a.count.tolist() == [1.5, 2, 2, 1]
    assert a.weighted == pytest.approx([0.1 + 0.5 / 25, 0.1 + 1 / 25, 1 / 20 + 1 / 20, 1 / 20])
    assert b.count.tolist() == [0.5, 0, 1, 1]
    assert b.weighted == pytest.approx([0.5 / 25, 0, 1 / 20, 1 / 20])
    assert a.contracted_fte == pytest.approx([1, 1, 1, 0.75])
    assert a.deployable_fte == pytest.approx([1, 1, 1, 0.75])
    assert b.deployable_fte == pytest.approx([0.5, 0.5 - 0.5 * 0.5 * 4 / 7, 0.5, 0.5])
    assert a.deviation == pytest.approx([0.12 - 1, 0.14 - 1, 0.10 - 1, (0.05 - 0.75) / 0.75])
    # The band starts in week 2: 0.5–1.5 cases per FTE; A carries 2 cases on 1 FTE → a third above.
    assert np.isnan(a.band_lower[0])
    assert a.band_upper[1:] == pytest.approx([1.5, 1.5, 1.5 * 0.75])
    assert a.band_deviation[1:] == pytest.approx([(2 - 1.5) / 1.5, (2 - 1.5) / 1.5, 0.0])
    assert a.outside.tolist() == [True, True, True, False]
    # Week 1 had no band: the norm's margin applied (−88%), and the weeks before were outside too.
    assert a.run.tolist()[1:] == [a.run[0] + 1, a.run[0] + 2, 0]
    assert a.expected_outflow_4 == 1 and a.expected_outflow_13 == 1
    assert b.expected_outflow_13 == 0
    assert p.team.count.tolist() == [2, 2, 3, 2]
    assert p.team.inflow.tolist() == [0, 1, 0, 0]
    assert p.team.outflow.tolist() == [1, 0, 0, 0]
    assert p.team.past_expected_end == 0
    assert p.team.expected_outflow_4 == 1
    assert p.reduction_fte_by_reason["verzuim"] == pytest.approx([0, 0.5 * 0.5 * 4 / 7, 0, 0])
    assert a.inflow.tolist() == [0, 1, 0, 0]
    assert b.inflow.tolist() == [0, 0, 1, 0]
    assert a.outflow.tolist() == [0.5, 0, 1, 0]


def test_a_norm_change_applies_from_its_week_only() -> None:
    s = _scenario()
    before = team_picture(GRID, **s)  # type: ignore[arg-type]
    s["norms"] = [s["norms"][0], [NormVersion(D(dt.date(2020, 1, 1)), 25.0)]]  # type: ignore[index]
    without = team_picture(GRID, **s)  # type: ignore[arg-type]
    assert before.people[0].weighted[:2] == pytest.approx(without.people[0].weighted[:2])
    assert before.people[0].weighted[2] != pytest.approx(without.people[0].weighted[2])


def test_a_function_band_wins_over_the_general_band() -> None:
    s = _scenario()
    s["bands"] = [*s["bands"], BandVersion(D(dt.date(2026, 1, 12)), 1.0, 3.0, "jeugdbeschermer")]  # type: ignore[misc]
    p = team_picture(GRID, **s)  # type: ignore[arg-type]
    assert p.people[0].band_upper[1] == pytest.approx(3.0)
    assert p.team.band_upper[1] == pytest.approx(1.5 * (1 + 0.5 - 1 / 7))


def test_anniversary_and_monday() -> None:
    days = np.array([D(dt.date(2024, 2, 29)), D(dt.date(2025, 1, 20))])
    assert anniversary_day(days).tolist() == [D(dt.date(2025, 3, 1)), D(dt.date(2026, 1, 20))]
    assert monday_day(np.array([D(dt.date(2026, 1, 25))])).tolist() == [D(dt.date(2026, 1, 19))]


day_in = st.integers(D(dt.date(2025, 12, 1)), D(dt.date(2026, 3, 1)))


@settings(max_examples=60, deadline=None)
@given(
    hours=st.lists(st.tuples(day_in, st.floats(0, 1.5)), min_size=1, max_size=3),
    reductions=st.lists(st.tuples(day_in, st.integers(0, 40), st.integers(1, 100)), max_size=4),
)
def test_formation_matches_the_per_person_fte_function(
    hours: list[tuple[int, float]], reductions: list[tuple[int, int, int]]
) -> None:
    epoch = dt.date(1970, 1, 1)
    grid = WeekGrid(dt.date(2026, 1, 5), 6)
    by_from = dict(hours)
    people = PeopleInput(np.array([0]), np.array([OPEN_END]), ("x",))
    staffing = StaffingInput(
        contract_person=np.zeros(len(by_from), dtype=np.int64),
        contract_from=np.array(list(by_from), dtype=np.int64),
        contract_fte=np.array(list(by_from.values())),
        reduction_person=np.zeros(len(reductions), dtype=np.int64),
        reduction_start=np.array([r[0] for r in reductions], dtype=np.int64),
        reduction_end=np.array([r[0] + r[1] for r in reductions], dtype=np.int64),
        reduction_fraction=np.array([r[2] / 100 for r in reductions]),
        reduction_reason=np.zeros(len(reductions), dtype=np.int64),
    )
    contracted, deployable, lost = daily_formation(grid, people, staffing)
    ref_c, ref_d = daily_fte(
        grid,
        [ContractPeriod(epoch + dt.timedelta(days=d), h * 36) for d, h in by_from.items()],
        [Reduction(epoch + dt.timedelta(days=s), epoch + dt.timedelta(days=s + n), p) for s, n, p in reductions],
    )
    assert contracted[0] == pytest.approx(ref_c)
    assert deployable[0] == pytest.approx(ref_d)
    assert lost.sum(axis=0)[0] == pytest.approx(ref_c - ref_d)


@settings(max_examples=60, deadline=None)
@given(
    cases=st.lists(
        st.tuples(st.integers(0, 2), day_in, st.integers(0, 200), st.sampled_from([0.5, 1.0]), st.integers(0, 1)),
        max_size=12,
    )
)
def test_weighted_caseload_with_constant_norms_is_share_over_norm(
    cases: list[tuple[int, int, int, float, int]],
) -> None:
    grid = WeekGrid(dt.date(2026, 1, 5), 8)
    person = np.array([c[0] for c in cases], dtype=np.int64)
    start = np.array([c[1] for c in cases], dtype=np.int64)
    end = start + np.array([c[2] for c in cases], dtype=np.int64)
    share = np.array([c[3] for c in cases])
    kind = np.array([c[4] for c in cases], dtype=np.int64)
    a = AssignmentInput(person, start, end, share, kind, start - 1000, np.full(len(cases), OPEN_END))
    norms = [[NormVersion(0, 20.0)], [NormVersion(0, 28.0)]]
    count, weighted, unweighed, normed = weekly_weighted_caseload(grid, 3, a, norms)
    expect = weekly_caseload(grid, person, start, end, 3, share / np.where(kind == 0, 20.0, 28.0))
    assert weighted == pytest.approx(expect)
    assert count == pytest.approx(weekly_caseload(grid, person, start, end, 3, share))
    assert not unweighed.any()
    assert normed.all()


def test_a_handover_to_the_same_person_counts_once_in_count_and_weighted_caseload() -> None:
    """Case 5 (norm 20, first year 10, started 1-1-2025) with A until Wed 14-01-2026, then again with A from
    Thu 15-01 (a handover to themselves); case 6 handed from A to B in the same week counts for both."""
    grid = WeekGrid(dt.date(2026, 1, 5), 3)
    wed, thu = D(dt.date(2026, 1, 14)), D(dt.date(2026, 1, 15))
    case_start = D(dt.date(2025, 1, 1))
    a = AssignmentInput(
        person=np.array([0, 0, 0, 1]),
        start=np.array([case_start, thu, case_start, thu]),
        end=np.array([wed, OPEN_END, wed, OPEN_END]),
        share=np.array([1.0, 1.0, 1.0, 1.0]),
        case_type=np.array([0, 0, 0, 0]),
        case_start=np.full(4, case_start),
        case_expected_end=np.full(4, OPEN_END),
        case=np.array([5, 5, 6, 6]),
    )
    norms = [[NormVersion(0, 20.0, 10.0)]]
    count, weighted, _unweighed, _normed = weekly_weighted_caseload(grid, 2, a, norms)
    assert count.tolist() == [[2, 2, 1], [0, 1, 1]]
    np.testing.assert_allclose(weighted, [[2 / 20, 2 / 20, 1 / 20], [0, 1 / 20, 1 / 20]])
    without = AssignmentInput(**{**a.__dict__, "case": None})
    assert weekly_weighted_caseload(grid, 2, without, norms)[0].tolist() == [[2, 3, 1], [0, 1, 1]]  # the old count
