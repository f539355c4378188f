"""Organisations, their teams and the people who work in them.

Every other object in the product hangs off an Organisation, directly or through a Team or Person, and is
fetched through a query scoped to the user's organisation (see accounts.access).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from caseload_core.fte import fte_from_hours


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("municipality")
    PROVIDER = "uitvoeringsorganisatie", _("provider organisation")
    CERTIFIED_INSTITUTION = "gecertificeerde_instelling", _("certified institution")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    fulltime_hours = models.DecimalField(
        _("full-time week (hours)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("36.0"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
        help_text=_("The hours of one full-time FTE; 36 in the CAO Jeugdzorg."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    margin_percent = models.PositiveSmallIntegerField(
        _("agreed margin (±%)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("A deviation from the normative caseload beyond this margin is discussed in the team."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_organisation")
        ]

    def __str__(self) -> str:
        return self.name


class Function(models.TextChoices):
    YOUTH_CONSULTANT = "jeugdconsulent", _("youth consultant")
    YOUTH_PROTECTION_WORKER = "jeugdbeschermer", _("youth protection worker")
    NEIGHBOURHOOD_WORKER = "wijkteammedewerker", _("neighbourhood team worker")
    BEHAVIOURAL_SCIENTIST = "gedragswetenschapper", _("behavioural scientist")
    TEAM_MANAGER = "teammanager", _("team manager")
    OTHER = "overig", _("other")


CASELOAD_FUNCTIONS = frozenset(
    {Function.YOUTH_CONSULTANT, Function.YOUTH_PROTECTION_WORKER, Function.NEIGHBOURHOOD_WORKER}
)


class Person(models.Model):
    """A member of staff. Their contract history and reductions live in the staffing app."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="people", verbose_name=_("organisation")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", verbose_name=_("team"), null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    employee_number = models.CharField(
        _("staff number"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("The staff number in the registration or HR system; imports match people by it."),
    )
    function = models.CharField(_("function"), max_length=40, choices=Function.choices)
    contract_hours = models.DecimalField(
        _("contract hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                condition=~models.Q(employee_number=""),
                name="person_employee_number_unique",
                violation_error_message=_("Another person in this organisation has this staff number."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def fte(self) -> float:
        return fte_from_hours(float(self.contract_hours), float(self.organisation.fulltime_hours))

    @property
    def carries_cases(self) -> bool:
        return self.function in CASELOAD_FUNCTIONS
