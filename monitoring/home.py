"""The landing page's caseload section: one's own caseload now, and each team's members outside the margin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from accounts.access import Access, teams_for_user
from accounts.roles import Capability as C
from caseloadwijzer import clock
from monitoring.presenters import summary
from monitoring.selectors import person_figures, teams_figures
from organisations.models import CASELOAD_FUNCTIONS, Person

MAX_TEAMS = 12


def caseload_section(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    today = clock.today()
    start = today - dt.timedelta(weeks=1)
    out: dict[str, Any] = {}
    if access.person_id and access.can_anywhere(C.VIEW_OWN):
        person = Person.objects.select_related("team", "organisation").get(pk=access.person_id)
        if person.function in CASELOAD_FUNCTIONS:
            f = person_figures(person, start=start, end=today)
            out["own"] = {"person_id": person.id, **summary(f.figures, f.mondays)}
    if access.can_anywhere(C.VIEW_TEAM):
        teams = list(teams_for_user(request, C.VIEW_TEAM).select_related("organisation")[:MAX_TEAMS])
        figures = teams_figures(teams, start=start, end=today) if teams else {}
        out["teams"] = [
            {
                "team": t,
                "members": len(figures[t.id].members),
                "outside": sum(1 for m in figures[t.id].members if bool(m.figures.outside[-1])),
            }
            for t in teams
        ]
    return out or None
