"""The v1 API: push and read cases and people, read figures; one organisation per token, never another's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from api.services import api_token_create
from api.tests.conftest import bearer
from cases.models import Case
from organisations.models import Organisation, Team

CASES = [
    {
        "reference": "API-1",
        "team": "Team Noord",
        "caseType": "ots",
        "startDate": "2026-01-05",
        "assignments": [{"person": "PLACEHOLDER", "sharePercent": 100}],
    },
    {
        "reference": "API-2",
        "team": "Team Noord",
        "caseType": "voogdij",
        "startDate": "2025-10-01",
        "endDate": "2026-02-01",
    },
]


@pytest.fixture
def cases_payload(db):
    person = Organisation.objects.get(slug="veldstroom").people.filter(team__name="Team Noord").order_by("name")[0]
    payload = json.loads(json.dumps(CASES))
    payload[0]["assignments"][0]["person"] = person.name
    return payload


def post(client, name, payload, plain):
    return client.post(
        reverse(f"api:v1:{name}"), json.dumps(payload), content_type="application/json", headers=bearer(plain)
    )


def test_it_pushes_cases_idempotently(client, token, cases_payload):
    first = post(client, "push_cases", cases_payload, token)
    assert first.status_code == 200, first.content
    assert first.json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert first["API-Version"] == "1.0.0"
    again = post(client, "push_cases", cases_payload, token)
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2}
    case = Case.objects.get(organisation__slug="veldstroom", reference="API-2")
    assert case.end_date == dt.date(2026, 2, 1)


def test_a_bad_item_stores_nothing_and_is_named(client, token, cases_payload):
    cases_payload[1]["caseType"] = "bestaat-niet"
    response = post(client, "push_cases", cases_payload, token)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "items[1].caseType"
    assert not Case.objects.filter(reference__startswith="API-").exists()


def test_a_bsn_in_pushed_data_is_refused(client, token, cases_payload):
    cases_payload[0]["reference"] = "111222333"
    response = post(client, "push_cases", cases_payload, token)
    assert response.status_code == 422 and "BSN" in response.json()["title"]
    assert not Case.objects.filter(reference="111222333").exists()


def test_cases_are_read_page_by_page(client, token):
    url = reverse("api:v1:list_cases")
    body = client.get(url, {"pageSize": 5, "page": 2}, headers=bearer(token)).json()
    total = Case.objects.filter(organisation__slug="veldstroom").count()
    assert body["count"] == total and len(body["results"]) == 5 and body["page"] == 2
    assert set(body["results"][0]) >= {"reference", "caseType", "startDate", "endDate"}


def test_a_token_never_reads_another_organisations_data(client, token, other_token):
    heidemeer_team = Team.objects.get(organisation__slug="heidemeer")
    own = client.get(reverse("api:v1:list_cases"), headers=bearer(other_token)).json()
    assert own["count"] == Case.objects.filter(organisation__slug="heidemeer").count()
    theirs = client.get(reverse("api:v1:list_cases"), {"team": heidemeer_team.id}, headers=bearer(token)).json()
    assert theirs["count"] == 0
    figures = client.get(
        reverse("api:v1:team_figures"),
        {"team": heidemeer_team.id, "start": "2026-01-05", "end": "2026-03-01"},
        headers=bearer(token),
    )
    assert figures.status_code == 404
    people = client.get(reverse("api:v1:list_people"), headers=bearer(token)).json()
    assert {p["team"] for p in people} <= {"Team Noord", "Team Midden", "Team Zuid", None}
    names = {t["name"] for t in client.get(reverse("api:v1:list_teams"), headers=bearer(token)).json()}
    assert "Jeugdteam Heidemeer" not in names


def test_a_token_never_writes_into_another_organisation(client, token):
    """Names of another organisation's team or people are simply unknown to this token."""
    heidemeer = Organisation.objects.get(slug="heidemeer")
    person = heidemeer.people.order_by("name")[0]
    payload = [
        {
            "reference": "API-X",
            "team": "Jeugdteam Heidemeer",
            "caseType": "ots",
            "startDate": "2026-01-05",
            "assignments": [{"person": person.name}],
        }
    ]
    response = post(client, "push_cases", payload, token)
    assert response.status_code == 422
    reasons = {p["name"] for p in response.json()["invalidParams"]}
    assert "items[0].assignments[0].team" in reasons
    assert not Case.objects.filter(reference="API-X").exists()


def test_a_read_only_token_may_not_write(client, cases_payload):
    _token, plain = api_token_create(
        organisation=Organisation.objects.get(slug="veldstroom"), name="r", can_write=False
    )
    assert post(client, "push_cases", cases_payload, plain).status_code == 403


def test_it_serves_the_team_figures_per_week(client, token):
    from monitoring.selectors import team_figures

    team = Team.objects.get(organisation__slug="veldstroom", name="Team Noord")
    response = client.get(
        reverse("api:v1:team_figures"),
        {"team": team.id, "start": "2026-01-05", "end": "2026-03-01"},
        headers=bearer(token),
    )
    assert response.status_code == 200
    body = response.json()
    expected = team_figures(team, start=dt.date(2026, 1, 5), end=dt.date(2026, 3, 1))
    assert [w["monday"] for w in body["weeks"]] == [m.isoformat() for m in expected.mondays]
    assert [w["cases"] for w in body["weeks"]] == pytest.approx([float(x) for x in expected.team.count])
    assert body["marginPercent"] == team.margin_percent


def test_people_are_pushed_by_name(client, token):
    payload = [
        {
            "name": "Api Aanmelding",
            "team": "Team Zuid",
            "function": "jeugdbeschermer",
            "contractHours": 32,
            "startDate": "2026-02-01",
        }
    ]
    response = post(client, "push_people", payload, token)
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert post(client, "push_people", payload, token).json() == {"created": 0, "updated": 0, "unchanged": 1}


def test_the_openapi_schema_is_served_and_valid(client, token):
    from openapi_spec_validator import validate

    response = client.get(reverse("api:v1:openapi-json"), headers={"Authorization": f"Bearer {token}"})
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert {"/api/v1/cases", "/api/v1/people", "/api/v1/teams", "/api/v1/figures"} <= set(schema["paths"])
