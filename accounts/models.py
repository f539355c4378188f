"""Who may do what, where: a user's role in an organisation, optionally limited to one team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from organisations.models import Organisation, Team


class Membership(models.Model):
    """A role for a user. ``team`` empty means the role holds for the whole organisation.

    A user belongs to exactly one organisation: all their memberships name the same one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "team", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class LoginStatusChange(models.Model):
    """A login was deactivated or reactivated: when, and by whom. Rows are only ever added.

    The login itself stays (``User.is_active`` flips), so that everything the person wrote keeps its author.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("login")
    )
    active = models.BooleanField(_("active afterwards"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("login status change")
        verbose_name_plural = _("login status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} active={self.active} {self.changed_at:%Y-%m-%d}"
