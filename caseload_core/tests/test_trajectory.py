from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_core.trajectory import DEFAULT_STEP_WEEKS, schedule


def test_the_handreiking_plans_four_eight_and_four_weeks():
    plans = schedule(dt.date(2026, 1, 5), DEFAULT_STEP_WEEKS)
    assert [(p.start, p.end) for p in plans] == [
        (dt.date(2026, 1, 5), dt.date(2026, 2, 1)),
        (dt.date(2026, 2, 2), dt.date(2026, 3, 29)),
        (dt.date(2026, 3, 30), dt.date(2026, 4, 26)),
    ]


def test_a_step_lasts_at_least_a_week():
    with pytest.raises(ValueError):
        schedule(dt.date(2026, 1, 5), [4, 0])


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)),
    st.lists(st.integers(1, 52), min_size=1, max_size=6),
)
def test_steps_follow_each_other_without_gap_or_overlap(start, weeks):
    plans = schedule(start, weeks)
    assert plans[0].start == start
    for before, after in itertools.pairwise(plans):
        assert after.start == before.end + dt.timedelta(days=1)
    assert plans[-1].end == start + dt.timedelta(weeks=sum(weeks), days=-1)
