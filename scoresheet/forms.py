from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from organisations.forms import AccessibleFormMixin
from organisations.models import Function, Team
from scoresheet.factor_lists import SCALE_LABELS, FactorList
from scoresheet.models import MIN_RESPONDENTS_FLOOR, Category, RoundFactor, ScoringRound
from scoresheet.services import AnswerInput


class RoundCreateForm(AccessibleFormMixin, forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    factor_list = forms.ChoiceField(label=_("Start from"), choices=FactorList.choices, initial=FactorList.APPENDIX_1)
    previous_round = forms.ModelChoiceField(
        label=_("Compare with round"),
        queryset=ScoringRound.objects.none(),
        required=False,
        help_text=_("Optional: an earlier round of the same team, to show what changed."),
    )
    ask_ideal = forms.BooleanField(
        label=_("Also ask the ideal level per factor"),
        required=False,
        help_text=_("Always on for the spider web of figure 4."),
    )
    min_respondents = forms.IntegerField(
        label=_("Minimum number of respondents"),
        min_value=MIN_RESPONDENTS_FLOOR,
        max_value=500,
        initial=MIN_RESPONDENTS_FLOOR,
        help_text=_("Results appear only once at least this many people answered; never fewer than 3."),
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk
        self.fields["previous_round"].queryset = ScoringRound.objects.filter(team__in=teams).select_related("team")  # type: ignore[attr-defined]
        self.fields["previous_round"].label_from_instance = lambda r: f"{r.title} ({r.team})"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        previous, team = data.get("previous_round"), data.get("team")
        if previous is not None and team is not None and previous.team_id != team.id:
            self.add_error("previous_round", _("Choose a round of the same team."))
        if data.get("factor_list") == FactorList.PREVIOUS and previous is None:
            self.add_error("previous_round", _("Choose the round whose factors you want to copy."))
        return data


class FactorForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = RoundFactor
        fields = ["name", "category", "function"]
        labels = {"name": _("Factor"), "category": _("Category"), "function": _("Only for function")}
        help_texts = {"function": _("Empty: everyone scores this factor.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].initial = Category.OTHER
        self.fields["function"].choices = [("", _("everyone")), *Function.choices]  # type: ignore[attr-defined]


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Round code"), max_length=12, help_text=_("The six characters on the shared screen.")
    )


class FunctionForm(forms.Form):
    function = forms.ChoiceField(
        label=_("Your function"),
        choices=Function.choices,
        widget=forms.RadioSelect,
        help_text=_("Some factors are scored per function. Only the team's totals per function are shown."),
    )


class ScoringForm(forms.Form):
    """One fieldset per factor: the score (required), optionally the ideal level, and a remark."""

    def __init__(self, *args: Any, factors: Sequence[RoundFactor], scale: str, ask_ideal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.factors = list(factors)
        labels = SCALE_LABELS[scale]
        choices = [(str(i), f"{i} – {labels[i - 1]}") for i in range(1, 6)]
        self.ask_ideal = ask_ideal
        for f in self.factors:
            self.fields[f"score_{f.pk}"] = forms.TypedChoiceField(
                label=f.name,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score for “%(name)s”.") % {"name": f.name}},
            )
            if ask_ideal:
                self.fields[f"ideal_{f.pk}"] = forms.TypedChoiceField(
                    label=_("Ideal level: %(name)s") % {"name": f.name},
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                    empty_value=None,
                )
            self.fields[f"remark_{f.pk}"] = forms.CharField(
                label=_("Remark (optional, shown without your name)"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[dict[str, Any]]:
        """Per factor the bound fields, for the template's fieldsets."""
        out = []
        for f in self.factors:
            out.append(
                {
                    "factor": f,
                    "score": self[f"score_{f.pk}"],
                    "ideal": self[f"ideal_{f.pk}"] if self.ask_ideal else None,
                    "remark": self[f"remark_{f.pk}"],
                }
            )
        return out

    def answers(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        return {
            f.pk: AnswerInput(
                score=int(data[f"score_{f.pk}"]),
                ideal=data.get(f"ideal_{f.pk}") if self.ask_ideal else None,
                remark=data.get(f"remark_{f.pk}", ""),
            )
            for f in self.factors
        }
