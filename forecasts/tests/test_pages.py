"""The outlook pages: who sees them, and what they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organisations.models import Team

pytestmark = pytest.mark.django_db


def _team(name: str) -> Team:
    return Team.objects.get(name=name)


def test_the_index_lists_the_teams_with_their_forecast(login):
    response = login("teammanager.noord").get(reverse("forecasts:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Team Noord" in body
    assert "Jeugdteam Heidemeer" not in body


def test_the_team_page_shows_a_fan_chart_with_its_explanation(login):
    team = _team("Team Noord")
    response = login("teammanager.noord").get(reverse("forecasts:team", kwargs={"team_id": team.id}))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="img"' in body and "<title" in body and "<desc" in body
    assert "90%" in body
    # The one sentence on what the bands mean (Dutch first).
    assert "9 van de 10" in body


def test_the_horizon_can_be_chosen(login):
    team = _team("Team Noord")
    response = login("teammanager.noord").get(reverse("forecasts:team", kwargs={"team_id": team.id}), {"weeks": 4})
    assert len(response.context["rows"]) == 4
    response = login("teammanager.noord").get(reverse("forecasts:team", kwargs={"team_id": team.id}), {"weeks": 26})
    assert len(response.context["rows"]) == 26


def test_a_horizon_that_is_not_offered_falls_back_to_13_weeks(login):
    team = _team("Team Noord")
    response = login("teammanager.noord").get(reverse("forecasts:team", kwargs={"team_id": team.id}), {"weeks": 500})
    assert len(response.context["rows"]) == 13


def test_a_professional_cannot_see_the_outlook(login):
    team = _team("Team Noord")
    client = login("jeugdbeschermer.noord")
    assert client.get(reverse("forecasts:index")).status_code == 403
    assert client.get(reverse("forecasts:team", kwargs={"team_id": team.id})).status_code == 403


def test_another_organisations_team_does_not_exist(login):
    team = _team("Jeugdteam Heidemeer")
    response = login("teammanager.noord").get(reverse("forecasts:team", kwargs={"team_id": team.id}))
    assert response.status_code == 404


def test_a_team_manager_sees_only_their_own_team(login):
    team = _team("Team Zuid")
    response = login("teammanager.noord").get(reverse("forecasts:team", kwargs={"team_id": team.id}))
    assert response.status_code == 403


def test_the_policy_adviser_sees_every_team_and_may_make_scenarios(login):
    """Team forecasts are team totals: seeing the organisation suffices; deciding includes what-ifs."""
    team = _team("Team Zuid")
    response = login("beleid.veldstroom").get(reverse("forecasts:team", kwargs={"team_id": team.id}))
    assert response.status_code == 200
    assert response.context["can_edit"] is True


def test_the_policy_adviser_sees_the_chain_for_every_team(login):
    response = login("beleid.veldstroom").get(reverse("forecasts:chain"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("Team Noord", "Team Midden", "Team Zuid"):
        assert name in body
    assert "gemiddelde" in body.lower()


def test_members_figures_are_shown_to_the_team_not_to_the_policy_adviser(login):
    team = _team("Team Noord")
    url = reverse("forecasts:team", kwargs={"team_id": team.id})
    manager = login("teammanager.noord").get(url)
    assert manager.context["people"]["rows"]
    adviser = login("beleid.veldstroom").get(url)
    assert adviser.context["people"] is None
    assert "Nog open in week" not in adviser.content.decode()
