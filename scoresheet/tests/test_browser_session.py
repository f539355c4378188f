"""A whole session in a browser: the facilitator opens a round and puts it on the shared screen, phones
join with the code, results appear only from the third answer, the spider web renders, axe-core is clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def _phone(browser):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    return context, context.new_page()


def _score_everything(phone, level: int) -> None:
    for fieldset in phone.locator("fieldset.factor").all():
        fieldset.locator(f"input[type=radio][value='{level}']").first.check()


def test_a_whole_session_on_phones(live_demo, page, browser):
    base = live_demo.url
    browser_login(page, base, "gedragswetenschapper.heidemeer")
    page.goto(f"{base}/scoren/nieuw/")
    page.get_by_label("Titel").fill("Sessie in de browser")
    page.get_by_role("button", name="Ronde voorbereiden").click()
    page.get_by_role("button", name="Ronde openen").click()
    code = page.locator(".round-code").first.inner_text().replace("-", "")
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    page.get_by_role("link", name="Op het gedeelde scherm tonen").click()
    assert page.locator(".qr svg").count() == 1
    assert page.get_by_test_id("below-threshold").is_visible()

    phones = []
    for n, level in enumerate((2, 4, 5), start=1):
        context, phone = _phone(browser)
        phones.append(context)
        phone.goto(f"{base}/scoren/meedoen/")
        assert "/inloggen/" in phone.url  # no code, no login: nothing to do here
        phone.goto(f"{base}/scoren/meedoen/?code={code.lower()}")
        _score_everything(phone, level)
        if n == 1:
            assert_accessible(phone, "(scoring page on a phone)")
            box = phone.locator("label.choice").first.bounding_box()
            assert box["height"] >= 44  # a touch target a thumb can hit
        phone.get_by_role("button", name="Verstuur mijn antwoorden").click()
        assert phone.get_by_test_id("saved").is_visible()
        expect(page.get_by_test_id("respondents")).to_have_text(str(n), timeout=8000)
        if n < 3:
            assert page.get_by_test_id("below-threshold").is_visible()
            assert page.locator("svg.radar").count() == 0

    page.get_by_test_id("results").wait_for(timeout=8000)
    assert page.locator("svg.radar polygon").count() > 5
    assert page.locator("table.factor-table tbody tr").count() == 19
    # the mean of 2, 4 and 5 is 3.7 on every factor
    assert "3,7" in page.locator("table.factor-table tbody tr").first.inner_text()

    # the first phone changes its mind: still three respondents, new mean (2→5: 4.7)
    first = phones[0].pages[0]
    _score_everything(first, 5)
    first.get_by_role("button", name="Mijn wijzigingen opslaan").click()
    expect(page.locator("table.factor-table tbody tr").first).to_contain_text("4,7", timeout=8000)
    assert page.get_by_test_id("respondents").inner_text().strip() == "3"

    page.goto(page.url.replace("/scherm/", "/resultaten/"))
    assert page.locator("svg.radar").count() == 1
    assert_accessible(page, "(results page)")
    for context in phones:
        context.close()
