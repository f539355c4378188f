"""The monitoring pages' tables as downloads (XLSX/CSV via exports.tables), from the same rows the pages show."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from caseload_core.team import Figures
from exports.tables import Column, ExportTable
from monitoring.selectors import TeamFigures


def _round(value: Any, digits: int = 2) -> float | None:
    """A figure rounded for a spreadsheet; None (an empty cell) where the page shows a dash."""
    if value is None:
        return None
    number = float(value)
    return round(number, digits) if math.isfinite(number) else None


def _get(key: str, digits: int = 2) -> Any:
    return lambda row: _round(row.get(key), digits)


def member_table(team_name: str, rows: Iterable[dict[str, Any]]) -> ExportTable:
    """The dashboard's member table: one row per member, the figures now (this week's cases, the formation
    on the period's last day)."""
    return ExportTable(
        title=_("Members"),
        filename=f"leden-{team_name}",
        rows=rows,
        columns=[
            Column(_("Name"), lambda r: r["name"]),
            Column(_("Cases"), _get("count")),
            Column(_("Normative"), _get("normative", 1)),
            Column(_("FTE-equivalents"), _get("weighted")),
            Column(_("Deployable FTE today"), _get("deployable")),
            Column(_("Deployable FTE, mean of the week"), _get("week_deployable")),
            Column(_("Deviation (%)"), _get("deviation", 0)),
            Column(_("Band lower bound"), _get("band_lower", 1)),
            Column(_("Band upper bound"), _get("band_upper", 1)),
            Column(_("Signal"), lambda r: str(r["signal_label"])),
            Column(_("Weeks outside"), lambda r: r["weeks_outside"]),
            Column(_("Outside since"), lambda r: r["since"] if r["weeks_outside"] else None),
        ],
    )


def _weeks(f: Figures, mondays: list[dt.date], vacancies: Any = None) -> list[dict[str, Any]]:
    return [
        {
            "monday": monday,
            "count": f.count[k],
            "normative": f.normative[k],
            "weighted": f.weighted[k],
            "contracted": f.contracted_fte[k],
            "deployable": f.deployable_fte[k],
            "vacancies": None if vacancies is None else vacancies[k],
            "deviation": float(f.deviation[k]) * 100,
            "band_lower": f.band_lower[k],
            "band_upper": f.band_upper[k],
            "inflow": f.inflow[k],
            "outflow": f.outflow[k],
        }
        for k, monday in enumerate(mondays)
    ]


def team_weeks_table(team_name: str, figures: TeamFigures) -> ExportTable:
    """The team's figures per week (the data under the team charts)."""
    return ExportTable(
        title=_("Team figures per week"),
        filename=f"teamcijfers-per-week-{team_name}",
        rows=_weeks(figures.team, figures.mondays, figures.vacancy_fte),
        columns=[
            Column(_("Week of"), lambda r: r["monday"]),
            Column(_("Cases"), _get("count")),
            Column(_("Normative"), _get("normative", 1)),
            Column(_("FTE-equivalents"), _get("weighted")),
            Column(_("Contracted FTE, mean of the week"), _get("contracted")),
            Column(_("Deployable FTE, mean of the week"), _get("deployable")),
            Column(_("Vacancies (FTE)"), _get("vacancies")),
            Column(_("Deviation (%)"), _get("deviation", 0)),
            Column(_("Band lower bound"), _get("band_lower", 1)),
            Column(_("Band upper bound"), _get("band_upper", 1)),
            Column(_("Inflow"), _get("inflow", 0)),
            Column(_("Outflow"), _get("outflow", 0)),
        ],
    )


def person_weeks_table(person_name: str, f: Figures, mondays: list[dt.date]) -> ExportTable:
    """One person's figures per week (the data under the person's chart)."""
    return ExportTable(
        title=_("Figures per week"),
        filename=f"cijfers-per-week-{person_name}",
        rows=_weeks(f, mondays),
        columns=[
            Column(_("Week of"), lambda r: r["monday"]),
            Column(_("Cases"), _get("count")),
            Column(_("FTE-equivalents"), _get("weighted")),
            Column(_("Deployable FTE, mean of the week"), _get("deployable")),
            Column(_("Normative"), _get("normative", 1)),
            Column(_("Deviation (%)"), _get("deviation", 0)),
            Column(_("Band lower bound"), _get("band_lower", 1)),
            Column(_("Band upper bound"), _get("band_upper", 1)),
        ],
    )


def organisation_table(rows: list[dict[str, Any]], *, full: bool) -> ExportTable:
    """Teams compared. Suppressed teams (too few people for an aggregate-only reader) keep empty figures."""

    def figure(key: str, digits: int = 2) -> Any:
        return lambda r: None if r["suppressed"] else _round(r.get(key), digits)

    columns = [
        Column(_("Team"), lambda r: r["team"].name),
        Column(_("Members with a caseload"), lambda r: None if r["suppressed"] else r["members"]),
        Column(_("Cases"), figure("count")),
        Column(_("Normative"), figure("normative", 1)),
        Column(_("Deployable FTE today"), figure("deployable")),
        Column(_("Deviation (%)"), figure("deviation", 0)),
        Column(_("Band lower bound"), figure("band_lower", 1)),
        Column(_("Band upper bound"), figure("band_upper", 1)),
        Column(_("Team signal"), lambda r: None if r["suppressed"] else str(r["signal_label"])),
    ]
    if full:
        columns += [
            Column(_("Members above"), lambda r: r["above"]),
            Column(_("Members below"), lambda r: r["below"]),
        ]
    columns += [Column(_("Inflow"), figure("inflow", 0)), Column(_("Outflow"), figure("outflow", 0))]
    return ExportTable(title=_("Teams compared"), filename="teams-vergeleken", rows=rows, columns=columns)


def non_deployable_table(team_name: str, rows: list[dict[str, Any]]) -> ExportTable:
    """Formation not available for cases in the period's last week, per reason, plus vacancies."""
    return ExportTable(
        title=_("Non-deployable formation now"),
        filename=f"niet-inzetbaar-{team_name}",
        rows=rows,
        columns=[Column(_("Reason"), lambda r: str(r["label"])), Column(_("FTE not deployable"), _get("fte"))],
    )


def meetings_table(team_name: str, meetings: Iterable[Any]) -> ExportTable:
    """The team's caseload meetings with their number of agreements (the texts stay on the meeting page)."""
    return ExportTable(
        title=_("Caseload meetings"),
        filename=f"caseloadbesprekingen-{team_name}",
        rows=meetings,
        columns=[
            Column(_("Date"), lambda m: m.date),
            Column(_("Agreements"), lambda m: len(m.agreements.all())),
            Column(_("Open agreements"), lambda m: sum(1 for a in m.agreements.all() if a.done_on is None)),
        ],
    )


def snapshot_table(meeting_name: str, snapshot: dict[str, Any]) -> ExportTable:
    """A meeting's frozen figures: each member, then the team (the figures as the meeting saw them)."""
    team = snapshot.get("team")
    rows = [*snapshot.get("members", []), *([{**team, "name": str(_("Team"))}] if team else [])]
    return ExportTable(
        title=_("The figures at the time"),
        filename=f"caseloadbespreking-{meeting_name}",
        rows=rows,
        columns=[
            Column(_("Name"), lambda r: r.get("name")),
            Column(_("Cases"), _get("count")),
            Column(_("Normative"), _get("normative", 1)),
            Column(_("Deployable FTE"), _get("deployable")),
            Column(_("Deviation (%)"), _get("deviation", 0)),
            Column(_("Band lower bound"), _get("band_lower", 1)),
            Column(_("Band upper bound"), _get("band_upper", 1)),
            Column(_("Signal"), lambda r: str(r.get("signal_label", ""))),
            Column(_("Weeks outside"), lambda r: r.get("weeks_outside")),
        ],
    )


def what_if_table(team_name: str, case_type_name: str, rows: list[dict[str, Any]]) -> ExportTable:
    """Each member with one more case of the chosen type, most room first (the what-if result)."""
    return ExportTable(
        title=_("What if"),
        filename=f"wat-als-{team_name}-{case_type_name}",
        rows=rows,
        columns=[
            Column(_("Name"), lambda r: r["name"]),
            Column(_("Cases now"), _get("count")),
            Column(_("With the new case"), _get("count_with")),
            Column(_("Deployable FTE today"), _get("deployable")),
            Column(_("Deviation now (%)"), _get("deviation", 0)),
            Column(_("Deviation with it (%)"), _get("deviation_with", 0)),
            Column(_("Band lower bound"), lambda r: _round(r["band"][0], 1) if r["band"] else None),
            Column(_("Band upper bound"), lambda r: _round(r["band"][1], 1) if r["band"] else None),
            Column(_("Then"), lambda r: str(r["signal_label"])),
        ],
    )
