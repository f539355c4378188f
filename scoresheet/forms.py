from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from organisations.forms import AccessibleFormMixin
from organisations.models import Function, Person, Team
from scoresheet.factor_lists import SCALE_LABELS, FactorList
from scoresheet.models import MAX_GUESTS, MIN_RESPONDENTS_FLOOR, Category, Invitation, RoundFactor, ScoringRound
from scoresheet.services import CODE_LENGTH, AnswerInput, current_members, normalise_code

GUESTS_HELP = _(
    "How many people may join with the round code alone, without a personal link or login (for example a "
    "colleague without an account). Keep it 0 when every participant is invited: then the code alone lets "
    "nobody in. Guests' answers count in the results, never towards the minimum number of people."
)


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
        help_text=_(
            "Results appear after closing, once this many invited people besides one more answered (so that "
            "even someone who knows their own answers cannot single out anyone else's); never fewer than 3."
        ),
    )
    invite_team = forms.BooleanField(
        label=_("Invite the team's current members"),
        required=False,
        initial=True,
        help_text=_(
            "Each invited member answers once: signed in, or with a personal link or QR code that you make on "
            "the round's page."
        ),
    )
    guests = forms.IntegerField(
        label=_("Guests without an invitation"),
        min_value=0,
        max_value=MAX_GUESTS,
        initial=0,
        required=False,
        help_text=GUESTS_HELP,
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
        if data.get("guests") is None:
            data["guests"] = 0
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


class GuestsForm(AccessibleFormMixin, forms.Form):
    guests = forms.IntegerField(
        label=_("Guests without an invitation"), min_value=0, max_value=MAX_GUESTS, help_text=GUESTS_HELP
    )


class InviteForm(AccessibleFormMixin, forms.Form):
    """Team members not yet invited to the round, to invite now."""

    persons = forms.ModelMultipleChoiceField(
        label=_("Invite team members"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one team member to invite.")},
    )

    def __init__(self, *args: Any, scoring_round: ScoringRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = Invitation.objects.filter(round=scoring_round).values_list("person_id", flat=True)
        self.fields["persons"].queryset = current_members(scoring_round.team).exclude(pk__in=invited)  # type: ignore[attr-defined]
        self.fields["persons"].label_from_instance = lambda p: f"{p.name} ({p.get_function_display()})"  # type: ignore[attr-defined]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["persons"].queryset.exists())  # type: ignore[attr-defined]


class JoinForm(forms.Form):
    """The round code as typed: upper or lower case, with or without spaces or a dash."""

    code = forms.CharField(
        label=_("Round code"),
        max_length=20,
        help_text=_(
            "The six characters on the shared screen, for example KX4-M7P. Upper or lower case, a dash or not."
        ),
        error_messages={"required": _("Type the round code from the shared screen.")},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A round code has %(n)s letters and digits; check what you typed."), params={"n": CODE_LENGTH}
            )
        return code


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
