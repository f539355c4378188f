"""The formation page's tables download as XLSX/CSV with the page's figures and access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exports.testing import csv_rows, nl, number, xlsx_rows
from monitoring.selectors import team_figures
from organisations.models import Team
from staffing.models import Reduction

pytestmark = pytest.mark.django_db


def _url() -> str:
    team = Team.objects.get(organisation__slug="veldstroom", name__icontains="noord")
    return reverse("staffing:team", kwargs={"team_id": team.id})


def test_the_fte_per_week_download_equals_team_figures(login) -> None:
    client = login("teammanager.noord")
    page = client.get(_url())
    period, team = page.context["period"], page.context["team"]
    figures = team_figures(team, start=period.start, end=period.end)
    rows = csv_rows(client.get(_url(), {"formaat": "csv", "tabel": "weken"}))
    assert [r["Week van"] for r in rows] == [m.isoformat() for m in figures.mondays]
    assert [number(r["Inzetbare fte"]) for r in rows] == [round(float(v), 2) for v in figures.team.deployable_fte]
    for label in page.context["labels"]:
        assert [number(r[label]) for r in rows] == [round(float(v), 2) for v in figures.reduction_fte[label]]


def test_the_members_and_reductions_downloads(login) -> None:
    client = login("teammanager.noord")
    page = client.get(_url())
    members = xlsx_rows(client.get(_url(), {"formaat": "xlsx", "tabel": "leden"}))
    assert {m["Naam"]: m["Inzetbare fte"] for m in members} == {
        m["name"]: round(m["deployable"], 2) for m in page.context["members"]
    }
    reductions = csv_rows(client.get(_url(), {"formaat": "csv", "tabel": "verminderingen"}))
    shown = list(page.context["reductions"])
    assert len(reductions) == len(shown)
    assert [(r[nl("Percentage")], r[nl("From")]) for r in reductions] == [
        (str(x.percent), x.start_date.isoformat()) for x in shown
    ]
    assert Reduction.objects.filter(person__team=page.context["team"]).count() >= len(shown)


def test_the_formation_download_has_the_pages_access(login) -> None:
    assert login("teammanager.midden").get(_url(), {"formaat": "csv"}).status_code in (403, 404)
    assert login("beheer.heidemeer").get(_url(), {"formaat": "csv"}).status_code in (403, 404)
    assert login("jeugdbeschermer.noord").get(_url(), {"formaat": "csv"}).status_code in (403, 404)
