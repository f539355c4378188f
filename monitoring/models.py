"""The team's decided bandwidth, as used in monitoring. Versioned by start date: a new decision never
changes the past."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
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
        # as people read it: "Team Noord: 32–36 per fte, vanaf 4 januari 2027" (a form's choice shows this)
        return _("%(team)s: %(low)s–%(high)s per FTE, from %(from)s") % {
            "team": self.team,
            "low": floatformat(self.lower_per_fte, "-2"),
            "high": floatformat(self.upper_per_fte, "-2"),
            "from": date_format(self.valid_from, "j F Y"),
        }


class MeetingSchedule(models.Model):
    """How often the team holds its caseload meeting (caseloadbespreking)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="meeting_schedule", verbose_name=_("team"))
    every_weeks = models.PositiveSmallIntegerField(
        _("every … weeks"), default=2, validators=[MinValueValidator(1)], help_text=_("For example 2: fortnightly.")
    )

    class Meta:
        verbose_name = _("meeting schedule")
        verbose_name_plural = _("meeting schedules")


class CaseloadMeeting(models.Model):
    """One caseload meeting. ``snapshot`` holds the figures as they were shown then; it is never recomputed."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="caseload_meetings", verbose_name=_("team"))
    date = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        "organisations.Person", blank=True, related_name="caseload_meetings", verbose_name=_("attendees")
    )
    snapshot = models.JSONField(_("snapshot of the figures"), default=dict, editable=False)
    inflow_discussed = models.TextField(
        _("new inflow discussed"), blank=True, help_text=_("Which new cases were discussed and to whom they went.")
    )
    outflow_discussed = models.TextField(
        _("expected outflow brought in"), blank=True, help_text=_("Cases expected to end soon, and what was agreed.")
    )
    deviations_discussed = models.TextField(
        _("deviations discussed"), blank=True, help_text=_("Members outside the margin and what was said about it.")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("caseload meeting")
        verbose_name_plural = _("caseload meetings")
        ordering = ["team", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.team} {self.date:%Y-%m-%d}"


class Agreement(models.Model):
    """An agreement made in a caseload meeting, with an owner and a due date."""

    meeting = models.ForeignKey(
        CaseloadMeeting, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("meeting")
    )
    text = models.CharField(_("agreement"), max_length=300)
    owner = models.ForeignKey(
        "organisations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_agreements",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.text
