"""Tests: a fast password hasher, mail in memory, no login lock-outs across tests."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
# The demo data and every view share this "today", so figures in tests do not drift with the calendar.
CASELOADWIJZER_TODAY = "2026-11-23"
