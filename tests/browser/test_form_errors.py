"""Errors the user can see: after a failed submit the error summary has focus and is in view, its links lead
to the fields, and no select or radio group anywhere offers Django's "---------" choice."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.tests.urlmap import kwargs_for, routes
from organisations.models import Organisation, Team
from tests.browser.fixtures import assert_accessible, browser_login
from trajectory.models import Advice

DASHES = "---------"

SUMMARY_STATE = """() => {
  const s = document.querySelector('[data-error-summary]');
  if (!s) return null;
  const r = s.getBoundingClientRect();
  return {active: document.activeElement === s, top: r.top, bottom: r.bottom, height: innerHeight,
          scrollY: scrollY, links: Array.from(s.querySelectorAll('a')).map(a => a.getAttribute('href')),
          title: s.querySelector('h2').textContent.trim()};
}"""


def _assert_summary_focused_and_in_view(page, expected_link: str) -> dict:
    state = page.evaluate(SUMMARY_STATE)
    assert state is not None, "no error summary after the failed submit"
    assert state["active"], "focus is not on the error summary"
    assert state["title"] == "Er is een probleem"
    assert 0 <= state["top"] < state["height"], f"the error summary is out of view: {state}"
    assert expected_link in state["links"]
    return state


@pytest.mark.browser
def test_failed_submit_low_on_the_formation_page_focuses_the_summary(live_demo, page):
    team = Team.objects.get(name="Team Noord")
    browser_login(page, live_demo.url, "teammanager.noord")
    page.goto(f"{live_demo.url}{reverse('staffing:team', kwargs={'team_id': team.id})}")
    # The reduction form sits below the reductions table and the vacancies: send it without a person or reason.
    form = page.locator("form:has(input[name=form][value=reduction])")
    form.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state("networkidle")
    state = _assert_summary_focused_and_in_view(page, "#id_person")
    assert "#id_reason" in state["links"]
    assert state["scrollY"] > 300, "the page reloaded at the top, with the form far below"
    assert_accessible(page, "(formation page with errors)")
    # The summary's link moves focus to the field it names, with the field's label in view.
    page.locator("[data-error-summary] a[href='#id_person']").click()
    assert page.evaluate("document.activeElement.id") == "id_person"
    label_top = page.evaluate("document.querySelector('label[for=id_person]').getBoundingClientRect().top")
    assert 0 <= label_top < page.viewport_size["height"]
    # Without the link, keyboard users get there from the summary too: the field says it is invalid.
    assert page.get_attribute("#id_person", "aria-invalid") == "true"
    assert "id_person_error" in page.get_attribute("#id_person", "aria-describedby")


@pytest.mark.browser
def test_the_decision_form_has_no_empty_radio_and_its_errors_are_summarised(live_demo, page):
    advice = Advice.objects.filter(trajectory__team__organisation__slug="veldstroom", decision__isnull=True).first()
    assert advice is not None, "the demo has an advice of Veldstroom that is not decided yet"
    browser_login(page, live_demo.url, "beleid.veldstroom")
    page.goto(f"{live_demo.url}{reverse('trajectory:decide', kwargs={'advice_id': advice.id})}")
    radios = page.locator("input[type=radio][name=outcome]")
    assert radios.count() == 3  # approved, approved with changes, not approved: no "---------"
    assert page.locator("input[type=radio][name=outcome]:checked").count() == 0
    assert DASHES not in page.content()
    assert page.locator("fieldset:has(input[name=outcome]) > legend").inner_text() == "Besluit"
    page.get_by_label("Besloten op").fill("")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_load_state("networkidle")
    _assert_summary_focused_and_in_view(page, "#id_outcome_0")
    assert_accessible(page, "(decision form with errors)")


@pytest.mark.browser
def test_a_failed_login_shows_the_summary(live_demo, page):
    page.goto(f"{live_demo.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("teammanager.noord")
    page.get_by_label("Wachtwoord").fill("not-the-password")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    state = page.evaluate(SUMMARY_STATE)
    assert state and state["active"] and state["title"] == "Er is een probleem"
    assert page.url.endswith("/inloggen/")
    assert_accessible(page, "(failed login)")


USERS = [
    "beheer.veldstroom",
    "teammanager.noord",
    "gedragswetenschapper.noord",
    "beleid.veldstroom",
    "jeugdbeschermer.noord",
    "hr.veldstroom",
    "or.veldstroom",
]
NOT_PAGES = {"accounts:logout", "set_language", "healthz", "readyz"}


@pytest.mark.django_db
def test_no_page_offers_the_dashes_choice():
    """Every page of the every-page plan (first demo user who may open it), as HTML: no "---------"."""
    organisation = Organisation.objects.get(slug="veldstroom")
    clients = {}
    for username in USERS:
        c = Client()
        c.force_login(get_user_model().objects.get(username=username))
        clients[username] = c
    clients[""] = Client()
    checked, found = 0, []
    for route in routes():
        if route.name in NOT_PAGES or route.name.startswith("api:"):
            continue
        url = reverse(route.name, kwargs=kwargs_for(route, organisation))
        for username in ["", *USERS] if route.name.startswith("accounts:login") else [*USERS, ""]:
            response = clients[username].get(url)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                checked += 1
                if DASHES in response.content.decode():
                    found.append(url)
                break
    assert checked >= 40
    assert not found, f'pages with a "{DASHES}" choice: {found}'
