from __future__ import annotations

import datetime as dt
import math

import numpy as np
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import (
    capability_required,
    get_access,
    get_person_for_user,
    get_scoped_or_404,
    get_team_for_user,
    organisation_of,
    teams_for_user,
)
from accounts.roles import Capability as C
from caseload_core.whatif import what_if_new_case
from caseloadwijzer import clock
from cases.models import Norm
from exports.tables import export_response, requested_format
from monitoring import presenters, services, tables
from monitoring.forms import AgreementForm, MeetingForm, ScheduleForm, WhatIfForm
from monitoring.models import Agreement, CaseloadMeeting, MeetingSchedule
from monitoring.selectors import person_figures, team_figures, teams_figures

MIN_GROUP = 3
"""Aggregates of fewer people than this are not shown to aggregate-only roles (the works council)."""


@capability_required(C.VIEW_TEAM, C.VIEW_OWN, C.VIEW_ORGANISATION, C.VIEW_AGGREGATES)
def index(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    teams = list(teams_for_user(request, C.VIEW_TEAM)) if access.can_anywhere(C.VIEW_TEAM) else []
    if len(teams) == 1 and not access.can_anywhere(C.VIEW_ORGANISATION):
        return redirect("monitoring:team", team_id=teams[0].id)
    if not teams and access.person_id and not access.can_anywhere(C.VIEW_AGGREGATES):
        return redirect("monitoring:person", person_id=access.person_id)
    return render(
        request,
        "monitoring/index.html",
        {
            "teams": teams,
            "own_person_id": access.person_id if access.can_anywhere(C.VIEW_OWN) else None,
            "can_compare": access.can_anywhere(C.VIEW_ORGANISATION) or access.can_anywhere(C.VIEW_AGGREGATES),
        },
    )


@capability_required(C.VIEW_TEAM)
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request, team_id)
    period = presenters.period_from_request(request)
    figures = team_figures(team, start=period.start, end=period.end)
    sort = request.GET.get("sort", "name")
    descending = request.GET.get("dir") == "desc"
    rows = presenters.member_rows(figures, sort, descending)
    if fmt := requested_format(request):
        if request.GET.get("tabel") == "weken":
            return export_response(tables.team_weeks_table(team.name, figures), fmt)
        if request.GET.get("tabel") == "inzetbaarheid":
            return export_response(tables.non_deployable_table(team.name, presenters.reduction_rows(figures)), fmt)
        return export_response(tables.member_table(team.name, rows), fmt)
    charts = {m.person_id: presenters.person_chart(m.figures, figures.mondays, m.name) for m in figures.members}
    for row in rows:
        row["chart"] = charts[row["person_id"]]
    params = request.GET.copy()
    for key in ("sort", "dir", "part"):
        params.pop(key, None)
    context = {
        "team": team,
        "base_query": params.urlencode(),
        "period": period,
        "period_choices": presenters.PERIOD_CHOICES,
        "figures": figures,
        "rows": rows,
        "sort": sort,
        "descending": descending,
        "sort_keys": presenters.SORT_KEYS,
        "total": presenters.summary(figures.team, figures.mondays),
        "charts": presenters.team_charts(figures),
        "weeks": presenters.weekly_table(figures),
        "non_deployable": presenters.reduction_rows(figures),
        "margin_percent": team.margin_percent,
        "can_manage": get_access(request).can(C.MANAGE_TEAM, team.id),
        "open_agreements": services.open_agreements(team),
    }
    if request.htmx and request.GET.get("part") == "members":  # type: ignore[attr-defined]
        return render(request, "monitoring/team.html#members", context)
    return render(request, "monitoring/team.html", context)


@capability_required(C.VIEW_TEAM, C.VIEW_OWN)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request, person_id)
    period = presenters.period_from_request(request)
    figures = person_figures(person, start=period.start, end=period.end)
    mondays = figures.mondays
    if fmt := requested_format(request):
        return export_response(tables.person_weeks_table(person.name, figures.figures, mondays), fmt)
    return render(
        request,
        "monitoring/person.html",
        {
            "person": person,
            "period": period,
            "period_choices": presenters.PERIOD_CHOICES,
            "figures": figures,
            "total": presenters.summary(figures.figures, mondays),
            "chart": presenters.person_chart(figures.figures, mondays, person.name),
            "weeks": presenters.person_weeks(figures.figures, mondays),
            "margin_percent": round(figures.margin * 100),
        },
    )


@capability_required(C.VIEW_ORGANISATION, C.VIEW_AGGREGATES)
def organisation(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    access = get_access(request)
    full = access.can_anywhere(C.VIEW_ORGANISATION)
    period = presenters.period_from_request(request)
    teams = list(teams_for_user(request, C.VIEW_ORGANISATION) if full else organisation.teams.all())
    for t in teams:
        t.organisation = organisation
    all_figures = teams_figures(teams, start=period.start, end=period.end)
    rows = []
    for t in teams:
        f = all_figures[t.id]
        n = len(f.members)
        summary = presenters.summary(f.team, f.mondays)
        outside = sum(1 for m in f.members if bool(m.figures.outside[-1]))
        suppressed = not full and n < MIN_GROUP
        rows.append(
            {
                "team": t,
                "members": n,
                "suppressed": suppressed,
                "outside": None if suppressed or not full else outside,
                "inflow": float(f.team.inflow.sum()),
                "outflow": float(f.team.outflow.sum()),
                **({} if suppressed else summary),
            }
        )
    if fmt := requested_format(request):
        return export_response(tables.organisation_table(rows, full=full), fmt)
    return render(
        request,
        "monitoring/organisation.html",
        {
            "organisation": organisation,
            "rows": rows,
            "period": period,
            "full": full,
            "period_choices": presenters.PERIOD_CHOICES,
            "min_group": MIN_GROUP,
        },
    )


@capability_required(C.VIEW_TEAM)
def what_if(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request, team_id)
    form = WhatIfForm(request.GET or None, team=team)
    rows = []
    case_type = None
    if form.is_bound and form.is_valid():
        case_type = form.cleaned_data["case_type"]
        share = form.cleaned_data["share"] / 100
        today = clock.today()
        figures = team_figures(team, start=today, end=today)
        norm = Norm.objects.filter(case_type=case_type, valid_from__lte=today).order_by("-valid_from").first()
        per = norm.first_year_per_fte or norm.per_fte if norm else None
        weight = 1 / float(per) if per else float("nan")
        members = figures.members
        last = [m.figures for m in members]
        result = what_if_new_case(
            count=np.array([f.count[-1] for f in last]),
            weighted=np.array([f.weighted[-1] for f in last]),
            deployable_fte=np.array([f.deployable_fte[-1] for f in last]),
            band_lower=np.array([f.band_lower[-1] for f in last]),
            band_upper=np.array([f.band_upper[-1] for f in last]),
            case_weight=weight,
            margin=figures.margin,
            share=share,
        )

        def pct(v: float) -> float | None:
            return float(v) * 100 if math.isfinite(float(v)) else None

        for i, m in enumerate(members):
            f = last[i]
            has_band = math.isfinite(float(f.band_lower[-1]))
            deployable = float(f.deployable_fte[-1])
            band_with, deviation_with = pct(result.band_deviation[i]), pct(result.deviation[i])
            if deployable <= 0:
                code = "absent"
            elif not bool(result.outside[i]):
                code = "ok"
            else:
                code = "high" if ((band_with or 0) > 0 if has_band else (deviation_with or 0) > 0) else "low"
            # Room: how far below the upper bound (or the norm) the member would be with the case.
            if has_band:
                room = float(f.band_upper[-1]) - float(result.count[i])
            elif deviation_with is not None:
                room = -deviation_with
            else:
                room = float("-inf")
            rows.append(
                {
                    "person_id": m.person_id,
                    "name": m.name,
                    "count": float(f.count[-1]),
                    "count_with": float(result.count[i]),
                    "deployable": deployable,
                    "deviation": pct(f.deviation[-1]),
                    "deviation_with": deviation_with,
                    "band": (float(f.band_lower[-1]), float(f.band_upper[-1])) if has_band else None,
                    "band_deviation_with": band_with,
                    "signal": code,
                    "signal_label": presenters.signal_label(code),
                    "room": room if code != "absent" else float("-inf"),
                }
            )
        rows.sort(key=lambda r: -r["room"])
        if fmt := requested_format(request):
            return export_response(tables.what_if_table(team.name, case_type.name, rows), fmt)
    context = {"team": team, "form": form, "rows": rows, "case_type": case_type, "margin_percent": team.margin_percent}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "monitoring/what_if.html#result", context)
    return render(request, "monitoring/what_if.html", context)


@capability_required(C.VIEW_TEAM)
def meetings(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request, team_id)
    can_manage = get_access(request).can(C.MANAGE_TEAM, team.id)
    schedule = MeetingSchedule.objects.filter(team=team).first()
    form = MeetingForm(request.POST or None, team=team, initial={"date": clock.today()})
    schedule_form = ScheduleForm(instance=schedule)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if "every_weeks" in request.POST:
            schedule_form = ScheduleForm(request.POST, instance=schedule)
            if schedule_form.is_valid():
                services.schedule_set(team=team, every_weeks=schedule_form.cleaned_data["every_weeks"])
                messages.success(request, _("The meeting schedule has been saved."))
                return redirect("monitoring:meetings", team_id=team.id)
        elif form.is_valid():
            try:
                meeting = services.meeting_create(team=team, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The meeting has been recorded with a snapshot of today's figures."))
                return redirect("monitoring:meeting", meeting_id=meeting.id)
    items = CaseloadMeeting.objects.filter(team=team).prefetch_related("agreements")
    if request.method == "GET" and (fmt := requested_format(request)):
        return export_response(tables.meetings_table(team.name, items), fmt)
    next_date = None
    last = items.first()
    if schedule and last:
        next_date = last.date + dt.timedelta(weeks=schedule.every_weeks)
    return render(
        request,
        "monitoring/meetings.html",
        {
            "team": team,
            "meetings": items,
            "form": form,
            "schedule": schedule,
            "schedule_form": schedule_form,
            "next_date": next_date,
            "open_agreements": services.open_agreements(team),
            "can_manage": can_manage,
        },
    )


def _labelled(snapshot: dict) -> dict:  # type: ignore[type-arg]
    """The frozen snapshot with signal labels in the reader's language (the figures themselves stay frozen)."""

    def label(row: dict) -> dict:  # type: ignore[type-arg]
        return {**row, "signal_label": presenters.signal_label(row.get("signal", "ok"))}

    out = dict(snapshot)
    out["members"] = [label(m) for m in snapshot.get("members", [])]
    if snapshot.get("team"):
        out["team"] = label(snapshot["team"])
    return out


@capability_required(C.VIEW_TEAM)
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    item = get_scoped_or_404(
        request,
        CaseloadMeeting.objects.select_related("team").prefetch_related(
            "attendees", Prefetch("agreements", queryset=Agreement.objects.select_related("owner"))
        ),
        path="team__organisation",
        pk=meeting_id,
    )
    team = get_team_for_user(request, item.team_id)
    can_manage = get_access(request).can(C.MANAGE_TEAM, team.id)
    form = AgreementForm(request.POST or None, team=team)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if "done" in request.POST:
            agreement = get_scoped_or_404(
                request,
                Agreement.objects.filter(meeting__team=team),
                path="meeting__team__organisation",
                pk=request.POST.get("done"),
            )
            services.agreement_done(agreement=agreement, on=clock.today())
            messages.success(request, _("The agreement is marked as done."))
            return redirect("monitoring:meeting", meeting_id=item.id)
        if form.is_valid():
            try:
                services.agreement_add(meeting=item, **form.cleaned_data)
            except ValidationError as error:
                for field, errs in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The agreement has been added."))
                return redirect("monitoring:meeting", meeting_id=item.id)
    if request.method == "GET" and (fmt := requested_format(request)):
        return export_response(tables.snapshot_table(str(item), _labelled(item.snapshot)), fmt)
    earlier_open = [
        a for a in services.open_agreements(team) if a.meeting_id != item.id and a.meeting.date <= item.date
    ]
    return render(
        request,
        "monitoring/meeting.html",
        {
            "meeting": item,
            "team": team,
            "snapshot": _labelled(item.snapshot),
            "form": form,
            "can_manage": can_manage,
            "earlier_open": earlier_open,
        },
    )
