from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from organisations.forms import AccessibleFormMixin, DateInput, set_choices, set_queryset
from organisations.models import CASELOAD_FUNCTIONS, Function, Team
from trajectory.models import Action, Advice, Decision, ReferencePoint, SketchFigure, Trajectory, TrajectoryStep

ROWS = {"rows": 4}

FUNCTION_CHOICES = [(value, label) for value, label in Function.choices if value in CASELOAD_FUNCTIONS]


def _teams_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Also for these teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a group of teams, for example all youth protection teams. The lead team always takes part."),
    )


def _functions_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Only for these functions"),
        choices=FUNCTION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when the trajectory is about every function in the teams."),
    )


class TrajectoryCreateForm(AccessibleFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Lead team"),
        queryset=Team.objects.none(),
        help_text=_("The team that leads the trajectory; for one team, this is the team."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: Bandwidth youth team 2027."))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "team", teams)
        self.fields["teams"] = _teams_field()
        set_queryset(self, "teams", teams)
        self.fields["functions"] = _functions_field()


class ScopeForm(AccessibleFormMixin, forms.Form):
    """Which teams and functions a trajectory covers."""

    def __init__(self, *args: Any, teams: QuerySet[Team], trajectory: Trajectory, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"teams": [t.id for t in trajectory.team_list()], "functions": trajectory.functions}
        )
        super().__init__(*args, **kwargs)
        self.fields["teams"] = _teams_field()
        self.fields["teams"].label = _("Teams")
        set_queryset(self, "teams", teams)
        self.fields["functions"] = _functions_field()


class StepForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = TrajectoryStep
        fields = ["planned_weeks", "start_date", "status", "participants", "notes"]
        widgets = {"start_date": DateInput(), "participants": forms.Textarea(attrs=ROWS)}


class SketchForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["problem_statement", "stakeholders", "area_name", "area_codes", "region_codes"]


class IntentForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = [
            "case_definition",
            "caseload_definition",
            "intent",
            "core_values",
            "way_of_working",
            "contact_intensity",
        ]
        widgets = {"caseload_definition": forms.Textarea(attrs=ROWS)}


class IdealForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["ideal_caseload", "ideal_reasoning"]


class FactorNotesForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["scoring_round", "factor_notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from scoresheet.models import ScoringRound

        set_queryset(self, "scoring_round", ScoringRound.objects.filter(team__in=self.instance.team_list()))


class FigureForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = SketchFigure
        fields = [
            "label",
            "period",
            "unit",
            "area_value",
            "region_value",
            "country_value",
            "source",
            "recognise",
            "explain",
            "judge",
            "meaning",
            "caseload_lesson",
        ]
        widgets = {
            f: forms.Textarea(attrs=ROWS) for f in ("recognise", "explain", "judge", "meaning", "caseload_lesson")
        }


class CbsImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CBS file"),
        help_text=_("A StatLine CSV download, or an OData (v3 or v4) export as JSON or CSV."),
    )


class CbsDownloadForm(AccessibleFormMixin, forms.Form):
    table_id = forms.CharField(
        label=_("CBS table number"),
        max_length=12,
        help_text=_("For example 85098NED (Indicatoren jeugdzorg in natura; gemeenten). Needs internet."),
    )


class ReferenceForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = ReferencePoint
        fields = ["label", "lower", "upper", "unit", "source", "note", "active"]
        widgets = {"note": forms.Textarea(attrs=ROWS)}


def band_functions(trajectory: Trajectory) -> list[tuple[str, Any]]:
    """The functions a band per function can be given for: the trajectory's, else the caseload functions."""
    chosen = set(trajectory.functions)
    return [(v, label) for v, label in FUNCTION_CHOICES if not chosen or v in chosen]


def _bound_field(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=6, decimal_places=1, min_value=0, max_value=500, help_text=help_text
    )


class FunctionBandsMixin:
    """Optional ``lower_<function>`` / ``upper_<function>`` fields: a band per function where it differs."""

    band_function_choices: list[tuple[str, Any]]

    def add_band_fields(self, functions: list[tuple[str, Any]], help_text: Any = "") -> None:
        self.band_function_choices = functions
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        for value, label in functions:
            fields[f"lower_{value}"] = _bound_field(_("Lower bound for %(function)s") % {"function": label}, help_text)
            fields[f"upper_{value}"] = _bound_field(_("Upper bound for %(function)s") % {"function": label}, help_text)

    def band_values(self) -> dict[str, tuple[Any, Any]]:
        data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        return {
            value: (data.get(f"lower_{value}"), data.get(f"upper_{value}"))
            for value, _label in self.band_function_choices
            if data.get(f"lower_{value}") is not None or data.get(f"upper_{value}") is not None
        }

    def model_data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        return {k: v for k, v in data.items() if not k.startswith(("lower_", "upper_"))}


class AdviceForm(FunctionBandsMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Advice
        fields = ["function", "lower", "upper", "reasoning", "pulls_down", "pulls_up", "improvements"]
        widgets = {f: forms.Textarea(attrs=ROWS) for f in ("reasoning", "pulls_down", "pulls_up", "improvements")}
        labels = {
            "function": _("Main band holds for"),
            "lower": _("Lower bound per FTE (main band)"),
            "upper": _("Upper bound per FTE (main band)"),
        }
        help_texts = {"function": _("Leave empty when the main band holds for every function.")}

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        functions = band_functions(trajectory)
        set_choices(self, "function", [("", _("every function")), *functions])
        self.add_band_fields(
            functions, _("Only where this function's band differs from the main band; leave empty otherwise.")
        )
        bands = [f"{side}_{value}" for value, _label in functions for side in ("lower", "upper")]
        self.order_fields(["function", "lower", "upper", *bands])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for value, label in self.band_function_choices:
            low, high = data.get(f"lower_{value}"), data.get(f"upper_{value}")
            if (low is None) != (high is None):
                self.add_error(f"lower_{value}", _("Give both bounds for %(function)s.") % {"function": label})
        return data

    def service_kwargs(self) -> dict[str, Any]:
        bands = [(f, low, high) for f, (low, high) in self.band_values().items()]
        return {**self.model_data(), "function_bands": bands}


class DecisionForm(FunctionBandsMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome", "decided_on", "valid_from", "evaluation_date", "lower", "upper", "explanation"]
        widgets = {
            "outcome": forms.RadioSelect,
            "decided_on": DateInput(),
            "valid_from": DateInput(),
            "evaluation_date": DateInput(),
            "explanation": forms.Textarea(attrs=ROWS),
        }
        help_texts = {
            "lower": _("Only when approved with changes."),
            "upper": _("Only when approved with changes."),
        }

    def __init__(self, *args: Any, advice: Advice | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bands = list(advice.function_bands.all()) if advice is not None else []
        labels = dict(Function.choices)
        self.add_band_fields(
            [(b.function, labels[b.function]) for b in bands if b.function in labels],
            _("Only when approved with changes; empty keeps the advised band."),
        )

    def service_kwargs(self) -> dict[str, Any]:
        return {**self.model_data(), "function_bands": self.band_values()}


class ActionForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_date", "done"]
        widgets = {"due_date": DateInput()}
