from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from caseloadwijzer import clock
from cases.models import Case
from monitoring.models import Bandwidth
from organisations.forms import AccessibleFormMixin, DateInput, set_choices, set_queryset
from organisations.models import Team
from reports.models import (
    BandFit,
    Effort,
    Evaluation,
    EvaluationOutcome,
    EvaluationResponse,
    MeetingsScore,
    Reflection,
    WorkloadRegistration,
)


class PeriodForm(AccessibleFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period lies before its start."))
            elif (end - start).days > 3 * 366:
                self.add_error("end", _("Choose a period of at most three years."))
        return data


class EvaluationForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "team",
            "subject",
            "bandwidth",
            "title",
            "period_start",
            "period_end",
            "opens_on",
            "closes_on",
            "min_respondents",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "team", teams)
        set_queryset(self, "bandwidth", Bandwidth.objects.filter(team__in=teams).select_related("team"))
        self.fields["bandwidth"].required = False


class EvaluationAnswerForm(AccessibleFormMixin, forms.ModelForm):
    band_fit = forms.ChoiceField(
        label=_("Does the band fit our work?"), choices=BandFit.choices, widget=forms.RadioSelect
    )
    meetings_score = forms.TypedChoiceField(
        label=_("Did the caseload meetings help us share the caseload?"),
        choices=MeetingsScore.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = EvaluationResponse
        fields = ["band_fit", "meetings_score", "pinched", "change"]
        widgets = {"pinched": forms.Textarea(attrs={"rows": 3}), "change": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"pinched": _("Without names: your answer is shown to the team as written.")}


class EvaluationCloseForm(AccessibleFormMixin, forms.ModelForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in EvaluationOutcome.choices if c[0] != EvaluationOutcome.PENDING]
    )

    class Meta:
        model = Evaluation
        fields = ["outcome", "outcome_note", "next_evaluation_date"]
        widgets = {"next_evaluation_date": DateInput(), "outcome_note": forms.Textarea(attrs={"rows": 4})}


class WorkloadForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = WorkloadRegistration
        fields = [
            "period_start",
            "period_end",
            "meetings_percent",
            "admin_percent",
            "training_percent",
            "projects_percent",
            "note",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = ("meetings_percent", "admin_percent", "training_percent", "projects_percent")
        if all(data.get(k) is not None for k in keys) and sum(data[k] for k in keys) > 100:
            self.add_error(None, _("Together the shares exceed all of the hours (100%)."))
        return data


class ReflectionForm(AccessibleFormMixin, forms.ModelForm):
    """A case is named by its pseudonymous reference within the team, not chosen from a long list."""

    case_reference = forms.CharField(
        label=_("Case reference (optional)"),
        max_length=64,
        required=False,
        help_text=_("The pseudonymous number from the registration system."),
    )

    class Meta:
        model = Reflection
        fields = ["effort", "what_made_the_difference", "lesson", "recorded_on"]
        widgets = {
            "recorded_on": DateInput(),
            "effort": forms.RadioSelect,
            "what_made_the_difference": forms.Textarea(attrs={"rows": 4}),
            "lesson": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        set_choices(self, "effort", Effort.choices)
        self.fields["recorded_on"].initial = clock.today()

    def clean_case_reference(self) -> Case | None:
        reference = self.cleaned_data.get("case_reference", "").strip()
        if not reference:
            return None
        case = Case.objects.filter(team=self.team, reference=reference).first()
        if case is None:
            raise forms.ValidationError(_("This team has no case with reference %(ref)s."), params={"ref": reference})
        return case
