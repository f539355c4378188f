"""The caseload on a date (peildatum) for a team, and its reconciliation download.

``/monitoring/teams/<team_id>/peildatum/?peildatum=YYYY-MM-DD``: per person the cases open on that date (as a
registration system counts), beside the weekly figure of the dashboard; ``&formaat=xlsx|csv`` downloads,
per person, each case reference counted with the start and last day of the period that includes the date,
through the shared table writer (``exports.tables``, which neutralises formula-like cells). The same access
as the team dashboard (``Capability.VIEW_TEAM`` on the team, through ``accounts.access``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.access import capability_required, get_team_for_user
from accounts.roles import Capability as C
from caseloadwijzer import clock
from exports.tables import Column, ExportTable, export_response, requested_format
from monitoring.point_in_time import PersonOnDate, TeamOnDate, team_caseload_on
from monitoring.selectors import team_figures
from organisations.forms import AccessibleFormMixin

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


class PeildatumForm(AccessibleFormMixin, forms.Form):
    peildatum = forms.DateField(
        label=_("Reference date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The cases open on this day, as the registration system counts them."),
    )

    def clean_peildatum(self) -> dt.date:
        day: dt.date = self.cleaned_data["peildatum"]
        if not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(_("Choose a date between 1900 and 2200."))
        return day


def reconciliation_rows(result: TeamOnDate) -> list[tuple[PersonOnDate, Any]]:
    """One row per person and counted case; a person without cases on the date gets one row without one."""
    rows: list[tuple[PersonOnDate, Any]] = []
    for person in result.people:
        rows.extend((person, case) for case in person.cases)
        if not person.cases:
            rows.append((person, None))
    return rows


def reconciliation_table(result: TeamOnDate) -> ExportTable:
    return ExportTable(
        title=_("Cases on the date"),
        filename=f"peildatum-{result.team_name}-{result.day.isoformat()}",
        columns=[
            Column(_("Reference date"), lambda r: result.day),
            Column(_("Name"), lambda r: r[0].name),
            Column(_("Staff number"), lambda r: r[0].employee_number or ""),
            Column(_("Open cases on the date"), lambda r: r[0].open_cases),
            Column(_("Case reference"), lambda r: r[1].reference if r[1] else ""),
            Column(_("Assigned from"), lambda r: r[1].start if r[1] else None),
            Column(_("Last day carried"), lambda r: r[1].last_day if r[1] else None),
            Column(_("Share (%)"), lambda r: r[1].share_percent if r[1] else None),
        ],
        rows=reconciliation_rows(result),
    )


@capability_required(C.VIEW_TEAM)
def reconciliation(request: HttpRequest, team_id: int) -> HttpResponseBase:
    team = get_team_for_user(request, team_id)
    data = request.GET.copy()
    data.setdefault("peildatum", clock.today().isoformat())  # without a date: today (also for the download)
    form = PeildatumForm(data)
    if not form.is_valid():
        return render(request, "monitoring/reconciliation.html", {"team": team, "form": form}, status=400)
    result = team_caseload_on(team, form.cleaned_data["peildatum"])
    if fmt := requested_format(request):
        return export_response(reconciliation_table(result), fmt)
    day = form.cleaned_data["peildatum"]
    weekly = {m.person_id: float(m.figures.count[-1]) for m in team_figures(team, start=day, end=day).members}
    rows = [{"person": p, "weekly": weekly.get(p.person_id, 0.0)} for p in result.people]
    context = {
        "team": team,
        "form": form,
        "result": result,
        "rows": rows,
        "monday": day - dt.timedelta(days=day.weekday()),
    }
    return render(request, "monitoring/reconciliation.html", context)
