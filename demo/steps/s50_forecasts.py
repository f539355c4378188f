"""Saved scenarios in both demo organisations, so that every page of the outlook has something to show.

"Instroom +20%" and "Twee collega's afwezig, vacature gevuld" for one team of each organisation; the
organisation's chain assumptions are left at their defaults (visible, not saved) in Heidemeer and saved in
Veldstroom, so that both states are demonstrated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from demo.context import DemoContext
from forecasts.models import ChainDefaults, Scenario
from forecasts.services import chain_defaults_save, scenario_create
from organisations.models import Organisation

SCENARIOS: tuple[dict[str, Any], ...] = (
    {
        "name": "Instroom +20%",
        "description": "Wat als er een vijfde meer nieuwe casussen binnenkomen dan de afgelopen twaalf maanden?",
        "inflow_change_percent": 20,
    },
    {
        "name": "Twee collega's afwezig, vacature gevuld in week 8",
        "description": "Twee collega's van 0,9 fte drie maanden afwezig; de open vacature wordt in week 8 gevuld "
        "en een nieuwe collega van 0,8 fte begint in week 4 met een ingroeiperiode.",
        "absence_fte": Decimal("1.8"),
        "absence_from_week": 1,
        "absence_weeks": 13,
        "vacancy_fill_fte": Decimal("0.89"),
        "vacancy_fill_week": 8,
        "new_colleague_fte": Decimal("0.8"),
        "new_colleague_week": 4,
    },
)
NORM = {"heidemeer": Decimal("38"), "veldstroom": Decimal("17")}
BUDGET = {"heidemeer": Decimal("1250000"), "veldstroom": Decimal("1050000")}


def run(ctx: DemoContext) -> None:
    for organisation in Organisation.objects.filter(slug__in=NORM).order_by("slug"):
        if organisation.slug == "veldstroom" and not ChainDefaults.objects.filter(organisation=organisation).exists():
            chain_defaults_save(
                organisation=organisation,
                salary_per_fte=Decimal("64000"),
                employer_costs_percent=Decimal("31"),
                overhead_percent=Decimal("28"),
                absence_reserve_percent=Decimal("7"),
            )
        team = organisation.teams.order_by("name").first()
        if team is None:
            continue
        for i, fields in enumerate(SCENARIOS):
            if Scenario.objects.filter(team=team, name=fields["name"]).exists():
                continue
            scenario_create(
                team=team,
                norm_per_fte=NORM[organisation.slug],
                budget=BUDGET[organisation.slug] if i == 1 else None,
                starting_point="budget" if i == 1 else "inhoud",
                **fields,
            )
