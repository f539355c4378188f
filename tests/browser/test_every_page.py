"""Every page that exists, opened in Chromium by a user who may see it, passes axe-core (WCAG 2.1 AA).

New pages are picked up automatically from the URL patterns; a page that no demo user can open fails the
test, so that no page escapes the check.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

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
NOT_PAGES = {"accounts:logout", "set_language", "healthz", "readyz"}
"""Actions and machine endpoints, not pages a person looks at."""


def _is_page(response) -> bool:
    """A page a person looks at: 200 with HTML, reached without a redirect (the test client's view of it)."""
    return (
        response is not None
        and response.status == 200
        and response.request.redirected_from is None
        and response.headers.get("content-type", "").startswith("text/html")
    )


class _Visitors:
    """One browser context per demo user, logged in through the form on first use and kept for the walk."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.pages: dict[str, object] = {}
        self.csp_errors: dict[str, list[str]] = {}

    def page(self, user: str):
        if user not in self.pages:
            # accept_downloads=False: a download URL (CSV, PDF) is not saved, goto() reports it (see _visit)
            page = self.browser.new_context(locale="nl-NL", accept_downloads=False).new_page()
            errors = self.csp_errors.setdefault(user, [])
            page.on(
                "console", lambda m, errs=errors: errs.append(m.text) if "Content Security Policy" in m.text else None
            )
            if user:
                browser_login(page, self.base_url, user)
            self.pages[user] = page
        return self.pages[user]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def _visit(page, url: str):
    """The response, or None for a download (a CSV or PDF: reached with a 200, but not a page)."""
    try:
        return page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise


def test_every_page_passes_axe(live_demo, browser):
    """Each URL is tried in the browser by the users in USERS order; the first who gets the page (200, HTML)
    has it checked by axe-core. 403s and 404s for the others are cheap; no page is rendered twice."""
    organisation = Organisation.objects.get(slug="veldstroom")
    visitors = _Visitors(browser, live_demo.url)
    checked: list[tuple[str, str]] = []
    unreachable: list[str] = []
    try:
        for route in routes():
            if route.name in NOT_PAGES or route.name.startswith("api:"):
                continue
            url = reverse(route.name, kwargs=kwargs_for(route, organisation))
            reached = False
            for user in [""] if route.name == "accounts:login" else USERS:
                page = visitors.page(user)
                response = _visit(page, live_demo.url + url)
                if response is None:  # a download: reachable, but not a page
                    reached = True
                    break
                if response.status == 200 and response.request.redirected_from is None:
                    reached = True
                    if _is_page(response):
                        assert_accessible(page, f"(as {user or 'anonymous'})")
                        checked.append((user, url))
                    break  # a 200 that is not HTML (JSON, a file shown inline) is the same for every user
            if not reached:
                unreachable.append(url)
        assert not unreachable, f"no demo user can open these pages, so they escape the axe check: {unreachable}"
        for user, errors in visitors.csp_errors.items():
            assert not errors, f"CSP violations as {user or 'anonymous'}: {errors}"
    finally:
        visitors.close()
    assert len(checked) >= 8
    print(f"axe-core: {len(checked)} pages checked, no WCAG 2.1 AA violations")
