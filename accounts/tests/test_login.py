"""Logging in, login throttling, and the language switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from demo.context import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_is_dutch_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="nl"' in html and "Inloggen" in html and "Gebruikersnaam" in html


def test_a_demo_user_logs_in_with_the_demo_password(client):
    response = client.post(reverse("accounts:login"), {"username": "hr.veldstroom", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")


def test_five_failed_attempts_lock_the_username(client):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "or.veldstroom", "password": "wrong-password"})
    locked = Client().post(url, {"username": "or.veldstroom", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.content.decode()


def test_the_language_switch_shows_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in html and "Log in to Caseloadwijzer" in html


def test_the_security_headers_are_set(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


def test_healthz_answers(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_dutch_is_shown_even_to_an_english_browser(client):
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl"' in html and "Inloggen" in html
