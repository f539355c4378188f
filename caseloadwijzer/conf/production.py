"""Production: every secret from the environment, HTTPS only, static files through WhiteNoise.

Served by gunicorn (``gunicorn.conf.py`` at the repository root) behind a proxy that terminates TLS and
sets ``X-Forwarded-Proto: https``. Before starting: ``manage.py migrate`` and ``manage.py collectstatic``
(into ``STATIC_ROOT``); WhiteNoise then serves the hashed, compressed files from there.
"""

from caseloadwijzer.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import MIDDLEWARE as _BASE_MIDDLEWARE

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
# An idle session ends after 30 minutes unless SESSION_IDLE_TIMEOUT (minutes) says otherwise: every request
# saves the session, which renews its expiry (see conf/base.py).
_idle_minutes = session_idle_timeout(30) or 30  # noqa: F405  (never None with a default)
SESSION_IDLE_TIMEOUT = _idle_minutes
SESSION_COOKIE_AGE = _idle_minutes * 60
SESSION_SAVE_EVERY_REQUEST = True
CSRF_COOKIE_SECURE = True

# WhiteNoise serves the collected static files right after the security middleware.
_security = _BASE_MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
MIDDLEWARE = [
    *_BASE_MIDDLEWARE[: _security + 1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *_BASE_MIDDLEWARE[_security + 1 :],
]
# Probes (a load balancer, systemd, a container runtime) may ask over plain HTTP; they get the answer, not a
# redirect to https. Neither endpoint shows anything but "ok"/"ready".
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]

# Never the demo's known logins on a real installation (a demonstration server may set DEMO_DATA_ALLOWED=true).
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", False)

# JSON logs with one line per request, unless LOG_FORMAT / LOG_REQUESTS say otherwise.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOG_REQUESTS = env_bool("LOG_REQUESTS", True)
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files served at the site root (/favicon.ico, which browsers and tools ask for without a <link>).
WHITENOISE_ROOT = BASE_DIR / "caseloadwijzer" / "root"  # noqa: F405
