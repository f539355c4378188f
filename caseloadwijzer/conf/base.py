"""Settings shared by every environment. Environment-specific values live in dev/test/production."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from caseloadwijzer.env import env_bool, env_list, env_str
from caseloadwijzer.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
NODE_MODULES = BASE_DIR / "node_modules"

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    # Project apps, named after what users do.
    "accounts",
    "organisations",
    "cases",
    "staffing",
    "monitoring",
    "imports",
    "exports",
    "api",
    "trajectory",
    "scoresheet",
    "forecasts",
    "reports",
    "charts",
    "demo",
]

MIDDLEWARE = [
    # First: every response (a redirect, a static file, an error page) carries the request id, and every log
    # line written while the request is handled names it.
    "caseloadwijzer.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "caseloadwijzer.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.OrganisationMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caseloadwijzer.urls"
WSGI_APPLICATION = "caseloadwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "caseloadwijzer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60)
}
# SQLite (the embedded default) under many simultaneous writers: write-ahead logging (readers never wait for
# the writer), every transaction taking the write lock at BEGIN (so no transaction fails halfway when it
# turns from reading to writing: SQLite cannot wait for that), and a busy timeout instead of an immediate
# "database is locked". SQLITE_BUSY_TIMEOUT is in seconds.
SQLITE_BUSY_TIMEOUT = float(env_str("SQLITE_BUSY_TIMEOUT", "20"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, with a message that is Dutch again (see accounts/password_validation.py).
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Django's four accept "aaaaaaaaaaaa"; ours refuses a password with fewer than 5 different characters.
    {"NAME": "accounts.password_validation.MinimumDistinctCharactersValidator", "OPTIONS": {"min_distinct": 5}},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day (Django's default is three)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: five failures lock that username from that address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "caseloadwijzer" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "caseloadwijzer" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "caseloadwijzer.vendor_static.VendorFileFinder",
]
# Only the npm files that pages load (not whole dist/ folders: see caseloadwijzer/vendor_static.py).
VENDOR_STATIC_FILES = {
    "vendor/htmx/htmx.min.js": NODE_MODULES / "htmx.org" / "dist" / "htmx.min.js",
    "vendor/utrecht/index.css": NODE_MODULES / "@utrecht" / "component-library-css" / "dist" / "index.css",
    "vendor/utrecht-tokens/index.css": NODE_MODULES / "@utrecht" / "design-tokens" / "dist" / "index.css",
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# No inline script or style attributes from us: every script is a file served by the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}


def session_idle_timeout(default_minutes: int | None) -> int | None:
    """SESSION_IDLE_TIMEOUT (minutes) from the environment; None means Django's default two weeks."""
    raw = os.environ.get("SESSION_IDLE_TIMEOUT")
    if raw is None or not raw.strip():
        return default_minutes
    try:
        minutes = int(raw)
    except ValueError:
        raise RuntimeError(f"SESSION_IDLE_TIMEOUT must be a whole number of minutes, not {raw!r}") from None
    if minutes < 1:
        raise RuntimeError("SESSION_IDLE_TIMEOUT must be at least 1 minute")
    return minutes


# Idle sessions end: with SESSION_IDLE_TIMEOUT set, a session lasts that many minutes after its last request
# (every request saves the session and so renews its expiry). Development and tests keep Django's two weeks
# unless the variable is set; production defaults to 30 minutes (conf/production.py).
SESSION_IDLE_TIMEOUT = session_idle_timeout(None)
if SESSION_IDLE_TIMEOUT is not None:
    SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT * 60
    SESSION_SAVE_EVERY_REQUEST = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it; the token travels in hx-headers.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features no page of the product uses, switched off for every page (caseloadwijzer/middleware.py).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# The demo data (`manage.py load_demo`) creates logins with a published password: refused unless allowed.
# Development, tests and `make run` (conf/local.py) allow it; production refuses it (conf/production.py).
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", True)

# The live CBS download (trajectory) fetches only over https from these hosts, and follows no link or
# redirect elsewhere.
CBS_ALLOWED_HOSTS = env_list("CBS_ALLOWED_HOSTS", "opendata.cbs.nl,datasets.cbs.nl")

# The API's OpenAPI document (/api/v1/openapi.json) is for signed-in users and API tokens only, unless public.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "caseloadwijzer@localhost")

# Logs to stderr (caseloadwijzer/logs.py): LOG_FORMAT json (one object per line; production's default) or text
# (development's default); LOG_LEVEL for Django's and the libraries' loggers; LOG_REQUESTS: one line per
# request (method, path, status, duration_ms, request_id, user_id), on in production.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LOG_REQUESTS = env_bool("LOG_REQUESTS", False)
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
