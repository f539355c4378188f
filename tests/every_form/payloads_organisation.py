"""Entries for organisations, cases, staffing and monitoring (format: see registry.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from accounts.roles import Capability as C
from caseloadwijzer.clock import today
from cases.models import Assignment, Case, CaseType, Norm
from monitoring.models import Agreement, CaseloadMeeting, MeetingSchedule
from organisations.models import Person, Team
from staffing.models import ContractPeriod, Reduction, ReductionReason, Vacancy
from staffing.services import vacancy_create
from tests.every_form.harness import FIRST, SECOND, Ctx, Form, can

NAME = "Formtest"
"""Part of every name the entries type in: it cannot clash with the demo."""


def _team(c: Ctx) -> int:
    return int(c.kwargs["team_id"])


def _case(c: Ctx) -> Case:
    return Case.objects.get(pk=c.kwargs["case_id"])


def _person(c: Ctx) -> Person:
    return Person.objects.get(pk=c.kwargs["person_id"])


def _open_case(c: Ctx) -> dict[str, int]:
    case = Case.objects.filter(organisation=c.organisation, end_date__isnull=True).order_by("pk").first()
    assert case is not None
    return {"case_id": case.pk}


def _first_reason(c: Ctx) -> ReductionReason:
    reason = ReductionReason.objects.filter(organisation=c.organisation).order_by("pk").first()
    assert reason is not None
    return reason


def _sent_item(c: Ctx, model: type[Any]) -> Any:
    """The row the button posted (its hidden ``id``)."""
    return model.objects.get(pk=c.store["sent"]["id"])


def _open_vacancy(c: Ctx) -> None:
    vacancy_create(team=Team.objects.get(pk=c.kwargs["team_id"]), fte=Decimal("0.5"), start_date=today(), note=NAME)


def _meeting_team(c: Ctx) -> int:
    return CaseloadMeeting.objects.get(pk=c.kwargs["meeting_id"]).team_id


def _with_open_agreement(c: Ctx) -> dict[str, int]:
    agreement = Agreement.objects.filter(meeting__team__organisation=c.organisation, done_on__isnull=True).first()
    assert agreement is not None, "the demo has no open agreement"
    return {"meeting_id": agreement.meeting_id}


FORMS = [
    # --- organisations ---
    Form(
        "organisations:team_create",
        may=can(C.MANAGE_ORGANISATION),
        fill={"name": f"Team {NAME}", "margin_percent": "10"},
        probe=lambda c: Team.objects.filter(organisation=c.organisation, name=f"Team {NAME}").count(),
        expect=1,
        invalid={"name": "", "margin_percent": "-3"},
    ),
    Form(
        "organisations:team_edit",
        may=can(C.MANAGE_ORGANISATION, team=_team),
        fill={"name": f"Team {NAME}"},
        probe=lambda c: Team.objects.get(pk=c.kwargs["team_id"]).name,
        expect=f"Team {NAME}",
        invalid={"name": ""},
    ),
    Form(
        "organisations:person_create",
        may=can(C.MANAGE_ORGANISATION),
        fill={
            "name": f"Pim {NAME}",
            "employee_number": "FT-001",
            "function": "jeugdbeschermer",
            "team": FIRST,
            "contract_hours": "32",
            "start_date": "2026-01-05",
        },
        probe=lambda c: Person.objects.filter(
            organisation=c.organisation, name=f"Pim {NAME}", employee_number="FT-001"
        ).count(),
        expect=1,
        invalid={"contract_hours": "abc"},
    ),
    Form(
        "organisations:person_edit",
        may=can(C.MANAGE_ORGANISATION, team=lambda c: _person(c).team_id),
        fill={"contract_hours": "19", "employee_number": "FT-EDIT"},
        probe=lambda c: f"{_person(c).contract_hours.normalize()} {_person(c).employee_number}",
        expect="19 FT-EDIT",
        invalid={"start_date": "31-31-2026"},
    ),
    Form(
        "organisations:logins",
        may=can(C.MANAGE_ORGANISATION),
        fill={"username": "formtest.login", "role": "hr_adviseur", "password": "een-lang-formtest-wachtwoord-26"},
        probe=lambda c: get_user_model().objects.filter(username="formtest.login").count(),
        expect=1,
        invalid={"username": "", "password": "kort"},
    ),
    # --- cases ---
    Form(
        "cases:case_create",
        may=can(C.MANAGE_TEAM),
        fill={"reference": "FORMTEST-1", "team": FIRST, "case_type": FIRST, "start_date": "2026-11-02"},
        probe=lambda c: Case.objects.filter(organisation=c.organisation, reference="FORMTEST-1").count(),
        expect=1,
        invalid={"reference": "Jan Jansen", "start_date": ""},
    ),
    Form(
        "cases:case",
        variant="edit",
        setup=_open_case,
        may=can(C.MANAGE_TEAM, team=lambda c: _case(c).team_id),
        form_with="action=edit",
        fill={"children": "4"},
        probe=lambda c: _case(c).children,
        expect=4,
        invalid={"children": "0"},
    ),
    Form(
        "cases:case",
        variant="assign",
        setup=_open_case,
        may=can(C.MANAGE_TEAM, team=lambda c: _case(c).team_id),
        form_with="action=assign",
        fill={"person": SECOND, "start_date": "2026-11-23", "share_percent": "50"},
        probe=lambda c: Assignment.objects.filter(case_id=c.kwargs["case_id"], share_percent=50).count(),
        expect=1,
        invalid={"share_percent": "150"},
    ),
    Form(
        "cases:case",
        variant="close",
        setup=_open_case,
        may=can(C.MANAGE_TEAM, team=lambda c: _case(c).team_id),
        form_with="action=close",
        fill={"end_date": "2026-11-23"},
        probe=lambda c: str(_case(c).end_date),
        expect="2026-11-23",
        invalid={"end_date": "1990-01-01"},
    ),
    Form(
        "cases:case_types",
        may=can(C.MANAGE_TEAM),
        fill={"code": "formtest", "name": f"{NAME} maatregel"},
        probe=lambda c: CaseType.objects.filter(organisation=c.organisation, code="formtest").count(),
        expect=1,
        invalid={"code": "geen spaties!"},
    ),
    Form(
        "cases:norm_add",
        may=can(C.MANAGE_TEAM),
        fill={"valid_from": "2031-01-01", "per_fte": "17.5", "source": NAME},
        probe=lambda c: Norm.objects.filter(case_type_id=c.kwargs["case_type_id"], source=NAME).count(),
        expect=1,
        invalid={"valid_from": "1990-01-01"},
    ),
    # --- staffing ---
    Form(
        "staffing:reasons",
        may=can(C.MANAGE_TEAM),
        fill=lambda c: {f"r{_first_reason(c).pk}-label": f"{NAME} reden"},
        probe=lambda c: _first_reason(c).label,
        expect=f"{NAME} reden",
        invalid=lambda c: {f"r{_first_reason(c).pk}-max_percent": "500"},
    ),
    Form(
        "staffing:team",
        variant="reduction",
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="form=reduction",
        fill={"person": FIRST, "reason": FIRST, "start_date": "2026-11-23", "note": NAME},
        probe=lambda c: Reduction.objects.filter(person__team_id=c.kwargs["team_id"], note=NAME).count(),
        expect=1,
        invalid={"start_date": "", "percent": "500"},
    ),
    Form(
        "staffing:team",
        variant="ramp",
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="form=ramp",
        fill={"ramp_person": FIRST, "ramp_start": "2026-11-23"},
        probe=lambda c: Reduction.objects.filter(
            person__team_id=c.kwargs["team_id"], start_date="2026-11-23", reason__code="nieuwe_medewerker"
        ).exists(),
        expect=True,
        invalid={"ramp_start": "geen datum"},
    ),
    Form(
        "staffing:team",
        variant="contract",
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="form=contract",
        fill={"contract_person": FIRST, "valid_from": "2026-12-01", "hours": "30.5"},
        probe=lambda c: ContractPeriod.objects.filter(
            person__team_id=c.kwargs["team_id"], valid_from="2026-12-01", hours="30.5"
        ).count(),
        expect=1,
        invalid={"hours": "99"},
    ),
    Form(
        "staffing:team",
        variant="vacancy",
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="form=vacancy",
        fill={"fte": "1.25", "vacancy_start": "2026-11-23", "vacancy_note": NAME},
        probe=lambda c: Vacancy.objects.filter(team_id=c.kwargs["team_id"], note=NAME).count(),
        expect=1,
        invalid={"fte": "0"},
    ),
    Form(
        "staffing:team",
        variant="end_reduction",
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="form=end_reduction",
        fill={},
        probe=lambda c: _sent_item(c, Reduction).end_date == max(today(), _sent_item(c, Reduction).start_date),
        expect=True,
        no_invalid="a button on one reduction: no fields to get wrong",
    ),
    Form(
        "staffing:team",
        variant="fill_vacancy",
        setup=_open_vacancy,
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="form=fill_vacancy",
        fill={},
        probe=lambda c: _sent_item(c, Vacancy).end_date,
        expect=lambda before: today(),
        no_invalid="a button on one vacancy: no fields to get wrong",
    ),
    # --- monitoring ---
    Form(
        "monitoring:meetings",
        variant="meeting",
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="inflow_discussed",
        fill={"date": "2026-11-23", "attendees": [FIRST, SECOND], "inflow_discussed": NAME},
        probe=lambda c: CaseloadMeeting.objects.filter(team_id=c.kwargs["team_id"], inflow_discussed=NAME).count(),
        expect=1,
        invalid={"date": ""},
    ),
    Form(
        "monitoring:meetings",
        variant="schedule",
        may=can(C.MANAGE_TEAM, team=_team),
        form_with="every_weeks",
        fill={"every_weeks": "3"},
        probe=lambda c: MeetingSchedule.objects.filter(team_id=c.kwargs["team_id"]).values_list("every_weeks").first(),
        expect=(3,),
        invalid={"every_weeks": "0"},
    ),
    Form(
        "monitoring:meeting",
        variant="agreement",
        may=can(C.MANAGE_TEAM, team=_meeting_team),
        form_with="text",
        fill={"text": f"{NAME}: de instroom volgen", "owner": FIRST},
        probe=lambda c: Agreement.objects.filter(meeting_id=c.kwargs["meeting_id"], text__startswith=NAME).count(),
        expect=1,
        invalid={"text": "", "due_date": "morgen"},
    ),
    Form(
        "monitoring:meeting",
        variant="done",
        setup=_with_open_agreement,
        may=can(C.MANAGE_TEAM, team=_meeting_team),
        form_with="done",
        fill={},
        probe=lambda c: Agreement.objects.filter(meeting_id=c.kwargs["meeting_id"], done_on__isnull=True).count(),
        expect=lambda before: before - 1,
        no_invalid="a button on one agreement: no fields to get wrong",
    ),
]
