"""Idle sessions end: SESSION_IDLE_TIMEOUT minutes after the last request (30 in production)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
PRINT = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE, settings.SESSION_SAVE_EVERY_REQUEST)"


def _settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": module, "SECRET_KEY": "x" * 64, **env}
    environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if "SESSION_IDLE_TIMEOUT" not in env:
        environ.pop("SESSION_IDLE_TIMEOUT", None)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_ends_an_idle_session_after_30_minutes():
    result = _settings("caseloadwijzer.conf.production")
    assert result.stdout.split() == ["1800", "True"], result.stderr


def test_the_timeout_comes_from_the_environment():
    assert _settings("caseloadwijzer.conf.production", SESSION_IDLE_TIMEOUT="45").stdout.split() == ["2700", "True"]
    assert _settings("caseloadwijzer.conf.dev", SESSION_IDLE_TIMEOUT="10").stdout.split() == ["600", "True"]


def test_development_keeps_djangos_two_weeks_unless_told():
    assert _settings("caseloadwijzer.conf.dev").stdout.split() == [str(14 * 24 * 3600), "False"]


@pytest.mark.parametrize("value", ["half an hour", "0", "-5"])
def test_a_wrong_timeout_stops_the_start(value):
    result = _settings("caseloadwijzer.conf.production", SESSION_IDLE_TIMEOUT=value)
    assert result.returncode != 0 and "SESSION_IDLE_TIMEOUT" in result.stderr


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_AGE=30 * 60, SESSION_SAVE_EVERY_REQUEST=True)
def test_each_request_renews_the_session_and_an_idle_one_has_ended():
    client = Client()
    client.force_login(get_user_model().objects.get(username="teammanager.noord"))
    key = client.session.session_key
    # Pretend the session was last used 29 minutes ago: one minute left.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(reverse("accounts:home")).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + dt.timedelta(minutes=29)
    # Idle past the timeout: the session has ended, the next request goes to the login page.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
