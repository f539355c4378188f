from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseType, Norm, Phase
from organisations.forms import AccessibleFormMixin, DateInput, set_queryset
from organisations.models import Organisation, Person, Team


class CaseTypeForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = CaseType
        fields = ["code", "name"]


class NormForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Norm
        fields = ["valid_from", "per_fte", "first_year_per_fte", "source"]
        widgets = {"valid_from": DateInput()}


class CaseCreateForm(AccessibleFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=64,
        help_text=_("The pseudonymous number from the registration system. Never a name, address, birth date or BSN."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    case_type = forms.ModelChoiceField(label=_("Case type"), queryset=CaseType.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    expected_end_date = forms.DateField(label=_("Expected end date"), widget=DateInput(), required=False)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, initial=Phase.START)
    children = forms.IntegerField(label=_("Number of children"), min_value=1, max_value=30, initial=1)
    person = forms.ModelChoiceField(label=_("Assigned to"), queryset=Person.objects.none(), required=False)
    share_percent = forms.IntegerField(label=_("Share (%)"), min_value=1, max_value=100, initial=100)

    def __init__(self, *args: Any, organisation: Organisation, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "team", teams)
        set_queryset(self, "case_type", CaseType.objects.filter(organisation=organisation))
        set_queryset(self, "person", Person.objects.filter(organisation=organisation, team__in=teams))


class CaseEditForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["case_type", "expected_end_date", "phase", "children"]
        widgets = {"expected_end_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "case_type", CaseType.objects.filter(organisation_id=self.instance.organisation_id))


class AssignForm(AccessibleFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("To"), queryset=Person.objects.none())
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    share_percent = forms.IntegerField(label=_("Share (%)"), min_value=1, max_value=100, initial=100)
    replace = forms.BooleanField(
        label=_("The case moves (the current assignment ends the day before)"), required=False, initial=True
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "person", Person.objects.filter(organisation_id=case.organisation_id).order_by("name"))


class CloseForm(AccessibleFormMixin, forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
