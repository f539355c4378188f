"""`make run`: the production settings on one machine, for trying the product with the demo data.

DEBUG off (the product's own error pages, never Django's debug page), hashed static files through
WhiteNoise, served by gunicorn on 127.0.0.1. Plain HTTP, because loopback has no TLS: no HTTPS redirect,
no HSTS, cookies without the Secure flag. A fixed key unless SECRET_KEY is set: never for real data.
SQLite file ``db.sqlite3`` unless DATABASE_URL says otherwise.
"""

import os

os.environ.setdefault("SECRET_KEY", "local-demo-only-not-secret-" + "x" * 40)

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# `make run` loads the demo data into this installation.
DEMO_DATA_ALLOWED = True
