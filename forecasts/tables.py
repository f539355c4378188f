"""The forecast pages' tables as downloads (XLSX/CSV via exports.tables), from the rows the pages show."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from exports.tables import Column, ExportTable


def _round(value: Any, digits: int = 1) -> float | None:
    """Rounded as the page's ``floatformat`` rounds (half away from zero), so that a download and its page
    show the same figure (Python's ``round`` rounds 184.5 to 184, the page to 185)."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return float(Decimal(repr(number)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def people_table(team_name: str, people: dict[str, Any]) -> ExportTable:
    """Per member: the cases carried now and the expected number still open in week 4/13/26 with a 90% range."""
    columns = [
        Column(_("Member"), lambda r: r["person"].name),
        Column(_("Now"), lambda r: _round(r["now"], 2)),
    ]
    for j, week in enumerate(people["weeks"]):
        columns += [
            Column(_("Still open in week %(w)s") % {"w": week}, lambda r, j=j: _round(r["ahead"][j]["expected"])),  # type: ignore[misc]  # mypy cannot type a lambda whose default binds the loop variable
            Column(_("Week %(w)s: lower bound (90%%)") % {"w": week}, lambda r, j=j: _round(r["ahead"][j]["low"])),  # type: ignore[misc]  # mypy cannot type a lambda whose default binds the loop variable
            Column(_("Week %(w)s: upper bound (90%%)") % {"w": week}, lambda r, j=j: _round(r["ahead"][j]["high"])),  # type: ignore[misc]  # mypy cannot type a lambda whose default binds the loop variable
        ]
    return ExportTable(
        title=_("Expected outflow per member"),
        filename=f"verwachte-uitstroom-{team_name}",
        rows=people["rows"],
        columns=columns,
    )


def scenarios_table(team_name: str, scenarios: Iterable[Any]) -> ExportTable:
    """The team's scenarios with their assumptions (the changes they make to the baseline)."""
    return ExportTable(
        title=_("Scenarios"),
        filename=f"scenarios-{team_name}",
        rows=scenarios,
        columns=[
            Column(_field("name"), lambda s: s.name),
            Column(_field("description"), lambda s: s.description),
            *[
                Column(_field(name), lambda s, name=name: getattr(s, name))  # type: ignore[misc]  # mypy cannot type a lambda whose default binds the loop variable
                for name in (
                    "inflow_change_percent",
                    "absence_fte",
                    "absence_from_week",
                    "absence_weeks",
                    "vacancy_fill_fte",
                    "vacancy_fill_week",
                    "new_colleague_fte",
                    "new_colleague_week",
                    "norm_per_fte",
                    "budget",
                )
            ],
            Column(_field("updated_at"), lambda s: s.updated_at.date()),
        ],
    )


def _field(name: str) -> str:
    from forecasts.models import Scenario

    field = Scenario._meta.get_field(name)
    assert isinstance(field, models.Field)
    return capfirst(str(field.verbose_name))


def chain_table(rows: list[dict[str, Any]]) -> ExportTable:
    """Teams compared along the chain budget ↔ FTE ↔ caseload ↔ cost per case (the chain page's table)."""

    def content(key: str, digits: int) -> Any:
        return lambda r: _round(r.get(key), digits) if r["chain"].content is not None else None

    return ExportTable(
        title=_("Teams compared"),
        filename="keten-teams-vergeleken",
        rows=rows,
        columns=[
            Column(_("Team"), lambda r: r["team"].name),
            Column(_("Cases carried"), lambda r: _round(r["chain"].cases, 0)),
            Column(_("Norm (cases per deployable FTE)"), lambda r: _round(r["chain"].norm_per_fte)),
            Column(_("Caseload per deployable FTE now"), lambda r: _round(r["caseload_now"])),
            Column(_("Formation needed (FTE)"), content("fte_needed", 1)),
            Column(_("Formation now (FTE)"), lambda r: _round(r["chain"].formation_now)),
            Column(_("Shortage this week (FTE)"), lambda r: _round(r["shortage"], 1)),
            Column(_("Budget needed per year"), content("budget", 0)),
            Column(_("Average cost per case"), content("cost_per_case", 0)),
        ],
    )


def _chain_figures() -> list[tuple[str, Any]]:
    """The team chain page's figures, top to bottom: label and how to read it from a chain (None: not given)."""

    def part(side: str, key: str, digits: int) -> Any:
        return lambda c: _round(getattr(getattr(c, side), key), digits) if getattr(c, side) is not None else None

    return [
        (_("Cases carried at once"), lambda c: _round(c.cases, 0)),
        (_("Mean duration of a case (weeks)"), lambda c: _round(c.mean_duration_weeks, 0)),
        (_("Norm (cases per deployable FTE)"), lambda c: _round(c.norm_per_fte)),
        (_("Content first: deployable FTE the work needs"), part("content", "deployable_fte", 1)),
        (_("Content first: formation FTE the work needs"), part("content", "formation_fte", 1)),
        (_("Content first: budget the work needs per year"), part("content", "budget", 0)),
        (_("Content first: average cost per case"), part("content", "cost_per_case", 0)),
        (_("Budget first: deployable FTE the budget pays"), part("budget", "deployable_fte", 1)),
        (_("Budget first: formation FTE the budget pays"), part("budget", "formation_fte", 1)),
        (_("Budget first: caseload per deployable FTE"), part("budget", "caseload_per_fte", 1)),
        (_("Budget first: average cost per case"), part("budget", "cost_per_case", 0)),
        (_("Formation now (FTE)"), lambda c: _round(c.formation_now)),
        (_("Deployable FTE now"), lambda c: _round(c.deployable_now)),
        (_("Shortage this week (FTE)"), lambda c: _round(c.first_week.shortage, 1)),
    ]


def team_chain_table(team_name: str, columns: list[dict[str, Any]]) -> ExportTable:
    """One team's chain: a row per figure, a column for the baseline and for each scenario (as on the page)."""
    return ExportTable(
        title=_("Budget, FTE and cost per case for %(name)s") % {"name": team_name},
        filename=f"keten-{team_name}",
        rows=_chain_figures(),
        columns=[
            Column(_("Chain figure"), lambda r: r[0]),
            *(Column(str(col["name"]), lambda r, chain=col["chain"]: r[1](chain)) for col in columns),  # type: ignore[misc]  # mypy cannot type a lambda whose default binds the loop variable
        ],
    )


def overview_table(rows: list[dict[str, Any]]) -> ExportTable:
    """Forecast per team, 13 weeks ahead (the outlook index)."""
    return ExportTable(
        title=_("Forecast per team, 13 weeks ahead"),
        filename="prognose-per-team",
        rows=rows,
        columns=[
            Column(_("Team"), lambda r: r["team"].name),
            Column(_("Open cases now"), lambda r: r["open_now"]),
            Column(_("Median in 13 weeks"), lambda r: r["median_end"]),
            Column(_("90% band in 13 weeks: lower"), lambda r: r["low_end"]),
            Column(_("90% band in 13 weeks: upper"), lambda r: r["high_end"]),
            Column(
                _("Highest chance above the upper bound (%)"),
                lambda r: None if r["max_exceed"] is None else round(float(r["max_exceed"]) * 100),
            ),
        ],
    )


def weeks_table(team_name: str, rows: list[dict[str, Any]], *, has_band: bool) -> ExportTable:
    """The team's forecast per week: median, 50% and 90% bands, deployable FTE and the upper bound."""
    band: list[Column] = []
    if has_band:
        band = [
            Column(_("Band per FTE: lower"), lambda r: _round(r["lower_per_fte"], 2)),
            Column(_("Band per FTE: upper"), lambda r: _round(r["upper_per_fte"], 2)),
            Column(_("Upper bound from"), lambda r: _("decided band") if r["decided"] else _("margin around the norm")),
            Column(_("Upper bound"), lambda r: _round(r["upper"], 0)),
            Column(
                _("Chance above the upper bound (%)"),
                lambda r: None if r["exceed"] is None else _round(r["exceed"] * 100, 0),
            ),
            Column(_("Shortage (FTE)"), lambda r: _round(r["shortage"], 1)),
        ]
    return ExportTable(
        title=_("Forecast per week"),
        filename=f"prognose-per-week-{team_name}",
        rows=rows,
        columns=[
            Column(_("Week of"), lambda r: r["monday"]),
            Column(_("Median"), lambda r: _round(r["p50"], 0)),
            Column(_("50% band: lower"), lambda r: _round(r["p25"], 0)),
            Column(_("50% band: upper"), lambda r: _round(r["p75"], 0)),
            Column(_("90% band: lower"), lambda r: _round(r["p05"], 0)),
            Column(_("90% band: upper"), lambda r: _round(r["p95"], 0)),
            Column(_("Deployable FTE"), lambda r: _round(r["fte"], 2)),
            *band,
        ],
    )


def comparison_table(scenario_name: str, rows: list[dict[str, Any]]) -> ExportTable:
    """Baseline against scenario in week 4, 13 and 26 (the scenario page's table)."""

    def pct(key: str) -> Any:
        return lambda r: None if r[key] is None else round(float(r[key]) * 100)

    return ExportTable(
        title=_("Baseline against scenario"),
        filename=f"scenario-{scenario_name}",
        rows=rows,
        columns=[
            Column(_("Week"), lambda r: r["week"]),
            Column(_("Week of"), lambda r: r["monday"]),
            Column(_("Median, baseline"), lambda r: r["base_p50"]),
            Column(_("Median, scenario"), lambda r: r["what_p50"]),
            Column(_("90% band, baseline: lower"), lambda r: r["base_band"][0]),
            Column(_("90% band, baseline: upper"), lambda r: r["base_band"][1]),
            Column(_("90% band, scenario: lower"), lambda r: r["what_band"][0]),
            Column(_("90% band, scenario: upper"), lambda r: r["what_band"][1]),
            Column(_("Deployable FTE, baseline"), lambda r: _round(r["base_fte"], 2)),
            Column(_("Deployable FTE, scenario"), lambda r: _round(r["what_fte"], 2)),
            Column(_("Chance above the upper bound, baseline (%)"), pct("base_exceed")),
            Column(_("Chance above the upper bound, scenario (%)"), pct("what_exceed")),
        ],
    )
