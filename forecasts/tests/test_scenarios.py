"""Scenarios: made on a copy, saved and named, shown next to the baseline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forecasts import selectors, services
from forecasts.models import Scenario
from organisations.models import Team

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 23)


def _form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Testscenario qq",
        "description": "",
        "inflow_change_percent": 0,
        "inflow_per_week": "",
        "absence_fte": "0",
        "absence_from_week": 0,
        "absence_weeks": 13,
        "vacancy_fill_fte": "0",
        "vacancy_fill_week": 8,
        "new_colleague_fte": "0",
        "new_colleague_week": 0,
        "starting_point": "inhoud",
        "norm_per_fte": "18",
        "budget": "",
        "salary_per_fte": "62000",
        "employer_costs_percent": "30",
        "overhead_percent": "25",
        "absence_reserve_percent": "8",
    }
    data.update(changes)
    return data


def test_a_team_manager_saves_a_named_scenario(login):
    team = Team.objects.get(name="Team Noord")
    client = login("teammanager.noord")
    response = client.post(
        reverse("forecasts:scenario_create", kwargs={"team_id": team.id}), _form_data(inflow_change_percent=20)
    )
    scenario = Scenario.objects.get(team=team, name="Testscenario qq")
    assert response.status_code == 302
    assert response.url == reverse("forecasts:scenario", kwargs={"scenario_id": scenario.id})
    assert scenario.inflow_change_percent == 20
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Testscenario qq" in page.content.decode()


def test_a_scenario_name_is_unique_within_the_team(login):
    team = Team.objects.get(name="Team Noord")
    client = login("teammanager.noord")
    url = reverse("forecasts:scenario_create", kwargs={"team_id": team.id})
    client.post(url, _form_data())
    response = client.post(url, _form_data())
    assert response.status_code == 200
    assert "al een scenario met deze naam" in response.content.decode()
    assert Scenario.objects.filter(team=team, name="Testscenario qq").count() == 1


def test_bad_input_is_named_per_field_and_nothing_is_saved(login):
    team = Team.objects.get(name="Team Noord")
    response = login("teammanager.noord").post(
        reverse("forecasts:scenario_create", kwargs={"team_id": team.id}), _form_data(inflow_change_percent=1000)
    )
    assert response.status_code == 200
    assert "inflow_change_percent" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Scenario.objects.filter(name="Testscenario qq").exists()


def test_an_hr_adviser_may_look_but_not_make_scenarios(login):
    team = Team.objects.get(name="Team Noord")
    client = login("hr.veldstroom")
    assert client.get(reverse("forecasts:team", kwargs={"team_id": team.id})).status_code == 200
    assert client.get(reverse("forecasts:scenario_create", kwargs={"team_id": team.id})).status_code == 403


def test_deleting_asks_first_and_then_removes_only_the_scenario(login):
    team = Team.objects.get(name="Team Noord")
    scenario = services.scenario_create(team=team, name="Weg ermee qq", norm_per_fte=Decimal("18"))
    client = login("teammanager.noord")
    url = reverse("forecasts:scenario_delete", kwargs={"scenario_id": scenario.id})
    assert client.get(url).status_code == 200
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    assert client.post(url).status_code == 302
    assert not Scenario.objects.filter(pk=scenario.pk).exists()


def test_more_inflow_raises_the_forecast_and_the_baseline_stays_the_same():
    team = Team.objects.get(name="Team Noord")
    scenario = services.scenario_create(team=team, name="Meer qq", norm_per_fte=Decimal("18"), inflow_change_percent=20)
    base = selectors.team_forecast(team, horizon=13, as_of=AS_OF, n_paths=4000)
    again = selectors.team_forecast(team, horizon=13, as_of=AS_OF, n_paths=4000)
    more = selectors.team_forecast(
        team, horizon=13, as_of=AS_OF, n_paths=4000, assumptions=selectors.assumptions_of(scenario)
    )
    assert np.array_equal(base.forecast.paths, again.forecast.paths)
    assert np.all(more.rates == pytest.approx(base.rates * 1.2))
    assert more.forecast.mean()[-1] > base.forecast.mean()[-1]
    # Same random draws: the scenario is never below the baseline in the mean of any week.
    assert np.all(more.forecast.mean() >= base.forecast.mean() - 0.05)


def test_absence_and_a_filled_vacancy_change_the_deployable_fte_in_exactly_those_weeks():
    team = Team.objects.get(name="Team Noord")
    scenario = services.scenario_create(
        team=team,
        name="Formatie qq",
        norm_per_fte=Decimal("18"),
        absence_fte=Decimal("1.8"),
        absence_from_week=1,
        absence_weeks=3,
        vacancy_fill_fte=Decimal("0.5"),
        vacancy_fill_week=8,
    )
    base = selectors.team_forecast(team, horizon=13, as_of=AS_OF, n_paths=500)
    what_if = selectors.team_forecast(
        team, horizon=13, as_of=AS_OF, n_paths=500, assumptions=selectors.assumptions_of(scenario)
    )
    difference = what_if.deployable_fte - base.deployable_fte
    assert difference == pytest.approx([0, -1.8, -1.8, -1.8, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5])
    assert np.all(what_if.band_upper <= base.band_upper + 0.5 * base.reference.upper_per_fte + 1e-9)


def test_a_new_scenario_copies_the_organisations_chain_assumptions():
    team = Team.objects.get(name="Team Noord")
    defaults = selectors.chain_defaults(team.organisation)
    scenario = services.scenario_create(team=team, name="Kopie qq", norm_per_fte=Decimal("18"))
    assert scenario.salary_per_fte == defaults.salary_per_fte
    assert scenario.absence_reserve_percent == defaults.absence_reserve_percent


def test_the_service_refuses_a_duplicate_name():
    team = Team.objects.get(name="Team Noord")
    services.scenario_create(team=team, name="Dubbel qq", norm_per_fte=Decimal("18"))
    with pytest.raises(ValidationError):
        services.scenario_create(team=team, name="Dubbel qq", norm_per_fte=Decimal("18"))
