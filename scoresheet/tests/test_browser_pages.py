"""axe-core on every state of the score sheet's pages that the project-wide page walk does not reach: a round
in preparation with its edit forms and participants, the personal links, the shared screen, the join page
with a wrong code and with a used link, the function step, the scoring page with errors, a factor being
edited, a closed round and the results after closing."""

from __future__ import annotations

import pytest

from organisations.models import Organisation
from scoresheet import services
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def test_every_state_of_the_pages_passes_axe(live_demo, page, mobile_page):
    base = live_demo.url
    team = Organisation.objects.get(slug="heidemeer").teams.get()
    draft = services.round_create(team=team, title="Axe concept", ask_ideal=True, guests=2)
    services.factor_add(scoring_round=draft, name="Zittingen", function="jeugdconsulent")
    live = services.round_open(
        scoring_round=services.round_create(team=team, title="Axe open", ask_ideal=True, guests=2)
    )
    preparing = services.round_create(team=team, title="Axe voorbereiding")
    services.factor_add(scoring_round=draft, name="Reistijd")
    functions = services.round_open(scoring_round=draft)

    browser_login(page, base, "gedragswetenschapper.heidemeer")
    for path in (
        "/scoren/",
        "/scoren/nieuw/",
        f"/scoren/factor/{live.factors.first().pk}/",
        f"/scoren/ronde/{live.pk}/",
        f"/scoren/ronde/{live.pk}/scherm/",
        f"/scoren/ronde/{preparing.pk}/",
        "/scoren/meedoen/",
    ):
        page.goto(base + path)
        assert_accessible(page, path)
    # the participants block: invite form with an error, then the personal links
    page.goto(f"{base}/scoren/ronde/{live.pk}/")
    page.get_by_role("button", name="Persoonlijke links maken").click()
    assert page.locator(".invitation-slip").count() == team.members.count()
    assert_accessible(page, "(personal links)")
    page.goto(f"{base}/scoren/ronde/{live.pk}/")
    page.get_by_label("Gasten zonder uitnodiging").fill("-1")
    page.get_by_role("button", name="Aantal gasten opslaan").click()
    assert page.locator("[aria-invalid=true]").count() == 1
    assert_accessible(page, "(guests with an error)")
    # the form with errors
    page.goto(base + "/scoren/nieuw/")
    page.get_by_role("button", name="Ronde voorbereiden").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_accessible(page, "(create form with errors)")

    phone = mobile_page
    phone.goto(f"{base}/scoren/meedoen/?code=XXXXXX")
    assert_accessible(phone, "(wrong code)")
    phone.goto(f"{base}/scoren/meedoen/?uitnodiging=een-link-die-niet-bestaat")
    assert "werkt niet (meer)" in phone.locator("#id_code_error").inner_text()
    assert_accessible(phone, "(a link that does not work)")
    phone.goto(f"{base}/scoren/meedoen/?code={functions.code}")
    assert phone.locator("legend").first.inner_text() == "Je functie"
    assert_accessible(phone, "(function step)")
    phone.get_by_label("jeugdconsulent").check()
    phone.get_by_role("button", name="Volgende").click()
    assert phone.get_by_text("Zittingen").count() >= 1
    phone.get_by_role("button", name="Verstuur mijn antwoorden").click()
    assert phone.locator("[role=alert]").count() == 1
    assert_accessible(phone, "(scoring page with errors)")
    from scoresheet.tests.helpers import answer_all

    for who in "abcd":
        answer_all(live, f"axe-{who}", 3, ideal=4)
    services.round_close(scoring_round=live)
    phone.goto(f"{base}/scoren/meedoen/?code={live.code}")
    assert_accessible(phone, "(closed round)")
    page.goto(f"{base}/scoren/ronde/{live.pk}/resultaten/")
    assert page.get_by_test_id("results").is_visible()
    assert_accessible(page, "(results after closing)")
