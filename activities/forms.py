"""Forms of the activities app: the activity form (also used to validate CSV
rows, so a row is held to exactly the rules of the browser form), the CSV
upload and the coverage period."""

from __future__ import annotations

from functools import cached_property

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from activities.services import M2M_FIELDS
from core.validators import validate_no_cpr
from municipalities.access import municipalities_visible_to
from municipalities.forms import VersionedFormMixin
from municipalities.models import Institution, Municipality

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
MAX_COUNT = 1_000_000
MAX_GRADE = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    """Create and edit an activity.

    ``municipality`` is a field only for a national administrator; everyone else
    writes in their own municipality (passed in as ``municipality``).
    """

    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        help_text=_("Den kommune, aktiviteten hører til."),
    )
    title = forms.CharField(
        label=_("Aktivitet"),
        max_length=500,
        validators=[validate_no_cpr],
        help_text=_("Et kort navn, fx „Forældremøde om rusmidler i 7. klasse“."),
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_no_cpr],
        help_text=_("Hvad skete der, og hvordan? Skriv aldrig navne eller CPR-numre på unge."),
    )
    target_group_text = forms.CharField(
        label=_("Målgruppe med egne ord"),
        required=False,
        max_length=500,
        validators=[validate_no_cpr],
        help_text=_("Fx „65 lærere fra samtlige skoler“ eller „forældre til 7. klasse“."),
    )
    grade_from = forms.IntegerField(
        label=_("Fra klassetrin"),
        required=False,
        min_value=0,
        max_value=MAX_GRADE,
        help_text=_("0–10. Udfyld kun, hvis aktiviteten er for bestemte klassetrin."),
    )
    grade_to = forms.IntegerField(
        label=_("Til klassetrin"),
        required=False,
        min_value=0,
        max_value=MAX_GRADE,
        help_text=_("0–10, og ikke lavere end „fra klassetrin“."),
    )
    participants = forms.IntegerField(
        label=_("Antal deltagere"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        help_text=_("Et helt tal. Lad feltet stå tomt, hvis I ikke kender antallet."),
    )
    events = forms.IntegerField(
        label=_("Antal arrangementer eller forløb"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        help_text=_("Fx antal møder, seminarer eller kursusgange. Et helt tal."),
    )
    start_date = forms.DateField(
        label=_("Startdato"), input_formats=DATE_FORMATS, widget=DateInput()
    )
    end_date = forms.DateField(
        label=_("Slutdato"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=_("Lad feltet stå tomt for en aktivitet på én dag eller uden fast slut."),
    )
    source_note = forms.CharField(
        label=_("Kilde"),
        required=False,
        max_length=500,
        validators=[validate_no_cpr],
        help_text=_("Hvor oplysningerne kommer fra, fx en rapport eller et referat."),
    )

    class Meta:
        model = Activity
        fields = [
            "municipality",
            "arena",
            "title",
            "description",
            "status",
            "programmes",
            "target_groups",
            "target_group_text",
            "institutions",
            "grade_from",
            "grade_to",
            "participants",
            "events",
            "principles",
            "start_date",
            "end_date",
            "source_note",
        ]
        labels = {
            "arena": _("Indsatsområde"),
            "status": _("Status"),
            "programmes": _("Programmer og materialer"),
            "target_groups": _("Målgrupper"),
            "institutions": _("Institutioner"),
            "principles": _("Effektive principper"),
        }
        help_texts = {
            "arena": _("Det miljø, aktiviteten foregår i."),
            "programmes": _("Navngivne programmer eller materialer, I har brugt."),
            "target_groups": _("Vælg alle de grupper, aktiviteten henvender sig til."),
            "institutions": _("De skoler, klubber og andre institutioner, der var med."),
            "principles": _(
                "Hvilke af Sundhedsstyrelsens seks effektive principper bygger aktiviteten på?"
            ),
        }
        widgets = {
            "programmes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "institutions": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user=None, municipality: Municipality | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_municipality = municipality
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if municipality is None:
            self.fields["municipality"].queryset = municipalities_visible_to(user)
        else:
            del self.fields["municipality"]
        self.fields["institutions"].queryset = self._institution_choices()
        self.fields["start_date"].initial = self.initial.get("start_date") or timezone.localdate()

    def _institution_choices(self):
        # Only the activity's own municipality's institutions; a national
        # administrator who has not picked one yet sees all, and clean() checks.
        municipality_id = self._municipality_id()
        qs = Institution.objects.select_related("municipality")
        if municipality_id:
            return qs.filter(municipality_id=municipality_id)
        return qs

    def _municipality_id(self) -> int | None:
        if self.fixed_municipality is not None:
            return self.fixed_municipality.pk
        if self.is_bound:
            raw = self.data.get(self.add_prefix("municipality"))
            return int(raw) if raw and str(raw).isdigit() else None
        if self.instance.municipality_id:
            return self.instance.municipality_id
        initial = self.initial.get("municipality")
        return getattr(initial, "pk", initial)

    @cached_property
    def helper(self) -> FormHelper:
        # Built when a template renders the form: a CSV import validates rows with
        # this form and renders none of them.
        helper = FormHelper()
        helper.form_tag = False
        what = ["arena", "title", "description", "status", "programmes", "source_note"]
        if "municipality" in self.fields:
            what.insert(0, "municipality")
        helper.layout = Layout(
            "version",
            Fieldset(_("Hvad"), *what),
            Fieldset(
                _("Hvem"),
                "target_groups",
                "target_group_text",
                "institutions",
                Div(
                    Div("grade_from", css_class="col-sm-6"),
                    Div("grade_to", css_class="col-sm-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Antal"),
                Div(
                    Div("participants", css_class="col-sm-6"),
                    Div("events", css_class="col-sm-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Effektive principper"),
                Field("principles", template="activities/_principles_field.html"),
            ),
            Fieldset(
                _("Periode"),
                Div(
                    Div("start_date", css_class="col-sm-6"),
                    Div("end_date", css_class="col-sm-6"),
                    css_class="row",
                ),
            ),
        )
        return helper

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, message in cross_field_errors(cleaned):
            self.add_error(name, message)
        municipality = self.fixed_municipality or cleaned.get("municipality")
        institutions = cleaned.get("institutions") or []
        if municipality is not None:
            foreign = [i.name for i in institutions if i.municipality_id != municipality.pk]
            if foreign:
                self.add_error(
                    "institutions",
                    _("Institutionerne hører ikke til kommunen: %(names)s")
                    % {"names": ", ".join(foreign)},
                )
        return cleaned

    @property
    def chosen_municipality(self) -> Municipality | None:
        return self.fixed_municipality or self.cleaned_data.get("municipality")

    def relations(self) -> dict:
        """The many-to-many choices, for the services (they set them, not the form)."""
        return {name: list(self.cleaned_data.get(name) or []) for name in M2M_FIELDS}


def cross_field_errors(cleaned: dict) -> list[tuple[str, str]]:
    """The rules across fields of an activity (the table's check constraints)."""
    errors = []
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start and end and end < start:
        errors.append(("end_date", _("Slutdatoen kan ikke ligge før startdatoen.")))
    grade_from, grade_to = cleaned.get("grade_from"), cleaned.get("grade_to")
    if grade_from is not None and grade_to is not None and grade_from > grade_to:
        errors.append(("grade_to", _("„Til klassetrin“ kan ikke være lavere end „fra“.")))
    return errors


# An activity's plain values (no reference data), with ActivityForm's own fields.
ROW_FIELDS: dict[str, forms.Field] = {
    name: ActivityForm.declared_fields[name]
    for name in (
        "title",
        "description",
        "target_group_text",
        "grade_from",
        "grade_to",
        "participants",
        "events",
        "start_date",
        "end_date",
        "source_note",
    )
}
ROW_FIELDS["status"] = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)


def clean_row(data: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """One CSV row's plain values, held to the browser form's rules: each value
    through ActivityForm's own field (type, limits and validators such as the
    CPR guard), then the rules across fields. Returns (cleaned, [(field,
    message)]). A field's clean() keeps no state, so one set of fields serves
    every row; a form per row would cost more in copies than the checks do."""
    cleaned, errors = {}, []
    for name, field in ROW_FIELDS.items():
        try:
            cleaned[name] = field.clean(data.get(name, ""))
        except forms.ValidationError as exc:
            errors += [(name, message) for message in exc.messages]
    return cleaned, errors + cross_field_errors(cleaned)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Semikolonseparet fil i UTF-8 med samme kolonner som eksporten. "
            "Datoer skrives dd-mm-åååå. Intet gemmes, før du har set og godkendt forhåndsvisningen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor. Den må højst fylde 2 MB."))
        return upload


class CoverageForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Alle kommuner"),
    )
    period_from = forms.DateField(
        label=_("Periode fra"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    period_to = forms.DateField(
        label=_("Periode til"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )

    def __init__(self, *args, user=None, national: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if national:
            self.fields["municipality"].queryset = municipalities_visible_to(user)
        else:
            del self.fields["municipality"]

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("Periodens slut kan ikke ligge før dens start."))
        return cleaned
