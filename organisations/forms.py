from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from organisations.models import Organisation, Person, Team


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AccessibleFormMixin:
    """Marks invalid fields with aria-invalid and ties errors and help text to their input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            described = []
            if field.help_text:
                described.append(f"id_{name}_helptext")
            if name in self.errors:  # type: ignore[attr-defined]
                field.widget.attrs["aria-invalid"] = "true"
                described.append(f"id_{name}_error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class TeamForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "description", "margin_percent"]


class PersonForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "function", "team", "contract_hours", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {"name": _("The name of the staff member (never a client's name).")}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()


class LoginCreateForm(AccessibleFormMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Leave empty for a role in the whole organisation."),
    )
    person = forms.ModelChoiceField(
        label=_("Linked staff member"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Link a professional's login to their staff record so they see their own figures."),
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; the user can change it later."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()
        self.fields["person"].queryset = organisation.people.filter(user__isnull=True)
