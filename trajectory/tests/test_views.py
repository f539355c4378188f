"""The trajectory pages: who may see and do what, CBS uploads with clear messages, the advice note as PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import Bandwidth
from organisations.models import Team
from trajectory import services
from trajectory.models import Advice, Decision, SketchFigure, Trajectory

pytestmark = pytest.mark.django_db
STATLINE = Path(__file__).parent / "files" / "statline-export-bevolking-postcode-almere-2022-2025.csv"


@pytest.fixture
def trajectory():
    team = Team.objects.get(organisation__slug="veldstroom", name="Team Noord")
    t = services.trajectory_create(team=team, title="Testtraject Noord", start_date=dt.date(2027, 1, 4))
    services.trajectory_update(trajectory=t, area_name="Almere", area_codes="1309-1363", case_definition="een kind")
    return t


def test_the_index_lists_the_trajectories_of_ones_own_organisation(login, trajectory):
    page = login("beleid.veldstroom").get(reverse("trajectory:index")).content.decode()
    assert "Testtraject Noord" in page and "Bandbreedte jeugdteam Heidemeer" not in page


@pytest.mark.parametrize(("username", "status"), [("jeugdbeschermer.noord", 403), ("or.veldstroom", 403)])
def test_professionals_and_the_works_council_do_not_open_trajectories(login, trajectory, username, status):
    assert (
        login(username).get(reverse("trajectory:detail", kwargs={"trajectory_id": trajectory.id})).status_code == status
    )


def test_another_teams_manager_gets_a_403_and_another_organisation_a_404(login, trajectory):
    url = reverse("trajectory:detail", kwargs={"trajectory_id": trajectory.id})
    assert login("teammanager.midden").get(url).status_code == 403
    assert login("beleid.heidemeer").get(url).status_code == 404


def test_a_team_manager_facilitates_but_does_not_decide(login, trajectory):
    client = login("teammanager.noord")
    response = client.post(
        reverse("trajectory:advice", kwargs={"trajectory_id": trajectory.id}),
        {"function": "", "lower": "14", "upper": "17", "reasoning": "Omdat het past."},
    )
    assert response.status_code == 302
    advice = Advice.objects.get(trajectory=trajectory)
    decide = reverse("trajectory:decide", kwargs={"advice_id": advice.id})
    assert (
        client.post(decide, {"outcome": "approved", "decided_on": "2027-03-01", "valid_from": "2027-04-05"}).status_code
        == 403
    )
    assert not Decision.objects.filter(advice=advice).exists()


def test_the_policy_adviser_decides_and_the_band_reaches_monitoring(login, trajectory):
    advice = services.advice_create(
        trajectory=trajectory,
        created_by=_user("teammanager.noord"),
        lower=Decimal("14"),
        upper=Decimal("17"),
        reasoning="Omdat.",
    )
    response = login("beleid.veldstroom").post(
        reverse("trajectory:decide", kwargs={"advice_id": advice.id}),
        {
            "outcome": "approved",
            "decided_on": "2027-03-01",
            "valid_from": "2027-04-05",
            "evaluation_date": "2029-04-02",
        },
    )
    assert response.status_code == 302
    band = Bandwidth.objects.get(team=trajectory.team, valid_from=dt.date(2027, 4, 5))
    assert (band.lower_per_fte, band.upper_per_fte, band.evaluation_date) == (
        Decimal("14"),
        Decimal("17"),
        dt.date(2029, 4, 2),
    )


def test_a_decision_without_a_start_date_is_explained_on_the_field(login, trajectory):
    advice = services.advice_create(
        trajectory=trajectory,
        created_by=_user("teammanager.noord"),
        lower=Decimal("14"),
        upper=Decimal("17"),
        reasoning="x",
    )
    response = login("beleid.veldstroom").post(
        reverse("trajectory:decide", kwargs={"advice_id": advice.id}),
        {"outcome": "approved", "decided_on": "2027-03-01"},
    )
    assert response.status_code == 200
    assert "Geef de datum vanaf wanneer de bandbreedte geldt." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _upload(client, trajectory, name, content):
    return client.post(
        reverse("trajectory:cbs_import", kwargs={"trajectory_id": trajectory.id}),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_the_real_statline_file_imports_and_shows_its_figures(login, trajectory):
    client = login("teammanager.noord")
    response = _upload(client, trajectory, "almere.csv", STATLINE.read_bytes())
    assert response.status_code == 302
    page = client.get(reverse("trajectory:sketch", kwargs={"trajectory_id": trajectory.id})).content.decode()
    assert "Bevolking — Totaal leeftijd" in page
    assert "229.580" in page and "18.044.027" in page  # Almere's postcodes and the Netherlands, 2025
    assert "6,0%" in page  # 0 to 5 year olds: 6.0% of Almere, 4.8% of the country
    assert "Bron: CBS" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.csv", b"", "bestand is leeg"),
        ("excel.csv", b"naam,leeftijd\nJan,12\n", "regel 1: dit is geen CBS-export"),
        ("kapot.csv", b"ID;RegioS;Perioden;Aantal_1\n0;1309;2024;12\n1;1311;2024;veel\n", "regel 3, veld ‘Aantal’"),
        ("plaatje.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "dit is geen CBS-export"),
        ("ander.csv", b"ID;RegioS;Perioden;Aantal_1\n0;GM0363;2024;12\n", "geen gegevens voor 1309-1363"),
    ],
)
def test_malformed_and_foreign_files_get_a_clear_message(login, trajectory, name, content, message):
    response = _upload(login("teammanager.noord"), trajectory, name, content)
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not SketchFigure.objects.filter(trajectory=trajectory).exists()


def test_the_advice_note_pdf_holds_the_advice_the_decision_and_the_cbs_source(login, trajectory):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    services.cbs_import(trajectory=trajectory, content=STATLINE.read_bytes())
    services.trajectory_update(trajectory=trajectory, ideal_caseload=Decimal("13"), intent="Veiligheid voorop.")
    advice = services.advice_create(
        trajectory=trajectory,
        created_by=_user("teammanager.noord"),
        lower=Decimal("14"),
        upper=Decimal("17"),
        reasoning="Omdat het past.",
    )
    services.decision_record(
        advice=advice,
        decided_by=_user("beleid.veldstroom"),
        outcome="approved",
        decided_on=dt.date(2027, 3, 1),
        valid_from=dt.date(2027, 4, 5),
        evaluation_date=dt.date(2029, 4, 2),
    )
    services.action_save(
        trajectory=trajectory, description="Vacatures invullen", owner="HR", due_date=dt.date(2027, 6, 1)
    )
    response = login("beleid.veldstroom").get(reverse("trajectory:note_pdf", kwargs={"trajectory_id": trajectory.id}))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Adviesnotitie: Testtraject Noord" in flat
    assert "bandbreedte van 14 tot 17 casussen per fulltime fte" in flat
    assert "Akkoord" in flat and "geldig vanaf 5 april 2027" in flat
    assert "Evaluatie: 2 april 2029" in flat
    assert "Eén casus: een kind" in flat
    assert "Bron: CBS" in flat and "229.580" in flat
    assert "Vacatures invullen" in flat
    assert "Klantmanagers Wet werk en bijstand" in flat  # the reference scale and its table


def test_the_web_note_and_the_pdf_carry_the_same_chart(login, trajectory):
    client = login("beleid.veldstroom")
    page = client.get(reverse("trajectory:note", kwargs={"trajectory_id": trajectory.id})).content.decode()
    assert 'class="chart chart--scale"' in page
    from trajectory.note import note_context

    assert Trajectory.objects.filter(pk=trajectory.pk).exists() and note_context(trajectory)["chart"]["rows"]


def test_the_home_page_shows_the_policy_adviser_the_advice_awaiting_a_decision(login):
    page = login("beleid.veldstroom").get(reverse("accounts:home")).content.decode()
    waiting = Advice.objects.get(trajectory__title="Bandbreedte Team Noord", version=2)
    assert reverse("trajectory:decide", kwargs={"advice_id": waiting.id}) in page
    assert "Advies dat op jouw besluit wacht" in page
