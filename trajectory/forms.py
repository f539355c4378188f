from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from organisations.forms import AccessibleFormMixin, DateInput
from organisations.models import Team
from trajectory.models import Action, Advice, Decision, ReferencePoint, SketchFigure, Trajectory, TrajectoryStep

ROWS = {"rows": 4}


class TrajectoryCreateForm(AccessibleFormMixin, forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: Bandwidth youth team 2027."))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


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
        self.fields["scoring_round"].queryset = self.instance.team.scoring_rounds.all()


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


class AdviceForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Advice
        fields = ["function", "lower", "upper", "reasoning", "pulls_down", "pulls_up", "improvements"]
        widgets = {f: forms.Textarea(attrs=ROWS) for f in ("reasoning", "pulls_down", "pulls_up", "improvements")}


class DecisionForm(AccessibleFormMixin, forms.ModelForm):
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


class ActionForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_date", "done"]
        widgets = {"due_date": DateInput()}
