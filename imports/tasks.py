"""Background work for imports: one worker thread inside the web process.

Why a thread and not a task queue (django-tasks with a database worker): an import is occasional, takes
seconds, and its state lives in the ImportRun row anyway, so the thread needs no extra process to deploy
or to keep running. The page polls the ImportRun row (htmx), so progress shows in any process. A run cut
off by a restart stays "being checked/imported" and is shown as interrupted after INTERRUPTED_AFTER; its
transaction never committed, so nothing of it was written. Tests set ``IMPORTS_RUN_SYNC = True``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connection

from imports import services

INTERRUPTED_AFTER = dt.timedelta(hours=1)
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imports")


def _run(task: Callable[[int], object], run_id: int) -> None:
    close_old_connections()
    try:
        task(run_id)
    except Exception as error:
        services.import_run_fail(run_id, error)
    finally:
        connection.close()


def start(task: Callable[[int], object], run_id: int) -> None:
    if getattr(settings, "IMPORTS_RUN_SYNC", False):
        try:
            task(run_id)
        except Exception as error:
            services.import_run_fail(run_id, error)
        return
    _executor.submit(_run, task, run_id)
