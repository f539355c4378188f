from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import (
    capability_required,
    get_access,
    get_person_for_user,
    get_team_for_user,
    organisation_of,
    teams_for_user,
)
from accounts.roles import Capability as C
from caseloadwijzer.forms import save_through_service
from exports.tables import Column, ExportTable, export_response, requested_format
from organisations import selectors, services
from organisations.forms import LoginCreateForm, PersonForm, TeamForm


@capability_required(C.VIEW_ORGANISATION, C.MANAGE_ORGANISATION)
def overview(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    teams = selectors.team_rows(teams_for_user(request, C.VIEW_ORGANISATION))
    if fmt := requested_format(request):
        table = ExportTable(
            title=_("Teams"),
            filename="teams",
            rows=teams,
            columns=[
                Column(_("Team"), lambda r: r["team"].name),
                Column(_("Members"), lambda r: r["members"]),
                Column(_("Contracted FTE"), lambda r: round(float(r["fte"]), 2)),
                Column(_("Agreed margin (%)"), lambda r: r["team"].margin_percent),
            ],
        )
        return export_response(table, fmt)
    return render(
        request,
        "organisations/overview.html",
        {
            "organisation": organisation,
            "teams": teams,
            "totals": selectors.organisation_totals(organisation),
            "can_manage": get_access(request).can_anywhere(C.MANAGE_ORGANISATION),
        },
    )


@capability_required(C.VIEW_TEAM)
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request, team_id)
    members = selectors.team_members(team)
    if fmt := requested_format(request):
        table = ExportTable(
            title=_("Members"),
            filename=f"leden-{team.name}",
            rows=members,
            columns=[
                Column(_("Name"), lambda r: r["person"].name),
                Column(_("Function"), lambda r: str(r["person"].get_function_display())),
                Column(_("Contract hours"), lambda r: r["person"].contract_hours),
                Column(_("FTE"), lambda r: round(float(r["fte"]), 2)),
                Column(_("Since"), lambda r: r["person"].start_date),
            ],
        )
        return export_response(table, fmt)
    return render(
        request,
        "organisations/team.html",
        {
            "team": team,
            "members": members,
            "can_manage": get_access(request).can(C.MANAGE_ORGANISATION, team.id),
        },
    )


@capability_required(C.VIEW_TEAM, C.VIEW_OWN)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request, person_id)
    return render(
        request,
        "organisations/person.html",
        {
            **selectors.person_card(person.id),
            "can_manage": get_access(request).can(C.MANAGE_ORGANISATION, person.team_id),
        },
    )


@capability_required(C.MANAGE_ORGANISATION)
def team_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and save_through_service(
        form, lambda: services.team_create(organisation=organisation, **form.cleaned_data)
    ):
        messages.success(request, _("The team has been added."))
        return redirect("organisations:overview")
    return render(request, "organisations/form.html", {"form": form, "title": _("Add a team")})


@capability_required(C.MANAGE_ORGANISATION)
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request, team_id, C.MANAGE_ORGANISATION)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and save_through_service(
        form, lambda: services.team_update(team=team, **form.cleaned_data)
    ):
        messages.success(request, _("The team has been saved."))
        return redirect("organisations:team", team_id=team.id)
    return render(request, "organisations/form.html", {"form": form, "title": _("Edit team")})


@capability_required(C.MANAGE_ORGANISATION)
def person_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = PersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and save_through_service(
        form, lambda: services.person_create(organisation=organisation, **form.cleaned_data)
    ):
        messages.success(request, _("The person has been added."))
        return redirect("organisations:overview")
    return render(request, "organisations/form.html", {"form": form, "title": _("Add a person")})


@capability_required(C.MANAGE_ORGANISATION)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request, person_id, C.MANAGE_ORGANISATION)
    form = PersonForm(request.POST or None, instance=person, organisation=person.organisation)
    if request.method == "POST" and save_through_service(
        form, lambda: services.person_update(person=person, **form.cleaned_data)
    ):
        messages.success(request, _("The person has been saved."))
        return redirect("organisations:person", person_id=person.id)
    return render(request, "organisations/form.html", {"form": form, "title": _("Edit person")})


@capability_required(C.MANAGE_ORGANISATION)
def logins(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = LoginCreateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and save_through_service(
        form, lambda: services.login_create(organisation=organisation, **form.cleaned_data)
    ):
        messages.success(request, _("The login has been created."))
        return redirect("organisations:logins")
    users = (
        get_user_model()
        .objects.filter(memberships__organisation=organisation)
        .distinct()
        .order_by("username")
        .prefetch_related("memberships__team")
    )
    rows = [
        {"user": u, "memberships": [m for m in u.memberships.all() if m.organisation_id == organisation.id]}
        for u in users
    ]
    if request.method == "GET" and (fmt := requested_format(request)):
        # Usernames, names and roles only: never a password (hash), e-mail or last login.
        table = ExportTable(
            title=_("Logins and roles"),
            filename="logins",
            rows=rows,
            columns=[
                Column(_("Username"), lambda r: r["user"].username),
                Column(_("Name"), lambda r: r["user"].get_full_name()),
                Column(
                    _("Roles"),
                    lambda r: ", ".join(
                        str(m.get_role_display()) + (f" ({m.team})" if m.team else "") for m in r["memberships"]
                    ),
                ),
            ],
        )
        return export_response(table, fmt)
    return render(request, "organisations/logins.html", {"rows": rows, "form": form})
