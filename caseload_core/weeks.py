"""The week grid: every weekly series in the product is indexed by ISO weeks starting on Monday."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DayArray = npt.NDArray[np.int64]

_EPOCH = dt.date(1970, 1, 1)


def monday_of(day: dt.date) -> dt.date:
    """The Monday that starts the week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01, the integer form every vectorised function works on."""
    return (day - _EPOCH).days


def day_numbers(days: Iterable[dt.date | None], missing: int) -> DayArray:
    """Dates as day numbers; ``None`` (an open end) becomes ``missing``."""
    return np.fromiter((missing if d is None else (d - _EPOCH).days for d in days), dtype=np.int64)


def date_of(day: int) -> dt.date:
    """The date of a day number (the inverse of :func:`day_number`)."""
    return _EPOCH + dt.timedelta(days=int(day))


@dataclass(frozen=True)
class WeekGrid:
    """``n_weeks`` consecutive weeks, the first starting on ``first_monday``."""

    first_monday: dt.date
    n_weeks: int

    def __post_init__(self) -> None:
        if self.first_monday.weekday() != 0:
            raise ValueError("first_monday must be a Monday")
        if self.n_weeks < 0:
            raise ValueError("n_weeks must not be negative")

    @classmethod
    def covering(cls, start: dt.date, end: dt.date) -> WeekGrid:
        """The smallest grid whose weeks cover ``start`` through ``end`` (inclusive)."""
        first = monday_of(start)
        return cls(first, (monday_of(end) - first).days // 7 + 1)

    @property
    def first_day(self) -> int:
        return day_number(self.first_monday)

    @property
    def last_day(self) -> dt.date:
        """The Sunday that ends the last week."""
        return self.first_monday + dt.timedelta(days=7 * self.n_weeks - 1)

    def mondays(self) -> list[dt.date]:
        return [self.first_monday + dt.timedelta(weeks=k) for k in range(self.n_weeks)]

    def week_of(self, days: DayArray) -> DayArray:
        """Week index of each day number (may fall outside ``0..n_weeks-1``)."""
        return np.floor_divide(days - self.first_day, 7)

    def index(self, day: dt.date) -> int:
        return (day - self.first_monday).days // 7
