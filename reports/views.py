from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import (
    capability_required,
    current_user,
    get_access,
    get_scoped_or_404,
    get_team_for_user,
    organisation_of,
    teams_for_user,
)
from accounts.roles import Capability as C
from caseloadwijzer import clock
from caseloadwijzer.forms import save_through_service
from exports.tables import Column, ExportTable, export_response, requested_format
from organisations.models import Team
from reports import exports, selectors, services
from reports.forms import (
    EvaluationAnswerForm,
    EvaluationCloseForm,
    EvaluationForm,
    PeriodForm,
    ReflectionForm,
    WorkloadForm,
)
from reports.models import Evaluation, EvaluationParticipation
from reports.summary import Summary, build_summary, default_period

# Views that a team's own members (professionals) reach besides those with VIEW_TEAM.
MEMBER_CAPABILITIES = (C.VIEW_TEAM, C.VIEW_OWN)


def _in_team(request: HttpRequest, team: Team) -> bool:
    """The user holds a role on this team, or is one of its members."""
    access = get_access(request)
    if any(role_team == team.id for _role, role_team in access.roles):
        return True
    return access.person_id is not None and team.members.filter(pk=access.person_id).exists()


def _can_run(request: HttpRequest, team: Team) -> bool:
    access = get_access(request)
    return access.can(C.MANAGE_TEAM, team.id) or access.can(C.FACILITATE, team.id)


def _team_for_member(request: HttpRequest, team_id: int) -> Team:
    team = get_scoped_or_404(request, Team.objects.all(), pk=team_id)
    if not (get_access(request).can(C.VIEW_TEAM, team.id) or _in_team(request, team)):
        raise PermissionDenied
    return team


def _evaluation_for_member(request: HttpRequest, evaluation_id: int) -> Evaluation:
    evaluation = get_scoped_or_404(
        request, Evaluation.objects.select_related("team", "bandwidth"), "team__organisation", pk=evaluation_id
    )
    if not (get_access(request).can(C.VIEW_TEAM, evaluation.team_id) or _in_team(request, evaluation.team)):
        raise PermissionDenied
    return evaluation


@capability_required(C.VIEW_REPORTS, C.VIEW_OWN)
def index(request: HttpRequest) -> HttpResponseBase:
    access = get_access(request)
    today = clock.today()
    team_teams = teams_for_user(request, C.VIEW_TEAM)
    member_teams = [t for t in teams_for_user(request, C.VIEW_OWN) if _in_team(request, t)]
    visible_teams = list(team_teams) + [t for t in member_teams if t not in team_teams]
    run_teams = [t for t in teams_for_user(request, C.VIEW_TEAM) if _can_run(request, t)]
    if fmt := requested_format(request):
        evaluations = selectors.evaluations_for(Team.objects.filter(id__in=[t.id for t in visible_teams]))
        return export_response(_evaluations_table(evaluations), fmt)
    return render(
        request,
        "reports/index.html",
        {
            "can_summary": access.can_anywhere(C.VIEW_REPORTS),
            "evaluations": selectors.evaluations_for(Team.objects.filter(id__in=[t.id for t in visible_teams])),
            "to_answer": selectors.open_evaluations_to_answer(
                [t for t in visible_teams if _in_team(request, t)], request.user, today
            ),
            "workload_teams": visible_teams,
            "can_create": bool(run_teams),
            "reminders": selectors.reminders(run_teams, today) if run_teams else [],
            "default_period": default_period(today),
        },
    )


def _summary(request: HttpRequest) -> tuple[PeriodForm, Summary | None]:
    start, end = default_period(clock.today())
    form = PeriodForm(request.GET or {"start": start.isoformat(), "end": end.isoformat()})
    if not form.is_valid():
        return form, None
    teams = teams_for_user(request, C.VIEW_REPORTS).select_related("organisation")
    summary = build_summary(organisation_of(request), teams, form.cleaned_data["start"], form.cleaned_data["end"])
    return form, summary


@capability_required(C.VIEW_REPORTS)
def hr_summary(request: HttpRequest) -> HttpResponse:
    form, summary = _summary(request)
    return render(
        request,
        "reports/hr_summary.html",
        {"form": form, "summary": summary, "query": request.GET.urlencode()},
        status=200 if summary is not None or not request.GET else 400,
    )


@capability_required(C.VIEW_REPORTS)
def hr_summary_pdf(request: HttpRequest) -> HttpResponse:
    _form, summary = _summary(request)
    if summary is None:
        return redirect("reports:hr_summary")
    response = HttpResponse(exports.summary_pdf(request, summary), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(summary, "pdf")}"'
    return response


@capability_required(C.VIEW_REPORTS)
def hr_summary_xlsx(request: HttpRequest) -> HttpResponse:
    _form, summary = _summary(request)
    if summary is None:
        return redirect("reports:hr_summary")
    response = HttpResponse(
        exports.summary_xlsx(summary),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(summary, "xlsx")}"'
    return response


@capability_required(C.MANAGE_TEAM, C.FACILITATE)
def evaluation_create(request: HttpRequest) -> HttpResponse:
    teams = Team.objects.filter(id__in=[t.id for t in teams_for_user(request, C.VIEW_TEAM) if _can_run(request, t)])
    if not teams.exists():
        raise PermissionDenied
    today = clock.today()
    start, end = default_period(today)
    initial = {"period_start": start, "period_end": end, "opens_on": today, "closes_on": today + dt.timedelta(days=14)}
    form = EvaluationForm(request.POST or None, teams=teams, initial=initial)
    created: list[Evaluation] = []
    if request.method == "POST" and save_through_service(
        form,
        lambda: created.append(
            services.evaluation_create(**{k: v for k, v in form.cleaned_data.items()}, created_by=request.user)
        ),
    ):
        messages.success(request, _("The evaluation has been planned; the team sees it on its evaluation date."))
        return redirect("reports:evaluation", evaluation_id=created[0].id)
    return render(request, "reports/form.html", {"form": form, "title": _("Plan an evaluation")})


@capability_required(*MEMBER_CAPABILITIES)
def evaluation(request: HttpRequest, evaluation_id: int) -> HttpResponseBase:
    evaluation = _evaluation_for_member(request, evaluation_id)
    result = selectors.evaluation_result(evaluation)
    period = build_summary(
        evaluation.team.organisation, [evaluation.team], evaluation.period_start, evaluation.period_end
    ).teams[0]
    today = clock.today()
    answered = EvaluationParticipation.objects.filter(evaluation=evaluation, user=current_user(request)).exists()
    if fmt := requested_format(request):
        if not result.shown:  # below the threshold there are no figures to download, as on the page
            raise Http404
        return export_response(_evaluation_result_table(evaluation.title, result), fmt)
    return render(
        request,
        "reports/evaluation.html",
        {
            "evaluation": evaluation,
            "result": result,
            "period": period,
            "can_answer": evaluation.is_open
            and evaluation.opens_on <= today <= evaluation.closes_on
            and not answered
            and _in_team(request, evaluation.team),
            "answered": answered,
            "can_close": evaluation.is_open and _can_run(request, evaluation.team),
        },
    )


@capability_required(*MEMBER_CAPABILITIES)
def evaluation_answer(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = _evaluation_for_member(request, evaluation_id)
    if not _in_team(request, evaluation.team):
        raise PermissionDenied
    today = clock.today()
    is_open = evaluation.is_open and evaluation.opens_on <= today <= evaluation.closes_on
    form = EvaluationAnswerForm(request.POST or None)
    if request.method == "POST" and save_through_service(
        form,
        lambda: services.evaluation_answer(evaluation=evaluation, user=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Thank you. Your answer has been saved without your name."))
        return redirect("reports:evaluation", evaluation_id=evaluation.id)
    return render(
        request,
        "reports/evaluation_answer.html",
        {
            "form": form,
            "evaluation": evaluation,
            "is_open": is_open,
            "threshold": selectors.evaluation_result(evaluation).people_needed,
        },
    )


@capability_required(C.MANAGE_TEAM, C.FACILITATE)
def evaluation_close(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = _evaluation_for_member(request, evaluation_id)
    if not _can_run(request, evaluation.team):
        raise PermissionDenied
    form = EvaluationCloseForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and save_through_service(
        form, lambda: services.evaluation_close(evaluation=evaluation, **form.cleaned_data)
    ):
        messages.success(request, _("The evaluation has been closed with its outcome."))
        return redirect("reports:evaluation", evaluation_id=evaluation.id)
    return render(
        request, "reports/form.html", {"form": form, "title": _("Record the outcome"), "evaluation": evaluation}
    )


@capability_required(*MEMBER_CAPABILITIES)
def workload(request: HttpRequest, team_id: int) -> HttpResponseBase:
    team = _team_for_member(request, team_id)
    today = clock.today()
    start, end = default_period(today)
    summary = build_summary(team.organisation, [team], start, end).teams[0]
    can_register = _can_run(request, team)
    if fmt := requested_format(request):
        return export_response(_workload_table(team.name, selectors.workload_rows(team)), fmt)
    return render(
        request,
        "reports/workload.html",
        {
            "team": team,
            "period": summary,
            "rows": selectors.workload_rows(team),
            "reflections": selectors.reflections_for(team),
            "workload_form": WorkloadForm(initial={"period_start": start, "period_end": end}) if can_register else None,
            "reflection_form": ReflectionForm(team=team),
        },
    )


@capability_required(C.MANAGE_TEAM, C.FACILITATE)
def workload_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request, team_id, C.VIEW_TEAM)
    if not _can_run(request, team):
        raise PermissionDenied
    form = WorkloadForm(request.POST or None)
    if request.method == "POST" and save_through_service(
        form, lambda: services.workload_register(team=team, created_by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The indirect time has been registered."))
        return redirect("reports:workload", team_id=team.id)
    return render(request, "reports/form.html", {"form": form, "title": _("Register indirect time")})


@capability_required(*MEMBER_CAPABILITIES)
def reflection_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team_for_member(request, team_id)
    form = ReflectionForm(request.POST or None, team=team)
    if request.method == "POST" and save_through_service(
        form,
        lambda: services.reflection_add(
            team=team,
            case=form.cleaned_data["case_reference"],
            effort=form.cleaned_data["effort"],
            what_made_the_difference=form.cleaned_data["what_made_the_difference"],
            lesson=form.cleaned_data["lesson"],
            recorded_on=form.cleaned_data["recorded_on"],
            created_by=request.user,
        ),
    ):
        messages.success(request, _("The reflection has been added to the team's log."))
        return redirect("reports:workload", team_id=team.id)
    return render(request, "reports/form.html", {"form": form, "title": _("Reflect on a case that stood out")})


def _evaluations_table(evaluations: Any) -> ExportTable:
    """The evaluations list (titles, dates, status and the team's conclusion; never individual answers)."""
    return ExportTable(
        title=_("Evaluations"),
        filename="evaluaties",
        rows=evaluations,
        columns=[
            Column(_("Evaluation"), lambda e: e.title),
            Column(_("Team"), lambda e: e.team.name),
            Column(_("Evaluation date"), lambda e: e.opens_on),
            Column(_("Answers until"), lambda e: e.closes_on),
            Column(_("Status"), lambda e: str(e.get_status_display())),
            Column(_("Outcome"), lambda e: str(e.get_outcome_display())),
        ],
    )


def _workload_table(team_name: str, rows: Any) -> ExportTable:
    """The team's indirect time registrations, as on the page (team estimates, not per person)."""
    return ExportTable(
        title=_("Indirect time"),
        filename=f"indirecte-tijd-{team_name}",
        rows=rows,
        columns=[
            Column(_("Period from"), lambda r: r["registration"].period_start),
            Column(_("Period until"), lambda r: r["registration"].period_end),
            Column(_("Consultation (%)"), lambda r: r["registration"].meetings_percent),
            Column(_("Administration (%)"), lambda r: r["registration"].admin_percent),
            Column(_("Training (%)"), lambda r: r["registration"].training_percent),
            Column(_("Projects (%)"), lambda r: r["registration"].projects_percent),
            Column(_("Indirect in total (%)"), lambda r: r["indirect"]),
            Column(_("Left for cases (%)"), lambda r: r["direct"]),
            Column(_("Note"), lambda r: r["registration"].note),
        ],
    )


def _evaluation_result_table(title: str, result: Any) -> ExportTable:
    """The counts per answer of an evaluation (aggregates only; free-text answers stay on the page)."""
    band = _("Does the band fit our work?")
    meetings = _("Did the caseload meetings help us share the caseload?")
    rows = [(band, label, n) for _code, label, n in result.band_fit]
    rows += [(meetings, label, n) for _value, label, n in result.meetings_spread]
    return ExportTable(
        title=_("Evaluation"),
        filename=f"evaluatie-{title}",
        rows=rows,
        columns=[
            Column(_("Question"), lambda r: str(r[0])),
            Column(_("Answer"), lambda r: str(r[1])),
            Column(_("Number"), lambda r: r[2]),
        ],
    )
