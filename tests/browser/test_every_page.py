"""Every page that exists, opened in Chromium by a user who may see it, passes axe-core (WCAG 2.1 AA).

New pages are picked up automatically from the URL patterns; a page that no demo user can open fails the
test, so that no page escapes the check.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.tests.urlmap import kwargs_for, routes
from organisations.models import Organisation
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser

# Tried in this order; the first who gets a 200 is used for the browser visit.
USERS = [
    "beheer.veldstroom",
    "teammanager.noord",
    "gedragswetenschapper.noord",
    "beleid.veldstroom",
    "jeugdbeschermer.noord",
    "hr.veldstroom",
    "or.veldstroom",
]
NOT_PAGES = {"accounts:logout", "set_language", "healthz"}
"""Actions and machine endpoints, not pages a person looks at."""


def _is_page(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def _plan() -> list[tuple[str, str]]:
    organisation = Organisation.objects.get(slug="veldstroom")
    clients = {}
    for username in USERS:
        c = Client()
        c.force_login(get_user_model().objects.get(username=username))
        clients[username] = c
    plan, unreachable = [], []
    for route in routes():
        if route.name in NOT_PAGES or route.name.startswith("api:"):
            continue
        url = reverse(route.name, kwargs=kwargs_for(route, organisation))
        if route.name == "accounts:login":
            plan.append(("", url))
            continue
        user = next((u for u in USERS if _is_page(clients[u].get(url))), None)
        if user is None:
            if not any(clients[u].get(url).status_code == 200 for u in USERS):
                unreachable.append(url)
            continue
        plan.append((user, url))
    assert not unreachable, f"no demo user can open these pages, so they escape the axe check: {unreachable}"
    return plan


def test_every_page_passes_axe(live_demo, browser):
    plan = _plan()
    by_user: dict[str, list[str]] = {}
    for user, url in plan:
        by_user.setdefault(user, []).append(url)
    checked = 0
    for user, urls in by_user.items():
        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        csp_errors: list[str] = []
        page.on(
            "console", lambda m, errs=csp_errors: errs.append(m.text) if "Content Security Policy" in m.text else None
        )
        if user:
            browser_login(page, live_demo.url, user)
        for url in urls:
            response = page.goto(live_demo.url + url)
            assert response.status < 400, f"{user} {url}: {response.status}"
            assert_accessible(page, f"(as {user or 'anonymous'})")
            checked += 1
        context.close()
        assert not csp_errors, f"CSP violations as {user}: {csp_errors}"
    assert checked == len(plan) and checked >= 8
    print(f"axe-core: {checked} pages checked, no WCAG 2.1 AA violations")
