"""Local development: DEBUG on, a fixed development key, SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

SECRET_KEY = "dev-only-not-secret-" + "x" * 40
INTERNAL_IPS = ["127.0.0.1"]
