"""organisations.forms.AccessibleFormMixin and includes/form_fields.html: words instead of "---------", errors
tied to their inputs (also with a prefix) and the error summary with a link to each field in error."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from organisations.forms import AccessibleFormMixin
from organisations.models import Team


class _Form(AccessibleFormMixin, forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.all(), label="Team")
    other = forms.ModelChoiceField(queryset=Team.objects.all(), label="Other team", required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A"), ("b", "B")], label="Kind", required=False)
    outcome = forms.ChoiceField(
        choices=[("", "---------"), ("yes", "Yes"), ("no", "No")], label="Outcome", widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", max_length=5, help_text="Short.")
    secret = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2)

    def clean(self):
        data = super().clean()
        if data.get("note") == "nope":
            raise forms.ValidationError("Not like this.")
        return data


def _render(form) -> str:
    with translation.override("nl"):
        return render_to_string("includes/form_fields.html", {"form": form})


def test_selects_say_choose_or_none_and_radios_have_no_empty_choice(db):
    html = _render(_Form())
    assert "---------" not in html
    assert '<option value="" selected>Kies …</option>' in html  # required
    assert html.count('<option value="" selected>(geen)</option>') == 2  # optional model and plain choice
    assert 'name="outcome" value=""' not in html
    assert html.count('type="radio" name="outcome"') == 2
    assert "checked" not in html
    assert "<legend>Outcome</legend>" in html


def test_a_valid_form_has_no_summary(db):
    team = Team.objects.order_by("pk").first()
    form = _Form({"team": team.pk, "outcome": "yes", "note": "ok"})
    assert form.is_valid(), form.errors
    assert "data-error-summary" not in _render(form)


def test_the_summary_links_every_field_in_error_and_lists_the_rest(db):
    form = _Form({"note": "toolong", "secret": "xyz"})
    assert not form.is_valid()
    html = _render(form)
    assert html.count("data-error-summary") == 1
    assert "Er is een probleem" in html
    assert '<a href="#id_team">Team: ' in html
    assert '<a href="#id_outcome_0">Outcome: ' in html  # the first radio button of the group
    assert '<a href="#id_note">Note: ' in html
    assert "<li>Secret: " in html and 'href="#id_secret"' not in html  # a hidden field has nothing to go to
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_note_helptext id_note_error"' in html


def test_non_field_errors_are_in_the_summary(db):
    team = Team.objects.order_by("pk").first()
    form = _Form({"team": team.pk, "outcome": "no", "note": "nope"})
    assert not form.is_valid()
    html = _render(form)
    assert "<li>Not like this.</li>" in html


def test_a_prefixed_form_ties_errors_to_its_own_ids(db):
    form = _Form({"p1-note": ""}, prefix="p1")
    assert not form.is_valid()
    html = _render(form)
    assert 'id="error-summary-p1"' in html
    assert 'aria-describedby="id_p1-note_helptext id_p1-note_error"' in html
    assert '<a href="#id_p1-note">' in html
    assert 'id="id_p1-note_error"' in html
