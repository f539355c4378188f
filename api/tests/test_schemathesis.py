"""Schemathesis generates requests from the OpenAPI schema (valid and invalid); none may end in a server error."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.tests.conftest import bearer
from api.v1 import api


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The raw WSGI app would close the database connection after each request, as in production; the test
    transaction needs it open (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
app = get_wsgi_application()


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_ends_in_a_server_error(case, token):
    response = case.call(app=app, headers=bearer(token))
    case.validate_response(response, checks=[not_a_server_error])


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_without_a_token_every_operation_answers_401(case, db):
    response = case.call(app=app)
    assert response.status_code in (401, 405), (case.method, case.path, response.status_code)
