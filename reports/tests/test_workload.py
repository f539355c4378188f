"""Indirect time beside caseload, and the reflection log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organisations.models import Organisation
from reports.models import Reflection, WorkloadRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture
def noord():
    return Organisation.objects.get(slug="veldstroom").teams.get(name="Team Noord")


def test_the_team_registers_its_indirect_time(login, noord):
    client = login("teammanager.noord")
    url = reverse("reports:workload_add", kwargs={"team_id": noord.id})
    data = {
        "period_start": "2026-05-25",
        "period_end": "2026-11-22",
        "meetings_percent": 10,
        "admin_percent": 20,
        "training_percent": 5,
        "projects_percent": 5,
        "note": "testregistratie",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("reports:workload", kwargs={"team_id": noord.id})).content.decode()
    assert "testregistratie" in page and "40%" in page and "60%" in page


def test_more_than_all_hours_is_refused_with_a_message(login, noord):
    client = login("teammanager.noord")
    before = WorkloadRegistration.objects.count()
    response = client.post(
        reverse("reports:workload_add", kwargs={"team_id": noord.id}),
        {
            "period_start": "2026-05-25",
            "period_end": "2026-11-22",
            "meetings_percent": 60,
            "admin_percent": 50,
            "training_percent": 0,
            "projects_percent": 0,
        },
    )
    assert "Samen zijn de aandelen meer dan alle uren (100%)." in response.content.decode()
    assert WorkloadRegistration.objects.count() == before


def test_a_professional_adds_a_reflection_by_case_reference(login, noord):
    client = login("jeugdbeschermer.noord")
    case = noord.cases.order_by("reference").last()
    url = reverse("reports:reflection_add", kwargs={"team_id": noord.id})
    response = client.post(
        url,
        {
            "effort": "minder",
            "what_made_the_difference": "Testreflectie: ouders stabiel.",
            "case_reference": case.reference,
            "recorded_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get(what_made_the_difference="Testreflectie: ouders stabiel.")
    assert reflection.case == case and reflection.team == noord


def test_an_unknown_or_other_teams_case_is_named_in_the_message(login, noord):
    client = login("teammanager.noord")
    other = Organisation.objects.get(slug="veldstroom").teams.get(name="Team Zuid").cases.first()
    response = client.post(
        reverse("reports:reflection_add", kwargs={"team_id": noord.id}),
        {
            "effort": "meer",
            "what_made_the_difference": "x",
            "case_reference": other.reference,
            "recorded_on": "2026-11-20",
        },
    )
    assert f"Dit team heeft geen casus met kenmerk {other.reference}." in response.content.decode()
    assert not Reflection.objects.filter(what_made_the_difference="x").exists()


def test_another_teams_professional_is_refused(login):
    zuid = Organisation.objects.get(slug="veldstroom").teams.get(name="Team Zuid")
    client = login("jeugdbeschermer.noord")
    assert client.get(reverse("reports:workload", kwargs={"team_id": zuid.id})).status_code == 403
    assert client.post(reverse("reports:workload_add", kwargs={"team_id": zuid.id})).status_code == 403
