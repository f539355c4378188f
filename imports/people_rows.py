"""People rows of a file → typed rows and problems (a people file is small: checked row by row).

A person is matched by staff number ("Medewerkernummer", "Personeelsnummer") when the file has one, so that a
later file finds them even after a change of name; else by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from imports.fields import normalise_header
from imports.validation import Lookup, PersonRow, Problem, Result, field_label, parse_date
from imports.values import number_key, value_key
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
            self.fail(name, "bad_date")
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
            self.fail(name, "bad_integer", min=low, max=high)
            return default
        return number


def validate_people(
    headers: list[str],
    rows: list[list[str]],
    mapping: dict[str, int],
    lookup: Lookup,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """People are matched by staff number, else by name (see ``match_person``); a row without a team gets the
    team chosen for the file, an existing person without one keeps theirs."""
    result = Result(total=len(rows))
    seen: dict[str, tuple[int, tuple[Any, ...]]] = {}
    periods: dict[tuple[str, dt.date], int] = {}
    numbers: dict[str, tuple[int, str]] = {}
    team_map = lookup.value_map.get("team", {})
    function_map = lookup.value_map.get("function", {})
    for i, cells in enumerate(rows):
        if progress and i and i % PROGRESS_EVERY == 0:
            progress(i)
        if not any(cells):
            continue
        row = _Row(i + 2, cells, mapping, headers)
        name = row.required("name")
        number = row.raw("employee_number").strip()
        team_value = row.raw("team")
        team_id = lookup.teams.get(team_map.get(value_key(team_value), team_value).lower()) if team_value else None
        if team_value and team_id is None:
            row.fail("team", "unknown_team")
            _count(result, "team", team_value)
        function_value = row.required("function")
        function = None
        if function_value:
            function = FUNCTIONS.get(normalise_header(function_map.get(value_key(function_value), function_value)))
            if function is None:
                row.fail("function", "unknown_function")
                _count(result, "function", function_value)
        hours_value = row.required("contract_hours")
        hours = None
        if hours_value:
            try:
                hours = Decimal(hours_value.replace(",", ".")).quantize(Decimal("0.1"))
            except InvalidOperation:
                hours = None
            if hours is None or not Decimal(0) <= hours <= Decimal(60):
                row.fail("contract_hours", "bad_hours")
                hours = None
        start = row.date("start_date", required=True)
        end = row.date("end_date")
        if start and end and end < start:
            row.fail("end_date", "end_before_start")
        valid_from = row.date("valid_from") or start
        person_id = None
        if name:
            person_id, code = match_person(number, name, lookup)
            if code:
                row.fail("name", code)
            if team_value == "":
                team_id = lookup.default_team_id
                if team_id is None and person_id is None and not code:
                    row.fail("team", "no_team_person")
        if number and name:
            first_number = numbers.setdefault(number_key(number), (row.number, name.lower()))
            if first_number[1] != name.lower():
                row.fail("employee_number", "conflicting_number", other=first_number[0])
        if not row.problems and name and function and hours is not None and start and valid_from:
            identity = (name.lower(), team_id, function, start, end)
            key = f"#{number_key(number)}" if number else name.lower()
            first = seen.setdefault(key, (row.number, identity))
            if first[1] != identity:
                row.fail("name", "conflicting_person", other=first[0])
            elif (key, valid_from) in periods:
                row.fail("valid_from", "duplicate_person", other=periods[(key, valid_from)])
            else:
                periods[(key, valid_from)] = row.number
                result.people.append(
                    PersonRow(name, team_id, function, hours, start, end, valid_from, number, person_id)
                )
        if row.problems:
            result.problems.extend(row.problems)
            result.invalid_rows.add(row.number)
    return result


def _count(result: Result, field: str, value: str) -> None:
    counts = result.unmatched.setdefault(field, {})
    counts[value] = counts.get(value, 0) + 1


def match_person(number: str, name: str, lookup: Lookup) -> tuple[int | None, str]:
    """The existing person a row is about: by staff number; else by name — among everyone when the row has no
    number, among those without a number when it has one (their number is then set). (id or None for a new
    person, a problem code or "")."""
    if number:
        pk = lookup.staff_numbers.get(number_key(number))
        if pk is not None:
            return pk, ""
    ids = lookup.people.get(name.lower(), [])
    if number:
        ids = [pk for pk in ids if not lookup.person_numbers.get(pk)]
    if len(ids) > 1:
        return None, "ambiguous_person"
    return (ids[0] if ids else None), ""
