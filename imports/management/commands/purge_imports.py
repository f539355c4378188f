"""``manage.py purge_imports``: expire import runs left unfinished and remove what is left of their files.

A run that has not ended ``IMPORT_ABANDON_AFTER`` (default 24 hours) after its upload is marked "expired"
and its file content, headers and sample row are deleted; ended runs that still hold any of that (from before
this command existed) are cleaned as well. Safe to run at any time and as often as wanted; meant for a
scheduler (e.g. every hour, see docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from imports.services import import_runs_purge


class Command(BaseCommand):
    help = "Expire unfinished import runs older than IMPORT_ABANDON_AFTER and delete what is left of their files."

    def handle(self, *args: Any, **options: Any) -> None:
        expired, cleaned = import_runs_purge()
        self.stdout.write(f"{expired} import run(s) expired, {cleaned} ended run(s) cleaned.")
