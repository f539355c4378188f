"""The reminders section of the landing page (registered in accounts.home)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.access import Access, teams_for_user
from accounts.roles import Capability as C
from caseloadwijzer import clock


def reminders_section(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    """For those responsible (team manager, facilitator): the team's reminders. For every team member:
    open evaluations still waiting for their answer. None when there is nothing to show."""
    from organisations.models import Team
    from reports import selectors

    today = clock.today()
    responsible = [
        t
        for t in teams_for_user(request, C.VIEW_TEAM)
        if access.can(C.MANAGE_TEAM, t.id) or access.can(C.FACILITATE, t.id)
    ]
    own_teams = {team for _role, team in access.roles if team is not None}
    if access.person_id is not None:
        own_teams |= set(Team.objects.filter(members__id=access.person_id).values_list("id", flat=True))
    member_teams = list(Team.objects.filter(id__in=own_teams, organisation=access.organisation))
    data = {
        "reminders": selectors.reminders(responsible, today) if responsible else [],
        "to_answer": selectors.open_evaluations_to_answer(member_teams, request.user, today),
    }
    return data if data["reminders"] or data["to_answer"] else None
