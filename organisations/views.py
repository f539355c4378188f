from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import services as account_services
from accounts.access import (
    capability_required,
    get_access,
    get_person_for_user,
    get_scoped_or_404,
    get_team_for_user,
    organisation_of,
    teams_for_user,
)
from accounts.forms import LoginDetailsForm, RoleAddForm, SetPasswordForm
from accounts.models import Membership
from accounts.roles import Capability as C
from caseloadwijzer.forms import save_through_service
from exports.tables import Column, ExportTable, export_response, requested_format
from organisations import selectors, services
from organisations.forms import LoginCreateForm, PersonForm, TeamForm


@capability_required(C.VIEW_ORGANISATION, C.MANAGE_ORGANISATION)
def overview(request: HttpRequest) -> HttpResponseBase:
    organisation = organisation_of(request)
    teams = selectors.team_rows(teams_for_user(request, C.VIEW_ORGANISATION))
    if fmt := requested_format(request):
        table = ExportTable(
            title=_("Teams"),
            filename="teams",
            rows=teams,
            columns=[
                Column(_("Team"), lambda r: r["team"].name),
                Column(_("Members (every function)"), lambda r: r["members"]),
                Column(_("Contracted FTE (all members)"), lambda r: round(float(r["fte"]), 2)),
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
def team(request: HttpRequest, team_id: int) -> HttpResponseBase:
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


def _organisation_admin(request: HttpRequest) -> None:
    """Logins are managed by an administrator for the whole organisation, not by one for a single team."""
    if not get_access(request).can_org_wide(C.MANAGE_ORGANISATION):
        raise PermissionDenied


def _login_for_admin(request: HttpRequest, user_id: int) -> Any:
    """A login of the administrator's organisation (another organisation's: 404)."""
    _organisation_admin(request)
    users = get_user_model().objects.distinct()
    return get_scoped_or_404(request, users, path="memberships__organisation", pk=user_id)


@capability_required(C.MANAGE_ORGANISATION)
def logins(request: HttpRequest) -> HttpResponseBase:
    _organisation_admin(request)
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


@capability_required(C.MANAGE_ORGANISATION)
def login_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    login = _login_for_admin(request, user_id)
    memberships = [
        {
            "membership": m,
            "refusal": account_services.role_removal_refusal(organisation=organisation, membership=m, by=request.user),
        }
        for m in Membership.objects.filter(user=login, organisation=organisation)
        .select_related("team", "user")
        .order_by("team__name", "role")
    ]
    return render(
        request,
        "organisations/login.html",
        {
            "login": login,
            "memberships": memberships,
            "person": getattr(login, "person", None),
            "last_change": login.status_changes.select_related("changed_by").first(),
            "deactivation_refusal": account_services.deactivation_refusal(
                organisation=organisation, user=login, by=request.user
            ),
        },
    )


def _login_form(request: HttpRequest, login: Any, form: Any, title: str, button: str) -> HttpResponse:
    return render(
        request,
        "organisations/login_form.html",
        {"form": form, "title": title, "button": button, "login": login},
    )


@capability_required(C.MANAGE_ORGANISATION)
def login_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    login = _login_for_admin(request, user_id)
    form = LoginDetailsForm(request.POST or None, instance=login)
    if request.method == "POST" and save_through_service(
        form, lambda: account_services.login_update(organisation=organisation, user=login, **form.cleaned_data)
    ):
        messages.success(request, _("The login has been saved."))
        return redirect("organisations:login", user_id=login.id)
    return _login_form(request, login, form, _("Edit login details"), _("Save"))


@capability_required(C.MANAGE_ORGANISATION)
def login_password(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    login = _login_for_admin(request, user_id)
    form = SetPasswordForm(login, request.POST or None)
    if request.method == "POST" and save_through_service(
        form,
        lambda: account_services.login_set_password(
            organisation=organisation, user=login, password=form.cleaned_data["new_password1"]
        ),
    ):
        messages.success(
            request, _("The new password has been set. Pass it on personally or by phone, never by e-mail.")
        )
        return redirect("organisations:login", user_id=login.id)
    return _login_form(request, login, form, _("Set a new password"), _("Set password"))


@capability_required(C.MANAGE_ORGANISATION)
def login_role_add(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    login = _login_for_admin(request, user_id)
    form = RoleAddForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and save_through_service(
        form, lambda: account_services.role_add(organisation=organisation, user=login, **form.service_kwargs())
    ):
        messages.success(request, _("The role has been added."))
        return redirect("organisations:login", user_id=login.id)
    return _login_form(request, login, form, _("Add a role"), _("Add role"))


def _confirm(
    request: HttpRequest, login: Any, *, title: str, question: str, refusal: str | None, button: str
) -> HttpResponse:
    return render(
        request,
        "organisations/login_confirm.html",
        {"login": login, "title": title, "question": question, "refusal": refusal, "button": button},
    )


@capability_required(C.MANAGE_ORGANISATION)
def login_role_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    _organisation_admin(request)
    membership = get_scoped_or_404(request, Membership.objects.select_related("user", "team"), pk=membership_id)
    login = membership.user
    where = membership.team.name if membership.team else _("the whole organisation")
    refusal = account_services.role_removal_refusal(organisation=organisation, membership=membership, by=request.user)
    if request.method == "POST" and refusal is None:
        account_services.role_remove(organisation=organisation, membership=membership, by=request.user)
        messages.success(request, _("The role has been taken away."))
        return redirect("organisations:login", user_id=login.id)
    return _confirm(
        request,
        login,
        title=_("Take a role away"),
        question=_("Take the role %(role)s for %(where)s away from %(name)s?")
        % {"role": membership.get_role_display(), "where": where, "name": login.get_full_name() or login.username},
        refusal=refusal,
        button=_("Take the role away"),
    )


@capability_required(C.MANAGE_ORGANISATION)
def login_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    login = _login_for_admin(request, user_id)
    refusal = account_services.deactivation_refusal(organisation=organisation, user=login, by=request.user)
    if request.method == "POST" and refusal is None:
        ended = account_services.login_deactivate(organisation=organisation, user=login, by=request.user)
        messages.success(
            request,
            ngettext(
                "The login has been deactivated; %(count)d open session has been ended.",
                "The login has been deactivated; %(count)d open sessions have been ended.",
                ended,
            )
            % {"count": ended},
        )
        return redirect("organisations:login", user_id=login.id)
    return _confirm(
        request,
        login,
        title=_("Deactivate a login"),
        question=_(
            "Deactivate the login of %(name)s? They can no longer log in and are logged out everywhere at once. "
            "Everything they entered stays, with their name. You can reactivate the login later."
        )
        % {"name": login.get_full_name() or login.username},
        refusal=refusal,
        button=_("Deactivate"),
    )


@capability_required(C.MANAGE_ORGANISATION)
def login_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    login = _login_for_admin(request, user_id)
    refusal = _("This login is already active.") if login.is_active else None
    if request.method == "POST" and refusal is None:
        account_services.login_reactivate(organisation=organisation, user=login, by=request.user)
        messages.success(request, _("The login has been reactivated."))
        return redirect("organisations:login", user_id=login.id)
    return _confirm(
        request,
        login,
        title=_("Reactivate a login"),
        question=_("Reactivate the login of %(name)s? They can log in again with their password and roles.")
        % {"name": login.get_full_name() or login.username},
        refusal=refusal,
        button=_("Reactivate"),
    )
