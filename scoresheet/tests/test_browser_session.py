"""A whole session in a browser: the facilitator prepares a round (the team invited), makes the personal links
and puts the round on the shared screen; four phones answer by link, the screen counts them but shows no
figure while open; after closing the results and the spider web appear; axe-core is clean."""

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
    assert page.get_by_label("De huidige teamleden uitnodigen").is_checked()
    page.get_by_role("button", name="Ronde voorbereiden").click()
    page.get_by_role("button", name="Ronde openen").click()
    code = page.locator(".round-code").first.inner_text().replace("-", "")
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    round_url = page.url
    # personal links for the invited team members, shown once
    page.get_by_role("button", name="Persoonlijke links maken").click()
    links = [a.get_attribute("href") for a in page.locator(".invitation-slip .join-link a").all()]
    assert len(links) == 14 and all("uitnodiging=" in link for link in links)
    assert_accessible(page, "(personal links to print)")

    page.goto(round_url)
    page.get_by_role("link", name="Op het gedeelde scherm tonen").click()
    assert page.locator(".qr svg").count() == 1
    assert page.get_by_test_id("below-threshold").is_visible()

    phones = []
    for n, level in enumerate((2, 4, 5, 5), start=1):
        context, phone = _phone(browser)
        phones.append(context)
        phone.goto(links[n - 1])
        _score_everything(phone, level)
        if n == 1:
            assert "uitnodiging" not in phone.url  # the link moved into the session
            assert_accessible(phone, "(scoring page on a phone, by personal link)")
            box = phone.locator("label.choice").first.bounding_box()
            assert box["height"] >= 44  # a touch target a thumb can hit
        phone.get_by_role("button", name="Verstuur mijn antwoorden").click()
        assert phone.get_by_test_id("saved").is_visible()
        expect(page.get_by_test_id("respondents")).to_have_text(str(n), timeout=8000)
        # while open: the count only, never a figure (it would show what this one phone sent)
        assert page.get_by_test_id("below-threshold").is_visible()
        assert page.locator("svg.radar").count() == 0

    # a used link in another browser gets nothing
    context, stranger = _phone(browser)
    stranger.goto(links[1])
    expect(stranger.locator("#id_code_error")).to_contain_text("werkt niet (meer)")
    context.close()

    # the first phone changes its mind (2 → 5) before the round closes: still four people
    first = phones[0].pages[0]
    _score_everything(first, 5)
    first.get_by_role("button", name="Mijn wijzigingen opslaan").click()
    expect(first.get_by_test_id("saved")).to_be_visible()

    page.goto(round_url)
    page.locator("details.confirm-close > summary").click()
    page.get_by_role("button", name="Ja, sluit de ronde").click()
    page.get_by_test_id("results").wait_for(timeout=8000)
    assert page.locator("svg.radar polygon").count() > 5
    assert page.locator("table.factor-table tbody tr").count() == 19
    # the mean of 5, 4, 5 and 5 is 4.8 on every factor
    assert "4,8" in page.locator("table.factor-table tbody tr").first.inner_text()
    assert page.get_by_test_id("respondents").inner_text().strip() == "4"

    page.goto(round_url.rstrip("/") + "/resultaten/")
    assert page.locator("svg.radar").count() == 1
    assert_accessible(page, "(results page)")
    for context in phones:
        context.close()
