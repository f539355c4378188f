"""Entries for logins and passwords: the administrator's login pages and everyone's own password
(format: see registry.py). Refusals that are rules rather than permissions (one's own login, the last
administrator, a login's only role) are tested in accounts/tests/test_login_lifecycle.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core import mail

from accounts.models import Membership
from accounts.roles import Capability as C
from accounts.roles import Role
from demo.context import DEMO_PASSWORD
from organisations.services import login_create
from tests.every_form.harness import FIRST, Ctx, Form, org_wide

NEW_PASSWORD = "Een-formtest-wachtwoord-26"
WEAK = {"new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"}
RESET_EMAIL = "formtest.reset@example.nl"


def _user(c: Ctx) -> Any:
    return get_user_model().objects.get(pk=c.kwargs["user_id"])


def _fresh_login(c: Ctx, username: str, *, active: bool = True, email: str = "") -> Any:
    """A login of the organisation's own for the entry (so no demo user loses their session)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = login_create(
            organisation=c.organisation, username=username, password=NEW_PASSWORD, role=Role.HR_ADVISER, email=email
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


def _logged_in(access: Any, c: Ctx) -> bool:
    return bool(c.username)


def _anyone(access: Any, c: Ctx) -> bool:
    return True


def _extra_role(c: Ctx) -> dict[str, int]:
    user = _fresh_login(c, "formtest.rollen")
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=c.organisation, team=None, role=Role.POLICY_ADVISER
    )
    return {"membership_id": membership.pk}


def _mails_to(address: str) -> int:
    return sum(1 for m in mail.outbox if address in m.to)


ADMIN = org_wide(C.MANAGE_ORGANISATION)

FORMS = [
    Form(
        "organisations:login_edit",
        may=ADMIN,
        fill={"first_name": "Formtest", "email": "formtest@example.nl"},
        probe=lambda c: _user(c).first_name,
        expect="Formtest",
        invalid={"email": "geen-adres"},
    ),
    Form(
        "organisations:login_password",
        may=ADMIN,
        fill={"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        probe=lambda c: _user(c).check_password(NEW_PASSWORD),
        expect=True,
        invalid=WEAK,
    ),
    Form(
        "organisations:login_role_add",
        may=ADMIN,
        fill={"role": Role.HR_ADVISER, "team": ""},
        probe=lambda c: Membership.objects.filter(user_id=c.kwargs["user_id"], role=Role.HR_ADVISER).count(),
        expect=1,
        invalid={"role": Role.ADMINISTRATOR, "team": FIRST},  # the administrator role is organisation-wide
    ),
    Form(
        "organisations:login_role_remove",
        setup=_extra_role,
        may=ADMIN,
        fill={},
        probe=lambda c: Membership.objects.filter(pk=c.kwargs["membership_id"]).count(),
        expect=0,
        no_invalid="a confirmation button without fields",
    ),
    Form(
        "organisations:login_deactivate",
        setup=lambda c: {"user_id": _fresh_login(c, "formtest.deactiveren").pk},
        may=ADMIN,
        fill={},
        probe=lambda c: _user(c).is_active,
        expect=False,
        no_invalid="a confirmation button without fields",
    ),
    Form(
        "organisations:login_reactivate",
        setup=lambda c: {"user_id": _fresh_login(c, "formtest.activeren", active=False).pk},
        may=ADMIN,
        fill={},
        probe=lambda c: _user(c).is_active,
        expect=True,
        no_invalid="a confirmation button without fields",
    ),
    Form(
        "accounts:password_change",
        may=_logged_in,
        fill={"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        probe=lambda c: get_user_model().objects.get(username=c.username).check_password(NEW_PASSWORD),
        expect=True,
        invalid=WEAK,
    ),
    Form(
        "accounts:password_reset",
        setup=lambda c: _fresh_login(c, "formtest.vergeten", email=RESET_EMAIL) and None,
        may=_anyone,
        fill={"email": RESET_EMAIL},
        probe=lambda c: _mails_to(RESET_EMAIL),
        expect=lambda before: before + 1,
        invalid={"email": "geen-adres"},
    ),
]
