"""Reminder mails (Django's locmem outbox) and the reminders on the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from caseloadwijzer import clock
from monitoring.models import Agreement, Bandwidth, CaseloadMeeting
from organisations.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = clock.today()


@pytest.fixture
def noord():
    return Organisation.objects.get(slug="veldstroom").teams.get(name="Team Noord")


@pytest.fixture
def manager():
    user = get_user_model().objects.get(username="teammanager.noord")
    user.email = "peter@example.nl"
    user.save()
    return user


@pytest.fixture
def band(noord):
    return Bandwidth.objects.create(
        team=noord,
        valid_from=TODAY - dt.timedelta(days=300),
        lower_per_fte=14,
        upper_per_fte=18,
        function="reminder-test",
        evaluation_date=TODAY - dt.timedelta(days=3),
    )


@pytest.fixture
def agreement(noord):
    meeting = CaseloadMeeting.objects.create(team=noord, date=TODAY - dt.timedelta(days=30))
    owner = noord.members.get(user__username="jeugdbeschermer.noord")
    owner.user.email = "owner@example.nl"
    owner.user.save()
    return Agreement.objects.create(
        meeting=meeting,
        text="Wachtlijst bespreken met de opdrachtgever",
        owner=owner,
        due_date=TODAY - dt.timedelta(days=2),
    )


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_it_mails_the_manager_once_a_week(manager, band, agreement):
    call_command("send_reminders", today=TODAY, base_url="https://caseload.example.nl")
    to_manager = [m for m in mail.outbox if m.to == ["peter@example.nl"]]
    assert len(to_manager) == 1
    body = to_manager[0].body
    assert "De bandbreedte van Team Noord was op" in body
    assert "Wachtlijst bespreken met de opdrachtgever" in body
    assert "https://caseload.example.nl/rapportages/evaluaties/" in body  # the upcoming demo evaluation
    assert to_manager[0].subject.startswith("Caseloadwijzer: ")
    # The owner of the expired agreement hears about it too.
    assert any(m.to == ["owner@example.nl"] and "Wachtlijst" in m.body for m in mail.outbox)
    mail.outbox.clear()
    call_command("send_reminders", today=TODAY)
    assert not [m for m in mail.outbox if m.to == ["peter@example.nl"]]
    call_command("send_reminders", today=TODAY + dt.timedelta(days=8))
    assert [m for m in mail.outbox if m.to == ["peter@example.nl"]]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_a_dry_run_sends_nothing(manager, band):
    call_command("send_reminders", today=TODAY, dry_run=True)
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_users_without_mail_or_responsibility_get_nothing(band):
    call_command("send_reminders", today=TODAY)
    assert all(m.to != ["peter@example.nl"] for m in mail.outbox)
    hr = get_user_model().objects.get(username="hr.veldstroom")
    assert all(m.to != [hr.email] for m in mail.outbox if hr.email)


def test_a_done_agreement_or_evaluated_band_is_no_reminder(login, noord, band, agreement):
    html = login("teammanager.noord").get(reverse("accounts:home")).content.decode()
    assert "Wachtlijst bespreken met de opdrachtgever" in html
    assert "De bandbreedte van Team Noord was op" in html
    agreement.done_on = TODAY
    agreement.save()
    band.evaluation_date = TODAY + dt.timedelta(days=200)
    band.save()
    html = login("teammanager.noord").get(reverse("accounts:home")).content.decode()
    assert "Wachtlijst bespreken" not in html and "De bandbreedte van Team Noord" not in html


def _open_evaluation(team, title):
    from reports import services
    from reports.models import EvaluationSubject

    return services.evaluation_create(
        team=team,
        subject=EvaluationSubject.PROCESS,
        title=title,
        period_start=TODAY - dt.timedelta(days=90),
        period_end=TODAY,
        opens_on=TODAY - dt.timedelta(days=1),
        closes_on=TODAY + dt.timedelta(days=14),
    )


def test_a_professional_sees_the_evaluation_waiting_for_an_answer(login, noord):
    _open_evaluation(noord, "Open testevaluatie voor de startpagina")
    html = login("jeugdbeschermer.noord").get(reverse("accounts:home")).content.decode()
    assert "Evaluaties die wachten op jouw anonieme antwoord" in html
    assert "Open testevaluatie voor de startpagina" in html


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_team_members_are_invited_until_they_answer(noord):
    from reports import services
    from reports.models import BandFit

    professional = get_user_model().objects.get(username="jeugdbeschermer.noord")
    professional.email = "prof@example.nl"
    professional.save()
    evaluation = _open_evaluation(noord, "Uitnodiging testevaluatie")
    call_command("send_reminders", today=TODAY)
    invite = [m for m in mail.outbox if m.to == ["prof@example.nl"]]
    assert len(invite) == 1 and "Uitnodiging testevaluatie’ wacht op je anonieme antwoord" in invite[0].body
    assert f"/rapportages/evaluaties/{evaluation.id}/beantwoorden/" in invite[0].body
    services.evaluation_answer(evaluation=evaluation, user=professional, band_fit=BandFit.FITS, meetings_score=4)
    mail.outbox.clear()
    call_command("send_reminders", today=TODAY + dt.timedelta(days=8))
    assert not [m for m in mail.outbox if m.to == ["prof@example.nl"] and "Uitnodiging testevaluatie" in m.body]
