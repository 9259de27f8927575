"""The forms of the drug-policy app: one per policy section, built from the
section's declaration (policies/content.py), plus the small forms around it."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import personal_data
from municipalities.forms import VersionedFormMixin
from municipalities.models import Institution, Programme, Role
from policies import content
from policies.models import LivingPolicyEvent, Policy, PolicyTemplate

TEXTAREA = {"rows": 4}


def _strip(value: str | None) -> str:
    return (value or "").strip()


def _at(data: dict, path: str):
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def responsible_choices(policy: Policy):
    """People who can be responsible for the review: the institution's staff and the
    municipality's coordinators."""
    return (
        get_user_model()
        .objects.filter(
            Q(membership__institution_id=policy.institution_id)
            | Q(
                membership__role=Role.COORDINATOR,
                membership__municipality_id=policy.municipality_id,
            ),
            is_active=True,
        )
        .order_by("first_name", "last_name", "username")
    )


def _text_field(declared: content.Text, label=None) -> forms.CharField:
    attrs = {"inputmode": declared.inputmode, "autocomplete": "off"} if declared.inputmode else {}
    widget = (
        forms.Textarea(attrs={"rows": declared.rows})
        if declared.rows
        else forms.TextInput(attrs=attrs)
    )
    messages = {"required": declared.required} if declared.required else {}
    return forms.CharField(
        label=label or declared.label,
        widget=widget,
        required=bool(declared.required),
        max_length=declared.max_length,
        help_text=declared.help_text,
        error_messages=messages,
    )


class SectionForm(VersionedFormMixin, forms.Form):
    """The form of one policy section, built from its declaration in policies/content.py.

    It reads the stored section, and ``to_section()`` gives it back in the same
    shape; the section's own rules (``Section.errors``) decide what is complete,
    for this form and for adoption alike.
    """

    def __init__(
        self,
        data=None,
        *,
        section: content.Section,
        stored: dict | None,
        policy: Policy | None = None,
        allow_placeholders: bool = False,
        prefix: str | None = None,
        version: int | None = None,
    ):
        self.section = section
        self.policy = policy
        # Templates keep their "[ ... ]" prompts; a policy must replace them.
        self.allow_placeholders = allow_placeholders
        stored = section.load(stored)
        super().__init__(data, initial={"version": version}, prefix=prefix)
        self.row_counts: dict[str, int] = {}
        for declared in section.fields:
            self._add(declared, stored)
        if policy is not None and policy.template is not None:
            self._mark_template_text(policy.template, stored)

    def _mark_template_text(self, template: PolicyTemplate, stored: dict) -> None:
        """A value still as the template has it says where it comes from: its source,
        or that it is an example to adapt."""
        from_template = self.section.load(template.content.get(self.section.key))
        for declared in self.section.fields:
            if isinstance(declared, content.Text):
                cells = [(declared.name, declared.name)]
            elif isinstance(declared, content.Grid):
                cells = [
                    (f"{row}__{column}", f"{declared.name}.{row}.{column}")
                    for row, _label in declared.rows
                    for column, _label2 in declared.columns
                ]
            else:
                continue
            for field_name, path in cells:
                ours, theirs = (_at(data, path) for data in (stored, from_template))
                if theirs and ours == theirs and field_name in self.fields:
                    mark = content.provenance(f"{self.section.key}.{path}", template.sources)
                    field = self.fields[field_name]
                    field.help_text = f"{field.help_text} {mark}".strip()

    def _add(self, declared, stored: dict) -> None:
        name = declared.name
        value = stored.get(name)
        if isinstance(declared, content.Text):
            self.fields[name] = _text_field(declared)
            self.initial[name] = value
        elif isinstance(declared, content.Choices):
            self.fields[name] = forms.MultipleChoiceField(
                label=declared.label,
                choices=declared.choices,
                widget=forms.CheckboxSelectMultiple,
                required=bool(declared.required),
                error_messages={"required": declared.required} if declared.required else {},
            )
            self.initial[name] = value
        elif isinstance(declared, content.Check):
            self.fields[name] = forms.BooleanField(
                label=declared.label,
                required=bool(declared.required),
                error_messages={"required": declared.required} if declared.required else {},
            )
            self.initial[name] = value
        elif isinstance(declared, content.Number):
            self.fields[name] = forms.IntegerField(
                label=declared.label,
                min_value=declared.minimum,
                max_value=declared.maximum,
                initial=declared.initial,
                help_text=declared.help_text,
                error_messages=declared.messages,
            )
            self.initial[name] = value
        elif isinstance(declared, content.Programmes):
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=declared.label,
                queryset=Programme.objects.all(),
                to_field_name="code",
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            self.initial[name] = value
        elif isinstance(declared, content.Person):
            if self.policy is None:  # a template names nobody
                return
            self.fields[name] = PersonChoiceField(
                label=declared.label,
                queryset=responsible_choices(self.policy),
                help_text=declared.help_text,
                error_messages={"required": declared.required} if declared.required else {},
            )
            self.initial[name] = getattr(self.policy, f"{name}_id")
        elif isinstance(declared, content.Grid):
            for row, row_label in declared.rows:
                for column, column_label in declared.columns:
                    self.fields[f"{row}__{column}"] = forms.CharField(
                        label=f"{row_label}: {column_label}",
                        widget=forms.Textarea(attrs={"rows": 2}),
                        required=False,
                        max_length=declared.max_length,
                    )
                    self.initial[f"{row}__{column}"] = value.get(row, {}).get(column, "")
        elif isinstance(declared, content.Rows):
            existing = len(value)
            if self.is_bound:
                existing = max(existing, self._posted_rows(name))
            count = min(max(existing + 2, declared.min_rows), declared.max_rows)
            self.row_counts[name] = count
            for index in range(1, count + 1):
                for column in declared.columns:
                    field_name = f"{name}_{index}_{column.name}"
                    self.fields[field_name] = _text_field(column, label=f"{column.label} ({index})")
                    self.fields[field_name].required = False
                    if index <= len(value):
                        self.initial[field_name] = value[index - 1].get(column.name, "")

    def _posted_rows(self, name: str) -> int:
        pattern = re.compile(rf"^{re.escape(self.add_prefix(name))}_(\d+)_")
        numbers = [int(m.group(1)) for key in self.data if (m := pattern.match(key))]
        return max(numbers, default=0) - 2

    def layout(self) -> list[dict]:
        """The fields in the declaration's order, grouped as the page shows them:
        a single field, a grid (a fieldset per row) or a list of numbered rows."""
        parts: list[dict] = []
        for declared in self.section.fields:
            if isinstance(declared, content.Grid):
                parts.append(
                    {
                        "kind": "grid",
                        "heading": declared.heading,
                        "groups": [
                            (label, [self[f"{row}__{column}"] for column, _l in declared.columns])
                            for row, label in declared.rows
                        ],
                    }
                )
            elif isinstance(declared, content.Rows):
                parts.append(
                    {
                        "kind": "rows",
                        "heading": declared.heading,
                        "intro": declared.intro,
                        "row_label": declared.row_label,
                        "rows": [
                            [self[f"{declared.name}_{index}_{c.name}"] for c in declared.columns]
                            for index in range(1, self.row_counts[declared.name] + 1)
                        ],
                    }
                )
            elif declared.name in self.fields:
                parts.append({"kind": "field", "field": self[declared.name]})
        return parts

    # -- reading the post --

    def _cleaned_rows(self, declared: content.Rows) -> tuple[list[dict], list[int]]:
        """Filled rows in order (blank rows dropped) and the row number each came from."""
        rows, positions = [], []
        for index in range(1, self.row_counts[declared.name] + 1):
            row = {
                column.name: _strip(self.cleaned_data.get(f"{declared.name}_{index}_{column.name}"))
                for column in declared.columns
            }
            if any(row.values()):
                rows.append(row)
                positions.append(index)
        return rows, positions

    def _section_and_positions(self) -> tuple[dict, dict[str, list[int]]]:
        data: dict = {}
        positions: dict[str, list[int]] = {}
        cleaned = self.cleaned_data
        for declared in self.section.fields:
            name = declared.name
            if isinstance(declared, content.Text):
                data[name] = _strip(cleaned.get(name))
            elif isinstance(declared, content.Choices):
                data[name] = list(cleaned.get(name) or [])
            elif isinstance(declared, content.Check):
                data[name] = bool(cleaned.get(name))
            elif isinstance(declared, content.Number):
                data[name] = cleaned.get(name)
            elif isinstance(declared, content.Programmes):
                programmes = list(cleaned.get(name) or [])
                data[name] = [programme.code for programme in programmes]
                data["programme_names"] = [programme.name for programme in programmes]
            elif isinstance(declared, content.Grid):
                data[name] = {
                    row: {
                        column: _strip(cleaned.get(f"{row}__{column}"))
                        for column, _label in declared.columns
                    }
                    for row, _label in declared.rows
                }
            elif isinstance(declared, content.Rows):
                data[name], positions[name] = self._cleaned_rows(declared)
        return data, positions

    def _field_name(self, path: content.Path, positions: dict[str, list[int]]) -> str:
        if len(path) == 1:
            return str(path[0])
        name = str(path[0])
        if name in positions:
            index = int(path[1])
            rows = positions[name]
            number = rows[index] if index < len(rows) else index + 1
            return f"{name}_{number}_{path[2]}"
        return f"{path[1]}__{path[2]}"

    def clean(self) -> dict:
        cleaned = super().clean()
        # The same guard as every model text field (the content is stored as JSON).
        for name, value in list(cleaned.items()):
            for error in personal_data.errors_in(value):
                self.add_error(name, error)
        data, positions = self._section_and_positions()
        for path, message in self.section.errors(data, allow_placeholders=self.allow_placeholders):
            name = self._field_name(path, positions)
            if name not in self.fields:
                name = None
            elif self.has_error(name):
                continue
            self.add_error(name, message)
        self._section = data
        return cleaned

    def to_section(self) -> dict:
        """The section as it is stored (after ``is_valid()``)."""
        return self._section

    def people(self) -> dict:
        """The Policy's relations this step sets (the person responsible for the review)."""
        return {
            declared.name: self.cleaned_data.get(declared.name)
            for declared in self.section.fields
            if isinstance(declared, content.Person) and declared.name in self.fields
        }


def step_form(key: str, policy: Policy, data=None) -> SectionForm:
    """The bound or unbound form of step ``key``, filled from the policy."""
    return SectionForm(
        data,
        section=content.SECTIONS_BY_KEY[key],
        stored=policy.content.get(key),
        policy=policy,
        version=policy.version,
    )


def template_forms(template: PolicyTemplate, data=None) -> list[SectionForm]:
    """One form per section of a municipal template; its "[ ... ]" prompts may stay."""
    return [
        SectionForm(
            data,
            section=section,
            stored=template.content.get(section.key),
            allow_placeholders=True,
            prefix=section.key,
        )
        for section in content.SECTIONS
    ]


class PolicyCreateForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        error_messages={"required": _("Vælg institutionen, politikken gælder for.")},
    )

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields["institution"].queryset = institutions


class LivingPolicyEventForm(forms.ModelForm):
    class Meta:
        model = LivingPolicyEvent
        fields = ["kind", "date", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs=TEXTAREA),
        }
        error_messages = {
            "kind": {"required": _("Vælg, hvad der skete.")},
            "date": {
                "required": _("Skriv datoen."),
                "invalid": _("Skriv datoen som dd-mm-åååå."),
            },
        }


class PolicyTemplateForm(VersionedFormMixin, forms.ModelForm):
    """The header of a municipal template; its sections are edited with the step forms."""

    class Meta:
        model = PolicyTemplate
        fields = ["name", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs=TEXTAREA)}
