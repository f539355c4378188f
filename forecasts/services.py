"""Writes for the outlook: scenarios and the organisation's chain assumptions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forecasts.models import ChainDefaults, Scenario
from organisations.models import Organisation, Team

SCENARIO_FIELDS = (
    "name",
    "description",
    "inflow_change_percent",
    "inflow_per_week",
    "absence_fte",
    "absence_from_week",
    "absence_weeks",
    "vacancy_fill_fte",
    "vacancy_fill_week",
    "new_colleague_fte",
    "new_colleague_week",
    "starting_point",
    "norm_per_fte",
    "budget",
    "salary_per_fte",
    "employer_costs_percent",
    "overhead_percent",
    "absence_reserve_percent",
)
CHAIN_FIELDS = ("salary_per_fte", "employer_costs_percent", "overhead_percent", "absence_reserve_percent")


def _check_name(team: Team, name: str, exclude: int | None = None) -> None:
    clash = Scenario.objects.filter(team=team, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("This team already has a scenario with this name.")})


@transaction.atomic
def scenario_create(*, team: Team, created_by: User | None = None, **fields: Any) -> Scenario:
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"unknown scenario fields: {sorted(unknown)}")
    _check_name(team, fields.get("name", ""))
    # A scenario is a copy: chain assumptions not given are the organisation's current ones.
    defaults = ChainDefaults.objects.filter(organisation_id=team.organisation_id).first()
    if defaults is not None:
        for name in CHAIN_FIELDS:
            fields.setdefault(name, getattr(defaults, name))
    scenario = Scenario(team=team, created_by=created_by, **fields)
    scenario.full_clean()
    scenario.save()
    return scenario


@transaction.atomic
def scenario_update(*, scenario: Scenario, **fields: Any) -> Scenario:
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"unknown scenario fields: {sorted(unknown)}")
    if "name" in fields:
        _check_name(scenario.team, fields["name"], exclude=scenario.pk)
    for name, value in fields.items():
        setattr(scenario, name, value)
    scenario.full_clean()
    scenario.save()
    return scenario


def scenario_delete(*, scenario: Scenario) -> None:
    scenario.delete()


@transaction.atomic
def chain_defaults_save(*, organisation: Organisation, **fields: Any) -> ChainDefaults:
    unknown = set(fields) - set(CHAIN_FIELDS)
    if unknown:
        raise TypeError(f"unknown chain fields: {sorted(unknown)}")
    defaults, _created = ChainDefaults.objects.get_or_create(organisation=organisation)
    for name, value in fields.items():
        setattr(defaults, name, value)
    defaults.full_clean()
    defaults.save()
    return defaults
