from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.forms import AccessibleFormMixin, DateInput, set_queryset
from organisations.models import Person, Team
from staffing.models import ReductionReason


class ReductionForm(AccessibleFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=ReductionReason.objects.none())
    percent = forms.IntegerField(
        label=_("Percentage of hours"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_(
            "The share of the contract hours not available for cases; empty: the reason's default. "
            "Each reason has a maximum."
        ),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False, help_text=_("No medical details; the reason suffices.")
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "person", Person.objects.filter(team=team).order_by("name"))
        set_queryset(self, "reason", ReductionReason.objects.filter(organisation_id=team.organisation_id))


class RampForm(AccessibleFormMixin, forms.Form):
    ramp_person = forms.ModelChoiceField(label=_("New employee"), queryset=Person.objects.none())
    ramp_start = forms.DateField(label=_("First working day"), widget=DateInput())

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "ramp_person", Person.objects.filter(team=team).order_by("name"))


class ContractForm(AccessibleFormMixin, forms.Form):
    contract_person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    hours = forms.DecimalField(label=_("Contract hours per week"), min_value=0, max_value=60, decimal_places=1)

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "contract_person", Person.objects.filter(team=team).order_by("name"))


class VacancyForm(AccessibleFormMixin, forms.Form):
    fte = forms.DecimalField(label=_("FTE"), min_value=0.01, max_value=50, decimal_places=2)
    vacancy_start = forms.DateField(label=_("Open since"), widget=DateInput())
    vacancy_note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReasonForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = ReductionReason
        fields = ["label", "default_percent", "max_percent"]
