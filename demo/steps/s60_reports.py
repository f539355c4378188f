"""The learning loop in both demo organisations: per team a closed evaluation of the caseload process half a
year ago (with its outcome), an evaluation open now, the team's estimate of its indirect time, and a few
reflections on cases that stood out. Team Noord also gets an evaluation that starts soon, so the reminders
have something to show."""

from __future__ import annotations

import datetime as dt

from demo.context import DemoContext
from monitoring.models import Bandwidth
from organisations.models import Organisation, Team
from reports import services
from reports.models import (
    BandFit,
    Effort,
    Evaluation,
    EvaluationOutcome,
    EvaluationResponse,
    EvaluationSubject,
)

PINCHED = [
    "Veel nieuwe aanmeldingen tegelijk in de zomer.",
    "Verzuim van twee collega's werd niet op tijd opgevangen.",
    "De bespreking ging vooral over getallen, minder over zwaarte.",
    "Administratie na zittingen kost meer tijd dan gedacht.",
    "",
]
CHANGE = [
    "Instroom eerder met het hele team delen.",
    "Nieuwe collega's een jaar lang een lagere caseload geven.",
    "Elke zes weken een caseloadbespreking in plaats van elke drie maanden.",
    "",
]
REFLECTIONS = [
    (
        Effort.MORE,
        "Gezin met vier kinderen en wisselende hulpverleners; veel afstemming in de keten.",
        "De norm houdt geen rekening met het aantal ketenpartners.",
    ),
    (
        Effort.LESS,
        "Stabiele pleegzorgplaatsing; ouders en pleegouders werken goed samen.",
        "Bewust minder contactmomenten afspreken waar het kan.",
    ),
    (
        Effort.MORE,
        "Lange wachttijd voor specialistische hulp: overbruggen kostte wekelijks contact.",
        "Wachttijden melden bij de opdrachtgever; dit is stelselwerk, geen casuswerk.",
    ),
]


def _answers(ctx: DemoContext, evaluation: Evaluation, n: int, fits: list[str]) -> None:
    rng = ctx.rng(f"evaluation-{evaluation.team.name}-{evaluation.title}")
    # The demo's team members have no logins of their own, so their answers are stored directly.
    EvaluationResponse.objects.bulk_create(
        EvaluationResponse(
            evaluation=evaluation,
            band_fit=fits[i % len(fits)],
            meetings_score=rng.choice([2, 3, 3, 4, 4, 5]),
            pinched=PINCHED[i] if i < len(PINCHED) else "",
            change=CHANGE[i] if i < len(CHANGE) else "",
        )
        for i in range(n)
    )


def _team(ctx: DemoContext, team: Team, n_open_answers: int) -> None:
    if Evaluation.objects.filter(team=team).exists():
        return
    today = ctx.today
    monday = today - dt.timedelta(days=today.weekday())
    closed = services.evaluation_create(
        team=team,
        subject=EvaluationSubject.PROCESS,
        title="Evaluatie caseloadproces na een half jaar",
        period_start=monday - dt.timedelta(weeks=52),
        period_end=monday - dt.timedelta(weeks=26, days=1),
        opens_on=monday - dt.timedelta(weeks=25),
        closes_on=monday - dt.timedelta(weeks=23),
    )
    _answers(ctx, closed, 8, [BandFit.FITS, BandFit.TOO_HIGH, BandFit.FITS, BandFit.DONT_KNOW])
    services.evaluation_close(
        evaluation=closed,
        outcome=EvaluationOutcome.ADJUST_PROCESS,
        outcome_note="De werkwijze past; instroom voortaan wekelijks met het hele team delen.",
        next_evaluation_date=monday + dt.timedelta(weeks=26),
    )
    band = Bandwidth.objects.filter(team=team, valid_from__lte=today).order_by("-valid_from").first()
    current = services.evaluation_create(
        team=team,
        subject=EvaluationSubject.BANDWIDTH if band else EvaluationSubject.PROCESS,
        bandwidth=band,
        title="Evaluatie bandbreedte" if band else "Evaluatie caseloadproces, tweede halfjaar",
        period_start=monday - dt.timedelta(weeks=26),
        period_end=monday - dt.timedelta(days=1),
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=11),
    )
    _answers(ctx, current, n_open_answers, [BandFit.TOO_HIGH, BandFit.FITS, BandFit.TOO_HIGH])
    services.workload_register(
        team=team,
        period_start=monday - dt.timedelta(weeks=26),
        period_end=monday - dt.timedelta(days=1),
        meetings_percent=12,
        admin_percent=18,
        training_percent=4,
        projects_percent=3,
        note="Schatting van het team in de caseloadbespreking.",
    )
    cases = list(team.cases.order_by("reference")[:3])
    for i, (effort, text, lesson) in enumerate(REFLECTIONS):
        services.reflection_add(
            team=team,
            effort=effort,
            what_made_the_difference=text,
            lesson=lesson,
            case=cases[i] if i < len(cases) else None,
            recorded_on=today - dt.timedelta(days=7 * (i + 1)),
        )


def run(ctx: DemoContext) -> None:
    for slug in ("heidemeer", "veldstroom"):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        # Team Noord first: its demo logins then reach the first evaluation of the organisation.
        teams = sorted(organisation.teams.all(), key=lambda t: (t.name != "Team Noord", t.name))
        for i, team in enumerate(teams):
            # One open evaluation below the threshold, so the demo shows that results wait for 3 answers.
            _team(ctx, team, n_open_answers=2 if i == 1 else 5)
    noord = Team.objects.filter(organisation__slug="veldstroom", name="Team Noord").first()
    if noord is not None and not noord.evaluations.filter(opens_on__gt=ctx.today).exists():
        monday = ctx.today - dt.timedelta(days=ctx.today.weekday())
        services.evaluation_create(
            team=noord,
            subject=EvaluationSubject.PROCESS,
            title="Evaluatie werkverdeling met HR",
            period_start=monday - dt.timedelta(weeks=13),
            period_end=monday - dt.timedelta(days=1),
            opens_on=ctx.today + dt.timedelta(days=10),
            closes_on=ctx.today + dt.timedelta(days=24),
        )
