"""Rows of a file → typed rows and a list of problems (row number, column, reason), without writing.

Everything the rows are checked against (case types, teams, people, existing cases) is loaded once into
a ``Lookup`` of plain dictionaries, so that checking 100,000 rows costs dictionary look-ups, not queries.
Row numbers are spreadsheet row numbers: the header is row 1, the first data row is row 2.
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

from django.utils.translation import gettext_lazy as _

from cases.models import Phase
from imports.fields import FIELDS, normalise_header
from imports.gcpause import without_gc

REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")

MESSAGES = {
    "required": _("Empty, but this field is required."),
    "bad_date": _("“%(value)s” is not a date (write dd-mm-jjjj or jjjj-mm-dd)."),
    "bad_reference": _("“%(value)s” is not a valid case reference (letters, digits and . _ / - only, no spaces)."),
    "unknown_case_type": _("Unknown case type “%(value)s”: use the code or the name of one of the case types."),
    "unknown_team": _("Unknown team “%(value)s”."),
    "no_team": _("No team given, and the organisation has more than one team."),
    "unknown_person": _("Unknown staff member “%(value)s”: add them under Organisation first, or import people."),
    "ambiguous_person": _("There is more than one staff member called “%(value)s”."),
    "end_before_start": _("The end date lies before the start date."),
    "assignment_before_case": _("The assignment starts before the case starts."),
    "duplicate_reference": _("Case “%(value)s” is also on row %(other)s, with different case data."),
    "duplicate_assignment": _("“%(value)s” is assigned to this case from the same date on row %(other)s as well."),
    "duplicate_person": _("“%(value)s” has a row with the same “hours valid from” date on row %(other)s as well."),
    "conflicting_person": _("“%(value)s” is also on row %(other)s, with a different team, function or dates."),
    "locked_case": _("Case “%(value)s” belongs to a team you do not manage."),
    "bad_integer": _("“%(value)s” is not a whole number from %(min)s to %(max)s."),
    "bad_hours": _("“%(value)s” is not a number of hours from 0 to 60."),
    "unknown_phase": _("Unknown phase “%(value)s” (start, midden or afronding)."),
    "unknown_function": _("Unknown function “%(value)s”."),
}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "params": self.params}


def problem_text(code: str, params: dict[str, Any]) -> str:
    return str(MESSAGES.get(code, code)) % params if params else str(MESSAGES.get(code, code))


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
    name: str
    team_id: int | None
    function: str
    contract_hours: Decimal
    start_date: dt.date
    end_date: dt.date | None
    valid_from: dt.date


@dataclass
class Lookup:
    """The organisation's reference data, keyed by lower-case code or name."""

    case_types: dict[str, int]
    teams: dict[str, int]
    people: dict[str, list[int]]
    default_team_id: int | None
    locked_references: frozenset[str] = frozenset()
    """References of cases in teams the importing user does not manage."""


@dataclass
class Result:
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: set[int] = field(default_factory=set)
    cases: dict[str, CaseRow] = field(default_factory=dict)
    assignments: list[AssignmentRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)


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

    def fail(self, i: int, name: str, code: str, **params: Any) -> None:
        index = self.mapping.get(name)
        column = self.headers[index] if index is not None and index < len(self.headers) else field_label(name)
        if "value" in params:
            params["value"] = str(params["value"])[:60]
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
                    self.fail(i, name, "bad_date", value=v)
                elif required:
                    self.fail(i, name, "required")
        return out

    def lookup(
        self, values: list[str] | None, name: str, table: dict[str, int], code: str, required: bool, n: int
    ) -> list[int | None]:
        if values is None:
            return [None] * n
        distinct = set(values)
        found = {v: table.get(v.lower()) if v else None for v in distinct}
        out = list(map(found.__getitem__, values))
        if not any(pk is None and (v or required) for v, pk in found.items()):
            return out  # every value known (the usual case): no row to walk
        for i, (v, pk) in enumerate(zip(values, out, strict=True)):
            if pk is None:
                if v:
                    self.fail(i, name, code, value=v)
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
            return list(map(parsed.__getitem__, values))  # every value fine (the usual case): no row to walk
        out = []
        for i, v in enumerate(values):
            number = parsed[v]
            if number is None:
                self.fail(i, name, "bad_integer", value=v, min=low, max=high)
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
    for i in [i for i, ref in enumerate(references) if not ref or match(ref) is None]:
        if i in blank:
            continue
        if not references[i]:
            checks.fail(i, "reference", "required")
        else:
            checks.fail(i, "reference", "bad_reference", value=references[i])
    team_values = _column(rows, mapping, "team") or [""] * n
    teams = checks.lookup(team_values, "team", lookup.teams, "unknown_team", False, n)
    for i in [i for i, v in enumerate(team_values) if not v] if "" in team_values else []:
        if i not in blank:
            if lookup.default_team_id is None:
                checks.fail(i, "team", "no_team")
            teams[i] = lookup.default_team_id
    types = checks.lookup(
        _column(rows, mapping, "case_type") or [""] * n, "case_type", lookup.case_types, "unknown_case_type", True, n
    )
    if progress:
        progress(n // 4)
    starts = checks.dates(_column(rows, mapping, "start_date"), "start_date", True, n)
    ends = checks.dates(_column(rows, mapping, "end_date"), "end_date", False, n)
    expected = checks.dates(_column(rows, mapping, "expected_end_date"), "expected_end_date", False, n)
    for i in _before(ends, starts):
        checks.fail(i, "end_date", "end_before_start")
    phase_values = _column(rows, mapping, "phase") or [""] * n
    phase_of = {v: PHASES.get(normalise_header(v)) if v else Phase.START for v in set(phase_values)}
    phases = list(map(phase_of.__getitem__, phase_values))
    if None in phase_of.values():
        for i, (v, phase) in enumerate(zip(phase_values, phases, strict=True)):
            if phase is None:
                checks.fail(i, "phase", "unknown_phase", value=v)
    children = checks.integers(_column(rows, mapping, "children"), "children", 1, 1, 30, n)
    if progress:
        progress(n // 2)
    has_person = "person" in mapping
    if has_person:
        person_values = _column(rows, mapping, "person") or [""] * n
        unique = {v: lookup.people.get(v.lower(), []) for v in set(person_values) if v}
        resolved = {v: ids[0] if len(ids) == 1 else None for v, ids in unique.items()}
        people: list[int | None] = [resolved.get(v) for v in person_values]
        for i in [i for i, (v, pk) in enumerate(zip(person_values, people, strict=True)) if v and pk is None]:
            value = person_values[i]
            checks.fail(i, "person", "ambiguous_person" if unique[value] else "unknown_person", value=value)
        a_starts = checks.dates(_column(rows, mapping, "assignment_start"), "assignment_start", False, n)
        a_ends = checks.dates(_column(rows, mapping, "assignment_end"), "assignment_end", False, n)
        shares = checks.integers(_column(rows, mapping, "share_percent"), "share_percent", 100, 1, 100, n)
        explicit_end = _column(rows, mapping, "assignment_end")
        a_starts = [a or s for a, s in zip(a_starts, starts, strict=True)]
        a_ends = [a or e for a, e in zip(a_ends, ends, strict=True)]
        for i in _before(a_ends, a_starts):
            case_start, case_end = starts[i], ends[i]
            if case_start and case_end and case_end < case_start:
                continue  # already reported on the case's own end date
            explicit = explicit_end is not None and explicit_end[i]
            checks.fail(i, "assignment_end" if explicit else "assignment_start", "end_before_start")
        if "assignment_start" in mapping:
            for i in _before(a_starts, starts):
                checks.fail(i, "assignment_start", "assignment_before_case")
    if progress:
        progress(3 * n // 4)
    # Rows are built as tuples at C speed (zip, tuple.__new__) and only then walked once for duplicates.
    make_case = partial(tuple.__new__, CaseRow)
    all_cases = list(
        map(make_case, zip(references, teams, types, starts, ends, expected, phases, children, strict=True))
    )
    first_row: dict[str, tuple[int, CaseRow]] = {}
    assignment_rows: dict[tuple[str, int, IsoDate], int] = {}
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
    for i, case in enumerate(all_cases):
        if i in skip:
            continue
        reference = case[0]
        if reference in locked:
            checks.fail(i, "reference", "locked_case", value=reference)
            continue
        seen = first_row.get(reference)
        if seen is None:
            first_row[reference] = (i + 2, case)
        elif seen[1] != case:
            checks.fail(i, "reference", "duplicate_reference", value=reference, other=seen[0])
            continue
        if has_person and people[i] is not None:
            key = (reference, people[i], a_starts[i])
            other = assignment_rows.get(key)  # type: ignore[arg-type]
            if other is not None:
                checks.fail(i, "person", "duplicate_assignment", value=person_values[i], other=other)
                continue
            assignment_rows[key] = i + 2  # type: ignore[index]
            result.assignments.append(make_assignment((reference, people[i], a_starts[i], a_ends[i], shares[i])))
    result.problems = checks.problems()
    result.invalid_rows = {i + 2 for i in checks.bad}
    result.cases = {ref: case for ref, (_number, case) in first_row.items()}
    return result
