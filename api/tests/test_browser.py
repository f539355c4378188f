"""The API token page in Chromium passes axe-core, before and after creating a token."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def test_the_api_token_page_passes_axe(live_demo, page):
    browser_login(page, live_demo.url, "beheer.veldstroom")
    page.goto(live_demo.url + "/api/")
    assert_accessible(page, "(API tokens)")
    page.get_by_label("Naam").fill("Browsertest")
    page.get_by_role("button", name="Token aanmaken").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#new-token").input_value().startswith("cw_")
    assert_accessible(page, "(new token)")
