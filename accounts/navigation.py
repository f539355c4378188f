"""The main navigation. Each entry names a URL and the capability it needs; entries whose URL does not
exist (yet) are left out, so an app adds its section by adding a line here and an ``index`` view."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability as C


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capabilities: tuple[str, ...]


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Home"), "accounts:home", ()),
    NavItem(_("Organisation"), "organisations:overview", (C.VIEW_ORGANISATION, C.MANAGE_ORGANISATION)),
    NavItem(_("Caseload monitoring"), "monitoring:index", (C.VIEW_TEAM, C.VIEW_OWN, C.VIEW_ORGANISATION)),
    NavItem(_("Cases"), "cases:index", (C.MANAGE_TEAM,)),
    NavItem(_("Formation"), "staffing:index", (C.MANAGE_TEAM, C.VIEW_TEAM)),
    NavItem(_("Bandwidth"), "trajectory:index", (C.FACILITATE, C.DECIDE, C.VIEW_TEAM)),
    NavItem(_("Score sheet"), "scoresheet:index", (C.FACILITATE, C.VIEW_OWN)),
    NavItem(_("Outlook"), "forecasts:index", (C.VIEW_TEAM, C.VIEW_ORGANISATION)),
    NavItem(_("Reports"), "reports:index", (C.VIEW_REPORTS,)),
    NavItem(_("Import"), "imports:index", (C.MANAGE_DATA,)),
    NavItem(_("Export"), "exports:index", (C.MANAGE_DATA,)),
)
