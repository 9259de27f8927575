"""One form per step of the guided policy form, plus the small forms around it.

Each step form knows how to read its section (``initial_from``) and how to
write it back (``to_section``); the view never touches the JSON itself.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core import personal_data
from municipalities.forms import VersionedFormMixin
from municipalities.models import Institution, Programme, Role
from policies.models import LivingPolicyEvent, Policy, PolicyTemplate
from policies.sections import (
    CONTACT_FIELDS,
    GRADE_BANDS,
    GUIDELINE_GROUPS,
    GUIDELINE_SETTINGS,
    LADDER_FIELDS,
    SUBSTANCES,
)
from policies.steps import EIGHT_QUESTIONS

TEXTAREA = {"rows": 4}
SHORT_TEXTAREA = {"rows": 2}
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{2,19}$")
# Templates mark what each institution must write itself as "[ ... ]".
PLACEHOLDER_RE = re.compile(r"\[[^\]]{3,}\]")


def _strip(value: str | None) -> str:
    return (value or "").strip()


class StepForm(VersionedFormMixin, forms.Form):
    """A step of the guided form: a section of the policy."""

    section_key: str = ""

    def __init__(
        self, *args, policy: Policy | None = None, allow_placeholders: bool = False, **kwargs
    ):
        self.policy = policy
        # Templates keep their "[ ... ]" prompts; a policy must replace them.
        self.allow_placeholders = allow_placeholders
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, section: dict) -> dict:
        return dict(section)

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            # The same guard as every model text field (the policy's JSON columns).
            for error in personal_data.errors_in(value):
                self.add_error(name if name in self.fields else None, error)
            if (
                not self.allow_placeholders
                and isinstance(value, str)
                and PLACEHOLDER_RE.search(value)
            ):
                self.add_error(
                    name,
                    _(
                        "Erstat teksten i firkantede parenteser med jeres egen tekst, "
                        "eller slet den."
                    ),
                )
        return cleaned

    def to_section(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and not name.startswith("_")
        }


class PurposeForm(StepForm):
    section_key = "purpose"
    text = forms.CharField(
        label=_("Formålet med rusmiddelpolitikken"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": _("Skriv politikkens formål.")},
    )


class SubstancesForm(StepForm):
    section_key = "substances"
    substances = forms.MultipleChoiceField(
        label=_("Hvilke rusmidler omfatter politikken?"),
        choices=SUBSTANCES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst ét rusmiddel.")},
    )
    other = forms.CharField(
        label=_("Andre rusmidler: hvilke?"),
        required=False,
        max_length=300,
        help_text=_("Udfyldes, hvis du har valgt »Andre rusmidler«."),
    )
    text = forms.CharField(
        label=_("Vores definition af rusmidler"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=5000,
        error_messages={"required": _("Skriv, hvad I forstår ved rusmidler.")},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if "other" in cleaned.get("substances", []) and not _strip(cleaned.get("other")):
            self.add_error("other", _("Skriv hvilke andre rusmidler politikken omfatter."))
        return cleaned


class AttitudesForm(StepForm):
    section_key = "attitudes"
    text = forms.CharField(
        label=_("Vores holdninger til rusmidler"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": _("Skriv jeres holdninger til rusmidler.")},
    )


class GuidelinesForm(StepForm):
    """A grid: students, staff, parents × at school or club, parties, camp schools, excursions."""

    section_key = "guidelines"
    consequences = forms.CharField(
        label=_("Konsekvenser, når retningslinjerne ikke overholdes"),
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        max_length=3000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for group, group_label in GUIDELINE_GROUPS:
            for setting, setting_label in GUIDELINE_SETTINGS:
                self.fields[f"{group}__{setting}"] = forms.CharField(
                    label=f"{group_label}: {setting_label}",
                    widget=forms.Textarea(attrs=SHORT_TEXTAREA),
                    required=False,
                    max_length=2000,
                )
        # Move consequences to the end.
        self.fields["consequences"] = self.fields.pop("consequences")

    def grid_rows(self) -> list[tuple[str, list]]:
        return [
            (label, [self[f"{group}__{setting}"] for setting, _label in GUIDELINE_SETTINGS])
            for group, label in GUIDELINE_GROUPS
        ]

    @classmethod
    def initial_from(cls, section: dict) -> dict:
        initial = {"consequences": section.get("consequences", "")}
        for group, cells in section.get("grid", {}).items():
            for setting, text in cells.items():
                initial[f"{group}__{setting}"] = text
        return initial

    def clean(self) -> dict:
        cleaned = super().clean()
        if not _strip(cleaned.get("students__school_or_club")):
            self.add_error(
                "students__school_or_club",
                _("Skriv mindst retningslinjerne for elever og unge på skolen eller i klubben."),
            )
        return cleaned

    def to_section(self) -> dict:
        grid = {
            group: {
                setting: _strip(self.cleaned_data.get(f"{group}__{setting}"))
                for setting, _label in GUIDELINE_SETTINGS
            }
            for group, _label in GUIDELINE_GROUPS
        }
        return {"grid": grid, "consequences": _strip(self.cleaned_data.get("consequences"))}


class PreventionForm(StepForm):
    section_key = "prevention"
    teaching_0_3 = forms.CharField(
        label=_("Undervisning i 0.–3. klasse"),
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        required=False,
        max_length=2000,
    )
    teaching_4_6 = forms.CharField(
        label=_("Undervisning i 4.–6. klasse"),
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        required=False,
        max_length=2000,
    )
    teaching_7_10 = forms.CharField(
        label=_("Undervisning i 7.–10. klasse (eller for de unge)"),
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        required=False,
        max_length=2000,
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmer og materialer"),
        queryset=Programme.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_programmes = forms.CharField(
        label=_("Andre programmer og materialer"), required=False, max_length=500
    )
    parents = forms.CharField(
        label=_("Inddragelse af forældre"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=3000,
        error_messages={"required": _("Skriv, hvordan forældrene inddrages.")},
    )
    staff_training = forms.CharField(
        label=_("Opkvalificering af medarbejdere"),
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        max_length=3000,
    )

    @classmethod
    def initial_from(cls, section: dict) -> dict:
        return {**section, "programmes": section.get("programmes", [])}

    def clean(self) -> dict:
        cleaned = super().clean()
        if not any(_strip(cleaned.get(field)) for field, _label in GRADE_BANDS):
            self.add_error(
                "teaching_7_10",
                _("Beskriv den forebyggende undervisning for mindst ét klassetrin."),
            )
        return cleaned

    def to_section(self) -> dict:
        programmes = list(self.cleaned_data.get("programmes") or [])
        data = {
            field: _strip(self.cleaned_data.get(field))
            for field in (
                "teaching_0_3",
                "teaching_4_6",
                "teaching_7_10",
                "other_programmes",
                "parents",
                "staff_training",
            )
        }
        data["programmes"] = [programme.code for programme in programmes]
        data["programme_names"] = [programme.name for programme in programmes]
        return data


class RowsForm(StepForm):
    """A step with a variable list of rows (escalation ladder, contacts) as numbered fields."""

    row_key = "rows"
    row_fields: tuple[tuple[str, object], ...] = ()
    min_rows = 4
    max_rows = 12

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        existing = len(self.initial.get("_rows", []))
        if self.is_bound:
            existing = max(existing, self._posted_rows())
        self.row_count = min(max(existing + 2, self.min_rows), self.max_rows)
        for index in range(1, self.row_count + 1):
            for field, label in self.row_fields:
                self.fields[f"{self.row_key}_{index}_{field}"] = self.row_field(
                    field, f"{label} ({index})"
                )

    def _posted_rows(self) -> int:
        pattern = re.compile(rf"^{self.row_key}_(\d+)_")
        numbers = [int(m.group(1)) for name in self.data if (m := pattern.match(name))]
        return max(numbers, default=0) - 2

    def row_field(self, field: str, label: str) -> forms.Field:
        return forms.CharField(label=label, required=False, max_length=500)

    def rows(self) -> list[list]:
        return [
            [self[f"{self.row_key}_{index}_{field}"] for field, _label in self.row_fields]
            for index in range(1, self.row_count + 1)
        ]

    @classmethod
    def initial_from(cls, section: dict) -> dict:
        initial = {key: value for key, value in section.items() if key != cls.row_key}
        rows = section.get(cls.row_key, [])
        initial["_rows"] = rows
        for index, row in enumerate(rows, start=1):
            for field, _label in cls.row_fields:
                initial[f"{cls.row_key}_{index}_{field}"] = row.get(field, "")
        return initial

    def cleaned_rows(self) -> list[dict]:
        """Filled rows in order; blank rows are dropped."""
        rows = []
        for index in range(1, self.row_count + 1):
            row = {
                field: _strip(self.cleaned_data.get(f"{self.row_key}_{index}_{field}"))
                for field, _label in self.row_fields
            }
            if any(row.values()):
                row["_index"] = index
                rows.append(row)
        return rows

    def to_section(self) -> dict:
        data = {
            name: _strip(value) if isinstance(value, str) else value
            for name, value in self.cleaned_data.items()
            if name != "version" and not name.startswith(f"{self.row_key}_")
        }
        data[self.row_key] = [
            {key: value for key, value in row.items() if key != "_index"}
            for row in self.cleaned_rows()
        ]
        return data


class PreparednessForm(RowsForm):
    """The escalation ladder: from the first concern to social services."""

    section_key = "preparedness"
    row_key = "steps"
    row_fields = LADDER_FIELDS
    text = forms.CharField(
        label=_("Indledning til beredskabet"),
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        max_length=3000,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        rows = self.cleaned_rows()
        if not rows:
            self.add_error(
                "steps_1_trigger",
                _("Beskriv mindst ét trin: hvornår, hvem handler og hvem kontaktes."),
            )
        for row in rows:
            for field in ("trigger", "who_acts", "contact"):
                if not row[field]:
                    self.add_error(
                        f"steps_{row['_index']}_{field}", _("Udfyld feltet, eller tøm hele trinet.")
                    )
        return cleaned


class SupportForm(StepForm):
    section_key = "support"
    text = forms.CharField(
        label=_("Sådan tilbyder vi støtte og behandling"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Beskriv, hvordan I tilbyder støtte og behandling.")},
    )
    not_exclusion = forms.BooleanField(
        label=_(
            "Vi bekræfter, at politikken ikke har som mål at føre til eksklusion, og at den "
            "beskriver, hvordan vi tilbyder behandling, hvor det er påkrævet."
        ),
        error_messages={"required": _("Bekræft, at politikken ikke sigter mod eksklusion.")},
    )


class PartnersForm(RowsForm):
    section_key = "partners"
    row_key = "contacts"
    row_fields = CONTACT_FIELDS
    text = forms.CharField(
        label=_("Lokale samarbejdspartnere (fx elevråd, skolebestyrelse, forældreråd)"),
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        max_length=3000,
    )

    def row_field(self, field: str, label: str) -> forms.Field:
        if field == "phone":
            return forms.CharField(
                label=label,
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            )
        return super().row_field(field, label)

    def clean(self) -> dict:
        cleaned = super().clean()
        rows = self.cleaned_rows()
        if not rows:
            self.add_error(
                "contacts_1_service",
                _("Angiv mindst én tjeneste eller fagperson, man kan kontakte."),
            )
        for row in rows:
            if not row["service"]:
                self.add_error(
                    f"contacts_{row['_index']}_service",
                    _("Skriv tjenestens eller fagpersonens navn."),
                )
            if row["phone"] and not PHONE_RE.match(row["phone"]):
                self.add_error(
                    f"contacts_{row['_index']}_phone",
                    _("Skriv et gyldigt telefonnummer, fx 75 50 00 00 eller 114."),
                )
        return cleaned


class CommunicationForm(StepForm):
    section_key = "communication"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(EIGHT_QUESTIONS, start=1):
            self.fields[f"q{number}"] = forms.CharField(
                label=f"{number}. {question}",
                widget=forms.Textarea(attrs=SHORT_TEXTAREA),
                max_length=2000,
                error_messages={"required": _("Besvar spørgsmålet.")},
            )


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


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class EvaluationForm(StepForm):
    """Typed fields on the Policy: reminders query them."""

    section_key = "evaluation"
    responsible = PersonChoiceField(
        label=_("Ansvarlig for, at politikken revideres"),
        queryset=get_user_model().objects.none(),
        help_text=_("Personen får en påmindelse, når revisionen nærmer sig."),
        error_messages={"required": _("Vælg, hvem der er ansvarlig for revisionen.")},
    )
    evaluation_participants = forms.CharField(
        label=_("Hvem inddrages i evalueringen?"),
        widget=forms.Textarea(attrs=SHORT_TEXTAREA),
        max_length=2000,
        error_messages={"required": _("Skriv, hvem der inddrages i evalueringen.")},
    )
    review_interval_months = forms.IntegerField(
        label=_("Revision hver (måneder)"),
        min_value=1,
        max_value=60,
        initial=12,
        help_text=_("Normalt 12 måneder."),
        error_messages={
            "required": _("Skriv, hvor mange måneder der går mellem revisionerne."),
            "min_value": _("Mindst 1 måned."),
            "max_value": _("Højst 60 måneder."),
            "invalid": _("Skriv et helt antal måneder, fx 12."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.policy is not None:
            self.fields["responsible"].queryset = responsible_choices(self.policy)

    @classmethod
    def initial_for(cls, policy: Policy) -> dict:
        return {
            "responsible": policy.responsible_id,
            "evaluation_participants": policy.evaluation_participants,
            "review_interval_months": policy.review_interval_months,
        }

    def to_section(self) -> dict:
        return {
            "responsible": self.cleaned_data["responsible"],
            "evaluation_participants": _strip(self.cleaned_data["evaluation_participants"]),
            "review_interval_months": self.cleaned_data["review_interval_months"],
        }


STEP_FORMS: dict[str, type[StepForm]] = {
    form.section_key: form
    for form in (
        PurposeForm,
        SubstancesForm,
        AttitudesForm,
        GuidelinesForm,
        PreventionForm,
        PreparednessForm,
        SupportForm,
        PartnersForm,
        CommunicationForm,
        EvaluationForm,
    )
}


def step_form(key: str, policy: Policy, data=None) -> StepForm:
    """The bound or unbound form of step ``key``, filled from the policy."""
    form_class = STEP_FORMS[key]
    if key == "evaluation":
        initial = EvaluationForm.initial_for(policy)
    else:
        initial = form_class.initial_from(getattr(policy, key) or {})
    initial["version"] = policy.version
    return form_class(data, initial=initial, policy=policy)


def step_is_complete(key: str, policy: Policy) -> bool:
    """Would the saved content of step ``key`` pass that step's validation?"""
    unbound = step_form(key, policy)
    data = QueryDict(mutable=True)
    for name, field in unbound.fields.items():
        value = unbound.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data.setlist(name, [str(item) for item in value])
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    return type(unbound)(data, initial=unbound.initial, policy=policy).is_valid()


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
