"""In a browser: a guest without an account types the round code on /scoren/meedoen/, scores and sends; the
facilitator puts the round on the shared screen (no menu, no name) and closes it only after confirming."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from organisations.models import Organisation
from scoresheet import services
from scoresheet.models import Response, RoundStatus, ScoringRound
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def test_an_anonymous_phone_joins_by_typing_the_code_and_the_facilitator_closes_with_confirmation(
    live_demo, page, browser
):
    base = live_demo.url
    team = Organisation.objects.get(slug="heidemeer").teams.get()
    scoring_round = services.round_open(
        scoring_round=services.round_create(team=team, title="Getypte code in de browser", guests=2)
    )
    code = scoring_round.code

    context = browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    phone = context.new_page()
    phone.goto(f"{base}/scoren/meedoen/")
    assert "/inloggen/" not in phone.url
    assert phone.locator(".site-header__user").count() == 0
    assert_accessible(phone, "(join form, anonymous)")

    phone.get_by_label("Rondecode").fill("xxx-xxx")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.locator("#id_code_error")).to_contain_text("Er is geen open ronde met code XXX-XXX waaraan je")
    assert phone.get_by_label("Rondecode").get_attribute("aria-invalid") == "true"
    assert_accessible(phone, "(join form with an unknown code)")

    phone.get_by_label("Rondecode").fill(f"{code[:3].lower()} - {code[3:].lower()}")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Getypte code in de browser")
    fieldsets = phone.locator("fieldset.factor").all()
    assert len(fieldsets) == 19
    for fieldset in fieldsets:
        fieldset.locator("input[type=radio][value='4']").first.check()
    assert_accessible(phone, "(score sheet after typing the code)")
    phone.get_by_role("button", name="Verstuur mijn antwoorden").click()
    expect(phone.get_by_test_id("saved")).to_be_visible()
    assert_accessible(phone, "(answers saved)")
    assert Response.objects.filter(round=scoring_round).count() == 1
    # sending again from the same browser changes the one response
    phone.get_by_role("button", name="Mijn wijzigingen opslaan").click()
    expect(phone.get_by_test_id("saved")).to_be_visible()
    assert Response.objects.filter(round=scoring_round).count() == 1

    browser_login(page, base, "gedragswetenschapper.heidemeer")
    page.goto(f"{base}/scoren/ronde/{scoring_round.pk}/scherm/")
    expect(page.locator(".round-code--big")).to_have_text(scoring_round.display_code)
    assert page.locator("nav.site-nav").count() == 0 and page.locator(".site-header__user").count() == 0
    assert_accessible(page, "(shared screen without navigation)")

    page.goto(f"{base}/scoren/ronde/{scoring_round.pk}/")
    confirm = page.get_by_role("button", name="Ja, sluit de ronde")
    assert not confirm.is_visible()  # folded away until asked for
    page.locator("details.confirm-close > summary").click()
    expect(confirm).to_be_visible()
    expect(page.locator("details.confirm-close")).to_contain_text("1 persoon heeft geantwoord.")
    assert_accessible(page, "(close confirmation open)")
    assert ScoringRound.objects.get(pk=scoring_round.pk).status == RoundStatus.OPEN
    confirm.click()
    expect(page.get_by_text("De ronde is gesloten; er worden geen antwoorden meer aangenomen.")).to_be_visible()
    assert ScoringRound.objects.get(pk=scoring_round.pk).status == RoundStatus.CLOSED

    # the phone's next attempt is refused on the form
    phone.get_by_role("button", name="Mijn wijzigingen opslaan").click()
    expect(phone.locator("#id_code_error")).to_contain_text("is gesloten")
    assert_accessible(phone, "(closed round)")
    context.close()
