"""The attack of issue #14 on evaluations: while an evaluation is open, whoever answers third read the first two
answers and their free texts on the evaluation page. Now nothing of the answers is shown (nor downloadable)
until the evaluation is closed, and then only from threshold + 1 answers.

"Learns nothing" is tested as indistinguishability: two evaluations that differ only in what the first two
colleagues answered show the third the same page.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from caseloadwijzer import clock
from exports.tables import FORMAT_PARAMETER
from organisations.models import Organisation
from organisations.services import login_create
from reports import services
from reports.models import BandFit, EvaluationOutcome, EvaluationSubject

pytestmark = pytest.mark.django_db
TODAY = clock.today()


def _evaluation(title: str):
    noord = Organisation.objects.get(slug="veldstroom").teams.get(name="Team Noord")
    return services.evaluation_create(
        team=noord,
        subject=EvaluationSubject.PROCESS,
        title=title,
        period_start=TODAY - dt.timedelta(days=180),
        period_end=TODAY - dt.timedelta(days=1),
        opens_on=TODAY - dt.timedelta(days=1),
        closes_on=TODAY + dt.timedelta(days=7),
    )


def _colleagues(n: int, prefix: str = "test-aanval"):
    noord = Organisation.objects.get(slug="veldstroom").teams.get(name="Team Noord")
    people = noord.members.filter(user__isnull=True, function="jeugdbeschermer")[:n]
    return [
        login_create(
            organisation=noord.organisation,
            username=f"{prefix}-{i}",
            password="x",
            role="professional",
            team=noord,
            person=person,
            validate=False,
        )
        for i, person in enumerate(people)
    ]


def _page(client, evaluation) -> str:
    text = client.get(reverse("reports:evaluation", kwargs={"evaluation_id": evaluation.id})).content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    text = text.replace(f"/{evaluation.id}/", "/ID/")  # the evaluation's own URLs
    return text.replace(evaluation.title, "TITLE")


def _answers_world(login, first_two, prefix: str) -> tuple[str, int]:
    evaluation = _evaluation("Aanval tijdens de evaluatie")
    users = _colleagues(3, prefix)
    for user, (fit, score, text) in zip(users, first_two, strict=False):
        services.evaluation_answer(
            evaluation=evaluation, user=user, band_fit=fit, meetings_score=score, pinched=text, change=text
        )
    third = login(users[2].username)
    answer = reverse("reports:evaluation_answer", kwargs={"evaluation_id": evaluation.id})
    assert third.post(answer, {"band_fit": BandFit.FITS, "meetings_score": "3"}).status_code == 302
    download = third.get(
        reverse("reports:evaluation", kwargs={"evaluation_id": evaluation.id}), {FORMAT_PARAMETER: "csv"}
    )
    manager = login("teammanager.noord")
    return _page(third, evaluation) + _page(manager, evaluation), download.status_code


def test_the_third_to_answer_learns_nothing_of_the_first_two_while_open(login):
    world_a = [(BandFit.TOO_HIGH, 1, "Geheim een"), (BandFit.TOO_HIGH, 1, "Geheim twee")]
    world_b = [(BandFit.TOO_LOW, 5, "Iets anders"), (BandFit.FITS, 4, "Nog iets")]
    seen_a, download_a = _answers_world(login, world_a, "wereld-a")
    seen_b, download_b = _answers_world(login, world_b, "wereld-b")
    assert seen_a.replace("wereld-a", "X") == seen_b.replace("wereld-b", "X")  # (the user name in the header)
    assert "Geheim" not in seen_a and download_a == download_b == 404


def test_after_closing_with_four_answers_a_swap_between_two_colleagues_is_invisible(login):
    def world(order):
        evaluation = _evaluation("Gesloten aanval")
        users = _colleagues(4) if not order else _colleagues_again()
        answers = [(BandFit.TOO_HIGH, 1, "Zwaar"), (BandFit.FITS, 5, "Prima")]
        if order:
            answers.reverse()
        answers += [(BandFit.FITS, 3, ""), (BandFit.FITS, 3, "")]  # the reader's own and a colluder's, known
        for user, (fit, score, text) in zip(users, answers, strict=True):
            services.evaluation_answer(
                evaluation=evaluation, user=user, band_fit=fit, meetings_score=score, pinched=text, change=""
            )
        services.evaluation_close(evaluation=evaluation, outcome=EvaluationOutcome.ADJUST_PROCESS)
        return _page(login("teammanager.noord"), evaluation)

    def _colleagues_again():
        from django.contrib.auth import get_user_model

        return list(get_user_model().objects.filter(username__startswith="test-aanval-").order_by("username"))

    seen_a, seen_b = world(False), world(True)
    assert "Zwaar" in seen_a and "Prima" in seen_a  # shown, sorted: nobody's text next to their scores
    assert seen_a == seen_b
