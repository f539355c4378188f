from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from imports.fields import FIELDS
from imports.models import ImportKind, SavedMapping
from imports.uploads import MAX_UPLOAD_BYTES
from organisations.forms import AccessibleFormMixin
from organisations.models import Organisation


class UploadForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What does the file hold?"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (any delimiter, UTF-8 or Windows-1252) or Excel (.xlsx), with column names in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    saved_mapping = forms.ModelChoiceField(
        label=_("Saved column mapping"),
        queryset=SavedMapping.objects.none(),
        required=False,
        help_text=_("Optional: use the columns you confirmed for an earlier file of the same system."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["saved_mapping"].queryset = organisation.import_mappings.all()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it."))
        return upload


class MappingForm(AccessibleFormMixin, forms.Form):
    """One select per field: which column of the file holds it."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        headers: list[str],
        initial_mapping: dict[str, int],
        organisation: Organisation,
        sample: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        sample = sample or []
        choices = [("", _("— not in the file —"))] + [
            (str(i), (h or f"({i + 1})") + (f" — {sample[i][:30]}" if i < len(sample) and sample[i] else ""))
            for i, h in enumerate(headers)
        ]
        for field in FIELDS[kind]:
            label = f"{field.label} *" if field.required else field.label
            self.fields[f"col_{field.name}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                help_text=field.help,
                initial=str(initial_mapping[field.name]) if field.name in initial_mapping else "",
            )
        if kind == "casussen":
            self.fields["default_team"] = forms.ModelChoiceField(
                label=_("Team for rows without a team"),
                queryset=organisation.teams.all(),
                required=False,
                help_text=_("Needed only when the file has no team column and the organisation has several teams."),
            )
        self.fields["save_as"] = forms.CharField(
            label=_("Save this mapping as"),
            max_length=100,
            required=False,
            help_text=_("Optional: a name such as the registration system's, to reuse it next time."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mapping: dict[str, int] = {}
        used: dict[int, str] = {}
        for field in FIELDS[self.kind]:
            value = data.get(f"col_{field.name}")
            if not value:
                if field.required:
                    self.add_error(f"col_{field.name}", _("Choose the column that holds this field."))
                continue
            index = int(value)
            if index in used:
                self.add_error(f"col_{field.name}", _("This column is already chosen for another field."))
            used[index] = field.name
            mapping[field.name] = index
        data["mapping"] = mapping
        return data
