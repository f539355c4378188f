"""Production settings pass Django's deployment checklist and refuse to start without a secret key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _check(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "caseloadwijzer.conf.production", **env_extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for browser tests only
    if "SECRET_KEY" not in env_extra:
        env.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = _check({"SECRET_KEY": "x" * 64 + "a-long-random-production-key", "ALLOWED_HOSTS": "cw.example.nl"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr
