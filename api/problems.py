"""The API's version and its error responses (``application/problem+json``), shared by ``api.v1`` and
``api.docs`` (here, so that neither has to import the other)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse

API_VERSION = "1.0.0"


def problem(request: HttpRequest, status: int, title: str, invalid: list[dict[str, str]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if invalid:
        body["invalidParams"] = invalid
    response = HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")
    response["API-Version"] = API_VERSION
    return response
