"""The monitoring, cases and formation pages in Chromium: axe-core (WCAG 2.1 AA), keyboard, phone width, htmx."""

from __future__ import annotations

import pytest

from cases.models import Case, CaseType
from monitoring.models import CaseloadMeeting
from organisations.models import Person, Team
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def _urls() -> list[str]:
    team = Team.objects.get(name="Team Noord")
    person = Person.objects.get(user__username="jeugdbeschermer.noord")
    ots = CaseType.objects.get(organisation=team.organisation, code="ots")
    case = Case.objects.filter(team=team).first()
    meeting = CaseloadMeeting.objects.filter(team=team).first()
    return [
        f"/monitoring/teams/{team.id}/",
        f"/monitoring/teams/{team.id}/?weeks=52&sort=deviation&dir=desc",
        f"/monitoring/mensen/{person.id}/",
        "/monitoring/organisatie/",
        f"/monitoring/teams/{team.id}/wat-als/?case_type={ots.id}&share=100",
        f"/monitoring/teams/{team.id}/besprekingen/",
        f"/monitoring/besprekingen/{meeting.id}/",
        "/casussen/",
        f"/casussen/{case.id}/",
        "/casussen/typen/",
        f"/formatie/teams/{team.id}/",
    ]


def test_the_main_pages_pass_axe_on_a_desktop_and_a_phone(live_demo, page, mobile_page) -> None:
    urls = _urls()
    for p in (page, mobile_page):
        browser_login(p, live_demo.url, "teammanager.noord")
        for url in urls:
            response = p.goto(live_demo.url + url)
            assert response.status == 200, url
            assert_accessible(p, url)
            if p is mobile_page:  # nothing sticks out sideways on a phone (tables scroll inside their box)
                assert p.evaluate("document.documentElement.scrollWidth") <= p.viewport_size["width"] + 1, url


def test_what_if_updates_in_place_with_htmx_and_by_keyboard(live_demo, page) -> None:
    team = Team.objects.get(name="Team Noord")
    browser_login(page, live_demo.url, "teammanager.noord")
    page.goto(f"{live_demo.url}/monitoring/teams/{team.id}/wat-als/")
    page.select_option("#id_case_type", label="Ondertoezichtstelling (OTS)")
    page.focus("main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#what-if-result table")
    assert page.locator("#what-if-result tbody tr").count() == 12
    assert page.locator("h1").count() == 1
