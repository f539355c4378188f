"""Project-wide middleware: a request id on every request and its log lines, and the Permissions-Policy header."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from caseloadwijzer.logs import current_request

request_log = logging.getLogger("caseloadwijzer.request")

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
"""An id from the proxy is used as it is when it looks like one (nginx's ``$request_id`` is 32 hex digits, a
UUID fits too); anything else (too long, spaces, quotes, control characters) is replaced by a new id."""


def request_id_for(request: HttpRequest) -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    if SANE_REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: gives the request an id (``request.request_id``), keeps the request in a context
    variable for the log filter while it is handled, returns the id in the ``X-Request-ID`` response header
    and, with ``LOG_REQUESTS``, logs one line per request: method, path (no query string), status,
    duration_ms, and the user's id (never a name)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_for(request)  # type: ignore[attr-defined]  # our attribute on the request
        token = current_request.set(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id  # type: ignore[attr-defined]
            if settings.LOG_REQUESTS:
                request_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": _user_id(request),
                    },
                )
            return response
        finally:
            current_request.reset(token)


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)  # absent when a middleware answered before authentication ran
    if user is None or not user.is_authenticated:
        return None
    return int(user.pk)


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class PermissionsPolicyMiddleware:
    """The ``Permissions-Policy`` header from ``PERMISSIONS_POLICY``: the product uses no camera, microphone,
    location, payment or USB, so no page (nor anything injected into one) may ask for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.setdefault("Permissions-Policy", self.header)
        return response
