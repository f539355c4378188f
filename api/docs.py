"""Who may read the API's description (/api/v1/openapi.json): a signed-in user or a valid API token,
or anyone when ``API_DOCS_PUBLIC`` is on. The description names every operation and field of the API;
it holds no data, but an installation need not publish it to the whole internet."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from api.problems import problem
from api.services import api_token_authenticate

REFUSED = "Sign in, or send a valid bearer token, to read the API description"


def may_read_docs(request: HttpRequest) -> bool:
    if settings.API_DOCS_PUBLIC or request.user.is_authenticated:
        return True
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and api_token_authenticate(token.strip()) is not None


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """django-ninja's ``docs_decorator``: wraps the OpenAPI view (and the docs page, if ever switched on).
    Refused: a 401 problem+json like every other refusal of the API."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if may_read_docs(request):
            return view(request, *args, **kwargs)
        response = problem(request, 401, REFUSED)
        response["WWW-Authenticate"] = "Bearer"
        return response

    return wrapped
