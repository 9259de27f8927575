"""Form widgets shared by the domain apps."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A ``<select>`` whose options are built in Python instead of through Django's
    per-option widget templates.

    The template renderer costs ~0.2 ms per ``<option>``; a municipality with 550
    institutions made the activity list spend most of its time on one drop-down. The
    output is the same markup (label and id come from the bound field as before), and
    every value and label is escaped (``html.escape``, as Django's ``escape`` does).
    Grouped choices fall back to the ordinary rendering.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        # iter() first: list() would ask a ModelChoiceIterator for its len(), a COUNT query.
        choices = list(iter(self.choices))
        if self.allow_multiple_selected or any(
            isinstance(label, list | tuple) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = set(self.format_value(value))
        chosen = False
        rows = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            # Like Django's Select: only the first matching option is selected.
            is_selected = not chosen and text in selected
            chosen = chosen or is_selected
            # html.escape is what django.utils.html.escape calls, without its per-call
            # lazy-string checks (~550 options on the busiest pages).
            rows.append(
                f'<option value="{html.escape(text)}"{" selected" if is_selected else ""}>'
                f"{html.escape(str(label))}</option>"
            )
        return format_html(
            "<select{}>\n{}\n</select>",
            flatatt(final_attrs),
            mark_safe("\n".join(rows)),  # noqa: S308 - each part escaped above
        )


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a model choice field as ``(pk, name)`` rows read with
    ``values_list``: no model instance per option, and the field keeps a lazy iterator
    (a list of several hundred choices would be normalised and copied again each time
    the form is built). For models whose ``__str__`` is their ``name``. The chosen
    value is still validated against the field's queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")
