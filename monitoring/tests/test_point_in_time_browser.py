"""The caseload on a date in a browser: from the dashboard's small form to the page, accessible, at 390 px."""

from __future__ import annotations

import os

import pytest

from organisations.models import Team
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PEILDATUM_SCREENSHOTS")  # a folder: also write screenshots there, to look at


@pytest.mark.parametrize("fixture", ["page", "mobile_page"])
def test_from_the_dashboard_to_the_cases_on_a_date(live_demo, request, fixture) -> None:
    page = request.getfixturevalue(fixture)
    team = Team.objects.get(organisation__slug="veldstroom", name="Team Noord")
    browser_login(page, live_demo.url, "teammanager.noord")
    page.goto(f"{live_demo.url}/monitoring/teams/{team.id}/")
    if SHOTS:
        page.locator("ul.cards").screenshot(path=f"{SHOTS}/dashboard-cards-{fixture}.png")
        page.locator("form[action$='/peildatum/']").screenshot(path=f"{SHOTS}/dashboard-form-{fixture}.png")
    page.fill("#id_peildatum", "2026-06-30")
    page.get_by_role("button", name="Casussen op deze datum, per medewerker (met download)").click()
    page.wait_for_url("**/peildatum/?peildatum=2026-06-30")
    assert page.locator("h1").inner_text() == "Casussen op een peildatum: Team Noord"
    assert "30 juni 2026" in page.locator("caption").inner_text()
    assert page.locator("tbody tr").count() > 3
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/peildatum-{fixture}.png", full_page=True)
    assert_accessible(page, "cases on a date")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    with page.expect_download() as download:
        label = "Excel (XLSX) casussen per medewerker op de peildatum, met elk casusnummer"
        page.get_by_role("link", name=label).click()
    assert download.value.suggested_filename == "peildatum-team-noord-2026-06-30.xlsx"
    page.fill("#id_peildatum", "")
    page.get_by_role("button", name="Tonen").click()
    assert page.locator(".errorlist").count() == 1
    assert_accessible(page, "cases on a date, invalid")
