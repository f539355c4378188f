"""Writes for evaluations, workload registrations and reflections. Web, demo and commands share these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from caseload_core.privacy import MIN_GROUP, threshold_for
from caseloadwijzer import clock
from cases.models import Case
from organisations.models import Team
from reports.models import (
    Effort,
    Evaluation,
    EvaluationOutcome,
    EvaluationParticipation,
    EvaluationResponse,
    EvaluationStatus,
    EvaluationSubject,
    Reflection,
    WorkloadRegistration,
)


def _check_bandwidth(team: Team, bandwidth: Any) -> None:
    if bandwidth is not None and bandwidth.team_id != team.id:
        raise ValidationError({"bandwidth": _("This bandwidth belongs to another team.")})


def evaluation_create(
    *,
    team: Team,
    subject: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    opens_on: dt.date,
    closes_on: dt.date,
    bandwidth: Any = None,
    min_respondents: int = MIN_GROUP,
    created_by: Any = None,
) -> Evaluation:
    _check_bandwidth(team, bandwidth)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period lies before its start.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The closing date lies before the evaluation date.")})
    if subject == EvaluationSubject.BANDWIDTH and bandwidth is None:
        raise ValidationError({"bandwidth": _("Choose the bandwidth that is evaluated.")})
    evaluation = Evaluation(
        team=team,
        subject=subject,
        title=title,
        bandwidth=bandwidth,
        period_start=period_start,
        period_end=period_end,
        opens_on=opens_on,
        closes_on=closes_on,
        min_respondents=threshold_for(min_respondents),
        created_by=created_by,
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_answer(
    *,
    evaluation: Evaluation,
    user: Any,
    band_fit: str,
    meetings_score: int,
    pinched: str = "",
    change: str = "",
    today: dt.date | None = None,
) -> None:
    """Record one anonymous answer; a second answer by the same user, or an answer outside the open period,
    is refused. The answer and the fact of answering are stored apart, with nothing linking them."""
    day = today or clock.today()
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.status != EvaluationStatus.OPEN or not locked.opens_on <= day <= locked.closes_on:
        raise ValidationError(_("This evaluation is not open for answers."))
    response = EvaluationResponse(
        evaluation=locked, band_fit=band_fit, meetings_score=meetings_score, pinched=pinched, change=change
    )
    response.full_clean()
    try:
        with transaction.atomic():
            EvaluationParticipation.objects.create(evaluation=locked, user=user)
    except IntegrityError:
        raise ValidationError(_("You have already answered this evaluation.")) from None
    response.save()


@transaction.atomic
def evaluation_close(
    *, evaluation: Evaluation, outcome: str, outcome_note: str = "", next_evaluation_date: dt.date | None = None
) -> Evaluation:
    """Close the evaluation with the team's outcome. Confirming the band for another period moves the
    band's evaluation date to the next one, so the loop starts again on that date."""
    if outcome == EvaluationOutcome.PENDING:
        raise ValidationError({"outcome": _("Choose the outcome of the evaluation.")})
    if outcome == EvaluationOutcome.CONFIRM_BAND:
        if evaluation.bandwidth is None:
            raise ValidationError({"outcome": _("Only an evaluation of a bandwidth can confirm a band.")})
        if next_evaluation_date is None:
            raise ValidationError({"next_evaluation_date": _("Give the date on which the band is evaluated again.")})
    if next_evaluation_date is not None and next_evaluation_date <= evaluation.closes_on:
        raise ValidationError(
            {"next_evaluation_date": _("The next evaluation date must lie after this evaluation closed.")}
        )
    evaluation.status = EvaluationStatus.CLOSED
    evaluation.outcome, evaluation.outcome_note = outcome, outcome_note
    evaluation.next_evaluation_date = next_evaluation_date
    evaluation.full_clean()
    evaluation.save()
    if outcome == EvaluationOutcome.CONFIRM_BAND and evaluation.bandwidth is not None:
        band = evaluation.bandwidth
        band.evaluation_date = next_evaluation_date
        band.save(update_fields=["evaluation_date"])
    return evaluation


def workload_register(
    *,
    team: Team,
    period_start: dt.date,
    period_end: dt.date,
    meetings_percent: int,
    admin_percent: int,
    training_percent: int,
    projects_percent: int,
    note: str = "",
    created_by: Any = None,
) -> WorkloadRegistration:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period lies before its start.")})
    if meetings_percent + admin_percent + training_percent + projects_percent > 100:
        raise ValidationError(_("Together the shares exceed all of the hours (100%)."))
    registration = WorkloadRegistration(
        team=team,
        period_start=period_start,
        period_end=period_end,
        meetings_percent=meetings_percent,
        admin_percent=admin_percent,
        training_percent=training_percent,
        projects_percent=projects_percent,
        note=note,
        created_by=created_by,
    )
    registration.full_clean()
    registration.save()
    return registration


def reflection_add(
    *,
    team: Team,
    effort: str,
    what_made_the_difference: str,
    lesson: str = "",
    case: Case | None = None,
    recorded_on: dt.date | None = None,
    created_by: Any = None,
) -> Reflection:
    if case is not None and case.team_id != team.id:
        raise ValidationError({"case": _("This case belongs to another team.")})
    if effort not in Effort.values:
        raise ValidationError({"effort": _("Choose whether the case took more or less effort.")})
    reflection = Reflection(
        team=team,
        case=case,
        effort=effort,
        what_made_the_difference=what_made_the_difference,
        lesson=lesson,
        recorded_on=recorded_on or clock.today(),
        created_by=created_by,
    )
    reflection.full_clean()
    reflection.save()
    return reflection
