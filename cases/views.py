from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import capability_required, get_scoped_or_404, get_team_for_user, organisation_of, teams_for_user
from accounts.roles import Capability as C
from caseloadwijzer import clock
from caseloadwijzer.forms import save_through_service
from cases import services
from cases.forms import AssignForm, CaseCreateForm, CaseEditForm, CaseTypeForm, CloseForm, NormForm
from cases.models import Case, CaseType
from exports.tables import Column, ExportTable, export_response, requested_format


@capability_required(C.MANAGE_TEAM)
def index(request: HttpRequest) -> HttpResponseBase:
    teams = teams_for_user(request, C.MANAGE_TEAM)
    cases = Case.objects.filter(team__in=teams).select_related("team", "case_type")
    team_id = request.GET.get("team")
    team = None
    if team_id:
        team = get_team_for_user(request, int(team_id) if team_id.isdigit() else 0, C.MANAGE_TEAM)
        cases = cases.filter(team=team)
    status = request.GET.get("status", "open")
    if status == "open":
        cases = cases.filter(end_date__isnull=True)
    elif status == "overdue":
        cases = cases.filter(end_date__isnull=True, expected_end_date__lt=clock.today())
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(reference__icontains=query)
    if fmt := requested_format(request):  # every matching case, not just this page
        return export_response(_cases_table(cases.order_by("reference")), fmt)
    page = Paginator(cases.order_by("reference"), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cases/index.html",
        {
            "teams": teams,
            "team": team,
            "status": status,
            "query": query,
            "page": page,
            "params": params.urlencode(),
            "today": clock.today(),
        },
    )


def _cases_table(cases: QuerySet[Case]) -> ExportTable:
    """The case list as a download: pseudonymous references only, as on the page."""
    return ExportTable(
        title=_("Cases"),
        filename="casussen",
        rows=cases,
        columns=[
            Column(_("Reference"), lambda c: c.reference),
            Column(_("Team"), lambda c: c.team.name),
            Column(_("Case type"), lambda c: c.case_type.name),
            Column(_("Start"), lambda c: c.start_date),
            Column(_("Expected end"), lambda c: c.expected_end_date),
            Column(_("End"), lambda c: c.end_date),
            Column(_("Phase"), lambda c: str(c.get_phase_display())),
        ],
    )


@capability_required(C.MANAGE_TEAM)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = get_scoped_or_404(request, Case.objects.select_related("team", "case_type"), pk=case_id)
    get_team_for_user(request, case.team_id, C.MANAGE_TEAM)
    action = request.POST.get("action")
    edit = CaseEditForm(request.POST if action == "edit" else None, instance=case)
    assign = AssignForm(request.POST if action == "assign" else None, case=case, initial={"start_date": clock.today()})
    close = CloseForm(request.POST if action == "close" else None, initial={"end_date": clock.today()})
    if request.method == "POST":
        done = False
        if action == "edit":
            done = save_through_service(edit, lambda: services.case_update(case=case, **edit.cleaned_data))
        elif action == "assign":
            done = save_through_service(assign, lambda: services.case_assign(case=case, **assign.cleaned_data))
        elif action == "close":
            done = save_through_service(close, lambda: services.case_close(case=case, **close.cleaned_data))
        if done:
            messages.success(request, _("The case has been saved."))
            return redirect("cases:case", case_id=case.id)
    assignments = case.assignments.select_related("person").order_by("start_date", "id")
    if request.method == "GET" and (fmt := requested_format(request)):
        table = ExportTable(
            title=_("Assignment history"),
            filename=f"toewijzingen-{case.reference}",
            rows=assignments,
            columns=[
                Column(_("Professional"), lambda a: a.person.name),
                Column(_("From"), lambda a: a.start_date),
                Column(_("Through"), lambda a: a.end_date),
                Column(_("Share (%)"), lambda a: a.share_percent),
            ],
        )
        return export_response(table, fmt)
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "assignments": assignments,
            "edit": edit,
            "assign": assign,
            "close": close,
        },
    )


@capability_required(C.MANAGE_TEAM)
def case_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    teams = teams_for_user(request, C.MANAGE_TEAM)
    form = CaseCreateForm(request.POST or None, organisation=organisation, teams=teams)
    created: list[Case] = []
    if request.method == "POST" and save_through_service(
        form, lambda: created.append(services.case_create(organisation=organisation, **form.cleaned_data))
    ):
        messages.success(request, _("The case has been added."))
        return redirect("cases:case", case_id=created[0].id)
    return render(request, "cases/form.html", {"form": form, "title": _("Add a case"), "privacy": True})


@capability_required(C.MANAGE_TEAM)
def case_types(request: HttpRequest) -> HttpResponseBase:
    organisation = organisation_of(request)
    form = CaseTypeForm(request.POST or None)
    if request.method == "POST" and save_through_service(
        form, lambda: services.case_type_create(organisation=organisation, **form.cleaned_data)
    ):
        messages.success(request, _("The case type has been added."))
        return redirect("cases:case_types")
    types = CaseType.objects.filter(organisation=organisation).prefetch_related("norms")
    today = clock.today()
    rows = []
    for t in types:
        versions = sorted(t.norms.all(), key=lambda n: n.valid_from)
        current = next((n for n in reversed(versions) if n.valid_from <= today), None)
        rows.append({"type": t, "versions": versions, "current": current})
    if fmt := requested_format(request):
        return export_response(_norms_table(rows), fmt)
    return render(request, "cases/case_types.html", {"rows": rows, "form": form})


def _norms_table(rows: list[dict[str, Any]]) -> ExportTable:
    """Case types with every norm version, one row per version (the page lists them per type)."""
    versions = [(r["type"], v, v is r["current"]) for r in rows for v in r["versions"]]
    return ExportTable(
        title=_("Case types and norms"),
        filename="casustypen-en-normen",
        rows=versions,
        columns=[
            Column(_("Case type"), lambda r: r[0].name),
            Column(_("Code"), lambda r: r[0].code),
            Column(_("Valid from"), lambda r: r[1].valid_from),
            Column(_("Norm (cases per FTE)"), lambda r: r[1].per_fte),
            Column(_("First-year norm"), lambda r: r[1].first_year_per_fte),
            Column(_("Source"), lambda r: r[1].source),
            Column(_("Valid today"), lambda r: r[2]),
        ],
    )


@capability_required(C.MANAGE_TEAM)
def norm_add(request: HttpRequest, case_type_id: int) -> HttpResponse:
    case_type = get_scoped_or_404(request, CaseType.objects.all(), pk=case_type_id)
    form = NormForm(request.POST or None)
    if request.method == "POST" and save_through_service(
        form, lambda: services.norm_add(case_type=case_type, **form.cleaned_data)
    ):
        messages.success(request, _("The new norm version has been saved."))
        return redirect("cases:case_types")
    return render(
        request,
        "cases/form.html",
        {"form": form, "title": _("New norm for %(name)s") % {"name": case_type.name}, "back": "cases:case_types"},
    )
