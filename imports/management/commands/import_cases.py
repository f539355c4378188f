"""``manage.py import_cases FILE --organisation SLUG_OR_NAME [--team NAME] [--mapping NAME]
[--end-date last-day|first-day-without] [--value "COLUMN:FROM=TO" ...] [--dry-run]``

Cases and assignments from a registration export (one row per case or per assignment period), with the same
guessing, checks, all-or-nothing write and report as the web import (``imports.headless``). A case's team
comes from a team column, else ``--team``, else its case manager's team. ``--end-date`` says what the file's
end dates mean (default: the saved mapping's rule, else the one the file's handover rows show, else
last-day); ``--value`` maps a value that matches no case type or team, e.g. ``"Maatregel:OTS eerste jaar=ots"``.
Exit 0 with a one-line summary; exit 1 with every problem and nothing written.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from imports.management.commands._import_file import ImportCommand
from imports.models import ImportKind
from imports.values import EndDateRule, parse_value_option


class Command(ImportCommand):
    help = "Import cases and assignments from a CSV or XLSX file (all or nothing)."
    kind = ImportKind.CASES

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--end-date",
            choices=list(EndDateRule.values),
            help="last-day: an end date is the last day carried; first-day-without: the first day no longer carried",
        )
        parser.add_argument(
            "--value",
            action="append",
            default=[],
            metavar="COLUMN:FROM=TO",
            help='map a value of a column to a case type (code or name) or team, e.g. "Maatregel:OTS eerste jaar=ots"',
        )

    def extra(self, options: dict[str, Any]) -> dict[str, Any]:
        values = []
        for text in options["value"]:
            try:
                values.append(parse_value_option(text))
            except ValueError:
                raise CommandError(
                    _("--value “%(text)s”: write COLUMN:FROM=TO, e.g. “Maatregel:OTS eerste jaar=ots”.")
                    % {"text": text},
                    returncode=1,
                ) from None
        return {"end_date_rule": options["end_date"], "values": values}
