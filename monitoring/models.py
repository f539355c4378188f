"""The team's decided bandwidth, as used in monitoring. Versioned by start date: a new decision never
changes the past."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Team


class Bandwidth(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="bandwidths", verbose_name=_("team"))
    valid_from = models.DateField(_("valid from"))
    lower_per_fte = models.DecimalField(
        _("lower bound per FTE"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    upper_per_fte = models.DecimalField(
        _("upper bound per FTE"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    function = models.CharField(
        _("function"), max_length=40, blank=True, help_text=_("Empty: the band holds for every function.")
    )
    evaluation_date = models.DateField(_("evaluation date"), null=True, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)

    class Meta:
        verbose_name = _("bandwidth")
        verbose_name_plural = _("bandwidths")
        ordering = ["team", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(upper_per_fte__gte=models.F("lower_per_fte")), name="bandwidth_lower_le_upper"
            ),
            models.UniqueConstraint(fields=["team", "function", "valid_from"], name="bandwidth_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.lower_per_fte}–{self.upper_per_fte} ({self.valid_from})"
