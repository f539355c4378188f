"""Rows of a file → typed rows and a list of problems (row number, column, reason), without writing.

Everything the rows are checked against (case types, teams, people, existing cases) is loaded once into
a ``Lookup`` of plain dictionaries, so that checking 100,000 rows costs dictionary look-ups, not queries.
Row numbers are spreadsheet row numbers: the header is row 1, the first data row is row 2.

A case file may hold one row per assignment period (as registration systems export a case history): rows
with the same reference become one case — from its first start; closed only when every period is; type,
team, phase and the rest from its latest period — with its assignments in date order. Two periods of one
person on one case that overlap are a problem, named by row. The case manager is found by staff number,
else by name. Values mapped by the user (``Lookup.value_map``) and the end-date rule (``Lookup.end_date_rule``,
see ``imports.values``) are applied before anything is checked.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple

from cases.models import Phase
from imports import values as value_mapping
from imports.fields import FIELDS, normalise_header
from imports.gcpause import without_gc
from imports.messages import MESSAGES, problem_text

__all__ = ["MESSAGES", "problem_text"]  # re-exported: the messages live in imports.messages

REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "params": self.params}


IsoDate = str
"""A date as ISO 8601 text (jjjj-mm-dd, years 1900–2200): it compares and sorts like the date, and it is what
SQLite stores, so 500,000 dates of a big file need no conversion on the way in."""


class CaseRow(NamedTuple):
    reference: str
    team_id: int
    case_type_id: int
    start_date: IsoDate
    end_date: IsoDate | None
    expected_end_date: IsoDate | None
    phase: str
    children: int


class AssignmentRow(NamedTuple):
    """``end_date`` is the case's end date when the file gives the assignment none."""

    reference: str
    person_id: int
    start_date: IsoDate
    end_date: IsoDate | None
    share_percent: int


@dataclass(frozen=True)
class PersonRow:
    """``team_id`` None: no team given (an existing person keeps theirs); ``person_id`` None: a new person."""

    name: str
    team_id: int | None
    function: str
    contract_hours: Decimal
    start_date: dt.date
    end_date: dt.date | None
    valid_from: dt.date
    employee_number: str = ""
    person_id: int | None = None


@dataclass
class Lookup:
    """The organisation's reference data, keyed by lower-case code or name, and the choices made for the file."""

    case_types: dict[str, int]
    teams: dict[str, int]
    people: dict[str, list[int]]
    default_team_id: int | None
    locked_references: frozenset[str] = frozenset()
    """References of cases in teams the importing user does not manage."""
    staff_numbers: dict[str, int] = field(default_factory=dict)
    """``values.number_key(staff number)`` → person id."""
    person_numbers: dict[int, str] = field(default_factory=dict)
    """Person id → staff number, for the people that have one."""
    person_teams: dict[int, int] = field(default_factory=dict)
    """Person id → their team, when it is one of ``teams`` (a case without a team goes to its manager's)."""
    value_map: value_mapping.ValueMap = field(default_factory=dict)
    end_date_rule: str = value_mapping.EndDateRule.LAST_DAY


@dataclass
class Result:
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: set[int] = field(default_factory=set)
    cases: dict[str, CaseRow] = field(default_factory=dict)
    assignments: list[AssignmentRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    unmatched: dict[str, dict[str, int]] = field(default_factory=dict)
    """Field → {value as in the file: rows} for values that match no case type, team or function."""


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%y", "%Y-%m-%d %H:%M:%S")


@lru_cache(maxsize=65536)
def parse_date(text: str) -> dt.date | None:
    """A date in ISO, Dutch (dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj, dd.mm.jjjj) or as Excel writes it; else None."""
    value = text.strip()
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return day if 1900 <= day.year <= 2200 else None
    return None


@lru_cache(maxsize=65536)
def iso_date(text: str) -> IsoDate | None:
    day = parse_date(text)
    return None if day is None else day.isoformat()


PHASES = {normalise_header(str(v)): v for v in Phase.values} | {"middle": Phase.MIDDLE, "closing": Phase.CLOSING}


def field_label(name: str) -> str:
    """A field's label, for a problem with a field that has no column in the file."""
    for fields in FIELDS.values():
        for f in fields:
            if f.name == name:
                return str(f.label)
    return name


def _column(rows: list[list[str]], mapping: dict[str, int], name: str) -> list[str] | None:
    index = mapping.get(name)
    if index is None:
        return None
    try:
        return list(map(itemgetter(index), rows))
    except IndexError:
        return [r[index] if index < len(r) else "" for r in rows]


class _Checks:
    """Problems collected column by column (each distinct value is parsed once), sorted by row at the end."""

    def __init__(self, headers: list[str], mapping: dict[str, int]) -> None:
        self.headers, self.mapping = headers, mapping
        self.found: list[tuple[int, int, Problem]] = []
        self.bad: set[int] = set()
        self.unmatched: dict[str, dict[str, int]] = {}

    def fail(self, i: int, name: str, code: str, **params: Any) -> None:
        index = self.mapping.get(name)
        column = self.headers[index] if index is not None and index < len(self.headers) else field_label(name)
        self.found.append((i, len(self.found), Problem(i + 2, column, code, params)))
        self.bad.add(i)

    def dates(self, values: list[str] | None, name: str, required: bool, n: int) -> list[IsoDate | None]:
        if values is None:
            if required:
                for i in range(n):
                    self.fail(i, name, "required")
            return [None] * n
        distinct = set(values)
        parsed = {v: iso_date(v) if v else None for v in distinct}
        out = list(map(parsed.__getitem__, values))
        if not any(day is None and (v or required) for v, day in parsed.items()):
            return out  # every value a date or allowed blank (the usual case): no row to walk
        for i, (v, day) in enumerate(zip(values, out, strict=True)):
            if day is None:
                if v:
                    self.fail(i, name, "bad_date")
                elif required:
                    self.fail(i, name, "required")
        return out

    def lookup(
        self,
        values: list[str] | None,
        name: str,
        table: dict[str, int],
        code: str,
        required: bool,
        n: int,
        value_map: dict[str, str] | None = None,
    ) -> list[int | None]:
        """Each distinct value (after the user's ``value_map``) looked up once; a value found nowhere is a
        problem on its rows and is counted in ``unmatched`` under its own spelling, to be mapped."""
        if values is None:
            return [None] * n
        distinct = set(values)
        value_map = value_map or {}
        key = value_mapping.value_key
        found = {v: table.get(value_map.get(key(v), v).lower()) if v else None for v in distinct}
        out = list(map(found.__getitem__, values))
        if not any(pk is None and (v or required) for v, pk in found.items()):
            return out  # every value known (the usual case): no row to walk
        counts = self.unmatched.setdefault(name, {})
        for i, (v, pk) in enumerate(zip(values, out, strict=True)):
            if pk is None:
                if v:
                    self.fail(i, name, code)
                    counts[v] = counts.get(v, 0) + 1
                elif required:
                    self.fail(i, name, "required")
        return out

    def integers(self, values: list[str] | None, name: str, default: int, low: int, high: int, n: int) -> list[int]:
        if values is None:
            return [default] * n
        parsed: dict[str, int | None] = {}
        for v in set(values):
            text = v.replace("%", "").strip()
            if not text:
                parsed[v] = default
                continue
            try:
                number: int | None = int(Decimal(text.replace(",", ".")))
            except (InvalidOperation, ValueError):
                number = None
            parsed[v] = number if number is not None and low <= number <= high else None
        if None not in parsed.values():
            return list(map(parsed.__getitem__, values))  # type: ignore[arg-type]  # None is not among them (above)
        out = []
        for i, v in enumerate(values):
            number = parsed[v]
            if number is None:
                self.fail(i, name, "bad_integer", min=low, max=high)
                number = default
            out.append(number)
        return out

    def problems(self) -> list[Problem]:
        return [p for _i, _k, p in sorted(self.found, key=lambda t: (t[0], t[1]))]


def _before(dates: list[IsoDate | None], limits: list[IsoDate | None]) -> list[int]:
    """The rows where ``dates`` lies before ``limits``, both given. Compared at C speed (ISO text compares
    like dates; a missing date becomes "~", after every digit, a missing limit ""), then only those rows."""
    flags = map(operator.lt, [d or "~" for d in dates], [d or "" for d in limits])
    return list(compress(range(len(dates)), flags))


@without_gc
def validate_cases(
    headers: list[str],
    rows: list[list[str]],
    mapping: dict[str, int],
    lookup: Lookup,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Check every row, column by column: each distinct date, code or name is parsed or looked up once."""
    n = len(rows)
    result = Result(total=n)
    checks = _Checks(headers, mapping)
    blank = set() if all(map(any, rows)) else {i for i, r in enumerate(rows) if not any(r)}
    references = _column(rows, mapping, "reference") or [""] * n
    match = REFERENCE.match
    bad_references = {i for i, ref in enumerate(references) if not ref or match(ref) is None} - blank
    for i in sorted(bad_references):
        if not references[i]:
            checks.fail(i, "reference", "required")
        else:
            checks.fail(i, "reference", "bad_reference")
    value_map = lookup.value_map
    team_values = _column(rows, mapping, "team") or [""] * n
    teams = checks.lookup(team_values, "team", lookup.teams, "unknown_team", False, n, value_map.get("team"))
    types = checks.lookup(
        _column(rows, mapping, "case_type") or [""] * n,
        "case_type",
        lookup.case_types,
        "unknown_case_type",
        True,
        n,
        value_map.get("case_type"),
    )
    if progress:
        progress(n // 4)
    first_day_without = lookup.end_date_rule == value_mapping.EndDateRule.FIRST_DAY_WITHOUT
    starts = checks.dates(_column(rows, mapping, "start_date"), "start_date", True, n)
    ends = checks.dates(_column(rows, mapping, "end_date"), "end_date", False, n)
    if first_day_without:
        ends = value_mapping.shift_back(ends)
    expected = checks.dates(_column(rows, mapping, "expected_end_date"), "expected_end_date", False, n)
    for i in _before(ends, starts):
        checks.fail(
            i,
            "end_date",
            "empty_period" if first_day_without and ends[i] == _day_before(starts[i]) else "end_before_start",
        )
    phase_values = _column(rows, mapping, "phase") or [""] * n
    phase_of = {v: PHASES.get(normalise_header(v)) if v else Phase.START for v in set(phase_values)}
    phases = list(map(phase_of.__getitem__, phase_values))
    if None in phase_of.values():
        for i, phase in enumerate(phases):
            if phase is None:
                checks.fail(i, "phase", "unknown_phase")
    children = checks.integers(_column(rows, mapping, "children"), "children", 1, 1, 30, n)
    if progress:
        progress(n // 2)
    has_person = "person" in mapping
    people: list[int | None] = [None] * n
    if has_person:
        person_values = _column(rows, mapping, "person") or [""] * n
        found = {v: _person(v, lookup) for v in set(person_values) if v}
        people = [found[v][0] if v else None for v in person_values]
        if any(pk is None for pk, _code in found.values()):
            for i, v in enumerate(person_values):
                if v and people[i] is None:
                    checks.fail(i, "person", found[v][1])
        a_starts = checks.dates(_column(rows, mapping, "assignment_start"), "assignment_start", False, n)
        a_ends = checks.dates(_column(rows, mapping, "assignment_end"), "assignment_end", False, n)
        if first_day_without:
            a_ends = value_mapping.shift_back(a_ends)
        shares = checks.integers(_column(rows, mapping, "share_percent"), "share_percent", 100, 1, 100, n)
        explicit_end = _column(rows, mapping, "assignment_end")
        a_starts = [a or s for a, s in zip(a_starts, starts, strict=True)]
        a_ends = [a or e for a, e in zip(a_ends, ends, strict=True)]
        for i in _before(a_ends, a_starts):
            case_start, case_end = starts[i], ends[i]
            if case_start and case_end and case_end < case_start:
                continue  # already reported on the case's own end date
            explicit = explicit_end is not None and explicit_end[i]
            empty = first_day_without and a_ends[i] == _day_before(a_starts[i])
            checks.fail(
                i, "assignment_end" if explicit else "assignment_start", "empty_period" if empty else "end_before_start"
            )
        if "assignment_start" in mapping:
            for i in _before(a_starts, starts):
                checks.fail(i, "assignment_start", "assignment_before_case")
    # A row without a team goes to the team chosen for the file, else to its case manager's team.
    if "" in team_values or None in teams:
        for i in [i for i, (v, t) in enumerate(zip(team_values, teams, strict=True)) if not v and t is None]:
            if i in blank:
                continue
            team_id = lookup.default_team_id
            if team_id is None and people[i] is not None:
                team_id = lookup.person_teams.get(people[i])  # type: ignore[arg-type]  # not None (checked)
            if team_id is None:
                checks.fail(i, "team", "no_team")
            teams[i] = team_id
    if progress:
        progress(3 * n // 4)
    # Rows are built as tuples at C speed (zip, tuple.__new__) and only then walked once for duplicates.
    make_case = partial(tuple.__new__, CaseRow)
    all_cases = list(
        map(make_case, zip(references, teams, types, starts, ends, expected, phases, children, strict=True))
    )
    bad = checks.bad
    skip = bad | blank
    locked = lookup.locked_references
    make_assignment = partial(tuple.__new__, AssignmentRow)
    if not skip and locked.isdisjoint(references) and len(set(references)) == n:
        # The usual clean file (every row valid, each reference once): nothing for the loop below to find, so
        # the cases and assignments are built at C speed, in the same order.
        result.cases = dict(zip(references, all_cases, strict=True))
        if has_person:
            rows_ = zip(references, people, a_starts, a_ends, shares, strict=True)
            assigned = map(make_assignment, rows_)
            result.assignments = [a for a in assigned if a[1] is not None] if None in people else list(assigned)
        result.problems = checks.problems()
        result.invalid_rows = set()
        return result
    # Rows of one case (the same reference): one case, its assignments in date order. Overlapping periods are
    # looked for on every row with a reference, a person and dates, also one with a problem elsewhere.
    period_starts = a_starts if has_person else starts
    undated = {i for i, _k, p in checks.found if p.code in DATE_CODES}
    groups: dict[str, list[int]] = {}
    for i in range(n):
        if i in blank or i in bad_references:
            continue
        if references[i] in locked:
            checks.fail(i, "reference", "locked_case")
            continue
        groups.setdefault(references[i], []).append(i)
    for reference, members in groups.items():
        members.sort(key=lambda i: (period_starts[i] or "", i))
        good = [i for i in members if i not in skip]
        if len(good) == 1:
            result.cases[reference] = all_cases[good[0]]
        elif good:
            result.cases[reference] = _merged_case(checks, all_cases, good)
        if not has_person:
            continue
        last_period: dict[int, tuple[IsoDate | None, int]] = {}
        for i in members:
            person, start = people[i], a_starts[i]
            if person is None or start is None or i in undated:
                continue
            earlier = last_period.get(person)
            if earlier is not None and (earlier[0] is None or earlier[0] >= start):
                checks.fail(i, "person", "overlapping_assignment", other=earlier[1] + 2)
                continue
            last_period[person] = (a_ends[i], i)
            if i not in skip:
                result.assignments.append(make_assignment((reference, person, start, a_ends[i], shares[i])))
    result.problems = checks.problems()
    result.invalid_rows = {i + 2 for i in checks.bad}
    result.unmatched = {name: counts for name, counts in checks.unmatched.items() if counts}
    return result


DATE_CODES = frozenset({"bad_date", "required", "end_before_start", "empty_period"})
"""A row with one of these problems has no period to compare with others."""


def _day_before(day: IsoDate | None) -> IsoDate | None:
    return None if day is None else (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def _person(value: str, lookup: Lookup) -> tuple[int | None, str]:
    """The case manager by staff number, else by name: (person id or None, the problem code if None)."""
    pk = lookup.staff_numbers.get(value_mapping.number_key(value))
    if pk is not None:
        return pk, ""
    ids = lookup.people.get(value.lower(), [])
    if len(ids) == 1:
        return ids[0], ""
    return None, "ambiguous_person" if ids else "unknown_person"


def _merged_case(checks: _Checks, all_cases: list[CaseRow], members: list[int]) -> CaseRow:
    """The periods of one case (``members``, in date order) as one case: from the first start, closed only when
    every period has ended (on the last end), the rest from the latest period. Another case type on a later
    row is a problem."""
    first = all_cases[members[0]]
    latest = all_cases[members[-1]]
    for i in members[1:]:
        if all_cases[i].case_type_id != first.case_type_id:
            checks.fail(i, "case_type", "conflicting_case_type", other=members[0] + 2)
    ends = [all_cases[i].end_date for i in members]
    return latest._replace(
        start_date=min(all_cases[i].start_date for i in members),
        end_date=None if None in ends else max(e for e in ends if e is not None),
    )
