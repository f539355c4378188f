"""The outlook in a real browser: the forecast page and making a scenario, checked with axe-core."""

from __future__ import annotations

import pytest

from organisations.models import Team
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def test_the_forecast_page_shows_the_fan_and_what_the_bands_mean(live_demo, page):
    browser_login(page, live_demo.url, "teammanager.noord")
    page.get_by_role("link", name="Vooruitblik").first.click()
    page.get_by_role("link", name="Team Noord").click()
    assert page.get_by_role("heading", name="Vooruitblik Team Noord").is_visible()
    assert page.get_by_role("img", name="Verwachting van de caseload van Team Noord").is_visible()
    assert page.get_by_text("9 van de 10 weken").is_visible()
    page.get_by_label("Vooruitkijken").select_option("26")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".forecast-details table.data tbody tr").count() == 26
    assert_accessible(page, "(forecast page)")


def test_a_scenario_is_made_on_a_copy_and_shown_beside_the_baseline(live_demo, page):
    team = Team.objects.get(name="Team Noord")
    browser_login(page, live_demo.url, "teammanager.noord")
    page.goto(f"{live_demo.url}/vooruitblik/teams/{team.id}/")
    page.get_by_role("link", name="Nieuw scenario").click()
    assert_accessible(page, "(new scenario form)")
    page.get_by_label("Naam").fill("Drukke winter")
    page.get_by_label("verandering van de instroom (%)").fill("20")
    page.get_by_role("button", name="Scenario opslaan").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Scenario ‘Drukke winter’ voor Team Noord").is_visible()
    assert page.get_by_text("Basislijn", exact=True).first.is_visible()
    assert page.locator("svg[role=img]").count() == 2
    assert_accessible(page, "(scenario page)")


def test_the_forecast_page_works_on_a_phone(live_demo, mobile_page):
    team = Team.objects.get(name="Team Noord")
    browser_login(mobile_page, live_demo.url, "teammanager.noord")
    mobile_page.goto(f"{live_demo.url}/vooruitblik/teams/{team.id}/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    assert_accessible(mobile_page, "(phone)")


def test_every_outlook_page_passes_axe(live_demo, page):
    from forecasts.models import Scenario

    team = Team.objects.get(name="Team Midden")
    scenario = Scenario.objects.filter(team=team).order_by("pk").first()
    browser_login(page, live_demo.url, "beleid.veldstroom")
    for path in (
        "/vooruitblik/",
        "/vooruitblik/keten/",
        f"/vooruitblik/teams/{team.id}/keten/",
        f"/vooruitblik/teams/{team.id}/?weeks=4&risk=5",
        f"/vooruitblik/scenarios/{scenario.id}/?weeks=26",
        f"/vooruitblik/scenarios/{scenario.id}/verwijderen/",
    ):
        response = page.goto(live_demo.url + path)
        assert response.status == 200, path
        assert_accessible(page, path)
