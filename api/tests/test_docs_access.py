"""The OpenAPI description is for signed-in users and API tokens, unless API_DOCS_PUBLIC is on."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_revoke
from api.tests.conftest import bearer
from api.v1 import API_VERSION

URL = "/api/v1/openapi.json"


def test_the_schema_url_is_the_documented_one():
    assert reverse("api:v1:openapi-json") == URL


def test_anonymous_visitors_get_401_without_the_schema(client, db):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response["API-Version"] == API_VERSION
    assert "paths" not in response.json()
    assert "/api/v1/cases" not in response.content.decode()


@pytest.mark.parametrize("header", ["Bearer cw_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "cw_abc"])
def test_a_wrong_token_gets_401(client, db, header):
    assert client.get(URL, headers={"Authorization": header}).status_code == 401


def test_a_revoked_token_gets_401(client, token):
    api_token_revoke(token=ApiToken.objects.get(name="test", revoked_at__isnull=True))
    assert client.get(URL, headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("username", ["beheer.veldstroom", "jeugdbeschermer.noord", "or.veldstroom"])
def test_a_signed_in_user_reads_the_schema(login, username):
    response = login(username).get(URL)
    assert response.status_code == 200
    assert "/api/v1/cases" in response.json()["paths"]


def test_an_api_token_reads_the_schema(client, token):
    response = client.get(URL, headers=bearer(token))
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Caseloadwijzer API"


@override_settings(API_DOCS_PUBLIC=True)
def test_with_api_docs_public_anyone_reads_the_schema(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "/api/v1/teams" in response.json()["paths"]
