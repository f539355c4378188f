"""The formation (formatie): contract hours over time, reductions, and vacancies.

Deployable FTE is computed from these by caseload_core.fte; nothing here stores a computed figure.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Person, Team


class ContractPeriod(models.Model):
    """Contract hours from ``valid_from`` until the next period. A change never rewrites the past."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="contract_periods", verbose_name=_("person")
    )
    valid_from = models.DateField(_("valid from"))
    hours = models.DecimalField(
        _("contract hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )

    class Meta:
        verbose_name = _("contract period")
        verbose_name_plural = _("contract periods")
        ordering = ["person", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["person", "valid_from"], name="contract_period_unique")]


class ReductionReason(models.Model):
    """Why hours are not deployable for cases, with a default and a maximum percentage."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reduction_reasons", verbose_name=_("organisation")
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    default_percent = models.PositiveSmallIntegerField(
        _("default percentage"), default=100, validators=[MaxValueValidator(100)]
    )
    max_percent = models.PositiveSmallIntegerField(
        _("maximum percentage"), default=100, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("reduction reason")
        verbose_name_plural = _("reduction reasons")
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="reduction_reason_unique")]

    def __str__(self) -> str:
        return self.label


class Reduction(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reductions", verbose_name=_("person"))
    reason = models.ForeignKey(
        ReductionReason, on_delete=models.PROTECT, related_name="reductions", verbose_name=_("reason")
    )
    percent = models.PositiveSmallIntegerField(
        _("percentage of hours"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reduction")
        verbose_name_plural = _("reductions")
        ordering = ["person", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="reduction_end_after_start",
            ),
        ]


class Vacancy(models.Model):
    """Formation that is budgeted but not filled: it counts as non-deployable."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="vacancies", verbose_name=_("team"))
    fte = models.DecimalField(_("FTE"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    start_date = models.DateField(_("open since"))
    end_date = models.DateField(_("filled on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["team", "start_date"]
