from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forecasts.models import ChainDefaults, Scenario
from forecasts.services import CHAIN_FIELDS, SCENARIO_FIELDS
from organisations.forms import AccessibleFormMixin

HORIZON_CHOICES = [(4, _("4 weeks")), (13, _("13 weeks")), (26, _("26 weeks"))]
RISK_CHOICES = [(5, "5%"), (10, "10%"), (20, "20%")]

SCENARIO_GROUPS = (
    (_("Inflow"), ("inflow_change_percent", "inflow_per_week")),
    (_("Absence"), ("absence_fte", "absence_from_week", "absence_weeks")),
    (
        _("Vacancy and new colleague"),
        ("vacancy_fill_fte", "vacancy_fill_week", "new_colleague_fte", "new_colleague_week"),
    ),
    (
        _("Budget, FTE and cost per case"),
        (
            "starting_point",
            "norm_per_fte",
            "budget",
            "salary_per_fte",
            "employer_costs_percent",
            "overhead_percent",
            "absence_reserve_percent",
        ),
    ),
)


class ViewOptionsForm(AccessibleFormMixin, forms.Form):
    """What the forecast page shows: how far ahead, and the accepted chance of exceeding the upper bound."""

    weeks = forms.TypedChoiceField(
        label=_("Look ahead"), choices=HORIZON_CHOICES, coerce=int, initial=13, required=False, empty_value=None
    )
    risk = forms.TypedChoiceField(
        label=_("Accepted chance of exceeding the upper bound"),
        choices=RISK_CHOICES,
        coerce=int,
        initial=10,
        required=False,
        empty_value=None,
    )

    def values(self) -> tuple[int, float]:
        """The chosen horizon and risk; a value that is not offered falls back to its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("weeks") or 13, (data.get("risk") or 10) / 100


class ScenarioForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Scenario
        fields = list(SCENARIO_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def head(self) -> list[Any]:
        return [self["name"], self["description"]]

    def groups(self) -> list[dict[str, Any]]:
        return [{"legend": legend, "fields": [self[name] for name in names]} for legend, names in SCENARIO_GROUPS]


class ChainDefaultsForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = ChainDefaults
        fields = list(CHAIN_FIELDS)
