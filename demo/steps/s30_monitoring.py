"""Monitoring demo: a decided band for Team Midden, a vacancy, a new employee's ramp-up, a norm change, and a
recorded caseload meeting per team is made later, in s55_meetings, once every band of the demo exists.

Idempotent: every object is created only when the team has none of its kind yet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cases.models import CaseType, Norm
from demo.context import DemoContext
from monitoring.models import Bandwidth
from organisations.models import Organisation
from staffing.models import Vacancy
from staffing.services import vacancy_create

# Cases per FTE Team Midden decided on earlier. Heidemeer's band comes from its trajectory (s40_trajectory);
# Team Noord is still in its trajectory and Team Zuid has none: both are measured against the norm's margin.
DEMO_BANDS = {("veldstroom", "Team Midden"): (Decimal("15"), Decimal("19"))}


def _band(ctx: DemoContext, organisation: Organisation) -> None:
    for team in organisation.teams.all():
        bounds = DEMO_BANDS.get((organisation.slug, team.name))
        if bounds is None or Bandwidth.objects.filter(team=team).exists():
            continue
        Bandwidth.objects.create(
            team=team,
            valid_from=ctx.today - dt.timedelta(weeks=30),
            lower_per_fte=bounds[0],
            upper_per_fte=bounds[1],
            evaluation_date=ctx.today + dt.timedelta(weeks=22),
            reasoning="Demo: besluit na het bandbreedtetraject van het team.",
        )


def _norm_change(ctx: DemoContext, organisation: Organisation) -> None:
    """Voogdij goes from 28 to 26 cases per FTE from four weeks ago: earlier weeks keep 28."""
    voogdij = CaseType.objects.filter(organisation=organisation, code="voogdij").first()
    if voogdij is None or voogdij.norms.count() > 1:
        return
    Norm.objects.create(
        case_type=voogdij,
        valid_from=ctx.today - dt.timedelta(weeks=4),
        per_fte=Decimal("26"),
        source="Demo: afspraak na evaluatie",
    )


def _vacancy(ctx: DemoContext, organisation: Organisation) -> None:
    team = organisation.teams.order_by("name").first()
    if team is None or Vacancy.objects.filter(team__organisation=organisation).exists():
        return
    vacancy_create(
        team=team,
        fte=Decimal("0.89"),
        start_date=ctx.today - dt.timedelta(weeks=9),
        note="Vacature jeugdprofessional (32 uur)",
    )


def run(ctx: DemoContext) -> None:
    for organisation in Organisation.objects.filter(slug__in=["heidemeer", "veldstroom"]):
        _band(ctx, organisation)
        _norm_change(ctx, organisation)
        _vacancy(ctx, organisation)
