"""Forms for logins and passwords: Django's own password forms, with the product's accessible markup and
help text that says "je"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from organisations.forms import AccessibleFormMixin, set_choices
from organisations.models import Organisation, Team

PASSWORD_HELP = _(
    "At least 12 characters and at least 5 different ones; not only digits, not a commonly used password "
    "and not like your name or username. A sentence of a few words works well."
)


def _new_password_fields(form: forms.BaseForm) -> None:
    first = form.fields["new_password1"]
    first.help_text = PASSWORD_HELP
    first.widget.attrs.update({"autocomplete": "new-password"})
    form.fields["new_password2"].widget.attrs.update({"autocomplete": "new-password"})


class PasswordChangeForm(AccessibleFormMixin, auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("Your current password is not correct. Type it again."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        _new_password_fields(self)


class SetPasswordForm(AccessibleFormMixin, auth_forms.SetPasswordForm):
    """A new password without the old one: through a reset link, or set by the administrator."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_fields(self)


class PasswordResetForm(AccessibleFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("The address your administrator registered with your login.")


class LoginDetailsForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": _("First name"), "last_name": _("Last name"), "email": _("E-mail address")}
        help_texts = {"email": _("Needed to reset a forgotten password.")}


ORGANISATION_WIDE = ""


class RoleAddForm(AccessibleFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ChoiceField(
        label=_("Holds for"), help_text=_("The administrator role always holds for the whole organisation.")
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        set_choices(
            self,
            "team",
            [
                (ORGANISATION_WIDE, _("the whole organisation")),
                *[(str(t.id), t.name) for t in organisation.teams.order_by("name")],
            ],
        )
        self.fields["team"].required = False

    def clean_team(self) -> Team | None:
        value = self.cleaned_data.get("team") or ORGANISATION_WIDE
        if value == ORGANISATION_WIDE:
            return None
        return Team.objects.get(organisation=self.organisation, pk=int(value))

    def service_kwargs(self) -> dict[str, Any]:
        return {"role": self.cleaned_data["role"], "team": self.cleaned_data["team"]}
