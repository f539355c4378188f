"""People rows of a file → typed rows and problems (a people file is small: checked row by row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from imports.fields import normalise_header
from imports.validation import Lookup, PersonRow, Problem, Result, field_label, parse_date
from organisations.models import Function

PROGRESS_EVERY = 5000

FUNCTIONS = {normalise_header(v): v for v in Function.values} | {
    "youth consultant": Function.YOUTH_CONSULTANT,
    "youth protection worker": Function.YOUTH_PROTECTION_WORKER,
    "neighbourhood team worker": Function.NEIGHBOURHOOD_WORKER,
    "behavioural scientist": Function.BEHAVIOURAL_SCIENTIST,
    "team manager": Function.TEAM_MANAGER,
    "other": Function.OTHER,
    "jeugdprofessional": Function.YOUTH_CONSULTANT,
    "gezinsvoogd": Function.YOUTH_PROTECTION_WORKER,
    "teamleider": Function.TEAM_MANAGER,
}


class _Row:
    """One row being checked: reads mapped cells and collects its problems."""

    def __init__(self, number: int, cells: list[str], mapping: dict[str, int], headers: list[str]) -> None:
        self.number, self.cells, self.mapping, self.headers = number, cells, mapping, headers
        self.problems: list[Problem] = []

    def raw(self, name: str) -> str:
        index = self.mapping.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    def column(self, name: str) -> str:
        index = self.mapping.get(name)
        return self.headers[index] if index is not None and index < len(self.headers) else field_label(name)

    def fail(self, name: str, code: str, **params: Any) -> None:
        if "value" in params:
            params["value"] = str(params["value"])[:60]
        self.problems.append(Problem(self.number, self.column(name), code, params))

    def required(self, name: str) -> str | None:
        value = self.raw(name)
        if not value:
            self.fail(name, "required")
            return None
        return value

    def date(self, name: str, required: bool = False) -> dt.date | None:
        value = self.raw(name)
        if not value:
            if required:
                self.fail(name, "required")
            return None
        day = parse_date(value)
        if day is None:
            self.fail(name, "bad_date", value=value)
        return day

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = self.raw(name).replace("%", "").strip()
        if not value:
            return default
        try:
            number = int(Decimal(value.replace(",", ".")))
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not low <= number <= high:
            self.fail(name, "bad_integer", value=value, min=low, max=high)
            return default
        return number


def validate_people(
    headers: list[str],
    rows: list[list[str]],
    mapping: dict[str, int],
    lookup: Lookup,
    progress: Callable[[int], None] | None = None,
) -> Result:
    result = Result(total=len(rows))
    seen: dict[str, tuple[int, tuple[Any, ...]]] = {}
    periods: dict[tuple[str, dt.date], int] = {}
    for i, cells in enumerate(rows):
        if progress and i and i % PROGRESS_EVERY == 0:
            progress(i)
        if not any(cells):
            continue
        row = _Row(i + 2, cells, mapping, headers)
        name = row.required("name")
        team_id = lookup.teams.get(row.raw("team").lower()) if row.raw("team") else None
        if row.raw("team") and team_id is None:
            row.fail("team", "unknown_team", value=row.raw("team"))
        function_value = row.required("function")
        function = FUNCTIONS.get(normalise_header(function_value)) if function_value else None
        if function_value and function is None:
            row.fail("function", "unknown_function", value=function_value)
        hours_value = row.required("contract_hours")
        hours = None
        if hours_value:
            try:
                hours = Decimal(hours_value.replace(",", ".")).quantize(Decimal("0.1"))
            except InvalidOperation:
                hours = None
            if hours is None or not Decimal(0) <= hours <= Decimal(60):
                row.fail("contract_hours", "bad_hours", value=hours_value)
                hours = None
        start = row.date("start_date", required=True)
        end = row.date("end_date")
        if start and end and end < start:
            row.fail("end_date", "end_before_start")
        valid_from = row.date("valid_from") or start
        if not row.problems and name and function and hours is not None and start and valid_from:
            identity = (team_id, function, start, end)
            key = name.lower()
            first = seen.setdefault(key, (row.number, identity))
            if first[1] != identity:
                row.fail("name", "conflicting_person", value=name, other=first[0])
            elif (key, valid_from) in periods:
                row.fail("valid_from", "duplicate_person", value=name, other=periods[(key, valid_from)])
            else:
                periods[(key, valid_from)] = row.number
                result.people.append(PersonRow(name, team_id, function, hours, start, end, valid_from))
        if row.problems:
            result.problems.extend(row.problems)
            result.invalid_rows.add(row.number)
    return result
