"""Sections of the landing page. Each app adds a section here: a template, the capabilities that see it,
and a function that supplies its context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from accounts.access import Access
from accounts.roles import Capability as C


@dataclass(frozen=True)
class HomeSection:
    template: str
    capabilities: tuple[str, ...]
    context: Callable[[HttpRequest, Access], dict[str, Any] | None]


def _own(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    from organisations.selectors import person_card

    return person_card(access.person_id) if access.person_id else None


def _teams(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    """Each team with everyone employed today (any function) and their contracted fte, and how many of them
    carry a caseload: the two counts the other pages use, each named (``monitoring.selectors.Headcount``)."""
    from accounts.access import teams_for_user
    from caseloadwijzer import clock
    from monitoring.selectors import team_headcounts

    teams = list(teams_for_user(request, C.VIEW_TEAM).select_related("organisation"))
    counts = team_headcounts(teams, clock.today())
    return {
        "teams": [
            {
                "team": t,
                "members": counts[t.id].members,
                "with_caseload": counts[t.id].with_caseload,
                "fte": counts[t.id].contracted_fte,
            }
            for t in teams
        ]
    }


def _aggregates(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    from organisations.selectors import organisation_totals

    if access.organisation is None or access.can_anywhere(C.VIEW_TEAM):
        return None
    return {"totals": organisation_totals(access.organisation)}


def _manage(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    return {}


def _reminders(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    from reports.home import reminders_section

    return reminders_section(request, access)


def _caseload(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    from monitoring.home import caseload_section

    return caseload_section(request, access)


def _scoresheet(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    from scoresheet.home import scoresheet_section

    return scoresheet_section(request, access)


def _trajectories(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    from trajectory.home import trajectory_section

    return trajectory_section(request, access)


HOME_SECTIONS: tuple[HomeSection, ...] = (
    HomeSection("accounts/home/_own.html", (C.VIEW_OWN,), _own),
    HomeSection("accounts/home/_teams.html", (C.VIEW_TEAM,), _teams),
    HomeSection("accounts/home/_aggregates.html", (C.VIEW_AGGREGATES,), _aggregates),
    HomeSection("accounts/home/_manage.html", (C.MANAGE_ORGANISATION,), _manage),
    HomeSection("monitoring/home/_caseload.html", (C.VIEW_OWN, C.VIEW_TEAM), _caseload),
    HomeSection("reports/home/_reminders.html", (C.MANAGE_TEAM, C.FACILITATE, C.VIEW_OWN), _reminders),
    HomeSection("scoresheet/home/_rounds.html", (C.FACILITATE, C.VIEW_OWN), _scoresheet),
    HomeSection("trajectory/home/_trajectories.html", (C.FACILITATE, C.DECIDE), _trajectories),
)


def sections_for(request: HttpRequest, access: Access) -> list[dict[str, Any]]:
    out = []
    for section in HOME_SECTIONS:
        if not any(access.can_anywhere(c) for c in section.capabilities):
            continue
        context = section.context(request, access)
        if context is not None:
            out.append({"template": section.template, "context": context})
    return out
