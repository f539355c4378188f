"""``manage.py import_people FILE --organisation SLUG_OR_NAME [--team NAME] [--mapping NAME] [--dry-run]``

Staff from an HR or registration export (a nightly extract), with the same guessing, checks, all-or-nothing
write and report as the web import (``imports.headless``). People are matched by staff number, else by name;
``--team`` is the team for people without one in the file. Exit 0 with a one-line summary; exit 1 with every
problem (row, column, reason, in Dutch) and nothing written. The same file again changes nothing.
"""

from __future__ import annotations

from imports.management.commands._import_file import ImportCommand
from imports.models import ImportKind


class Command(ImportCommand):
    help = "Import people and contract hours from a CSV or XLSX file (all or nothing)."
    kind = ImportKind.PEOPLE
