"""Tokens: shown once, stored as a hash, one organisation each, revocable."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from api.models import ApiToken
from api.tests.conftest import bearer


def test_a_token_is_shown_once_and_only_its_hash_is_stored(login):
    client = login("beheer.veldstroom")
    response = client.post(reverse("api:index"), {"name": "Registratiesysteem", "can_write": "on"})
    page = response.content.decode()
    token = ApiToken.objects.filter(organisation__slug="veldstroom", name="Registratiesysteem").get()
    plain = page.split('id="new-token"')[1].split('value="')[1].split('"')[0]
    assert plain.startswith("cw_") and len(plain) > 40
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert response["Cache-Control"] == "no-store"
    again = client.get(reverse("api:index")).content.decode()
    assert plain not in again


def test_a_revoked_token_no_longer_works(login, client, token):
    url = reverse("api:v1:list_teams")
    assert client.get(url, headers=bearer(token)).status_code == 200
    stored = ApiToken.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    login("beheer.veldstroom").post(reverse("api:revoke", kwargs={"token_id": stored.id}))
    response = client.get(url, headers=bearer(token))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_without_a_token_the_api_answers_401(client, db):
    response = client.get(reverse("api:v1:list_cases"))
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"


def test_another_organisation_cannot_revoke_a_token(login, token):
    stored = ApiToken.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    response = login("beheer.heidemeer").post(reverse("api:revoke", kwargs={"token_id": stored.id}))
    assert response.status_code == 404
    stored.refresh_from_db()
    assert stored.active


def test_a_team_manager_may_not_manage_tokens(login):
    """A token reaches every team of the organisation, so a manager of one team cannot make one."""
    client = login("teammanager.noord")
    assert client.get(reverse("api:index")).status_code == 403
    assert client.post(reverse("api:index"), {"name": "x"}).status_code == 403
