"""The learning loop: evaluations answered anonymously, indirect time beside caseload, a reflection log for
cases that stand out, and a record of reminder mails sent.

Privacy: an evaluation answer has no link to who gave it. Who has answered is kept apart
(``EvaluationParticipation``) only to stop a second answer; answers get random primary keys, so not even
the order of rows ties an answer to a participant.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from caseload_core.privacy import MIN_GROUP
from cases.models import Case
from organisations.models import Team

# Results of an anonymous questionnaire appear only from MIN_GROUP answers (caseload_core.privacy, the one
# privacy threshold); an evaluation may ask for more, never fewer.


class EvaluationSubject(models.TextChoices):
    BANDWIDTH = "bandbreedte", _("the bandwidth, on its evaluation date")
    PROCESS = "proces", _("the caseload process, six months after its introduction")


class EvaluationStatus(models.TextChoices):
    OPEN = "open", _("open for answers")
    CLOSED = "gesloten", _("closed")


class EvaluationOutcome(models.TextChoices):
    PENDING = "", _("not decided yet")
    CONFIRM_BAND = "bevestigen", _("confirm the band for another period")
    NEW_ROUND = "nieuwe_ronde", _("start a new round of the bandwidth trajectory")
    ADJUST_PROCESS = "werkwijze", _("keep the band, adjust the way of working")


class Evaluation(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("team"))
    subject = models.CharField(_("what is evaluated"), max_length=20, choices=EvaluationSubject.choices)
    bandwidth = models.ForeignKey(
        "monitoring.Bandwidth",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("bandwidth"),
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(
        _("period from"), help_text=_("The first day of the period whose figures the team looks back on.")
    )
    period_end = models.DateField(_("period until"))
    opens_on = models.DateField(_("evaluation date"), help_text=_("From this day the team is invited to answer."))
    closes_on = models.DateField(_("answers until"))
    min_respondents = models.PositiveSmallIntegerField(
        _("minimum number of answers before results are shown"),
        default=MIN_GROUP,
        validators=[MinValueValidator(MIN_GROUP), MaxValueValidator(100)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.OPEN
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=EvaluationOutcome.choices, default=EvaluationOutcome.PENDING, blank=True
    )
    outcome_note = models.TextField(_("what the team concluded"), blank=True)
    next_evaluation_date = models.DateField(_("next evaluation date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="evaluation_period_ordered",
                violation_error_message=_("The end of the period lies before its start."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="evaluation_closes_after_opening",
                violation_error_message=_("The closing date lies before the evaluation date."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_respondents__gte=MIN_GROUP), name="evaluation_min_respondents_3"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == EvaluationStatus.OPEN


class BandFit(models.TextChoices):
    TOO_LOW = "te_laag", _("too low: we could responsibly carry more")
    FITS = "past", _("it fits")
    TOO_HIGH = "te_hoog", _("too high: it asks too much")
    DONT_KNOW = "weet_niet", _("I don't know")


class MeetingsScore(models.IntegerChoices):
    NOT_AT_ALL = 1, _("1 – not at all")
    LITTLE = 2, _("2 – a little")
    PARTLY = 3, _("3 – partly")
    WELL = 4, _("4 – well")
    VERY_WELL = 5, _("5 – very well")


class EvaluationResponse(models.Model):
    """One anonymous answer. No user, no time stamp."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="responses", verbose_name=_("evaluation")
    )
    band_fit = models.CharField(_("Does the band fit our work?"), max_length=20, choices=BandFit.choices)
    meetings_score = models.PositiveSmallIntegerField(
        _("Did the caseload meetings help us share the caseload?"), choices=MeetingsScore.choices
    )
    pinched = models.TextField(_("What pinched?"), blank=True, max_length=2000)
    change = models.TextField(_("What should change?"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")


class EvaluationParticipation(models.Model):
    """That a user has answered, and nothing about what."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "user"], name="evaluation_one_answer_per_user")]


class WorkloadRegistration(models.Model):
    """The team's estimate of time not spent on cases, as a share of its hours, over a period.

    A team-level estimate on purpose: the seeds advise reflecting on what stands out rather than
    time-writing everything.
    """

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="workload_registrations", verbose_name=_("team")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    meetings_percent = models.PositiveSmallIntegerField(
        _("consultation (overleg) %"), default=0, validators=[MaxValueValidator(100)]
    )
    admin_percent = models.PositiveSmallIntegerField(
        _("administration %"), default=0, validators=[MaxValueValidator(100)]
    )
    training_percent = models.PositiveSmallIntegerField(
        _("training (scholing) %"), default=0, validators=[MaxValueValidator(100)]
    )
    projects_percent = models.PositiveSmallIntegerField(_("projects %"), default=0, validators=[MaxValueValidator(100)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indirect time registration")
        verbose_name_plural = _("indirect time registrations")
        ordering = ["team", "-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="workload_period_ordered",
                violation_error_message=_("The end of the period lies before its start."),
            ),
        ]

    @property
    def percents(self) -> dict[str, int]:
        return {
            "meetings": self.meetings_percent,
            "admin": self.admin_percent,
            "training": self.training_percent,
            "projects": self.projects_percent,
        }


class Effort(models.TextChoices):
    MORE = "meer", _("much more effort than the norm")
    LESS = "minder", _("much less effort than the norm")


class Reflection(models.Model):
    """A case that stood out, and what made the difference: learning instead of time-writing."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("team"))
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("case (pseudonymous reference)"),
    )
    effort = models.CharField(_("the case took"), max_length=10, choices=Effort.choices)
    what_made_the_difference = models.TextField(
        _("What made the difference?"),
        max_length=2000,
        help_text=_("Describe the situation, never the client: no names, addresses or dates of birth."),
    )
    lesson = models.TextField(_("What does it teach us (does the norm miss something)?"), max_length=2000, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-recorded_on", "-id"]


class ReminderSent(models.Model):
    """A reminder mail that went out, so the daily command does not repeat it every day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    sent_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["user", "key", "sent_on"])]
