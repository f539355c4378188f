"""The bandwidth trajectory of the NJi handreiking "Caseload voor lokale (wijk)teams": three steps, five
piketpaaltjes, and the reasoning behind every decided bandwidth. A decision never changes the past: it
creates a new monitoring.Bandwidth row, and earlier advice versions and decisions stay readable."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Function, Organisation, Team

PER_FTE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))]


class Trajectory(models.Model):
    """A trajectory for one team or a group of teams of one organisation, optionally for some functions only.

    ``team`` is the lead team (its organisation is the trajectory's, its actions are counted there); ``teams``
    are all the teams the decided band applies to, the lead team included."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="trajectories", verbose_name=_("lead team"))
    teams = models.ManyToManyField(
        Team,
        related_name="covering_trajectories",
        verbose_name=_("teams"),
        help_text=_("Every team the bandwidth will hold for, of the same organisation."),
    )
    functions = models.JSONField(
        _("functions"),
        default=list,
        blank=True,
        help_text=_("Leave empty when the trajectory is about every function in the teams."),
    )
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Step 1: the situation sketch.
    problem_statement = models.TextField(_("problem statement"), blank=True)
    stakeholders = models.TextField(
        _("stakeholders and their interests"), blank=True, help_text=_("One stakeholder per line, with their interest.")
    )
    area_name = models.CharField(_("area"), max_length=200, blank=True, help_text=_("For example: Almere."))
    area_codes = models.CharField(
        _("CBS codes of the area"),
        max_length=500,
        blank=True,
        help_text=_("The municipality's GM code (GM0034), or postcodes and ranges (1309-1363), comma-separated."),
    )
    region_codes = models.CharField(
        _("CBS codes of the region"),
        max_length=500,
        blank=True,
        help_text=_("The codes to compare with, e.g. the youth care region's municipalities. The country is added."),
    )
    # Piketpaaltje 1: definitions and the intent.
    case_definition = models.CharField(
        _("what counts as one case"),
        max_length=300,
        blank=True,
        help_text=_("For example: a family, a child, a measure."),
    )
    caseload_definition = models.TextField(
        _("what the caseload counts"),
        blank=True,
        help_text=_("For example: the open cases per full-time FTE (36 hours) of the youth consultants."),
    )
    intent = models.TextField(_("the intent (de bedoeling) of the assignment"), blank=True)
    core_values = models.CharField(_("core values"), max_length=300, blank=True)
    way_of_working = models.TextField(_("way of working"), blank=True)
    contact_intensity = models.TextField(_("intended intensity of contact and engagement"), blank=True)
    # Piketpaaltje 2: the team's mark on the reference scale.
    ideal_caseload = models.DecimalField(
        _("ideal caseload (cases per FTE)"), max_digits=6, decimal_places=1, null=True, blank=True, validators=PER_FTE
    )
    ideal_reasoning = models.TextField(_("why there"), blank=True)
    # Piketpaaltje 3: the team's factor scoring (the score sheet) and the group's conclusions.
    scoring_round = models.ForeignKey(
        "scoresheet.ScoringRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("scoring round"),
        help_text=_("The team's factor scoring whose results this trajectory uses."),
    )
    factor_notes = models.TextField(_("the group's conclusions on the weighing factors"), blank=True)

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.team.organisation

    def team_list(self) -> list[Team]:
        """The covered teams by name; a trajectory from before groups of teams covers its lead team."""
        teams = sorted(self.teams.all(), key=lambda t: t.name)
        return teams or [self.team]

    def team_names(self) -> str:
        return ", ".join(t.name for t in self.team_list())

    def function_labels(self) -> list[str]:
        labels = dict(Function.choices)
        return [str(labels.get(f, f)) for f in self.functions]


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("in progress")
    DONE = "done", _("done")


class TrajectoryStep(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"), validators=[MinValueValidator(1), MaxValueValidator(3)])
    planned_weeks = models.PositiveSmallIntegerField(
        _("planned duration (weeks)"), validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    start_date = models.DateField(_("start date"))
    status = models.CharField(_("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.PLANNED)
    participants = models.TextField(_("who takes part"), blank=True)
    notes = models.TextField(_("notes and decisions of the group"), blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["trajectory", "number"]
        constraints = [models.UniqueConstraint(fields=["trajectory", "number"], name="trajectory_step_unique")]

    def __str__(self) -> str:
        return f"{self.trajectory}: {self.number}"


class SketchFigure(models.Model):
    """A figure of the situation sketch with the group's answers to the handreiking's five questions."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("figure"), max_length=300)
    period = models.CharField(_("period"), max_length=40, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    area_value = models.DecimalField(_("our area"), max_digits=14, decimal_places=2, null=True, blank=True)
    region_value = models.DecimalField(_("region"), max_digits=14, decimal_places=2, null=True, blank=True)
    country_value = models.DecimalField(_("the Netherlands"), max_digits=14, decimal_places=2, null=True, blank=True)
    area_share = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    country_share = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    from_cbs = models.BooleanField(default=False)
    recognise = models.TextField(_("Do we recognise the picture?"), blank=True)
    explain = models.TextField(_("How do we explain it?"), blank=True)
    judge = models.TextField(_("What do we think of it, is this a lot or not?"), blank=True)
    meaning = models.TextField(_("What does this mean for our situation?"), blank=True)
    caseload_lesson = models.TextField(
        _("What does it tell us about a responsible caseload? Can it be the same for all teams, for all functions?"),
        blank=True,
    )

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["trajectory", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def answered(self) -> int:
        return sum(bool(getattr(self, f)) for f in ("recognise", "explain", "judge", "meaning", "caseload_lesson"))


class ReferencePoint(models.Model):
    """A reference caseload on the engagement scale (figure 3), editable and extendable per organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reference_points")
    label = models.CharField(_("reference"), max_length=200)
    lower = models.DecimalField(_("lowest caseload"), max_digits=6, decimal_places=1, validators=PER_FTE)
    upper = models.DecimalField(_("highest caseload"), max_digits=6, decimal_places=1, validators=PER_FTE)
    unit = models.CharField(_("counted in"), max_length=60, help_text=_("For example: families, cases, measures."))
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("what it says about engagement"), blank=True)
    active = models.BooleanField(_("show on the scale"), default=True)

    class Meta:
        verbose_name = _("reference caseload")
        verbose_name_plural = _("reference caseloads")
        ordering = ["organisation", "lower", "upper", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(upper__gte=models.F("lower")),
                name="reference_lower_le_upper",
                violation_error_message=_("The upper bound lies below the lower bound."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class Advice(models.Model):
    """Piketpaaltje 4: a version of the advice on the bandwidth. Never edited once decided on."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="advices")
    version = models.PositiveSmallIntegerField(_("version"))
    function = models.CharField(
        _("function"),
        max_length=40,
        choices=Function.choices,
        blank=True,
        help_text=_("Leave empty when the band holds for every function."),
    )
    lower = models.DecimalField(_("lower bound per FTE"), max_digits=6, decimal_places=1, validators=PER_FTE)
    upper = models.DecimalField(_("upper bound per FTE"), max_digits=6, decimal_places=1, validators=PER_FTE)
    reasoning = models.TextField(_("reasoning"))
    pulls_down = models.TextField(_("factors that pull the caseload down"), blank=True)
    pulls_up = models.TextField(_("factors that allow a higher caseload"), blank=True)
    improvements = models.TextField(_("improvement actions that would make the ideal realistic"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advice versions")
        ordering = ["trajectory", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "version"], name="advice_version_unique"),
            models.CheckConstraint(
                condition=models.Q(upper__gte=models.F("lower")),
                name="advice_lower_le_upper",
                violation_error_message=_("The upper bound lies below the lower bound."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory} v{self.version}"

    def band_list(self) -> list[Band]:
        """The main band first, then one band per function where it differs."""
        main = Band(self.function, self.lower, self.upper)
        return [main, *(Band(b.function, b.lower, b.upper) for b in self.function_bands.all())]


class Band:
    """One band of an advice or a decision: a function ("" = every function) with its bounds per FTE."""

    def __init__(self, function: str, lower: Decimal | None, upper: Decimal | None) -> None:
        self.function = function
        self.lower = lower
        self.upper = upper

    @property
    def function_label(self) -> str:
        return str(dict(Function.choices).get(self.function, self.function)) if self.function else ""

    def __repr__(self) -> str:
        return f"Band({self.function!r}, {self.lower}, {self.upper})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Band) and (self.function, self.lower, self.upper) == (
            other.function,
            other.lower,
            other.upper,
        )

    __hash__ = None  # type: ignore[assignment]


class FunctionBand(models.Model):
    """Lower and upper bound per FTE for one function; shared by advised and decided bands."""

    function = models.CharField(_("function"), max_length=40, choices=Function.choices)
    lower = models.DecimalField(_("lower bound per FTE"), max_digits=6, decimal_places=1, validators=PER_FTE)
    upper = models.DecimalField(_("upper bound per FTE"), max_digits=6, decimal_places=1, validators=PER_FTE)

    class Meta:
        abstract = True


class AdviceBand(FunctionBand):
    """A band for one function where it differs from the advice's main band."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="function_bands")

    class Meta:
        verbose_name = _("band per function")
        verbose_name_plural = _("bands per function")
        ordering = ["advice", "function"]
        constraints = [
            models.UniqueConstraint(fields=["advice", "function"], name="advice_band_function_unique"),
            models.CheckConstraint(
                condition=models.Q(upper__gte=models.F("lower")),
                name="advice_band_lower_le_upper",
                violation_error_message=_("The upper bound lies below the lower bound."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advice}: {self.function}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    APPROVED_WITH_CHANGES = "changed", _("approved with changes")
    REJECTED = "rejected", _("not approved")


class Decision(models.Model):
    """Piketpaaltje 5: the commissioning party's decision on one advice version."""

    advice = models.OneToOneField(Advice, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    lower = models.DecimalField(
        _("decided lower bound per FTE"), max_digits=6, decimal_places=1, null=True, blank=True, validators=PER_FTE
    )
    upper = models.DecimalField(
        _("decided upper bound per FTE"), max_digits=6, decimal_places=1, null=True, blank=True, validators=PER_FTE
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    evaluation_date = models.DateField(_("evaluation date"), null=True, blank=True)
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("The changes made, or what is still needed to agree.")
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    bandwidth = models.OneToOneField(
        "monitoring.Bandwidth", on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    # Every monitoring band this decision created: one per team of the trajectory and per decided band.
    bandwidths = models.ManyToManyField("monitoring.Bandwidth", blank=True, related_name="decisions")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.advice}: {self.outcome}"

    @property
    def approved(self) -> bool:
        return self.outcome != Outcome.REJECTED

    def band_list(self) -> list[Band]:
        """The decided bands, main band first; empty when not approved."""
        if not self.approved:
            return []
        main = Band(self.advice.function, self.lower, self.upper)
        return [main, *(Band(b.function, b.lower, b.upper) for b in self.function_bands.all())]


class DecisionBand(FunctionBand):
    """A decided band for one function where it differs from the decision's main band."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="function_bands")

    class Meta:
        verbose_name = _("decided band per function")
        verbose_name_plural = _("decided bands per function")
        ordering = ["decision", "function"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "function"], name="decision_band_function_unique"),
            models.CheckConstraint(
                condition=models.Q(upper__gte=models.F("lower")),
                name="decision_band_lower_le_upper",
                violation_error_message=_("The upper bound lies below the lower bound."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.function}"


class Action(models.Model):
    """Step 3: a concrete action with an owner and a due date."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["trajectory", "done", "due_date", "id"]

    def __str__(self) -> str:
        return self.description
