"""``{{ field|fast_field }}``: a form field in Bootstrap 5 markup, built in Python.

crispy-forms renders each field through half a dozen nested templates (~4 ms per field
on this machine's busiest pages). The filter and period forms on the list and
dashboard pages are rendered on every request, so they use this instead: the same
markup as crispy-bootstrap5's ``as_crispy_field`` for text, date, number, select,
textarea and checkbox fields (label, help text, error message next to the field,
``aria-describedby`` and ``aria-invalid``). Other widgets fall back to crispy.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SIMPLE_INPUTS = (forms.widgets.Input, forms.Select, forms.Textarea, forms.CheckboxInput)
_MULTIPLE = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.SelectMultiple)


def _required_mark(field: BoundField) -> SafeString:
    return mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""


@register.filter
def fast_field(field: BoundField) -> SafeString:
    widget = field.field.widget
    if field.is_hidden:
        return field.as_widget()
    if not isinstance(widget, _SIMPLE_INPUTS) or isinstance(widget, _MULTIPLE):
        return as_crispy_field(field)

    field_id = field.auto_id
    errors = list(field.errors)
    is_checkbox = isinstance(widget, forms.CheckboxInput)
    if is_checkbox:
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class")
    attrs = {"class": f"{existing} {css}" if existing else css}
    described_by = []
    if field.help_text:
        described_by.append(f"{field_id}_helptext")
    if errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field_id}_error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    control = field.as_widget(attrs=attrs)

    required_class = " requiredField" if field.field.required else ""
    error_html = ""
    if errors:
        error_html = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field_id,
            format_html_join(
                " ",
                '<span id="error_{}_{}"><strong>{}</strong></span>',
                ((number, field_id, error) for number, error in enumerate(errors, start=1)),
            ),
        )
    help_html = ""
    if field.help_text:
        help_html = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field_id, field.help_text
        )

    if is_checkbox:
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}{}</div></div>',
            field_id,
            control,
            field.id_for_label,
            required_class,
            field.label,
            _required_mark(field),
            error_html,
            help_html,
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>'
        "{}{}{}</div>",
        field_id,
        field.id_for_label,
        required_class,
        field.label,
        _required_mark(field),
        control,
        error_html,
        help_html,
    )
