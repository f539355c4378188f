"""Reads for the caseload on a date (peildatum), the figure a registration system shows.

A case counts on date ``d`` for a person when their assignment started on or before ``d`` and its last day
carried (the end date, inclusive) is ``d`` or later; each case once per person, also when two of their
periods of it include ``d``; a shared case counts fully for each person who carries it that day (a
registration system counts cases per case manager, not shares). The team's figure is the number of
distinct cases its people carry that day. The arithmetic is ``caseload_core.caseload.caseload_on``; this
module loads the rows and lists, per person, the cases counted (the reconciliation download).

The weekly figure (``monitoring.selectors``) counts a case in every week it is open on at least one day,
by share: apart from shared cases it is never below the figure on any day of that week.

Entry points: ``team_caseload_on(team, day) -> TeamOnDate`` and ``person_caseload_on(person, day)``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from caseload_core.caseload import OPEN_END, caseload_on, open_on
from caseload_core.fte import fte_from_hours
from caseload_core.weeks import day_number, day_numbers
from cases.models import Assignment
from organisations.models import CASELOAD_FUNCTIONS, Person, Team
from staffing.models import ContractPeriod


@dataclass(frozen=True)
class CountedCase:
    """A case counted on the date: its reference and the person's period of it that includes the date
    (``last_day`` None while carried)."""

    reference: str
    start: dt.date
    last_day: dt.date | None
    share_percent: int


@dataclass(frozen=True)
class PersonOnDate:
    person_id: int
    name: str
    employee_number: str | None
    function: str
    fte: float
    """Contract FTE on the date (0 outside the employment)."""
    open_cases: int
    cases: tuple[CountedCase, ...]


@dataclass(frozen=True)
class TeamOnDate:
    team_id: int
    team_name: str
    day: dt.date
    people: tuple[PersonOnDate, ...]
    open_cases: int
    """Distinct cases carried by the team's people on the date (a case shared by two members counts once)."""


def _people(team: Team, day: dt.date) -> list[Person]:
    """The team's people in a caseload function employed on ``day``, and anyone of the team who carries a
    case that day (so that no counted case falls out of the list)."""
    employed = Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    carrying = Q(
        assignments__start_date__lte=day,
    ) & (Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=day))
    return list(
        Person.objects.filter(team=team)
        .filter((employed & Q(function__in=list(CASELOAD_FUNCTIONS))) | carrying)
        .select_related("organisation")
        .distinct()
        .order_by("name", "id")
    )


def _contract_fte(people: list[Person], day: dt.date) -> dict[int, float]:
    hours: dict[int, float] = {p.id: float(p.contract_hours) for p in people}
    periods = (
        ContractPeriod.objects.filter(person__in=[p.id for p in people], valid_from__lte=day)
        .order_by("person_id", "valid_from")
        .values_list("person_id", "hours")
    )
    for person_id, h in periods:  # the last period from on or before the day wins
        hours[person_id] = float(h)
    out = {}
    for p in people:
        employed = p.start_date <= day and (p.end_date is None or p.end_date >= day)
        out[p.id] = fte_from_hours(hours[p.id], float(p.organisation.fulltime_hours)) if employed else 0.0
    return out


def _on_date(people: list[Person], day: dt.date) -> tuple[list[PersonOnDate], int]:
    index = {p.id: i for i, p in enumerate(people)}
    rows = list(
        Assignment.objects.filter(person__in=list(index), start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("person_id", "case__reference", "start_date")
        .values_list("person_id", "case_id", "case__reference", "start_date", "end_date", "share_percent")
    )
    person = np.fromiter((index[r[0]] for r in rows), dtype=np.int64, count=len(rows))
    case = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    start = day_numbers((r[3] for r in rows), OPEN_END)
    end = day_numbers((r[4] for r in rows), OPEN_END)
    d = day_number(day)
    counts = caseload_on(d, person, start, end, len(people), case=case)
    mask = open_on(d, start, end)
    listed: dict[int, list[CountedCase]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for k, r in enumerate(rows):
        if mask[k] and (r[0], r[1]) not in seen:  # a case once per person
            seen.add((r[0], r[1]))
            listed[r[0]].append(CountedCase(r[2], r[3], r[4], r[5]))
    fte = _contract_fte(people, day)
    result = [
        PersonOnDate(
            person_id=p.id,
            name=p.name,
            employee_number=p.employee_number or None,
            function=p.function,
            fte=fte[p.id],
            open_cases=int(counts[i]),
            cases=tuple(listed[p.id]),
        )
        for i, p in enumerate(people)
    ]
    return result, len({case_id for _person, case_id in seen})


def team_caseload_on(team: Team, day: dt.date) -> TeamOnDate:
    """Per person of the team and for the team, the cases counted on ``day`` (see the module docstring)."""
    people, distinct = _on_date(_people(team, day), day)
    return TeamOnDate(team.id, team.name, day, tuple(people), distinct)


def person_caseload_on(person: Person, day: dt.date) -> PersonOnDate:
    """One person's cases counted on ``day`` (the same rules and numbers as their row in the team's)."""
    return _on_date([person], day)[0][0]
