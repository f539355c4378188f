"""Shared test fixtures.

The test database is created once per run with the demo data in it: both fictional organisations and
every role's login, as of the pinned "today" (settings.CASELOADWIJZER_TODAY, read by caseloadwijzer.clock).
Tests that use ``db`` run inside a transaction on top of it; browser tests (``live_server``, transactional)
run last, as pytest-django orders them, and load the demo themselves. Create your own objects with names
that cannot clash with the demo, and never assume empty tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
# otherwise refuse the ORM calls that set up browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _load_demo() -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", quiet_logins=True, stdout=devnull)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        _load_demo()


@pytest.fixture
def login(client: Client, db: Any) -> Callable[[str], Client]:
    """``login("teammanager.noord")`` → a test client logged in as that demo user."""
    from django.contrib.auth import get_user_model

    def _login(username: str) -> Client:
        user = get_user_model().objects.get(username=username)
        c = Client()
        c.force_login(user)
        return c

    return _login


@pytest.fixture
def live_demo(live_server: Any) -> Iterator[Any]:
    """The live server with the demo loaded (transactional tests start from an empty database)."""
    _load_demo()
    yield live_server


pytest_plugins = ["tests.browser.fixtures"]
