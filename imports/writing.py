"""Write checked rows: cases and assignments in bulk, people through organisations.services.

One transaction per import: it all lands or none of it does. Idempotent: a row equal to what is stored
writes nothing; a newer export updates cases by their reference and closes those it gives an end date.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import transaction

from cases.models import Assignment, Case
from imports.bulk import insert_rows, update_rows
from imports.gcpause import without_gc
from imports.validation import AssignmentRow, CaseRow, IsoDate, PersonRow
from imports.values import number_key
from organisations.models import Organisation, Person, Team
from organisations.services import person_create, person_update
from staffing.models import ContractPeriod

CASE_FIELDS = ("team_id", "case_type_id", "start_date", "end_date", "expected_end_date", "phase", "children")


@dataclass(frozen=True)
class Counts:
    """``closed``: existing cases (people) that this file gave an end date; they count as updated as well."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0


@without_gc
def write_cases(*, organisation: Organisation, cases: dict[str, CaseRow], assignments: list[AssignmentRow]) -> Counts:
    """Assignments come from ``validation``: an assignment without its own end date has the case's."""
    with transaction.atomic():
        stored = _stored_cases(organisation)
        new, changed, changed_refs, closed = _split_cases(cases, stored)
        org = {"organisation_id": organisation.id}
        first_id = insert_rows(Case, ("reference", *CASE_FIELDS), new, constants=org)
        update_rows(Case, CASE_FIELDS, changed)
        ids = {reference: values[0] for reference, values in stored.items()}
        if first_id is not None:
            ids.update(zip(map(itemgetter(0), new), range(first_id, first_id + len(new)), strict=True))
        elif new:
            ids = dict(Case.objects.filter(organisation=organisation).values_list("reference", "id"))
        touched_cases = _write_assignments(organisation, ids, assignments, has_existing=bool(stored))
    updated = len(changed_refs | {reference for reference in touched_cases if reference in stored})
    return Counts(created=len(new), updated=updated, unchanged=len(cases) - len(new) - updated, closed=closed)


def _stored_cases(organisation: Organisation) -> dict[str, tuple[Any, ...]]:
    """The organisation's cases by reference: the id, then ``CASE_FIELDS`` as the checked rows have them (dates
    as ISO text, see ``validation.IsoDate``)."""
    rows = Case.objects.filter(organisation=organisation).values_list("reference", "id", *CASE_FIELDS)
    return {
        reference: (pk, team, case_type, start.isoformat(), end and end.isoformat(), due and due.isoformat(), *rest)
        for reference, pk, team, case_type, start, end, due, *rest in rows
    }


def _split_cases(
    cases: dict[str, CaseRow], stored: dict[str, tuple[Any, ...]]
) -> tuple[list[CaseRow], list[tuple[object, ...]], set[str], int]:
    """The rows to insert (a ``CaseRow`` is already in column order), the updates (values, then the id), the
    references of the updated cases and how many open cases were closed."""
    if not stored:
        return list(cases.values()), [], set(), 0
    new: list[CaseRow] = []
    changed: list[tuple[object, ...]] = []
    changed_refs: set[str] = set()
    closed = 0
    for reference, row in cases.items():
        current = stored.get(reference)
        if current is None:
            new.append(row)
        elif current[1:] != row[1:]:
            changed.append((*row[1:], current[0]))
            changed_refs.add(reference)
            closed += current[4] is None and row.end_date is not None
    return new, changed, changed_refs, closed


def _write_assignments(
    organisation: Organisation, ids: dict[str, int], rows: list[AssignmentRow], has_existing: bool
) -> set[str]:
    """Create missing assignments, update changed ones; the references of cases whose assignments changed."""
    stored: dict[tuple[int, int, IsoDate], tuple[int, IsoDate | None, int]] = {}
    if has_existing:
        for pk, case_id, person_id, start, end, share in Assignment.objects.filter(
            case__organisation=organisation
        ).values_list("id", "case_id", "person_id", "start_date", "end_date", "share_percent"):
            stored[(case_id, person_id, start.isoformat())] = (pk, end.isoformat() if end is not None else None, share)
    fields = ("case_id", "person_id", "start_date", "end_date", "share_percent")
    if not stored:
        # Only new assignments (the usual first import): the columns swapped at C speed, no loop per row.
        references, *rest = zip(*rows, strict=True) if rows else ((),)
        insert_rows(Assignment, fields, list(zip(map(ids.__getitem__, references), *rest, strict=True)))
        return set(references)
    new: list[tuple[object, ...]] = []
    changed: list[tuple[object, ...]] = []
    touched: set[str] = set()
    for row in rows:
        case_id = ids[row.reference]
        current = stored.get((case_id, row.person_id, row.start_date))
        if current is None:
            new.append((case_id, *row[1:]))
            touched.add(row.reference)
        elif current[1:] != (row.end_date, row.share_percent):
            changed.append((row.end_date, row.share_percent, current[0]))
            touched.add(row.reference)
    insert_rows(Assignment, fields, new)
    update_rows(Assignment, ("end_date", "share_percent"), changed)
    return touched


def write_people(*, organisation: Organisation, people: list[PersonRow]) -> Counts:
    """People as ``validation`` matched them (``person_id``; None: new, one per staff number or name): new ones
    through person_create, changes through person_update; contract periods by their "valid from" date."""
    created = updated = unchanged = closed = 0
    teams = {t.id: t for t in Team.objects.filter(organisation=organisation)}
    groups: dict[object, list[PersonRow]] = {}
    for row in people:
        key = row.person_id or (f"#{number_key(row.employee_number)}" if row.employee_number else row.name.lower())
        groups.setdefault(key, []).append(row)
    with transaction.atomic():
        existing = {p.id: p for p in Person.objects.filter(organisation=organisation)}
        for rows in groups.values():
            rows.sort(key=lambda r: r.valid_from)
            first, latest = rows[0], rows[-1]
            person = existing.get(first.person_id) if first.person_id else None
            changed = False
            if person is None:
                person = person_create(
                    organisation=organisation,
                    name=first.name,
                    employee_number=first.employee_number,
                    function=first.function,
                    contract_hours=first.contract_hours,
                    start_date=first.start_date,
                    team=teams.get(first.team_id) if first.team_id else None,
                    end_date=first.end_date,
                )
                ContractPeriod.objects.filter(person=person).delete()
                created += 1
            else:
                team_id = first.team_id if first.team_id is not None else person.team_id
                number = first.employee_number or person.employee_number
                wanted = (first.name, number, team_id, first.function, first.start_date, first.end_date)
                current = (
                    person.name,
                    person.employee_number,
                    person.team_id,
                    person.function,
                    person.start_date,
                    person.end_date,
                )
                if current != wanted:
                    closed += person.end_date is None and first.end_date is not None
                    person_update(
                        person=person,
                        name=first.name,
                        employee_number=number,
                        function=first.function,
                        contract_hours=person.contract_hours,
                        start_date=first.start_date,
                        team=teams.get(team_id) if team_id else None,
                        end_date=first.end_date,
                    )
                    changed = True
            periods = {cp.valid_from: cp for cp in ContractPeriod.objects.filter(person=person)}
            for row in rows:
                period = periods.get(row.valid_from)
                if period is None:
                    ContractPeriod.objects.create(person=person, valid_from=row.valid_from, hours=row.contract_hours)
                    changed = True
                elif period.hours != row.contract_hours:
                    period.hours = row.contract_hours
                    period.save(update_fields=["hours"])
                    changed = True
            if person.contract_hours != latest.contract_hours:
                person.contract_hours = latest.contract_hours
                person.save(update_fields=["contract_hours"])
                changed = True
            if first.person_id and changed:
                updated += 1
            elif first.person_id:
                unchanged += 1
    return Counts(created=created, updated=updated, unchanged=unchanged, closed=closed)
