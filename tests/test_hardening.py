"""Hardening: the Permissions-Policy header, the readiness endpoint, and `load_demo` refused by production."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from caseloadwijzer.middleware import permissions_policy
from tests.servers import manage, subprocess_env

# --- Permissions-Policy ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/inloggen/", "/", "/healthz/", "/bestaat-niet/"])
def test_every_response_forbids_camera_microphone_location_payment_and_usb(login, url):
    response = login("teammanager.noord").get(url)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy.split(", "), (feature, policy)


def test_the_policy_is_built_from_the_setting():
    assert permissions_policy({"camera": [], "fullscreen": ["self"]}) == "camera=(), fullscreen=(self)"


# --- readiness ---------------------------------------------------------------------------------------------


def test_readiness_is_200_when_the_database_answers(client, db):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "worker": "not configured"}}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_is_503_without_secrets_when_the_database_does_not_answer(tmp_path):
    """A real failure: a database file that cannot be opened (its directory does not exist)."""
    missing = tmp_path / "no-such-directory" / "db.sqlite3"
    script = (
        "from django.test import Client\n"
        "r = Client().get('/readyz/')\n"
        "print(r.status_code)\n"
        "print(r.content.decode())\n"
    )
    env = subprocess_env(DJANGO_SETTINGS_MODULE="caseloadwijzer.conf.test", DATABASE_URL=f"sqlite:///{missing}")
    result = manage(["shell", "--no-imports", "-c", script], env)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-2:]
    assert status == "503"
    assert json.loads(body) == {
        "status": "not ready",
        "checks": {"database": "unavailable", "worker": "not configured"},
    }
    assert str(tmp_path) not in body and "sqlite" not in body.lower()


# --- load_demo ---------------------------------------------------------------------------------------------


@override_settings(DEMO_DATA_ALLOWED=False)
def test_load_demo_refuses_when_demo_data_is_not_allowed(db):
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED") as refused:
        call_command("load_demo", quiet_logins=True, stdout=io.StringIO())
    assert "De demogegevens horen niet in een echte installatie" in str(refused.value)
    assert "The demo data does not belong in a real installation" in str(refused.value)
    assert get_user_model().objects.count() == users


def test_load_demo_runs_when_allowed(db):
    out = io.StringIO()
    call_command("load_demo", quiet_logins=True, stdout=out)  # the test settings allow it; the demo is there
    assert "demo: s10_organisations done" in out.getvalue()


def _load_demo_with(settings_module: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = subprocess_env(
        DJANGO_SETTINGS_MODULE=settings_module, SECRET_KEY="x" * 50, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    env.pop("DEMO_DATA_ALLOWED", None)
    return manage(["load_demo", "--quiet-logins"], env)


def test_load_demo_under_production_settings_exits_with_a_clear_error_and_writes_nothing(tmp_path):
    result = _load_demo_with("caseloadwijzer.conf.production", tmp_path)
    assert result.returncode == 1
    assert "De demogegevens horen niet in een echte installatie" in result.stderr
    assert "DEMO_DATA_ALLOWED" in result.stderr
    assert "Traceback" not in result.stderr
    with sqlite3.connect(tmp_path / "db.sqlite3") as database:
        assert database.execute("SELECT name FROM sqlite_master").fetchall() == []  # not even a table


def test_make_run_settings_allow_the_demo(tmp_path):
    """conf/local.py (`make run`) imports production but allows the demo: it gets past the check (and then
    stops at the unmigrated database, which is not this test's business)."""
    result = _load_demo_with("caseloadwijzer.conf.local", tmp_path)
    assert "DEMO_DATA_ALLOWED" not in result.stderr
    assert "no such table" in result.stderr
