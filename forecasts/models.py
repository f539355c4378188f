"""Saved what-if scenarios and the organisation's chain assumptions.

A scenario is a named copy of a team's assumptions: the forecast is recomputed from the live data with these
changes, so it never stores a computed figure.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Team


class ChainDefaults(models.Model):
    """The organisation's assumptions for budget ↔ FTE ↔ caseload ↔ cost per case (one set per
    organisation; every scenario starts from a copy)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="chain_defaults", verbose_name=_("organisation")
    )
    salary_per_fte = models.DecimalField(
        _("yearly salary per full-time FTE (€)"),
        max_digits=9,
        decimal_places=0,
        default=Decimal("62000"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Gross yearly salary of one full-time professional, including holiday pay and year-end bonus."),
    )
    employer_costs_percent = models.DecimalField(
        _("employer's costs (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("30"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
        help_text=_("Social charges and pension on top of the salary."),
    )
    overhead_percent = models.DecimalField(
        _("overhead (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("25"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("300"))],
        help_text=_("Support, management, training and housing, as a share of the salary costs."),
    )
    absence_reserve_percent = models.DecimalField(
        _("absence reserve (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("90"))],
        help_text=_("The share of the formation kept back for sick leave and leave."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("chain assumptions")
        verbose_name_plural = _("chain assumptions")


class StartingPoint(models.TextChoices):
    CONTENT = "inhoud", _("content first: the work sets the FTE and the budget")
    BUDGET = "budget", _("budget first: the budget sets the FTE and the caseload")


class Scenario(models.Model):
    """A named what-if for one team: changes to inflow and formation, and the chain assumptions."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("team"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    inflow_change_percent = models.SmallIntegerField(
        _("change in inflow (%)"),
        default=0,
        validators=[MinValueValidator(-90), MaxValueValidator(300)],
        help_text=_("For example 20: a fifth more new cases than the history shows."),
    )
    inflow_per_week = models.DecimalField(
        _("inflow set by hand (new cases per week)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty to use the team's own history."),
    )
    absence_fte = models.DecimalField(
        _("absence (FTE)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Deployable FTE that drops out, e.g. 1.8 for two colleagues of 0.9 FTE."),
    )
    absence_from_week = models.PositiveSmallIntegerField(
        _("absence from week"), default=0, validators=[MaxValueValidator(51)], help_text=_("0 is this week.")
    )
    absence_weeks = models.PositiveSmallIntegerField(
        _("absence for … weeks"), default=13, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    vacancy_fill_fte = models.DecimalField(
        _("vacancy filled (FTE)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("FTE of an open vacancy that is filled."),
    )
    vacancy_fill_week = models.PositiveSmallIntegerField(
        _("vacancy filled in week"), default=8, validators=[MaxValueValidator(51)]
    )
    new_colleague_fte = models.DecimalField(
        _("new colleague (FTE)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A new colleague carries half a caseload in the first 13 weeks and three quarters in the next 13."),
    )
    new_colleague_week = models.PositiveSmallIntegerField(
        _("new colleague starts in week"), default=0, validators=[MaxValueValidator(51)]
    )
    starting_point = models.CharField(
        _("starting point"), max_length=10, choices=StartingPoint.choices, default=StartingPoint.CONTENT
    )
    norm_per_fte = models.DecimalField(
        _("cases per deployable FTE (norm)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Content first: the caseload one deployable FTE carries."),
    )
    budget = models.DecimalField(
        _("yearly budget (€)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Budget first: the money available per year for this team's formation."),
    )
    salary_per_fte = ChainDefaults._meta.get_field("salary_per_fte").clone()
    employer_costs_percent = ChainDefaults._meta.get_field("employer_costs_percent").clone()
    overhead_percent = ChainDefaults._meta.get_field("overhead_percent").clone()
    absence_reserve_percent = ChainDefaults._meta.get_field("absence_reserve_percent").clone()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["team", "name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="scenario_name_unique_in_team")]

    def __str__(self) -> str:
        return self.name
