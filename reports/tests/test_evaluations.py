"""Evaluations: planned by the team's manager, answered anonymously, shown only after closing and from
threshold + 1 = 4 answers (the attacks on this: test_evaluation_attacks.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from caseloadwijzer import clock
from monitoring.models import Bandwidth
from organisations.models import Organisation
from organisations.services import login_create
from reports import services
from reports.models import (
    BandFit,
    EvaluationOutcome,
    EvaluationParticipation,
    EvaluationResponse,
    EvaluationStatus,
    EvaluationSubject,
)
from reports.selectors import evaluation_result

pytestmark = pytest.mark.django_db
TODAY = clock.today()


@pytest.fixture
def noord():
    return Organisation.objects.get(slug="veldstroom").teams.get(name="Team Noord")


@pytest.fixture
def evaluation(noord):
    return services.evaluation_create(
        team=noord,
        subject=EvaluationSubject.PROCESS,
        title="Testevaluatie zonder botsing",
        period_start=TODAY - dt.timedelta(days=180),
        period_end=TODAY - dt.timedelta(days=1),
        opens_on=TODAY - dt.timedelta(days=1),
        closes_on=TODAY + dt.timedelta(days=7),
    )


def _members(noord, n):
    """n logins of professionals in Team Noord."""
    users = []
    for i, person in enumerate(noord.members.filter(user__isnull=True, function="jeugdbeschermer")[:n]):
        users.append(
            login_create(
                organisation=noord.organisation,
                username=f"test-eval-{i}",
                password="x",
                role="professional",
                team=noord,
                person=person,
                validate=False,
            )
        )
    assert len(users) == n
    return users


def _answer(evaluation, user, fit=BandFit.FITS, score=4, pinched=""):
    services.evaluation_answer(
        evaluation=evaluation, user=user, band_fit=fit, meetings_score=score, pinched=pinched, change=""
    )


def test_results_appear_only_after_closing_and_from_the_fourth_answer(evaluation, noord):
    users = _members(noord, 4)
    _answer(evaluation, users[0], BandFit.TOO_HIGH, 2, "Te veel nieuwe zaken tegelijk")
    _answer(evaluation, users[1], BandFit.FITS, 4)
    _answer(evaluation, users[2], BandFit.FITS, 5)
    result = evaluation_result(evaluation)
    assert result.respondents == 3 and not result.shown
    assert result.band_fit == [] and result.pinched == [] and result.meetings_mean is None
    _answer(evaluation, users[3], BandFit.FITS, 4)
    assert not evaluation_result(evaluation).shown  # still open
    services.evaluation_close(evaluation=evaluation, outcome=EvaluationOutcome.ADJUST_PROCESS)
    result = evaluation_result(evaluation)
    assert result.shown and result.respondents == 4
    assert dict((code, n) for code, _label, n in result.band_fit) == {
        BandFit.TOO_LOW: 0,
        BandFit.FITS: 3,
        BandFit.TOO_HIGH: 1,
        BandFit.DONT_KNOW: 0,
    }
    assert result.meetings_mean == pytest.approx(15 / 4) and result.meetings_median == 4
    assert result.fits_share == pytest.approx(3 / 4)
    assert result.pinched == ["Te veel nieuwe zaken tegelijk"]


def test_three_answers_are_not_shown_even_after_closing(evaluation, noord):
    for user in _members(noord, 3):
        _answer(evaluation, user)
    services.evaluation_close(evaluation=evaluation, outcome=EvaluationOutcome.ADJUST_PROCESS)
    result = evaluation_result(evaluation)
    assert result.respondents == 3 and not result.shown and result.band_fit == []


def test_an_answer_is_not_linked_to_who_gave_it(evaluation, noord):
    user = _members(noord, 1)[0]
    _answer(evaluation, user)
    response_fields = {f.name for f in EvaluationResponse._meta.get_fields()}
    assert not response_fields & {"user", "person", "created_at", "participation"}
    assert EvaluationParticipation.objects.filter(evaluation=evaluation, user=user).count() == 1


def test_a_second_answer_is_refused_and_leaves_nothing(evaluation, noord):
    user = _members(noord, 1)[0]
    _answer(evaluation, user)
    with pytest.raises(ValidationError):
        _answer(evaluation, user)
    assert evaluation.responses.count() == 1


def test_a_closed_or_future_evaluation_takes_no_answers(evaluation, noord):
    user = _members(noord, 1)[0]
    services.evaluation_close(evaluation=evaluation, outcome=EvaluationOutcome.ADJUST_PROCESS)
    with pytest.raises(ValidationError):
        _answer(evaluation, user)
    assert evaluation.responses.count() == 0 and not evaluation.participations.exists()


def test_fewer_than_three_is_never_the_threshold(evaluation):
    evaluation.min_respondents = 1
    with pytest.raises(ValidationError):
        evaluation.full_clean()


def test_a_professional_answers_through_the_page(evaluation, noord, login):
    _members(noord, 1)
    client = login("test-eval-0")
    url = reverse("reports:evaluation_answer", kwargs={"evaluation_id": evaluation.id})
    assert client.get(url).status_code == 200
    response = client.post(url, {"band_fit": "", "meetings_score": "9"})
    assert response.status_code == 200
    assert "aria-invalid" in response.content.decode()
    response = client.post(url, {"band_fit": BandFit.TOO_HIGH, "meetings_score": "3", "pinched": "", "change": "x"})
    assert response.status_code == 302
    assert evaluation.responses.count() == 1
    page = client.get(reverse("reports:evaluation", kwargs={"evaluation_id": evaluation.id})).content.decode()
    assert "1 antwoord tot nu toe" in page


def test_a_professional_of_another_team_cannot_answer(evaluation, login):
    zuid = Organisation.objects.get(slug="veldstroom").teams.get(name="Zuid".join(["Team ", ""]))
    person = zuid.members.filter(user__isnull=True).first()
    login_create(
        organisation=zuid.organisation,
        username="test-eval-zuid",
        password="x",
        role="professional",
        team=zuid,
        person=person,
        validate=False,
    )
    client = login("test-eval-zuid")
    url = reverse("reports:evaluation_answer", kwargs={"evaluation_id": evaluation.id})
    assert client.get(url).status_code == 403
    assert client.post(url, {"band_fit": BandFit.FITS, "meetings_score": "3"}).status_code == 403


def test_the_manager_plans_an_evaluation(login, noord):
    client = login("teammanager.noord")
    response = client.post(
        reverse("reports:evaluation_create"),
        {
            "team": noord.id,
            "subject": EvaluationSubject.PROCESS,
            "title": "Geplande testevaluatie",
            "period_start": "2026-05-25",
            "period_end": "2026-11-22",
            "opens_on": "2026-12-01",
            "closes_on": "2026-11-30",
            "min_respondents": "3",
        },
    )
    assert response.status_code == 200
    assert "De sluitingsdatum ligt vóór de evaluatiedatum." in response.content.decode()
    assert not noord.evaluations.filter(title="Geplande testevaluatie").exists()


def test_another_teams_manager_cannot_plan_for_noord(login, noord):
    client = login("teammanager.midden")
    response = client.post(
        reverse("reports:evaluation_create"),
        {
            "team": noord.id,
            "subject": EvaluationSubject.PROCESS,
            "title": "x",
            "period_start": "2026-05-25",
            "period_end": "2026-11-22",
            "opens_on": "2026-12-01",
            "closes_on": "2026-12-10",
            "min_respondents": "3",
        },
    )
    assert response.status_code == 200  # the form refuses a team outside its choices
    assert not noord.evaluations.filter(title="x").exists()


def test_confirming_the_band_moves_its_evaluation_date(noord):
    band = Bandwidth.objects.create(
        team=noord,
        valid_from=TODAY - dt.timedelta(days=400),
        lower_per_fte=14,
        upper_per_fte=18,
        function="test-evaluation",
        evaluation_date=TODAY - dt.timedelta(days=5),
    )
    evaluation = services.evaluation_create(
        team=noord,
        subject=EvaluationSubject.BANDWIDTH,
        bandwidth=band,
        title="Band test",
        period_start=TODAY - dt.timedelta(days=180),
        period_end=TODAY,
        opens_on=TODAY - dt.timedelta(days=5),
        closes_on=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.evaluation_close(evaluation=evaluation, outcome=EvaluationOutcome.CONFIRM_BAND)
    next_date = TODAY + dt.timedelta(days=365)
    services.evaluation_close(
        evaluation=evaluation, outcome=EvaluationOutcome.CONFIRM_BAND, next_evaluation_date=next_date
    )
    band.refresh_from_db()
    evaluation.refresh_from_db()
    assert band.evaluation_date == next_date
    assert evaluation.status == EvaluationStatus.CLOSED


def test_a_band_evaluation_needs_a_band_of_the_same_team(noord):
    other = Organisation.objects.get(slug="veldstroom").teams.get(name="Team Midden")
    band = Bandwidth.objects.create(team=other, valid_from=TODAY, lower_per_fte=1, upper_per_fte=2, function="t")
    with pytest.raises(ValidationError) as error:
        services.evaluation_create(
            team=noord,
            subject=EvaluationSubject.BANDWIDTH,
            bandwidth=band,
            title="x",
            period_start=TODAY,
            period_end=TODAY,
            opens_on=TODAY,
            closes_on=TODAY,
        )
    assert "bandwidth" in error.value.error_dict


def test_the_evaluation_page_shows_the_figures_of_the_period(login, noord):
    evaluation = noord.evaluations.filter(status=EvaluationStatus.CLOSED).first()
    html = (
        login("teammanager.noord")
        .get(reverse("reports:evaluation", kwargs={"evaluation_id": evaluation.id}))
        .content.decode()
    )
    assert "De cijfers van de periode" in html
    assert "Instroom eerder met het hele team delen." in html  # the demo's 8 answers are shown
    assert get_user_model().objects.filter(username="teammanager.noord").exists()


def test_the_manager_records_the_outcome_and_a_professional_cannot(login, evaluation):
    url = reverse("reports:evaluation_close", kwargs={"evaluation_id": evaluation.id})
    assert login("jeugdbeschermer.noord").post(url, {"outcome": EvaluationOutcome.NEW_ROUND}).status_code == 403
    client = login("teammanager.noord")
    response = client.post(url, {"outcome": EvaluationOutcome.CONFIRM_BAND, "outcome_note": ""})
    assert "Alleen een evaluatie van een bandbreedte kan een band bevestigen." in response.content.decode()
    response = client.post(url, {"outcome": EvaluationOutcome.NEW_ROUND, "outcome_note": "Opnieuw het traject in."})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.outcome) == (EvaluationStatus.CLOSED, EvaluationOutcome.NEW_ROUND)
