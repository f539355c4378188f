"""Entries for evaluations, indirect time and reflections (format: see registry.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.access import Access
from accounts.roles import Capability as C
from caseloadwijzer.clock import today
from organisations.models import Team
from reports import services
from reports.models import (
    Evaluation,
    EvaluationOutcome,
    EvaluationParticipation,
    EvaluationStatus,
    EvaluationSubject,
    Reflection,
    WorkloadRegistration,
)
from tests.every_form.harness import FIRST, Ctx, Form, Rule, both, can, either

NAME = "Formtest"


def _team(c: Ctx) -> int:
    if "team_id" in c.kwargs:
        return int(c.kwargs["team_id"])
    return Evaluation.objects.get(pk=c.kwargs["evaluation_id"]).team_id


def in_team(access: Access, c: Ctx) -> bool:
    """reports.views._in_team: a role on the team, or one of its members."""
    team_id = _team(c)
    if any(role_team == team_id for _role, role_team in access.roles):
        return True
    return access.person_id is not None and Team.objects.get(pk=team_id).members.filter(pk=access.person_id).exists()


RUNS: Rule = either(can(C.MANAGE_TEAM, team=_team), can(C.FACILITATE, team=_team))
"""reports.views._can_run: managing or facilitating the team."""
MEMBER: Rule = either(can(C.VIEW_TEAM, team=_team), in_team)
"""reports.views._team_for_member / _evaluation_for_member."""


def _runs_some_team(access: Access, c: Ctx) -> bool:
    """evaluation_create: a team one sees (VIEW_TEAM) and manages or facilitates."""
    return any(
        access.can(C.VIEW_TEAM, t) and (access.can(C.MANAGE_TEAM, t) or access.can(C.FACILITATE, t))
        for t in c.organisation.teams.values_list("id", flat=True)
    )


def _open_evaluation(c: Ctx) -> dict[str, int]:
    """An evaluation of Team Noord that takes answers today."""
    evaluation = services.evaluation_create(
        team=Team.objects.get(organisation=c.organisation, name="Team Noord"),
        subject=EvaluationSubject.PROCESS,
        title=f"{NAME} evaluatie",
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 10, 31),
        opens_on=today(),
        closes_on=today() + dt.timedelta(days=14),
    )
    return {"evaluation_id": evaluation.pk}


FORMS = [
    Form(
        "reports:evaluation_create",
        may=_runs_some_team,
        fill={"team": FIRST, "subject": EvaluationSubject.PROCESS, "title": f"{NAME} evaluatie"},
        probe=lambda c: Evaluation.objects.filter(team__organisation=c.organisation, title=f"{NAME} evaluatie").count(),
        expect=1,
        invalid={"title": "", "closes_on": "2020-01-01"},
    ),
    Form(
        "reports:evaluation_answer",
        setup=_open_evaluation,
        may=both(MEMBER, in_team),
        fill={"band_fit": FIRST, "meetings_score": FIRST, "change": f"{NAME}: meer overleg"},
        probe=lambda c: EvaluationParticipation.objects.filter(evaluation_id=c.kwargs["evaluation_id"]).count(),
        expect=1,
        invalid={"band_fit": None},
    ),
    Form(
        "reports:evaluation_close",
        setup=_open_evaluation,
        may=both(MEMBER, RUNS),
        fill={"outcome": EvaluationOutcome.ADJUST_PROCESS, "outcome_note": NAME},
        probe=lambda c: Evaluation.objects.get(pk=c.kwargs["evaluation_id"]).status,
        expect=EvaluationStatus.CLOSED,
        invalid={"outcome": "onbekend"},
    ),
    Form(
        "reports:workload_add",
        page=lambda c: reverse("reports:workload", kwargs={"team_id": c.kwargs["team_id"]}),
        may=both(can(C.VIEW_TEAM, team=_team), RUNS),
        fill={"meetings_percent": "10", "admin_percent": "15", "training_percent": "5", "note": NAME},
        probe=lambda c: WorkloadRegistration.objects.filter(team_id=c.kwargs["team_id"], note=NAME).count(),
        expect=1,
        invalid={"meetings_percent": "60", "admin_percent": "60"},
    ),
    Form(
        "reports:reflection_add",
        may=MEMBER,
        fill={"effort": FIRST, "what_made_the_difference": f"{NAME}: de school dacht mee"},
        probe=lambda c: Reflection.objects.filter(
            team_id=c.kwargs["team_id"], what_made_the_difference__startswith=NAME
        ).count(),
        expect=1,
        invalid={"case_reference": "BESTAAT-NIET"},
    ),
]
