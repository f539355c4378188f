"""Writes for logins: details, password, roles, deactivation. Every function takes the administrator's
organisation and refuses a login outside it; the views fetch the login through ``accounts.access``.

A login is never deleted: deactivating sets ``is_active`` to False (Django's ModelBackend then refuses it,
at login and on every request of a session still open) and deletes its sessions from the session store.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import LoginStatusChange, Membership
from accounts.roles import Role
from organisations.models import Organisation, Team

SESSION_USER_KEY = "_auth_user_id"  # django.contrib.auth's key in the session


def _check_in_organisation(organisation: Organisation, user: Any) -> None:
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("This login belongs to another organisation."))


def active_administrators(organisation: Organisation) -> Any:
    """Active logins with the administrator role for the whole organisation."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Role.ADMINISTRATOR,
            memberships__team__isnull=True,
        )
        .distinct()
    )


def _is_last_active_administrator(organisation: Organisation, user: Any) -> bool:
    admins = active_administrators(organisation)
    return admins.filter(pk=user.pk).exists() and admins.count() == 1


def login_update(*, organisation: Organisation, user: Any, first_name: str, last_name: str, email: str) -> Any:
    _check_in_organisation(organisation, user)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=["first_name", "last_name", "email"])
    return user


def login_set_password(*, organisation: Organisation, user: Any, password: str) -> Any:
    """The administrator sets a new password. It passes the same validators as one the user picks; the
    login's other sessions end on their next request (the password is part of the session's hash)."""
    _check_in_organisation(organisation, user)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def sessions_end(*, user: AbstractBaseUser) -> int:
    """Delete every session of ``user`` from the session store; returns how many.

    Works for the stores that keep sessions in the database (``db``, ``cached_db``: the product's default).
    A session elsewhere (a cookie, a pure cache) is refused on its next request all the same, because the
    login is inactive or its password changed.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    model = store_class.get_model_class()
    ended = 0
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_USER_KEY)) == str(user.pk):
            store_class(session_key=session.session_key).delete()
            ended += 1
    return ended


def deactivation_refusal(*, organisation: Organisation, user: Any, by: Any) -> str | None:
    """Why ``by`` may not deactivate ``user`` (a sentence for the administrator), or None."""
    if user.pk == by.pk:
        return _("You cannot deactivate your own login. Ask another administrator.")
    if not user.is_active:
        return _("This login is already deactivated.")
    if _is_last_active_administrator(organisation, user):
        return _("This is the last active administrator of the organisation. Give someone else that role first.")
    return None


@transaction.atomic
def login_deactivate(*, organisation: Organisation, user: Any, by: Any) -> int:
    """Deactivate ``user``: they can no longer log in and every open session ends now. Returns the number
    of sessions ended. Their work keeps its author: nothing is deleted."""
    _check_in_organisation(organisation, user)
    if refusal := deactivation_refusal(organisation=organisation, user=user, by=by):
        raise ValidationError(refusal)
    user.is_active = False
    user.save(update_fields=["is_active"])
    LoginStatusChange.objects.create(user=user, active=False, changed_by=by)
    return sessions_end(user=user)


@transaction.atomic
def login_reactivate(*, organisation: Organisation, user: Any, by: Any) -> Any:
    _check_in_organisation(organisation, user)
    if user.is_active:
        raise ValidationError(_("This login is already active."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    LoginStatusChange.objects.create(user=user, active=True, changed_by=by)
    return user


def role_add(*, organisation: Organisation, user: Any, role: str, team: Team | None) -> Membership:
    """Give ``user`` a role for one team, or for the whole organisation (``team`` None)."""
    _check_in_organisation(organisation, user)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if team is not None and team.organisation_id != organisation.id:
        raise ValidationError({"team": _("This team belongs to another organisation.")})
    if role == Role.ADMINISTRATOR and team is not None:
        raise ValidationError(
            {"team": _("The administrator role holds for the whole organisation; leave the team empty.")}
        )
    if Membership.objects.filter(user=user, organisation=organisation, role=role, team=team).exists():
        raise ValidationError(_("This login already has this role there."))
    return Membership.objects.create(user=user, organisation=organisation, role=role, team=team)


def role_removal_refusal(*, organisation: Organisation, membership: Membership, by: Any) -> str | None:
    """Why ``by`` may not take this role away (a sentence for the administrator), or None."""
    user = membership.user
    if not Membership.objects.filter(user=user, organisation=organisation).exclude(pk=membership.pk).exists():
        return _("This is the login's only role. Give it another role first, or deactivate the login.")
    if membership.role == Role.ADMINISTRATOR and membership.team_id is None:
        if user.pk == by.pk:
            return _("You cannot take away your own administrator role. Ask another administrator.")
        if _is_last_active_administrator(organisation, user):
            return _("This is the last active administrator of the organisation. Give someone else that role first.")
    return None


def role_remove(*, organisation: Organisation, membership: Membership, by: Any) -> None:
    """Take a role away. A login keeps at least one role (deactivate it instead), an administrator keeps
    their own administrator role, and the organisation keeps an active administrator."""
    if membership.organisation_id != organisation.id:
        raise ValidationError(_("This login belongs to another organisation."))
    if refusal := role_removal_refusal(organisation=organisation, membership=membership, by=by):
        raise ValidationError(refusal)
    membership.delete()
