from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.access import get_access
from accounts.home import sections_for
from accounts.roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what this user needs first, by their roles."""
    access = get_access(request)
    return render(
        request,
        "accounts/home.html",
        {
            "sections": sections_for(request, access),
            "has_organisation": access.organisation is not None,
            "role_labels": [Role(r).label for r in sorted(access.role_names)],
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for operators: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
