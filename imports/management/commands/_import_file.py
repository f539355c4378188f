"""What ``import_people`` and ``import_cases`` share: the options, the Dutch output and the exit code."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from imports import headless


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file, as exported by the registration system")
        parser.add_argument("--organisation", required=True, help="the organisation's short name (slug) or name")
        parser.add_argument("--team", help="the team for rows without a team (the file has no team column)")
        parser.add_argument("--mapping", help="a saved column mapping (columns, values, end-date rule) by name")
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("nl"):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=1) from None
        try:
            organisation = headless.find_organisation(options["organisation"])
            team = headless.find_team(organisation, options["team"]) if options.get("team") else None
            saved = (
                headless.find_mapping(organisation, self.kind, options["mapping"]) if options.get("mapping") else None
            )
            outcome = headless.import_file(
                organisation=organisation,
                kind=self.kind,
                filename=path.name,
                data=data,
                team=team,
                saved=saved,
                dry_run=options["dry_run"],
                **self.extra(options),
            )
        except headless.OptionError as error:
            raise CommandError(str(error), returncode=1) from None
        for note in outcome.notes:
            self.stderr.write(note)
        if outcome.problems:
            for line in outcome.problems:
                self.stderr.write(line)
            raise CommandError(
                translation.ngettext(
                    "%(n)s problem; nothing has been written.",
                    "%(n)s problems; nothing has been written.",
                    len(outcome.problems),
                )
                % {"n": len(outcome.problems)},
                returncode=1,
            )
        self.stdout.write(f"{path.name}: {outcome.summary}")

    def extra(self, options: dict[str, Any]) -> dict[str, Any]:
        return {}
