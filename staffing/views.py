from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import (
    capability_required,
    get_access,
    get_scoped_or_404,
    get_team_for_user,
    organisation_of,
    teams_for_user,
)
from accounts.roles import Capability as C
from caseloadwijzer import clock
from exports.tables import Column, ExportTable, export_response, requested_format
from monitoring.presenters import PERIOD_CHOICES, period_from_request, team_charts
from monitoring.selectors import team_figures
from staffing import services
from staffing.forms import ContractForm, RampForm, ReasonForm, ReductionForm, VacancyForm
from staffing.models import Reduction, ReductionReason, Vacancy


def _save(form: forms.BaseForm, write: Callable[[], object], rename: dict[str, str] | None = None) -> bool:
    """Run a service with the form's data; map its validation errors back onto the form's fields."""
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errs in error.error_dict.items():
                name = (rename or {}).get(field, field)
                form.add_error(name if name in form.fields else None, errs)
        else:
            form.add_error(None, error)
        return False
    return True


@capability_required(C.MANAGE_TEAM, C.VIEW_TEAM)
def index(request: HttpRequest) -> HttpResponse:
    teams = list(teams_for_user(request, C.VIEW_TEAM))
    if len(teams) == 1:
        return redirect("staffing:team", team_id=teams[0].id)
    return render(request, "staffing/index.html", {"teams": teams})


@capability_required(C.MANAGE_TEAM, C.VIEW_TEAM)
def team(request: HttpRequest, team_id: int) -> HttpResponseBase:
    team = get_team_for_user(request, team_id)
    can_manage = get_access(request).can(C.MANAGE_TEAM, team.id)
    today = clock.today()
    form_name = request.POST.get("form")
    data = request.POST if request.method == "POST" else None
    reduction = ReductionForm(data if form_name == "reduction" else None, team=team, initial={"start_date": today})
    ramp = RampForm(data if form_name == "ramp" else None, team=team, initial={"ramp_start": today})
    contract = ContractForm(data if form_name == "contract" else None, team=team, initial={"valid_from": today})
    vacancy = VacancyForm(data if form_name == "vacancy" else None, initial={"vacancy_start": today})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        done = False
        if form_name == "reduction":
            done = _save(reduction, lambda: services.reduction_add(**reduction.cleaned_data))
        elif form_name == "ramp":
            done = _save(
                ramp,
                lambda: services.new_employee_ramp(
                    person=ramp.cleaned_data["ramp_person"], start_date=ramp.cleaned_data["ramp_start"]
                ),
            )
        elif form_name == "contract":
            c = contract
            done = _save(
                c,
                lambda: services.contract_change(
                    person=c.cleaned_data["contract_person"],
                    valid_from=c.cleaned_data["valid_from"],
                    hours=c.cleaned_data["hours"],
                ),
            )
        elif form_name == "vacancy":
            v = vacancy
            done = _save(
                v,
                lambda: services.vacancy_create(
                    team=team,
                    fte=v.cleaned_data["fte"],
                    start_date=v.cleaned_data["vacancy_start"],
                    note=v.cleaned_data["vacancy_note"],
                ),
                {"start_date": "vacancy_start"},
            )
        elif form_name == "end_reduction":
            item = get_scoped_or_404(
                request, Reduction.objects.filter(person__team=team), "person__organisation", pk=request.POST.get("id")
            )
            services.reduction_end(reduction=item, end_date=max(today, item.start_date))
            done = True
        elif form_name == "fill_vacancy":
            open_vacancy = get_scoped_or_404(
                request, Vacancy.objects.filter(team=team), "team__organisation", pk=request.POST.get("id")
            )
            services.vacancy_fill(vacancy=open_vacancy, end_date=max(today, open_vacancy.start_date))
            done = True
        if done:
            messages.success(request, _("The formation has been saved."))
            return redirect("staffing:team", team_id=team.id)
    period = period_from_request(request)
    figures = team_figures(team, start=period.start, end=period.end)
    reductions = (
        Reduction.objects.filter(person__team=team)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today - dt.timedelta(weeks=13)))
        .select_related("person", "reason")
        .order_by("-start_date")
    )
    vacancies = Vacancy.objects.filter(team=team).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    weeks: list[dict[str, Any]] = []
    labels = [label for label, values in figures.reduction_fte.items() if values.any()]
    for k, monday in enumerate(figures.mondays):
        weeks.append(
            {
                "monday": monday,
                "contracted": float(figures.team.contracted_fte[k]),
                "deployable": float(figures.team.deployable_fte[k]),
                "reasons": [float(figures.reduction_fte[label][k]) for label in labels],
                "vacancies": float(figures.vacancy_fte[k]),
            }
        )
    members = [
        {
            "id": m.person_id,
            "name": m.name,
            "contracted": float(m.figures.contracted_fte[-1]),
            "deployable": float(m.figures.deployable_fte[-1]),
        }
        for m in figures.members
    ]
    if fmt := requested_format(request):
        return export_response(
            _formation_table(request.GET.get("tabel"), team.name, labels, weeks, members, reductions), fmt
        )
    return render(
        request,
        "staffing/team.html",
        {
            "team": team,
            "can_manage": can_manage,
            "period": period,
            "period_choices": PERIOD_CHOICES,
            "chart": team_charts(figures)["formation"],
            "labels": labels,
            "weeks": weeks,
            "members": members,
            "reductions": reductions,
            "vacancies": vacancies,
            "reduction_form": reduction,
            "ramp_form": ramp,
            "contract_form": contract,
            "vacancy_form": vacancy,
            "today": today,
        },
    )


def _formation_table(
    key: str | None,
    team_name: str,
    labels: list[str],
    weeks: list[dict[str, Any]],
    members: list[dict[str, Any]],
    reductions: Any,
) -> ExportTable:
    """One of the formation page's three tables as a download (``tabel``: weken, leden or verminderingen)."""
    if key == "leden":
        return ExportTable(
            title=_("Members now"),
            filename=f"formatie-leden-{team_name}",
            rows=members,
            columns=[
                Column(_("Name"), lambda m: m["name"]),
                Column(_("Contracted FTE"), lambda m: round(m["contracted"], 2)),
                Column(_("Deployable FTE"), lambda m: round(m["deployable"], 2)),
            ],
        )
    if key == "verminderingen":
        return ExportTable(
            title=_("Reductions"),
            filename=f"verminderingen-{team_name}",
            rows=reductions,
            columns=[
                Column(_("Person"), lambda r: r.person.name),
                Column(_("Reason"), lambda r: r.reason.label),
                Column(_("Percentage"), lambda r: r.percent),
                Column(_("From"), lambda r: r.start_date),
                Column(_("Through"), lambda r: r.end_date),
                Column(_("Note"), lambda r: r.note),
            ],
        )
    reason_columns = [Column(label, lambda w, k=k: round(w["reasons"][k], 2)) for k, label in enumerate(labels)]  # type: ignore[misc]  # mypy cannot type a lambda whose default binds the loop variable
    return ExportTable(
        title=_("FTE per week"),
        filename=f"formatie-per-week-{team_name}",
        rows=weeks,
        columns=[
            Column(_("Week of"), lambda w: w["monday"]),
            Column(_("Contracted FTE"), lambda w: round(w["contracted"], 2)),
            Column(_("Deployable FTE"), lambda w: round(w["deployable"], 2)),
            *reason_columns,
            Column(_("Vacancies"), lambda w: round(w["vacancies"], 2)),
        ],
    )


@capability_required(C.MANAGE_TEAM)
def reasons(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    items = list(ReductionReason.objects.filter(organisation=organisation))
    forms_ = [
        ReasonForm(request.POST if request.method == "POST" else None, instance=r, prefix=f"r{r.id}") for r in items
    ]
    if request.method == "POST":
        ok = True
        with transaction.atomic():  # all reasons or none
            for form, reason in zip(forms_, items, strict=True):
                ok &= _save(
                    form,
                    lambda f=form, r=reason: services.reduction_reason_update(  # type: ignore[misc]  # mypy cannot type a lambda whose default binds the loop variable
                        reason=r,
                        label=f.cleaned_data["label"],
                        default_percent=f.cleaned_data["default_percent"],
                        max_percent=f.cleaned_data["max_percent"],
                    ),
                )
            if not ok:
                transaction.set_rollback(True)
        if ok:
            messages.success(request, _("The reduction reasons have been saved."))
            return redirect("staffing:reasons")
    return render(request, "staffing/reasons.html", {"forms": forms_})
