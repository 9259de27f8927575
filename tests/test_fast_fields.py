"""``fast_field`` renders a form field as crispy-bootstrap5 does (label, control, error
next to the field, help text, ARIA), without crispy's per-field templates."""

from __future__ import annotations

import re

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.test.html import parse_html

from municipalities.templatetags.fast_fields import fast_field


class SampleForm(forms.Form):
    when = forms.DateField(
        label="Fra <dato>",
        help_text="Første dag.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(label="Type", choices=[("", "Alle"), ("a", "A & B")], required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="Enig", required=False)
    choices = forms.MultipleChoiceField(
        label="Flere", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )


def _control(html: str, tag: str) -> str:
    return re.search(rf"<{tag}\b[^>]*>", html).group(0)


def test_an_invalid_field_shows_its_error_next_to_it_and_is_described_by_it():
    form = SampleForm({"when": "ikke en dato"})
    html = fast_field(form["when"])

    control = _control(html, "input")
    assert 'aria-invalid="true"' in control
    assert 'aria-describedby="id_when_helptext id_when_error"' in control
    assert "is-invalid" in control and "form-control" in control
    assert '<div id="id_when_error" class="invalid-feedback">' in html
    assert "Indtast en gyldig dato." in html
    assert '<div id="id_when_helptext" class="form-text">Første dag.</div>' in html
    # The label names the control, is escaped and marks the field as required.
    assert '<label for="id_when" class="form-label requiredField">Fra &lt;dato&gt;' in html
    assert '<span class="asteriskField">*</span>' in html


def test_a_valid_optional_select_has_no_error_markup():
    form = SampleForm({"when": "2025-01-01", "kind": "a"})
    html = fast_field(form["kind"])

    control = _control(html, "select")
    assert "form-select" in control
    assert "aria-invalid" not in control and "aria-describedby" not in control
    assert "invalid-feedback" not in html and "asteriskField" not in html
    assert '<option value="a" selected>A &amp; B</option>' in html


def test_it_produces_the_same_elements_as_crispy_for_a_bound_field():
    form = SampleForm({"when": "2025-02-03"})
    ours = fast_field(form["when"])
    crispy = as_crispy_field(form["when"])

    # Same label, control and help text; crispy adds a widget-type class and whitespace.
    assert parse_html(ours.replace('class="form-control"', 'class="dateinput form-control"')) == (
        parse_html(crispy)
    )


def test_textarea_checkbox_and_other_widgets():
    form = SampleForm({})
    assert "form-control" in _control(fast_field(form["note"]), "textarea")
    checkbox = fast_field(form["agree"])
    assert 'class="form-check-input"' in _control(checkbox, "input")
    assert '<label for="id_agree" class="form-check-label">Enig</label>' in checkbox
    # Widgets it does not know fall back to crispy's rendering.
    assert fast_field(form["choices"]) == as_crispy_field(form["choices"])
