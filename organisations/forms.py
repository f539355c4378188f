from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from organisations.models import Organisation, Person, Team


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


EMPTY_CHOICE_LABELS = {"---------", "--------", ""}
"""Django's default empty choice ("---------"): never shown, replaced by words or left out."""


class AccessibleFormMixin:
    """Marks invalid fields with aria-invalid and ties errors and help text to their input.

    Also replaces Django's "---------" empty choice: a required select starts with "Choose …", an optional
    one with "(none)", and a group of radio buttons has no empty choice at all (no radio is selected until
    the user picks one). ``includes/form_fields.html`` shows the error summary above the fields.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def __getitem__(self, name: str) -> Any:
        # Fixed when the field is first rendered, so that choices a subclass sets in its __init__ count too.
        if name not in self._bound_fields_cache and name in self.fields:  # type: ignore[attr-defined]
            replace_empty_choice(self.fields[name])  # type: ignore[attr-defined]
        return super().__getitem__(name)  # type: ignore[misc]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            auto_id = self[name].auto_id
            described = []
            if field.help_text:
                described.append(f"{auto_id}_helptext")
            if name in self.errors:  # type: ignore[attr-defined]
                field.widget.attrs["aria-invalid"] = "true"
                described.append(f"{auto_id}_error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


def replace_empty_choice(field: forms.Field) -> None:
    """Words instead of Django's "---------" on a select; no empty radio button (see AccessibleFormMixin)."""
    radios = isinstance(field.widget, forms.RadioSelect)
    if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
        if field.empty_label is not None and str(field.empty_label) in EMPTY_CHOICE_LABELS:
            field.empty_label = None if radios else (CHOOSE_LABEL if field.required else NONE_LABEL)
            field.widget.choices = field.choices
        return
    if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.MultipleChoiceField):
        return
    choices = list(cast("Iterable[tuple[Any, Any]]", field.choices))  # a ChoiceField's choices, normalised
    if not any(value in ("", None) and str(label) in EMPTY_CHOICE_LABELS for value, label in choices):
        return
    if radios:
        field.choices = [
            (v, label) for v, label in choices if not (v in ("", None) and str(label) in EMPTY_CHOICE_LABELS)
        ]
    else:
        empty = CHOOSE_LABEL if field.required else NONE_LABEL
        field.choices = [
            (v, empty if v in ("", None) and str(label) in EMPTY_CHOICE_LABELS else label) for v, label in choices
        ]


def set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Limit the options of the model choice field ``name`` (``form.fields`` is typed as plain fields)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), f"{name} is not a model choice field"
    field.queryset = queryset


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Set the options of the choice field ``name``."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{name} is not a choice field"
    field.choices = choices


CHOOSE_LABEL = _("Choose …")
NONE_LABEL = _("(none)")


class TeamForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "description", "margin_percent"]


class PersonForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "employee_number", "function", "team", "contract_hours", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {"name": _("The name of the staff member (never a client's name).")}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "team", organisation.teams.all())


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
        help_text=_("At least 12 characters, at least 5 of them different; the user can change it later."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "team", organisation.teams.all())
        set_queryset(self, "person", organisation.people.filter(user__isnull=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.ADMINISTRATOR and data.get("team") is not None:
            self.add_error("team", _("The administrator role holds for the whole organisation; leave the team empty."))
        return data
