"""Shared test fixtures.

The test database is created once per run (once per pytest-xdist worker) with the demo data in it: both
fictional organisations and every role's login, as of the pinned "today" (settings.CASELOADWIJZER_TODAY, read
by caseloadwijzer.clock). Tests that use ``db`` run inside a transaction on top of it. Browser tests
(``live_demo``: pytest-django's ``live_server``, transactional) run after them, as pytest-django orders them;
each starts from the demo as it was just after loading — a copy of the database taken then and put back
(``DemoSnapshot``), much faster than loading the demo again — and pytest-django empties the database after it.
Create your own objects with names that cannot clash with the demo, and never assume empty tables.
"""

from __future__ import annotations

import os
import sqlite3
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


class DemoSnapshot:
    """Every table of the test database just after ``load_demo``, to put back before each browser test.

    SQLite: the whole database is copied page by page into a private in-memory database with SQLite's backup
    API, and copied back the same way (milliseconds). PostgreSQL: each table is copied into a schema of its
    own in the same test database (invisible to Django, so the flush after a test leaves it alone); putting
    it back empties the tables and copies the rows back server-side in one transaction (foreign keys are
    deferred until the commit), and resets the id sequences to the demo's.
    """

    SCHEMA = "demo_snapshot"

    def __init__(self) -> None:
        from django.db import connection

        self.vendor = connection.vendor
        self.tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        if self.vendor == "sqlite":
            connection.ensure_connection()
            self._copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._copy)
        elif self.vendor == "postgresql":
            q = connection.ops.quote_name
            statements = [f"DROP SCHEMA IF EXISTS {q(self.SCHEMA)} CASCADE", f"CREATE SCHEMA {q(self.SCHEMA)}"]
            statements += [f"CREATE TABLE {q(self.SCHEMA)}.{q(t)} AS TABLE {q(t)}" for t in self.tables]
            with connection.cursor() as cursor:
                cursor.execute(";\n".join(statements))
        else:  # another database: load the demo again each time (slow but correct)
            self._copy = None

    def restore(self) -> None:
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection, transaction

        if self.vendor == "sqlite":
            connection.ensure_connection()
            self._copy.backup(connection.connection)
        elif self.vendor == "postgresql":
            q = connection.ops.quote_name
            statements = [f"TRUNCATE {', '.join(q(t) for t in self.tables)}"]
            statements += [f"INSERT INTO {q(t)} SELECT * FROM {q(self.SCHEMA)}.{q(t)}" for t in self.tables]
            statements += connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(";\n".join(statements))
        else:
            call_command("flush", interactive=False, verbosity=0)
            _load_demo()


_snapshot: DemoSnapshot | None = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    global _snapshot
    with django_db_blocker.unblock():
        _load_demo()
        _snapshot = DemoSnapshot()


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
    """The live server with the demo data in the database, as it was just after loading (transactional tests
    otherwise start from an empty database: pytest-django empties it after each)."""
    assert _snapshot is not None, "django_db_setup did not run"
    _snapshot.restore()
    yield live_server


def _runs_long(item: pytest.Item) -> bool:
    return item.nodeid.startswith("tests/browser/test_every_page.py")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-django's ordering (tests with ``db``, then transactional ones, then tests without a
    database): the longest browser test moves to the front of the browser tests, so that with pytest-xdist
    the other process is not left idle at the end. Only browser tests swap places: the groups stay."""
    positions = [i for i, item in enumerate(items) if "live_server" in getattr(item, "fixturenames", ())]
    group = sorted((items[i] for i in positions), key=lambda item: not _runs_long(item))
    for i, item in zip(positions, group, strict=True):
        items[i] = item


pytest_plugins = ["tests.browser.fixtures"]
