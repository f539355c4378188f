"""In Chromium: a professional answers an evaluation on a phone; the report pages pass axe-core."""

from __future__ import annotations

import datetime as dt

import pytest

from caseloadwijzer import clock
from organisations.models import Organisation
from reports import services
from reports.models import BandFit, EvaluationOutcome, EvaluationResponse, EvaluationSubject
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def test_a_professional_answers_on_a_phone_and_the_pages_pass_axe(live_demo, mobile_page, page):
    noord = Organisation.objects.get(slug="veldstroom").teams.get(name="Team Noord")
    today = clock.today()
    evaluation = services.evaluation_create(
        team=noord,
        subject=EvaluationSubject.PROCESS,
        title="Browsertest evaluatie",
        period_start=today - dt.timedelta(days=182),
        period_end=today - dt.timedelta(days=1),
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
    )
    # Three earlier answers: with the professional's, four — the minimum of three people besides any one reader.
    for fit in (BandFit.FITS, BandFit.TOO_HIGH, BandFit.FITS):
        EvaluationResponse.objects.create(evaluation=evaluation, band_fit=fit, meetings_score=3)
    before = evaluation.responses.count()
    browser_login(mobile_page, live_demo.url, "jeugdbeschermer.noord")
    mobile_page.get_by_role("link", name=evaluation.title).first.click()
    assert_accessible(mobile_page, "(answer form, phone)")
    mobile_page.get_by_label("te hoog: het vraagt te veel").check()
    mobile_page.get_by_label("4 – goed").check()
    mobile_page.get_by_label("Wat knelde er?").fill("Te veel zittingen in dezelfde week")
    mobile_page.get_by_role("button", name="Mijn antwoord versturen").click()
    mobile_page.wait_for_load_state()
    assert "zonder je naam opgeslagen" in mobile_page.content()
    assert evaluation.responses.count() == before + 1
    # While the evaluation is open nobody sees results: the next to answer could tell the difference.
    assert "anonieme antwoorden" not in mobile_page.content()
    assert "Te veel zittingen in dezelfde week" not in mobile_page.content()
    services.evaluation_close(evaluation=evaluation, outcome=EvaluationOutcome.ADJUST_PROCESS)
    mobile_page.reload()
    assert "Op basis van 4 anonieme antwoorden" in mobile_page.content()
    assert_accessible(mobile_page, "(evaluation with results, phone)")
    # The remark appears, without a name, among the team's answers.
    assert "Te veel zittingen in dezelfde week" in mobile_page.content()

    browser_login(page, live_demo.url, "teammanager.noord")
    for path in (
        "/rapportages/",
        f"/rapportages/teams/{noord.id}/werkdruk/",
        "/rapportages/evaluaties/nieuw/",
        f"/rapportages/evaluaties/{evaluation.id}/afronden/",
        "/rapportages/hr-samenvatting/",
    ):
        page.goto(live_demo.url + path)
        assert_accessible(page, path)
    page.goto(f"{live_demo.url}/rapportages/teams/{noord.id}/werkdruk/")
    page.get_by_text("Reflecteren op een casus die opviel").click()
    page.get_by_label("veel minder inzet dan de norm").check()
    page.get_by_label("Wat maakte het verschil?").fill("Browsertest: stabiele situatie")
    page.get_by_role("button", name="Toevoegen aan het logboek").click()
    page.wait_for_load_state()
    assert "Browsertest: stabiele situatie" in page.content()
