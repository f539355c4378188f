"""Import a full organisation export (ZIP) into this installation, e.g. a new, empty one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exports.organisation import RestoreError, organisation_restore


class Command(BaseCommand):
    help = "Import an organisation export (ZIP with manifest.json); all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("zipfile", type=Path)
        parser.add_argument("--slug", help="Another short name for the organisation (when the old one is taken).")
        parser.add_argument("--name", help="Another name for the organisation.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = organisation_restore(
                options["zipfile"].read_bytes(), slug=options["slug"], name=options["name"]
            )
        except (OSError, RestoreError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Imported {organisation.name} ({organisation.slug}).")
