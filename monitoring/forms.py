from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CaseType
from monitoring.models import Agreement, CaseloadMeeting, MeetingSchedule
from organisations.forms import AccessibleFormMixin, DateInput, set_queryset
from organisations.models import Person, Team


class MeetingForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = CaseloadMeeting
        fields = ["date", "attendees", "inflow_discussed", "outflow_discussed", "deviations_discussed"]
        widgets = {
            "date": DateInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "inflow_discussed": forms.Textarea(attrs={"rows": 3}),
            "outflow_discussed": forms.Textarea(attrs={"rows": 3}),
            "deviations_discussed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, team: Team, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "attendees", Person.objects.filter(team=team).order_by("name"))


class AgreementForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["text", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args: object, team: Team, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "owner", Person.objects.filter(team=team).order_by("name"))


class ScheduleForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = MeetingSchedule
        fields = ["every_weeks"]


class WhatIfForm(AccessibleFormMixin, forms.Form):
    case_type = forms.ModelChoiceField(queryset=CaseType.objects.none(), label=_("Case type of the new case"))
    share = forms.IntegerField(
        label=_("Share (%)"), min_value=1, max_value=100, initial=100, help_text=_("100 unless the case is shared.")
    )

    def __init__(self, *args: object, team: Team, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "case_type", CaseType.objects.filter(organisation_id=team.organisation_id))
