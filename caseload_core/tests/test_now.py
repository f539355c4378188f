"""The figures now, signal codes, the what-if's weight and room, and day numbers back to dates."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.caseload import OPEN_END
from caseload_core.deviation import ABOVE, ABSENT, BELOW, NO_REFERENCE, WITHIN, signal_codes, signal_counts
from caseload_core.now import CASES_WITHOUT_NORM, NO_DEPLOYABLE, norm_deviation
from caseload_core.team import (
    AssignmentInput,
    NormVersion,
    PeopleInput,
    StaffingInput,
    TeamCasesInput,
    empty_vacancies,
    team_picture,
)
from caseload_core.weeks import WeekGrid, date_of, day_number
from caseload_core.whatif import new_case_weight, what_if_new_case

finite = st.floats(0, 60, allow_nan=False)


@given(count=finite, fte=st.floats(0, 1.2), low=st.one_of(st.just(math.nan), finite), dev=st.floats(-1, 3))
def test_a_signal_is_never_within_without_a_band_or_a_norm(count: float, fte: float, low: float, dev: float) -> None:
    up = low + 4 if math.isfinite(low) else math.nan
    with_norm = signal_codes(count=count, deployable_fte=fte, band_lower=low, band_upper=up, deviation=dev, margin=0.1)
    without = signal_codes(
        count=count, deployable_fte=fte, band_lower=math.nan, band_upper=math.nan, deviation=math.nan, margin=0.1
    )
    assert str(without) in (NO_REFERENCE, ABSENT)
    if fte <= 0:
        assert str(with_norm) == ABSENT
    elif math.isfinite(low):
        assert str(with_norm) == (ABOVE if count > up else BELOW if count < low else WITHIN)
    else:
        assert str(with_norm) == (ABOVE if dev > 0.1 else BELOW if dev < -0.1 else WITHIN)


def test_signal_counts_name_every_code() -> None:
    assert signal_counts(["high", "low", "low", "none"]) == {
        "high": 1,
        "low": 2,
        "ok": 0,
        "absent": 0,
        "none": 1,
    }


@given(st.floats(0.1, 40), st.floats(0, 10), st.floats(0.1, 1.2))
def test_a_case_without_a_norm_leaves_no_deviation(count: float, unweighed: float, fte: float) -> None:
    weighted = np.array([count / 21])
    dev, normative = norm_deviation(
        count=np.array([count + unweighed]),
        weighted=weighted,
        unweighed=np.array([unweighed]),
        normed=np.array([True]),
        deployable_fte=np.array([fte]),
    )
    if unweighed > 0:
        assert math.isnan(dev[0]) and math.isnan(normative[0])
    else:
        assert dev[0] == pytest.approx(weighted[0] / fte - 1) and normative[0] == pytest.approx(21 * fte)


def test_the_weight_of_a_new_case_is_its_first_year_norm_else_its_norm_else_none() -> None:
    assert new_case_weight(21, 16) == 1 / 16 and new_case_weight(28, None) == 1 / 28
    assert math.isnan(new_case_weight(None, None)) and math.isnan(new_case_weight(0, None))


@given(st.lists(st.tuples(finite, st.floats(0, 1.2), st.booleans()), min_size=1, max_size=8))
def test_the_what_if_orders_by_room_and_never_divides_by_a_missing_norm(rows: list[tuple[float, float, bool]]) -> None:
    count = np.array([r[0] for r in rows])
    fte = np.array([r[1] for r in rows])
    unweighed = np.array([1.0 if r[2] else 0.0 for r in rows])
    result = what_if_new_case(
        count=count,
        weighted=count / 21,
        unweighed=unweighed,
        deployable_fte=fte,
        band_lower=np.full(len(rows), np.nan),
        band_upper=np.full(len(rows), np.nan),
        case_weight=1 / 16,
        margin=0.1,
    )
    assert np.isnan(result.deviation[unweighed > 0]).all()
    assert all(str(result.signal[i]) in (NO_REFERENCE, ABSENT) for i in np.flatnonzero(unweighed > 0))
    rooms = result.room[result.order]
    assert (np.diff(rooms[np.isfinite(rooms)]) <= 1e-12).all()
    assert sorted(result.order.tolist()) == list(range(len(rows)))
    no_norm = what_if_new_case(
        count=count,
        weighted=count / 21,
        deployable_fte=fte,
        band_lower=np.full(len(rows), np.nan),
        band_upper=np.full(len(rows), np.nan),
        case_weight=math.nan,
        margin=0.1,
    )
    assert np.isnan(no_norm.deviation).all() and WITHIN not in no_norm.signal.tolist()


@given(st.integers(-30000, 60000))
def test_a_day_number_and_its_date_are_inverse(day: int) -> None:
    assert day_number(date_of(day)) == day


def test_now_uses_todays_formation_and_the_week_its_mean() -> None:
    monday = dt.date(2026, 11, 23)
    grid = WeekGrid(monday, 1)
    thursday = monday + dt.timedelta(days=3)
    d = day_number
    picture = team_picture(
        grid,
        people=PeopleInput(np.array([d(dt.date(2020, 1, 1))]), np.array([OPEN_END]), ("jeugdbeschermer",)),
        staffing=StaffingInput(
            contract_person=np.array([0]),
            contract_from=np.array([d(dt.date(2020, 1, 1))]),
            contract_fte=np.array([1.0]),
            reduction_person=np.array([0]),
            reduction_start=np.array([d(thursday)]),
            reduction_end=np.array([OPEN_END]),
            reduction_fraction=np.array([1.0]),
            reduction_reason=np.array([0]),
            reasons=("verzuim",),
        ),
        assignments=AssignmentInput(
            person=np.array([0]),
            start=np.array([d(dt.date(2026, 1, 1))]),
            end=np.array([OPEN_END]),
            share=np.array([1.0]),
            case_type=np.array([0]),
            case_start=np.array([d(dt.date(2026, 1, 1))]),
            case_expected_end=np.array([OPEN_END]),
        ),
        norms=[[NormVersion(d(dt.date(2020, 1, 1)), 21.0)]],
        bands=[],
        team_cases=TeamCasesInput(
            np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([], dtype=np.int64)
        ),
        vacancies=empty_vacancies(),
        margin=0.1,
        as_of=thursday,
        lookback_weeks=2,
    )
    now = picture.people_now[0]
    assert now.deployable_fte == 0 and now.signal == ABSENT and now.no_deviation_reason == NO_DEPLOYABLE
    assert now.week_deployable_fte == pytest.approx(3 / 7) == float(picture.people[0].deployable_fte[-1])
    assert picture.reduction_fte_now == {"verzuim": 1.0} and picture.members_now == 1
    before = team_picture(
        grid,
        people=PeopleInput(np.array([0]), np.array([OPEN_END]), ("x",)),
        staffing=StaffingInput(
            np.array([0]),
            np.array([0]),
            np.array([1.0]),
            *(np.array([], dtype=t) for t in (np.int64, np.int64, np.int64, np.float64, np.int64)),
        ),
        assignments=AssignmentInput(
            np.array([0]),
            np.array([0]),
            np.array([OPEN_END]),
            np.array([1.0]),
            np.array([0]),
            np.array([0]),
            np.array([OPEN_END]),
        ),
        norms=[[]],
        bands=[],
        team_cases=TeamCasesInput(
            np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([], dtype=np.int64)
        ),
        vacancies=empty_vacancies(),
        margin=0.1,
        as_of=thursday,
        lookback_weeks=0,
    ).people_now[0]
    assert before.signal == NO_REFERENCE and before.no_deviation_reason == CASES_WITHOUT_NORM
