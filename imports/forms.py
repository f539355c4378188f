from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from imports import limits
from imports.fields import FIELDS
from imports.models import ImportKind, SavedMapping
from imports.values import RULE_HELP, EndDateRule, Target, ValueMap, value_key
from organisations.forms import AccessibleFormMixin, set_queryset
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

    free_text = forms.CharField(
        label=_("Free text to use anyway"),
        max_length=1000,
        required=False,
        help_text=_(
            "Optional. Caseloadwijzer does not take free text from a file (remarks, notes, descriptions): it can "
            "hold names or other details of clients that no check recognises. Do you need such a column anyway, "
            "for instance because its description is the case type? Type its column name here (several: separated "
            "by semicolons). That column is then screened like every other one, and used."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "saved_mapping", organisation.import_mappings.all())

    def clean_free_text(self) -> list[str]:
        text = self.cleaned_data.get("free_text") or ""
        return [name.strip() for name in text.replace("\n", ";").split(";") if name.strip()]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        current = limits.current()
        if upload.size > current.max_bytes:
            raise forms.ValidationError(limits.too_large_text(current))
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
        options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        options = options or {}
        sample = sample or []
        choices = [("", _("— not in the file —"))] + [
            (str(i), (h or f"({i + 1})") + (f" — {sample[i][:30]}" if i < len(sample) and sample[i] else ""))
            for i, h in enumerate(headers)
        ]
        for field in FIELDS[kind]:
            label = f"{field.label} *" if field.required else field.label
            self.fields[f"col_{field.name}"] = forms.ChoiceField(
                label=str(label),
                choices=choices,
                required=False,
                help_text=str(field.help),
                initial=str(initial_mapping[field.name]) if field.name in initial_mapping else "",
            )
        if kind == "casussen":
            self.fields["default_team"] = forms.ModelChoiceField(
                label=_("Team for rows without a team"),
                queryset=organisation.teams.all(),
                required=False,
                initial=options.get("default_team_id"),
                help_text=_(
                    "For a file without a team column, or rows with an empty team. Empty: each case goes to its "
                    "case manager's team."
                ),
            )
            guessed = options.get("end_date_rule_guessed")
            self.fields["end_date_rule"] = forms.ChoiceField(
                label=_("What does an end date in this file mean?"),
                choices=[(rule.value, f"{rule.label} — {RULE_HELP[rule]}") for rule in EndDateRule],
                widget=forms.RadioSelect,
                required=False,
                initial=options.get("end_date_rule") or EndDateRule.LAST_DAY,
                help_text=_("Guessed from rows where a case passes to the next period; check it.")
                if guessed
                else _("The check shows an example row of the rule you choose."),
            )
        else:
            self.fields["default_team"] = forms.ModelChoiceField(
                label=_("Team for the whole file"),
                queryset=organisation.teams.all(),
                required=False,
                initial=options.get("default_team_id"),
                help_text=_(
                    "For every person without a team in the file. Empty: people already in Caseloadwijzer keep "
                    "their team; a new person then needs a team column."
                ),
            )
        self.fields["save_as"] = forms.CharField(
            label=_("Save this mapping as"),
            max_length=100,
            required=False,
            help_text=_("Optional: a name such as the registration system's, to reuse it next time."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
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


class ValueMappingForm(AccessibleFormMixin, forms.Form):
    """One select per value that matched nothing: what it means here (the suggestion chosen already)."""

    def __init__(
        self, *args: Any, unmatched: list[dict[str, Any]], targets: dict[str, list[Target]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unmatched = unmatched
        for i, item in enumerate(unmatched):
            choices = [("", _("Choose …"))] + [(t.key, t.label) for t in targets.get(item["field"], [])]
            self.fields[f"value_{i}"] = forms.ChoiceField(
                label=_("Column “%(column)s”: “%(value)s” (%(count)s×)")
                % {"column": item["column"], "value": item["value"], "count": item["count"]},
                choices=choices,
                initial=item.get("suggestion") or "",
                help_text=_("Suggested: the closest match.") if item.get("suggestion") else "",
            )

    def value_map(self) -> ValueMap:
        mapped: ValueMap = {}
        for i, item in enumerate(self.unmatched):
            mapped.setdefault(item["field"], {})[value_key(item["value"])] = self.cleaned_data[f"value_{i}"]
        return mapped
