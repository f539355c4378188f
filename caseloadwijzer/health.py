"""Readiness for operators and load balancers: /readyz/ answers 200 when the app can serve requests, 503
when it cannot. Beside /healthz/ (liveness: the process answers). JSON with one word per check, never an
error message, a host name or a setting."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger("caseloadwijzer.health")

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_CONFIGURED = "not configured"


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("readiness: the database does not answer")
        return UNAVAILABLE
    return OK


def worker_check() -> str:
    """The background worker. There is none yet (imports and reports run in the web process): reported as
    such, and not counted against readiness. A worker, once added, reports here whether it is alive."""
    return NOT_CONFIGURED


@never_cache
def readiness(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_check(), "worker": worker_check()}
    ready = all(result in (OK, NOT_CONFIGURED) for result in checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)
