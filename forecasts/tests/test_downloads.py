"""The forecast tables download as XLSX/CSV with the page's figures and access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exports.testing import csv_rows, nl, number, xlsx_rows
from forecasts.models import Scenario
from forecasts.tables import _round
from organisations.models import Team

pytestmark = pytest.mark.django_db


def _noord() -> Team:
    return Team.objects.get(organisation__slug="veldstroom", name__icontains="noord")


def test_the_member_outlook_downloads_with_the_pages_figures(login) -> None:
    client = login("teammanager.noord")
    url = reverse("forecasts:team", kwargs={"team_id": _noord().id})
    people = client.get(url).context["people"]
    assert people["rows"]
    rows = csv_rows(client.get(url, {"formaat": "csv", "tabel": "leden"}))
    assert [r["Medewerker"] for r in rows] == [p["person"].name for p in people["rows"]]
    assert [number(r["Nu"]) for r in rows] == [round(float(p["now"]), 2) for p in people["rows"]]
    still_open = next(k for k in rows[0] if str(people["weeks"][0]) in k)
    assert [number(r[still_open]) for r in rows] == [round(float(p["ahead"][0]["expected"]), 1) for p in people["rows"]]


def test_the_policy_adviser_gets_no_member_rows_without_seeing_the_team(login) -> None:
    client = login("beleid.veldstroom")
    url = reverse("forecasts:team", kwargs={"team_id": _noord().id})
    if client.get(url).context["people"] is None:
        assert client.get(url, {"formaat": "csv", "tabel": "leden"}).status_code == 403
    assert client.get(url, {"formaat": "csv", "tabel": "scenarios"}).status_code == 200
    assert login("jeugdbeschermer.noord").get(url, {"formaat": "csv"}).status_code in (403, 404)
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_the_scenarios_download_lists_the_teams_scenarios(login) -> None:
    team = Scenario.objects.filter(team__organisation__slug="veldstroom").first().team
    client = login("beleid.veldstroom")
    response = client.get(
        reverse("forecasts:team", kwargs={"team_id": team.id}), {"formaat": "xlsx", "tabel": "scenarios"}
    )
    rows = xlsx_rows(response)
    assert [r["Naam"] for r in rows] == [s.name for s in team.scenarios.all()]
    assert [r["Verandering van de instroom (%)"] for r in rows] == [
        s.inflow_change_percent for s in team.scenarios.all()
    ]


def test_the_chain_comparison_downloads(login) -> None:
    client = login("beleid.veldstroom")
    url = reverse("forecasts:chain")
    shown = client.get(url).context["rows"]
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    assert [r["Team"] for r in rows] == [r["team"].name for r in shown]
    assert [number(r["Formatie nu (fte)"]) for r in rows] == [round(r["chain"].formation_now, 1) for r in shown]
    assert login("jeugdbeschermer.noord").get(url, {"formaat": "csv"}).status_code == 403


def test_the_outlook_index_and_the_weeks_download(login) -> None:
    client = login("beleid.veldstroom")
    shown = client.get(reverse("forecasts:index")).context["rows"]
    rows = csv_rows(client.get(reverse("forecasts:index"), {"formaat": "csv"}))
    assert [(r["Team"], int(r[nl("Open cases now")])) for r in rows] == [(s["team"].name, s["open_now"]) for s in shown]
    url = reverse("forecasts:team", kwargs={"team_id": _noord().id})
    page = client.get(url)
    weeks = xlsx_rows(client.get(url, {"formaat": "xlsx", "tabel": "weken"}))
    # Rounded as the page rounds (half away from zero), not as Python's round() does.
    assert [w["Mediaan"] for w in weeks] == [_round(r["p50"], 0) for r in page.context["rows"]]
    assert login("jeugdbeschermer.noord").get(reverse("forecasts:index"), {"formaat": "csv"}).status_code == 403


def test_a_scenarios_comparison_downloads(login) -> None:
    scenario = Scenario.objects.filter(team__organisation__slug="veldstroom").first()
    client = login("beleid.veldstroom")
    url = reverse("forecasts:scenario", kwargs={"scenario_id": scenario.id})
    shown = [r for r in client.get(url).context["comparison"] if not r.get("advice")]
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    assert [int(r[nl("Median, scenario")]) for r in rows] == [r["what_p50"] for r in shown]
    assert [int(r[nl("Median, baseline")]) for r in rows] == [r["base_p50"] for r in shown]
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_the_team_chain_downloads_the_baseline_and_every_scenario(login) -> None:
    team = Scenario.objects.filter(team__organisation__slug="veldstroom").first().team
    client = login("beleid.veldstroom")
    url = reverse("forecasts:team_chain", kwargs={"team_id": team.id})
    columns = client.get(url).context["columns"]
    assert len(columns) == 1 + team.scenarios.count()
    rows = xlsx_rows(client.get(url, {"formaat": "xlsx"}))
    by_figure = {r["Cijfer"]: r for r in rows}
    for column in columns:
        chain = column["chain"]
        assert by_figure["Casussen tegelijk onder hoede"][str(column["name"])] == round(chain.cases)
        assert by_figure["Formatie nu (fte)"][str(column["name"])] == round(chain.formation_now, 1)
    assert login("jeugdbeschermer.noord").get(url, {"formaat": "csv"}).status_code in (403, 404)
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)
