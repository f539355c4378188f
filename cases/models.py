"""Case types with versioned norms, pseudonymous cases and who carries them.

Privacy by design: a case is known only by a pseudonymous reference from the registration system. There
is no field for a client's name, address, date of birth or BSN, and none may be added.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Person, Team


class CaseType(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="case_types", verbose_name=_("organisation")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="case_type_code_unique")]

    def __str__(self) -> str:
        return self.name


class Norm(models.Model):
    """Cases per full-time FTE for a case type, from ``valid_from`` until the next version.

    A norm change is a new row: the past keeps the norm it had.
    """

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="norms", verbose_name=_("case type"))
    valid_from = models.DateField(_("valid from"))
    per_fte = models.DecimalField(
        _("cases per full-time FTE"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Empty while the team has not set a norm (e.g. until its bandwidth is decided)."),
    )
    first_year_per_fte = models.DecimalField(
        _("cases per full-time FTE in the first year"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Optional: a lower norm while a case is in its first year (e.g. OTS: 16 instead of 21)."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        ordering = ["case_type", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["case_type", "valid_from"], name="norm_version_unique")]

    def __str__(self) -> str:
        return f"{self.case_type}: {self.per_fte} ({self.valid_from})"


class Phase(models.TextChoices):
    START = "start", _("start")
    MIDDLE = "midden", _("middle")
    CLOSING = "afronding", _("closing")


reference_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$",
    _("A case reference consists of letters, digits and . _ / - only (no names or spaces)."),
)


class Case(models.Model):
    # No single-column indexes on organisation and team: the unique (organisation, reference) index and the
    # (team, start_date, end_date) index below serve those look-ups, and every extra index slows the bulk
    # import of issue #4 (bench/bench_import.py).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cases", verbose_name=_("organisation"), db_index=False
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team"), db_index=False
    )
    reference = models.CharField(
        _("case reference"),
        max_length=64,
        validators=[reference_validator],
        help_text=_("The pseudonymous number from the registration system. Never a name or BSN."),
    )
    # No index: no page selects cases by type alone (they come by team, then are grouped by type), and an
    # index here costs every import ~5% of its time; only deleting a case type scans the cases (migration 0003).
    case_type = models.ForeignKey(
        CaseType, on_delete=models.PROTECT, related_name="cases", verbose_name=_("case type"), db_index=False
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    expected_end_date = models.DateField(_("expected end date"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.START)
    children = models.PositiveSmallIntegerField(
        _("number of children"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="case_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["team", "start_date", "end_date"])]

    def __str__(self) -> str:
        return self.reference


class Assignment(models.Model):
    """A professional carries (a share of) a case from ``start_date`` through ``end_date``.

    A case that moves gets a new assignment; two people can share one with their share percentages.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case"))
    # Served by the (person, start_date, end_date) index below; see Case for why there is no second one.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("person"), db_index=False
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    share_percent = models.PositiveSmallIntegerField(
        _("share (%)"), default=100, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["case", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="assignment_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.case} → {self.person}"
