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
    from accounts.access import teams_for_user
    from organisations.selectors import team_rows

    return {"teams": team_rows(teams_for_user(request, C.VIEW_TEAM))}


def _aggregates(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    from organisations.selectors import organisation_totals

    if access.organisation is None or access.can_anywhere(C.VIEW_TEAM):
        return None
    return {"totals": organisation_totals(access.organisation)}


def _manage(request: HttpRequest, access: Access) -> dict[str, Any] | None:
    return {}


HOME_SECTIONS: tuple[HomeSection, ...] = (
    HomeSection("accounts/home/_own.html", (C.VIEW_OWN,), _own),
    HomeSection("accounts/home/_teams.html", (C.VIEW_TEAM,), _teams),
    HomeSection("accounts/home/_aggregates.html", (C.VIEW_AGGREGATES,), _aggregates),
    HomeSection("accounts/home/_manage.html", (C.MANAGE_ORGANISATION,), _manage),
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
