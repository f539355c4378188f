"""API tokens: one organisation each, revocable, stored only as a SHA-256 hash.

The token is 32 random bytes shown once at creation; a hash of that much randomness cannot be reversed or
guessed, so a fast hash suffices (a slow password hash would only slow every API call down).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organisation")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What uses the token, e.g. the registration system.")
    )
    prefix = models.CharField(_("first characters"), max_length=12, editable=False)
    token_hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)
    can_write = models.BooleanField(_("may send cases and people"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
