"""axe-core on every state of the score sheet's pages that the project-wide page walk does not reach: a round
in preparation with its edit forms, the shared screen, the join page with a wrong code, the function step,
the scoring page with errors, a factor being edited and a closed round."""

from __future__ import annotations

import pytest

from organisations.models import Organisation
from scoresheet import services
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def test_every_state_of_the_pages_passes_axe(live_demo, page, mobile_page):
    base = live_demo.url
    team = Organisation.objects.get(slug="heidemeer").teams.get()
    draft = services.round_create(team=team, title="Axe concept", ask_ideal=True)
    services.factor_add(scoring_round=draft, name="Zittingen", function="jeugdconsulent")
    live = services.round_open(scoring_round=services.round_create(team=team, title="Axe open", ask_ideal=True))
    services.factor_add(scoring_round=draft, name="Reistijd")
    functions = services.round_open(scoring_round=draft)

    browser_login(page, base, "gedragswetenschapper.heidemeer")
    for path in (
        "/scoren/",
        "/scoren/nieuw/",
        f"/scoren/factor/{live.factors.first().pk}/",
        f"/scoren/ronde/{live.pk}/",
        f"/scoren/ronde/{live.pk}/scherm/",
        "/scoren/meedoen/",
    ):
        page.goto(base + path)
        assert_accessible(page, path)
    # the form with errors
    page.goto(base + "/scoren/nieuw/")
    page.get_by_role("button", name="Ronde voorbereiden").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_accessible(page, "(create form with errors)")

    phone = mobile_page
    phone.goto(f"{base}/scoren/meedoen/?code=XXXXXX")
    assert_accessible(phone, "(wrong code)")
    phone.goto(f"{base}/scoren/meedoen/?code={functions.code}")
    assert phone.locator("legend").first.inner_text() == "Je functie"
    assert_accessible(phone, "(function step)")
    phone.get_by_label("jeugdconsulent").check()
    phone.get_by_role("button", name="Volgende").click()
    assert phone.get_by_text("Zittingen").count() >= 1
    phone.get_by_role("button", name="Verstuur mijn antwoorden").click()
    assert phone.locator("[role=alert]").count() == 1
    assert_accessible(phone, "(scoring page with errors)")
    services.round_close(scoring_round=live)
    phone.goto(f"{base}/scoren/meedoen/?code={live.code}")
    assert_accessible(phone, "(closed round)")
