"""Tests: a fast password hasher, mail in memory, no login lock-outs across tests."""

import os

from .base import *  # noqa: F403

# numpy's OpenBLAS starts one thread per core for each matrix product. With tests in two processes
# (pytest-xdist) on two cores that oversubscribes the machine: a forecast's simulation took ten times as long
# (0.51 s instead of 0.05 s) on a busy machine. This module is read before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
# The demo data and every view share this "today", so figures in tests do not drift with the calendar.
CASELOADWIJZER_TODAY = "2026-11-23"
# Simulated paths per forecast on every page (forecasts.selectors.forecast_paths; 10,000 in production): enough
# for a stable median and bands, a tenth of the work. Tests of the forecast's statistics pass their own n_paths.
FORECAST_PATHS = 1_000
