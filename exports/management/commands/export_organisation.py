"""Write the full export of one organisation (ZIP of CSV files and manifest.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exports.organisation import organisation_export
from organisations.models import Organisation


class Command(BaseCommand):
    help = "Export one organisation to a ZIP that import_organisation reads back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("zipfile", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["slug"]).first()
        if organisation is None:
            raise CommandError(f"No organisation {options['slug']!r}")
        options["zipfile"].write_bytes(organisation_export(organisation))
        self.stdout.write(f"Wrote {options['zipfile']}.")
