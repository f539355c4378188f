from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.forms import AccessibleFormMixin


class TokenForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use the token, e.g. the registration system.")
    )
    can_write = forms.BooleanField(
        label=_("May send cases and people"),
        required=False,
        initial=True,
        help_text=_("Without this the token can only read."),
    )
