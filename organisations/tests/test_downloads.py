"""The organisation's teams, a team's members and the logins download as XLSX/CSV, without anything secret."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from exports.testing import csv_rows, nl, number, xlsx_rows
from organisations import selectors
from organisations.models import Team

pytestmark = pytest.mark.django_db


def test_the_teams_table_downloads_with_members_and_fte(login) -> None:
    client = login("beheer.veldstroom")
    url = reverse("organisations:overview")
    shown = client.get(url).context["teams"]
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    expected = [(s["team"].name, s["members"]) for s in shown]
    assert [(r["Team"], int(r["Leden (alle functies)"])) for r in rows] == expected
    assert [number(r["Contractuele fte (alle leden)"]) for r in rows] == [round(float(s["fte"]), 2) for s in shown]
    assert login("jeugdbeschermer.noord").get(url, {"formaat": "csv"}).status_code == 403


def test_a_teams_members_download(login) -> None:
    team = Team.objects.get(organisation__slug="veldstroom", name__icontains="noord")
    url = reverse("organisations:team", kwargs={"team_id": team.id})
    rows = xlsx_rows(login("teammanager.noord").get(url, {"formaat": "xlsx"}))
    members = selectors.team_members(team)
    assert [r["Naam"] for r in rows] == [m["person"].name for m in members]
    assert [r[nl("FTE")] for r in rows] == [round(float(m["fte"]), 2) for m in members]
    assert login("teammanager.midden").get(url, {"formaat": "csv"}).status_code in (403, 404)
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_the_logins_download_has_no_secrets(login) -> None:
    client = login("beheer.veldstroom")
    response = client.get(reverse("organisations:logins"), {"formaat": "csv"})
    rows = csv_rows(response)
    users = get_user_model().objects.filter(memberships__organisation__slug="veldstroom").distinct()
    assert sorted(r["Gebruikersnaam"] for r in rows) == sorted(u.username for u in users)
    text = "".join(str(v) for r in rows for v in [*r.keys(), *r.values()])
    assert "md5$" not in text and "pbkdf2" not in text and "@" not in text
    assert list(rows[0]) == ["Gebruikersnaam", "Naam", "Rollen"]
    assert login("teammanager.noord").get(reverse("organisations:logins"), {"formaat": "csv"}).status_code == 403
