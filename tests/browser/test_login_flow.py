"""A new user's first minutes: log in, land on a page fit for the role, switch the language."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("teammanager.heidemeer", "Mijn teams"),
        ("jeugdconsulent.heidemeer", "Mijn gegevens"),
        ("or.heidemeer", "De organisatie in cijfers"),
        ("beheer.heidemeer", "Beheer"),
    ],
)
def test_each_demo_login_lands_on_its_start_page(live_demo, page, username, heading):
    browser_login(page, live_demo.url, username)
    assert page.get_by_role("heading", name=heading).is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_the_language_switch_shows_english(live_demo, page):
    browser_login(page, live_demo.url, "teammanager.noord")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wissel").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My teams").is_visible()
    assert_accessible(page, "(English)")


def test_the_skip_link_is_the_first_stop_for_the_keyboard(live_demo, page):
    page.goto(live_demo.url + "/inloggen/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_login_form_works_on_a_phone(live_demo, mobile_page):
    browser_login(mobile_page, live_demo.url, "jeugdbeschermer.noord")
    assert mobile_page.get_by_role("heading", name="Mijn gegevens").is_visible()
    assert_accessible(mobile_page, "(mobile)")
