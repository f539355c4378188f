"""The export page: tables limited to the teams one manages; the full export for organisation-wide roles."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Case


def test_every_table_downloads_as_xlsx_and_csv(login):
    client = login("teammanager.noord")
    assert client.get(reverse("exports:index")).status_code == 200
    for key in ("casussen", "toewijzingen", "medewerkers", "contracturen", "casustypen"):
        for fmt in ("xlsx", "csv"):
            response = client.get(reverse("exports:index"), {"tabel": key, "formaat": fmt})
            assert response.status_code == 200, (key, fmt)


def test_a_team_manager_exports_only_the_cases_of_their_own_team(login):
    client = login("teammanager.noord")
    response = client.get(reverse("exports:index"), {"tabel": "casussen", "formaat": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("casusnummer", "team", "casustype")
    expected = Case.objects.filter(team__name="Team Noord", organisation__slug="veldstroom").count()
    assert len(rows) - 1 == expected and expected > 0
    assert {r[1] for r in rows[1:]} == {"Team Noord"}


def test_only_an_organisation_wide_role_downloads_the_full_export(login):
    assert login("teammanager.noord").get(reverse("exports:organisation")).status_code == 403
    response = login("beheer.veldstroom").get(reverse("exports:organisation"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "manifest.json" in names and "casussen.csv" in names and "LEESMIJ.txt" in names


def test_an_unknown_table_is_not_found(login):
    response = login("teammanager.noord").get(reverse("exports:index"), {"tabel": "nope", "formaat": "csv"})
    assert response.status_code == 404
