"""Enumerate the project's URL patterns and fill them with objects of a chosen organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import URL_KWARG_MODELS
from organisations.models import Organisation

PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "set_language",
    "healthz",
    "readyz",
    "scoresheet:join",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}
"""URLs that anyone may reach without logging in (logout only takes a POST; the score sheet's join page
takes a round code; the forgotten-password pages are for users who cannot log in)."""

NOT_OBJECTS = {"uidb64": "MA", "token": "ongeldige-link"}
"""URL keywords that name no object (the password-reset link): filled with a value that shows the page's
"this link no longer works" state. Only public routes may have them."""


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: list, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(
                    p.url_patterns,
                    prefix + str(p.pattern),
                    ns if p.namespace is None else (f"{namespace}:{p.namespace}" if namespace else p.namespace),
                )
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append(Route(name, prefix + str(p.pattern), tuple(p.pattern.converters.keys())))

    walk(get_resolver().url_patterns, "", None)
    return found


def object_for(kwarg: str, organisation: Organisation) -> int:
    """The primary key of an object of ``organisation`` for this URL keyword (from the demo data)."""
    if kwarg not in URL_KWARG_MODELS:
        raise AssertionError(
            f"URL keyword {kwarg!r} is not registered in accounts.access.URL_KWARG_MODELS; register the "
            "model it names so that the scoping test can check it"
        )
    label, path = URL_KWARG_MODELS[kwarg]
    model = apps.get_model(label)
    obj = model.objects.filter(**{path: organisation}).order_by("pk").first()
    if obj is None:
        raise AssertionError(f"the demo data has no {label} for {organisation}: add one in a demo step")
    return obj.pk


def kwargs_for(route: Route, organisation: Organisation) -> dict[str, int | str]:
    return {k: NOT_OBJECTS[k] if k in NOT_OBJECTS else object_for(k, organisation) for k in route.kwargs}
