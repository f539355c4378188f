"""Structured logs: one JSON object per line with the request's id and the user's id (never a name), the
request id in the response header, and errors with their traceback inside the JSON."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import path

from caseloadwijzer.logs import JsonFormatter, RequestContextFilter, TextFormatter, logging_config
from caseloadwijzer.middleware import SANE_REQUEST_ID
from organisations.models import Person
from tests.servers import manage, subprocess_env


def _broken_view(request):
    raise RuntimeError("kapot in de view")


urlpatterns = [path("kapot/", _broken_view)]  # ROOT_URLCONF of test_an_error_is_one_json_line_with_its_traceback


class Captured:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def entries(self) -> list[dict]:
        lines = self.stream.getvalue().splitlines()
        return [json.loads(line) for line in lines]


@pytest.fixture
def captured() -> Iterator[Captured]:
    """The product's JSON formatter and request filter on a handler of their own, on the request logger and
    Django's request logger (those two do not propagate: conf/base.py gives them the stderr handler)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger("caseloadwijzer.request"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield Captured(stream)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@override_settings(LOG_REQUESTS=True)
def test_a_request_is_one_json_line_with_request_and_user_id_and_no_name(login, captured):
    user = get_user_model().objects.get(username="jeugdbeschermer.noord")  # a professional: a person with a name
    response = login("jeugdbeschermer.noord").get("/?zoek=JB-2026-001")
    assert response.status_code == 200

    (entry,) = captured.entries()
    assert entry["logger"] == "caseloadwijzer.request"
    assert entry["level"] == "INFO"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/", 200)
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["user_id"] == user.pk
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert {"time", "message"} <= entry.keys()
    line = captured.stream.getvalue()
    person = Person.objects.get(user=user)
    assert f"Welkom, {user.first_name}" in response.content.decode()
    for personal in (user.username, user.first_name, person.name, *person.name.split(), "JB-2026-001", "zoek"):
        assert personal not in line, personal


@override_settings(LOG_REQUESTS=False)
def test_without_log_requests_there_is_no_request_line_but_still_the_header(client, db, captured):
    response = client.get("/inloggen/")
    assert captured.entries() == []
    assert SANE_REQUEST_ID.fullmatch(response["X-Request-ID"])


def test_every_response_carries_a_new_request_id(client, db):
    first, second = client.get("/inloggen/"), client.get("/inloggen/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/bestaat-niet/")["X-Request-ID"]  # a 404 too


@pytest.mark.parametrize(
    "offered", ["0f3c9a7e5b2d4c1a8e6f0b9d7c5a3e1f", "req-2026.12.04:17", "7b0e2f1c-9d4a-4e8b-a6c5-3f2e1d0c9b8a"]
)
def test_a_sane_request_id_from_the_proxy_is_kept(client, db, offered):
    assert client.get("/inloggen/", headers={"X-Request-ID": offered})["X-Request-ID"] == offered


@pytest.mark.parametrize("offered", ["", "a b", 'x"}{"level":"ERROR', "x" * 129, "-begins-with-dash", "é"])
def test_anything_else_is_replaced_by_a_new_id(client, db, offered):
    returned = client.get("/inloggen/", headers={"X-Request-ID": offered})["X-Request-ID"]
    assert returned != offered
    assert len(returned) == 32


@override_settings(ROOT_URLCONF="tests.test_logging", LOG_REQUESTS=True)
def test_an_error_is_one_json_line_with_its_traceback(db, captured):
    response = Client(raise_request_exception=False).get("/kapot/")
    assert response.status_code == 500
    error, request_line = captured.entries()
    assert (error["logger"], error["level"]) == ("django.request", "ERROR")
    assert error["request_id"] == request_line["request_id"] == response["X-Request-ID"]
    assert "Traceback (most recent call last)" in error["exception"]
    assert "RuntimeError: kapot in de view" in error["exception"]
    assert request_line["status"] == 500


def test_the_text_format_names_the_request_id_too():
    record = logging.LogRecord("caseloadwijzer.request", logging.INFO, __file__, 1, "GET / 200", None, None)
    record.request_id, record.user_id, record.status = "abc123", 7, 200
    line = TextFormatter().format(record)
    assert "INFO caseloadwijzer.request [abc123 user=7] GET / 200 status=200" in line


def test_log_format_is_json_or_text():
    assert logging_config("json", "WARNING")["formatters"]["default"]["()"].endswith("JsonFormatter")
    assert logging_config("text", "WARNING")["formatters"]["default"]["()"].endswith("TextFormatter")
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        logging_config("xml", "WARNING")


def test_production_logs_json_to_stderr_and_nothing_to_stdout(tmp_path):
    """The production settings as configured (not a handler of the test's own): a request's line and an error
    with its traceback on stderr, one JSON object per line."""
    script = (
        "import logging\n"
        "from django.test import Client\n"
        "Client().get('/healthz/', headers={'X-Request-ID': 'probe-1'})\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('caseloadwijzer.test').exception('deling door nul')\n"
    )
    env = subprocess_env(
        DJANGO_SETTINGS_MODULE="caseloadwijzer.conf.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp_path),
    )
    for name in ("LOG_FORMAT", "LOG_REQUESTS", "LOG_LEVEL"):
        env.pop(name, None)
    result = manage(["shell", "--no-imports", "-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    request = next(e for e in entries if e["logger"] == "caseloadwijzer.request")
    assert (request["path"], request["status"], request["request_id"]) == ("/healthz/", 200, "probe-1")
    error = next(e for e in entries if e["logger"] == "caseloadwijzer.test")
    assert error["level"] == "ERROR"
    assert error["request_id"] is None  # outside a request
    assert "ZeroDivisionError: division by zero" in error["exception"]
