from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
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
from caseload_core.deviation import ABOVE, BELOW, signal_counts
from caseload_core.now import CASES_WITHOUT_NORM
from caseload_core.privacy import MIN_GROUP, too_small  # aggregates of fewer people are not shown
from caseload_core.whatif import new_case_weight, what_if_new_case
from caseloadwijzer import clock
from exports.tables import export_response, requested_format
from monitoring import presenters, services, tables
from monitoring.forms import AgreementForm, MeetingForm, ScheduleForm, WhatIfForm
from monitoring.models import Agreement, CaseloadMeeting, MeetingSchedule
from monitoring.selectors import (
    case_types_without_norm,
    norm_in_force,
    person_figures,
    team_figures,
    team_headcounts,
    teams_figures,
)


def _percent(fraction: float) -> float | None:
    """A fraction as a percentage for the template; None (a dash) where it is not a number."""
    return fraction * 100 if math.isfinite(fraction) else None


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
def team(request: HttpRequest, team_id: int) -> HttpResponseBase:
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
        "total": presenters.summary(figures.now, figures.team),
        "headcount": team_headcounts([team], period.end)[team.id],
        "counted": len(figures.counted),
        "signals": signal_counts([m.now.signal for m in figures.counted]),
        "types_without_norm": case_types_without_norm(team, period.end) if not figures.now.has_norm else [],
        "is_today": period.end == clock.today(),
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
def person(request: HttpRequest, person_id: int) -> HttpResponseBase:
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
            "total": presenters.summary(figures.now, figures.figures),
            "is_today": period.end == clock.today(),
            "chart": presenters.person_chart(figures.figures, mondays, person.name),
            "weeks": presenters.person_weeks(figures.figures, mondays),
            "margin_percent": round(figures.margin * 100),
        },
    )


@capability_required(C.VIEW_ORGANISATION, C.VIEW_AGGREGATES)
def organisation(request: HttpRequest) -> HttpResponseBase:
    organisation = organisation_of(request)
    access = get_access(request)
    full = access.can_anywhere(C.VIEW_ORGANISATION)
    period = presenters.period_from_request(request)
    teams = list(teams_for_user(request, C.VIEW_ORGANISATION) if full else organisation.teams.all())
    for t in teams:
        t.organisation = organisation
    all_figures = teams_figures(teams, start=period.start, end=period.end)
    headcounts = team_headcounts(teams, period.end)
    rows = []
    for t in teams:
        f = all_figures[t.id]
        n = len(f.counted)
        suppressed = not full and too_small(n)
        counts = signal_counts([m.now.signal for m in f.counted])
        rows.append(
            {
                "team": t,
                "members": n,
                "not_counted": headcounts[t.id].not_counted,
                "suppressed": suppressed,
                "above": None if suppressed or not full else counts[ABOVE],
                "below": None if suppressed or not full else counts[BELOW],
                **({} if suppressed else presenters.summary(f.now, f.team)),
                **({} if suppressed else {"inflow": f.team.inflow_total, "outflow": f.team.outflow_total}),
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
def what_if(request: HttpRequest, team_id: int) -> HttpResponseBase:
    team = get_team_for_user(request, team_id)
    form = WhatIfForm(request.GET or None, team=team)
    rows: list[dict[str, Any]] = []
    case_type = None
    case_has_norm = True
    if form.is_bound and form.is_valid():
        case_type = form.cleaned_data["case_type"]
        share = form.cleaned_data["share"] / 100
        today = clock.today()
        figures = team_figures(team, start=today, end=today)
        per_fte, first_year = norm_in_force(case_type, today)
        weight = new_case_weight(per_fte, first_year)
        members = figures.counted
        now = [m.now for m in members]
        result = what_if_new_case(
            count=np.array([n.count for n in now]),
            weighted=np.array([n.weighted for n in now]),
            unweighed=np.array([n.unweighed for n in now]),
            deployable_fte=np.array([n.deployable_fte for n in now]),
            band_lower=np.array([n.band_lower for n in now]),
            band_upper=np.array([n.band_upper for n in now]),
            case_weight=weight,
            margin=figures.margin,
            share=share,
        )
        case_has_norm = math.isfinite(weight)
        for i in result.order:
            m, n = members[int(i)], now[int(i)]
            code = str(result.signal[i])
            rows.append(
                {
                    "person_id": m.person_id,
                    "name": m.name,
                    "count": n.count,
                    "count_with": float(result.count[i]),
                    "deployable": n.deployable_fte,
                    "deviation": _percent(n.deviation),
                    "deviation_with": _percent(float(result.deviation[i])),
                    "no_deviation": n.no_deviation_reason,
                    "band": (n.band_lower, n.band_upper) if n.has_band else None,
                    "band_deviation_with": _percent(float(result.band_deviation[i])),
                    "signal": code,
                    "signal_label": presenters.signal_label(code),
                }
            )
        if fmt := requested_format(request):
            return export_response(tables.what_if_table(team.name, case_type.name, rows), fmt)
    context = {
        "team": team,
        "form": form,
        "rows": rows,
        "case_type": case_type,
        "margin_percent": team.margin_percent,
        "case_has_norm": case_has_norm,
        "any_band": any(r["band"] for r in rows),
        "any_deviation": any(r["deviation_with"] is not None for r in rows),
        "members_with_unweighed": sum(1 for r in rows if r["no_deviation"] == CASES_WITHOUT_NORM),
        "can_manage": get_access(request).can(C.MANAGE_TEAM, team.id),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "monitoring/what_if.html#result", context)
    return render(request, "monitoring/what_if.html", context)


@capability_required(C.VIEW_TEAM)
def meetings(request: HttpRequest, team_id: int) -> HttpResponseBase:
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


def _labelled(snapshot: dict) -> dict:
    """The frozen snapshot with signal labels in the reader's language (the figures themselves stay frozen)."""

    def label(row: dict) -> dict:
        return {**row, "signal_label": presenters.signal_label(row.get("signal", "ok"))}

    out = dict(snapshot)
    out["members"] = [label(m) for m in snapshot.get("members", [])]
    if snapshot.get("team"):
        out["team"] = label(snapshot["team"])
    return out


@capability_required(C.VIEW_TEAM)
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponseBase:
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
