"""The factor score sheet (appendix 1 of the NJi handreiking) as a live team session.

A facilitator prepares a ``ScoringRound`` for a team with its own copy of a factor list (``RoundFactor``),
opens it, and team members join with a short round code (or logged in). Each participant is one
``Response``, identified only by a keyed hash (``participant_key``): no name, no login, no session id is
stored with the answers. Each ``Answer`` scores one factor 1–5, optionally with an ideal level and a
remark. Results are shown only in aggregate, and only from ``min_respondents`` (never below 3) on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from caseload_core.privacy import MIN_GROUP
from organisations.models import Function, Team

MIN_RESPONDENTS_FLOOR = MIN_GROUP
"""Results are never shown for fewer respondents than this, whatever a round is configured to (the
product's one privacy threshold, ``caseload_core.privacy.MIN_GROUP``)."""
MAX_GUESTS = 50


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Scale(models.TextChoices):
    """What a score of 1–5 means in a round."""

    WEIGHT = "weight", _("weight of the factor (appendix 1: 1 = plays no role, 5 = plays a heavy role)")
    CONDITION = "condition", _("state of the factor (spider web: 1 = pinches hard, 5 = as it should be)")


class Category(models.TextChoices):
    CLIENT = "client", _("client/family")
    SYSTEM = "system", _("system/chain")
    PRECONDITIONS = "preconditions", _("preconditions")
    TEAM = "team", _("team")
    OTHER = "other", _("other")


class ScoringRound(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scoring_rounds", verbose_name=_("team"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.WEIGHT)
    ask_ideal = models.BooleanField(
        _("also ask the ideal level"),
        default=False,
        help_text=_("Participants may also score the ideal level per factor, for the ideal-versus-actual spider web."),
    )
    min_respondents = models.PositiveSmallIntegerField(
        _("minimum number of respondents"),
        default=MIN_RESPONDENTS_FLOOR,
        validators=[MinValueValidator(MIN_RESPONDENTS_FLOOR), MaxValueValidator(500)],
        help_text=_("Results appear only once at least this many people answered (never fewer than 3)."),
    )
    code = models.CharField(_("round code"), max_length=12, unique=True)
    guests = models.PositiveSmallIntegerField(
        _("guests without an invitation"),
        default=0,
        validators=[MaxValueValidator(MAX_GUESTS)],
        help_text=_(
            "How many people may join with the round code alone, without a personal invitation or login "
            "(for example a colleague without an account). Their answers count in the results, but never "
            "towards the minimum number of people."
        ),
    )
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("compare with round"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_respondents__gte=MIN_RESPONDENTS_FLOOR), name="scoringround_min_respondents_3"
            ),
            models.CheckConstraint(condition=models.Q(guests__lte=MAX_GUESTS), name="scoringround_guests_max"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def threshold(self) -> int:
        return max(self.min_respondents, MIN_RESPONDENTS_FLOOR)

    @property
    def display_code(self) -> str:
        """The code as shown on screen, in two groups of three for reading aloud."""
        return f"{self.code[:3]}-{self.code[3:]}" if len(self.code) == 6 else self.code


class RoundFactor(models.Model):
    """One factor of a round's own list (copied from a template or an earlier round, then edited)."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="factors", verbose_name=_("round"))
    key = models.SlugField(
        _("key"), max_length=80, help_text=_("Stable identifier used to compare the same factor between rounds.")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    function = models.CharField(
        _("function"),
        max_length=40,
        choices=Function.choices,
        blank=True,
        help_text=_("Empty: every participant scores this factor; otherwise only participants with this function."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factors")
        ordering = ["round", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key", "function"], name="roundfactor_key_unique_in_round"),
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """That a team member is invited to a round: they answer signed in, or with a personal link.

    Bound to the round and the person, never to a response: the answers are found by the participant key
    (a keyed hash of the round and the person), which this row does not hold. ``token_hash`` is the SHA-256
    of the personal link's random token (the token itself is shown once, when the link is made); it is
    emptied when the person has answered, so a link works for one response only.
    """

    round = models.ForeignKey(
        ScoringRound, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("round")
    )
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    token_hash = models.CharField(_("link"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["round", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="invitation_one_per_person"),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~models.Q(token_hash=""), name="invitation_token_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Response(models.Model):
    """One participant's answers to a round. Deliberately without a name, user or session reference."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round"))
    participant_key = models.CharField(_("participant key"), max_length=64)
    function = models.CharField(_("function"), max_length=40, choices=Function.choices, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["round", "participant_key"], name="response_one_per_participant"),
        ]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    factor = models.ForeignKey(RoundFactor, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    ideal = models.PositiveSmallIntegerField(
        _("ideal level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    remark = models.TextField(_("remark"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "factor"], name="answer_one_per_factor"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="answer_score_1_5"),
            models.CheckConstraint(
                condition=models.Q(ideal__isnull=True) | models.Q(ideal__gte=1, ideal__lte=5),
                name="answer_ideal_1_5",
            ),
        ]
