from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.validators import validate_no_cpr
from municipalities.access import municipalities_visible_to
from municipalities.forms import VersionedFormMixin
from municipalities.models import Institution
from partnerships.models import (
    AgreementMember,
    NightlifeAgreement,
    Obligation,
    PartnershipContract,
    Signatory,
)
from partnerships.services import CONTENT_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _guard_free_text(form: forms.BaseForm) -> None:
    """No personal data about young people: free text refuses CPR-like numbers."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and validate_no_cpr not in field.validators:
            field.validators.append(validate_no_cpr)


def _helper(submit_label, *layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    helper.add_input(Submit("submit", submit_label))
    return helper


class ContractForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PartnershipContract
        fields = [
            "institution",
            "title",
            "municipal_party",
            "local_values_and_goals",
            "guidelines_and_help",
            "organisation",
            "key_person_training",
            "institution_contribution",
            "municipality_contribution",
            "commits_no_exclusion",
            "commits_treatment_offer",
            "treatment_offer",
            "start_date",
            "end_date",
            "activities",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "local_values_and_goals": forms.Textarea(attrs={"rows": 4}),
            "guidelines_and_help": forms.Textarea(attrs={"rows": 4}),
            "organisation": forms.Textarea(attrs={"rows": 4}),
            "key_person_training": forms.Textarea(attrs={"rows": 4}),
            "institution_contribution": forms.Textarea(attrs={"rows": 3}),
            "municipality_contribution": forms.Textarea(attrs={"rows": 3}),
            "treatment_offer": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _guard_free_text(self)
        contract: PartnershipContract = self.instance
        creating = contract.pk is None
        if creating:
            self.fields["institution"].queryset = Institution.objects.visible_to(user)
            activities = Activity.objects.visible_to(user)
        else:
            # The parties of a contract do not change.
            del self.fields["institution"]
            activities = Activity.objects.filter(municipality_id=contract.municipality_id)
            if not contract.is_draft:
                for name in CONTENT_FIELDS:
                    self.fields.pop(name, None)
        self.fields["activities"].queryset = activities.order_by("-start_date", "title")
        self.fields["activities"].required = False
        self.fields["activities"].help_text = _(
            "Aktiviteter, der gennemføres under kontrakten. Hold Ctrl nede for at vælge flere."
        )
        sections = []
        first = [f for f in ("institution", "title", "municipal_party") if f in self.fields]
        if first:
            sections.append(Fieldset(_("Parter"), *first))
        elements = [f for f in PartnershipContract.ELEMENT_FIELDS if f in self.fields]
        if elements:
            sections.append(
                Fieldset(_("Det, institutionens rusmiddelpolitik skal beskrive"), *elements)
            )
        mutual = [
            f
            for f in (
                "institution_contribution",
                "municipality_contribution",
                "commits_no_exclusion",
                "commits_treatment_offer",
                "treatment_offer",
            )
            if f in self.fields
        ]
        if mutual:
            sections.append(Fieldset(_("Gensidige forpligtelser og tilsagn"), *mutual))
        sections.append(
            Fieldset(_("Periode og aktiviteter"), "start_date", "end_date", "activities")
        )
        sections.append("version")
        self.helper = _helper(_("Gem kontrakten"), *sections)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatoen kan ikke ligge før startdatoen."))
        return cleaned

    def values(self) -> dict:
        """The model fields to save, without the parties, the M2M and the version."""
        skip = {"institution", "activities", "version"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["party", "name", "role", "signed_on"]
        widgets = {"signed_on": DATE_WIDGET}
        help_texts = {"name": _("Kun fagpersoner underskriver – aldrig elever eller unge.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _guard_free_text(self)
        self.helper = _helper(_("Tilføj underskriver"), "party", "name", "role", "signed_on")


class ObligationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["party", "description", "owner_name", "due_date"]
        widgets = {"due_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _guard_free_text(self)
        self.helper = _helper(
            _("Gem forpligtelsen"), "party", "description", "owner_name", "due_date", "version"
        )

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ContractTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=PartnershipContract.Status.choices)
    reason = forms.CharField(
        label=_("Begrundelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObligationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Obligation.Status.choices)


class AgreementForm(VersionedFormMixin, forms.ModelForm):
    municipality = forms.ModelChoiceField(queryset=None, label=_("Kommune"))

    class Meta:
        model = NightlifeAgreement
        fields = [
            "name",
            "description",
            "shared_rules",
            "quarantine_months",
            "quarantine_text",
            "staff_training",
            "training_programme",
            "campaign_material",
            "status",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "shared_rules": forms.Textarea(attrs={"rows": 4}),
            "quarantine_text": forms.Textarea(attrs={"rows": 2}),
            "staff_training": forms.Textarea(attrs={"rows": 3}),
            "campaign_material": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _guard_free_text(self)
        fields = list(self.Meta.fields)
        municipalities = municipalities_visible_to(user)
        if self.instance.pk is None and municipalities.count() > 1:
            # Only national administrators choose; everyone else works in their own.
            self.fields["municipality"].queryset = municipalities
            fields.insert(0, "municipality")
        else:
            del self.fields["municipality"]
        self.helper = _helper(_("Gem aftalen"), *fields, "version")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatoen kan ikke ligge før startdatoen."))
        return cleaned

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "municipality"}}


class MemberForm(forms.ModelForm):
    class Meta:
        model = AgreementMember
        fields = ["name", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _guard_free_text(self)
        self.helper = _helper(_("Tilføj medlem"), "name", "kind")
