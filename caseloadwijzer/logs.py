"""Structured logs: one JSON object per line on stderr, with the request's id and the signed-in user's id.

``LOGGING`` (conf/base.py) is built by :func:`logging_config`. ``LOG_FORMAT=json`` (production's default)
writes one JSON object per line; ``text`` (development's default) a readable line with the same fields.
The request id and user id come from :mod:`caseloadwijzer.middleware`, which keeps the current request in a
context variable. Only the user's database id is logged, never a name, and a request's path without its
query string (a query can carry a search term, a case reference or a personal link's token).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from typing import Any

from django.http import HttpRequest

current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("current_request", default=None)

# Attributes every LogRecord has: anything else on a record was passed with ``extra=`` and is logged as a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
# Django passes the request object along (``extra={"request": ...}``); its text is the full path with the
# query string, so it is left out (the request line has the path).
_LEFT_OUT = {"request"}
_CONTEXT = ("request_id", "user_id")
REQUEST_FIELDS = ("method", "path", "status", "duration_ms")
"""Fields the request line adds (``caseloadwijzer.middleware.RequestIdMiddleware``)."""


def request_user_id(request: HttpRequest) -> int | None:
    """The id of the user the request is authenticated as, if authentication already ran (no query here:
    ``django.contrib.auth`` caches the user on the request once something asked for it)."""
    user = getattr(request, "_cached_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.pk)


class RequestContextFilter(logging.Filter):
    """Puts ``request_id`` and ``user_id`` on every record logged while a request is handled (None outside)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request.get()
        passed = getattr(record, "request", None)  # django.request logs a 4xx/5xx after the middleware finished
        if request is None and isinstance(passed, HttpRequest):
            request = passed
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None) if request is not None else None
        if not hasattr(record, "user_id"):
            record.user_id = request_user_id(request) if request is not None else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, user_id, the
    record's extra fields, and ``exception`` (the traceback as text) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in _LEFT_OUT and key not in entry and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """A readable line for development: time, level, logger, [request id user id], message, request fields."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        for name in _CONTEXT:
            if not hasattr(record, name):
                setattr(record, name, None)
        line = super().format(record)
        fields = " ".join(f"{k}={getattr(record, k)}" for k in REQUEST_FIELDS if hasattr(record, k))
        return f"{line} {fields}" if fields and "\n" not in line else line


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """``LOGGING`` for ``LOG_FORMAT`` (json or text) and ``LOG_LEVEL``: everything to stderr through one
    handler; Django's own loggers to that handler too (instead of Django's DEBUG-only console), and the
    product's loggers (``caseloadwijzer.*``, the request lines among them) from INFO."""
    if log_format not in {"json", "text"}:
        raise RuntimeError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    formatter = "caseloadwijzer.logs.JsonFormatter" if log_format == "json" else "caseloadwijzer.logs.TextFormatter"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "caseloadwijzer.logs.RequestContextFilter"}},
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "django": {"handlers": ["stderr"], "level": level, "propagate": False},
            "caseloadwijzer": {
                "handlers": ["stderr"],
                "level": "DEBUG" if level.upper() == "DEBUG" else "INFO",
                "propagate": False,
            },
        },
    }
