"""The landing page's caseload section: one's own caseload now, and each team's signal now.

Team level first ("the team is above / within / below the band"), then how many members are above and how
many below (below: they have room), out of the members with a caseload. Everything counted comes from the
core (``caseload_core.now`` via ``monitoring.selectors``); this module only picks the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from accounts.access import Access, teams_for_user
from accounts.roles import Capability as C
from caseload_core.deviation import signal_counts
from caseloadwijzer import clock
from monitoring.presenters import signal_label, summary
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
            own = person_figures(person, start=start, end=today)
            out["own"] = {"person_id": person.id, **summary(own.now, own.figures)}
    if access.can_anywhere(C.VIEW_TEAM):
        teams = list(teams_for_user(request, C.VIEW_TEAM).select_related("organisation")[:MAX_TEAMS])
        figures = teams_figures(teams, start=start, end=today) if teams else {}
        out["teams"] = []
        for t in teams:
            f = figures[t.id]
            counted = f.counted
            out["teams"].append(
                {
                    "team": t,
                    "members": len(counted),
                    "team_signal": f.now.signal,
                    "team_signal_label": signal_label(f.now.signal),
                    "has_band": f.now.has_band,
                    "signals": signal_counts([m.now.signal for m in counted]),
                }
            )
    return out or None
