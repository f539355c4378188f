"""The trajectory's timeline, without Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_STEP_WEEKS = (4, 8, 4)
"""The handreiking's planned durations: sketch the situation 4 weeks, towards the bandwidth 8, implement 4."""


@dataclass(frozen=True)
class StepPlan:
    number: int
    start: dt.date
    end: dt.date
    weeks: int


def schedule(start: dt.date, weeks: Sequence[int]) -> list[StepPlan]:
    """Steps one after the other from ``start``; each ends the day before the next begins."""
    plans, day = [], start
    for number, w in enumerate(weeks, start=1):
        if w < 1:
            raise ValueError("a step lasts at least one week")
        end = day + dt.timedelta(weeks=w) - dt.timedelta(days=1)
        plans.append(StepPlan(number, day, end, w))
        day = end + dt.timedelta(days=1)
    return plans
