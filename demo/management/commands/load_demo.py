"""Load the fictional demo organisations. Safe to run again: every step skips what already exists."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

import demo.steps
from caseloadwijzer import clock
from demo.context import DemoContext


class Command(BaseCommand):
    help = "Create the demo organisations, teams, people, logins and history (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Pretend today is this date.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "De demogegevens horen niet in een echte installatie: ze maken inlogs met een gepubliceerd "
                "wachtwoord. Deze instellingen (DEMO_DATA_ALLOWED uit, zoals in productie) staan dat niet toe. / "
                "The demo data does not belong in a real installation: it creates logins with a published "
                "password. These settings (DEMO_DATA_ALLOWED off, as in production) refuse it."
            )
        ctx = DemoContext(today=options["today"] or clock.today())
        names = sorted(m.name for m in pkgutil.iter_modules(demo.steps.__path__))
        for name in names:
            module = importlib.import_module(f"demo.steps.{name}")
            with transaction.atomic():
                module.run(ctx)
            self.stdout.write(f"demo: {name} done")
        if not options["quiet_logins"]:
            self.stdout.write(ctx.logins_table())
