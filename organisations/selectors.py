"""Reads of organisations, teams and people. Callers pass querysets already scoped to an organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from caseload_core.fte import fte_from_hours
from caseloadwijzer import clock
from organisations.models import Organisation, Person, Team


def _active(on: dt.date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def active_people(queryset: QuerySet[Person], on: dt.date | None = None) -> QuerySet[Person]:
    return queryset.filter(_active(on or clock.today()))


def team_rows(teams: QuerySet[Team], on: dt.date | None = None) -> list[dict[str, Any]]:
    """Each team with its current headcount and contracted FTE, in one query."""
    day = on or clock.today()
    active = Q(members__start_date__lte=day) & (Q(members__end_date__isnull=True) | Q(members__end_date__gte=day))
    rows = teams.select_related("organisation").annotate(
        n_members=Count("members", filter=active), hours=Sum("members__contract_hours", filter=active)
    )
    return [
        {
            "team": t,
            "members": t.n_members,
            "fte": fte_from_hours(float(t.hours or 0), float(t.organisation.fulltime_hours)),
        }
        for t in rows
    ]


def team_members(team: Team, on: dt.date | None = None) -> list[dict[str, Any]]:
    full = float(team.organisation.fulltime_hours)
    people = active_people(team.members.all(), on).order_by("name")
    return [{"person": p, "fte": fte_from_hours(float(p.contract_hours), full)} for p in people]


def person_card(person_id: int) -> dict[str, Any]:
    person = Person.objects.select_related("team", "organisation").get(pk=person_id)
    full = float(person.organisation.fulltime_hours)
    return {
        "person": person,
        "fte": fte_from_hours(float(person.contract_hours), full),
        "fulltime_hours": full,
    }


def organisation_totals(organisation: Organisation, on: dt.date | None = None) -> dict[str, Any]:
    people = active_people(organisation.people.all(), on)
    hours = people.aggregate(h=Sum("contract_hours"))["h"] or 0
    return {
        "teams": organisation.teams.count(),
        "people": people.count(),
        "fte": fte_from_hours(float(hours), float(organisation.fulltime_hours)),
    }
