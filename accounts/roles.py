"""Roles and what each may do. One place, so that views and tests read the same table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TEAM_MANAGER = "teammanager", _("team manager")
    PROFESSIONAL = "professional", _("professional")
    BEHAVIOURAL_SCIENTIST = "gedragswetenschapper", _("behavioural scientist")
    HR_ADVISER = "hr_adviseur", _("HR adviser")
    POLICY_ADVISER = "beleidsadviseur", _("policy adviser / commissioning party")
    WORKS_COUNCIL = "ondernemingsraad", _("works council")
    ADMINISTRATOR = "beheerder", _("administrator")


class Capability(models.TextChoices):
    """Things a user can do; a view asks for a capability, never for a role by name."""

    VIEW_ORGANISATION = "view_organisation", _("see the organisation's teams and figures")
    VIEW_TEAM = "view_team", _("see a team's members and their individual figures")
    VIEW_OWN = "view_own", _("see one's own figures")
    VIEW_AGGREGATES = "view_aggregates", _("see aggregated figures only")
    MANAGE_TEAM = "manage_team", _("manage a team's cases, formation and meetings")
    MANAGE_ORGANISATION = "manage_organisation", _("manage teams, people and logins")
    FACILITATE = "facilitate", _("facilitate trajectories and scoring rounds")
    DECIDE = "decide", _("take the official bandwidth decision")
    MANAGE_DATA = "manage_data", _("import and export data, manage API tokens")
    VIEW_REPORTS = "view_reports", _("see and produce reports")


C = Capability
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.TEAM_MANAGER: frozenset(
        {
            C.VIEW_ORGANISATION,
            C.VIEW_TEAM,
            C.VIEW_OWN,
            C.VIEW_AGGREGATES,
            C.MANAGE_TEAM,
            C.FACILITATE,
            C.MANAGE_DATA,
            C.VIEW_REPORTS,
        }
    ),
    Role.PROFESSIONAL: frozenset({C.VIEW_OWN}),
    Role.BEHAVIOURAL_SCIENTIST: frozenset(
        {C.VIEW_ORGANISATION, C.VIEW_TEAM, C.VIEW_OWN, C.VIEW_AGGREGATES, C.FACILITATE, C.VIEW_REPORTS}
    ),
    Role.HR_ADVISER: frozenset({C.VIEW_ORGANISATION, C.VIEW_TEAM, C.VIEW_AGGREGATES, C.VIEW_REPORTS}),
    Role.POLICY_ADVISER: frozenset({C.VIEW_ORGANISATION, C.VIEW_AGGREGATES, C.FACILITATE, C.DECIDE, C.VIEW_REPORTS}),
    Role.WORKS_COUNCIL: frozenset({C.VIEW_AGGREGATES, C.VIEW_REPORTS}),
    Role.ADMINISTRATOR: frozenset(
        {
            C.VIEW_ORGANISATION,
            C.VIEW_TEAM,
            C.VIEW_AGGREGATES,
            C.MANAGE_TEAM,
            C.MANAGE_ORGANISATION,
            C.MANAGE_DATA,
            C.VIEW_REPORTS,
        }
    ),
}
