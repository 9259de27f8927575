"""No personal data about young people, by any door: one guard on every model text field."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from activities import csv_io
from activities.models import Activity
from core import checks as core_checks
from core import personal_data
from core.personal_data import looks_like_cpr, names_pupil_with_class
from policies.models import LivingPolicyEvent
from tests.activities.factories import ActivityFactory
from tests.activities.test_csv import confirm, row_errors, upload
from tests.policies.factories import adopted_policy, complete_draft
from tests.policies.test_guided_form import _post_data


@pytest.mark.parametrize(
    "text",
    [
        "010190-1234",
        "0101901234",
        "010190 1234",
        "01.01.90-1234",
        "01-01-90-1234",
        "0101 90 1234",
        "01 01 90 1234",
        "01/01/90-1234",
        "01.01.90 1234",
        "010190 - 1234",
        "Eleven Jens Hansen 010190-1234",
        "cpr: 29.02.00-1111",
    ],
)
def test_cpr_numbers_are_recognised_in_every_common_spelling(text):
    assert looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "2004-2007",
        "Projektperioden 2004-2007, 14 kommuner",
        "Telefon 75 50 10 00",
        "+45 75 50 10 00",
        "Tlf. 7550 1000",
        "32.01.90-1234",  # day 32
        "01.13.90-1234",  # month 13
        "Uge 36-37 2005",
        "Mødet 01.09.2005 kl. 14",
        "Konto 1234-567890123",
    ],
)
def test_years_phone_numbers_and_impossible_dates_pass(text):
    assert not looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jens Hansen, 8.b",
        "elev (Jens Hansen, 8.b) taget med cannabis",
        "Samtale med Anne-Marie Jensen fra 9a",
        "Mads Ole Nielsen (10. x)",
    ],
)
def test_a_pupil_named_with_a_class_is_recognised(text):
    assert names_pupil_with_class(text)


@pytest.mark.parametrize(
    "text",
    [
        "Samtale med en elev i 8. klasse",
        "Temadag for 8.b og 8.c",
        "Munkevængets Skole, 8.b deltog",
        "Forældremøde i 0. klasse",
        "Jens Hansen (SSP) holdt oplæg",
    ],
)
def test_classes_without_a_name_and_names_without_a_class_pass(text):
    assert not names_pupil_with_class(text)


def _cpr_value(field: models.Field):
    text = "Eleven 010190-1234"
    return {"text": text, "rows": [{"note": text}]} if isinstance(field, models.JSONField) else text


def _text_fields_of_every_model():
    cases = []
    for model in apps.get_models():
        if model not in personal_data.project_models():
            continue
        for field in personal_data.text_fields(model):
            cases.append(pytest.param(model, field, id=personal_data.field_label(model, field)))
    return cases


TEXT_FIELDS = _text_fields_of_every_model()


def test_the_walk_covers_the_known_free_text_fields():
    labels = {param.id for param in TEXT_FIELDS}
    for label in (
        "activities.Activity.source_section",
        "activities.Activity.description",
        "policies.Policy.content",
        "policies.LivingPolicyEvent.description",
        "partnerships.Obligation.description",
        "municipalities.Institution.name",
    ):
        assert label in labels
    assert len(labels) > 40


@pytest.mark.parametrize(("model", "field"), TEXT_FIELDS)
def test_every_text_field_of_every_model_refuses_a_cpr_number(model, field):
    instance = model()
    setattr(instance, field.attname, _cpr_value(field))
    others = [f.name for f in model._meta.fields if f.name != field.name]
    with pytest.raises(ValidationError) as caught:
        instance.clean_fields(exclude=others)
    assert [error.code for error in caught.value.error_dict[field.name]] == ["cpr"]
    # ... and the same field holding ordinary text passes.
    setattr(
        instance,
        field.attname,
        {"text": "2004-2007"} if isinstance(field, models.JSONField) else "2004-2007",
    )
    instance.clean_fields(exclude=others)


def test_a_save_that_skips_full_clean_is_refused_too(municipality, reference):
    activity = ActivityFactory(municipality=municipality, arena=reference.nightlife)
    activity.source_note = "Kontakt 01.01.90-1234"
    with pytest.raises(ValidationError):
        activity.save()
    activity.refresh_from_db()
    assert "1234" not in activity.source_note
    with pytest.raises(ValidationError):
        Activity.objects.filter(pk=activity.pk).first().__class__(
            municipality=municipality,
            arena=reference.nightlife,
            title="0101 90 1234",
            start_date=activity.start_date,
        ).save()


def test_the_system_check_fails_for_an_unguarded_text_field():
    field = Activity._meta.get_field("title")
    assert core_checks.check_free_text_is_guarded() == []
    field.validators.remove(personal_data.validate_no_cpr)
    try:
        errors = core_checks.check_free_text_is_guarded()
    finally:
        field.validators.append(personal_data.validate_no_cpr)
    assert {error.id for error in errors} == {"core.E001"}
    assert any("activities.Activity.title " in error.msg for error in errors)


def test_a_policy_step_with_a_cpr_number_is_refused_next_to_the_field(
    client_for, school_editor, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    before = policy.content
    url = reverse("policies:step", args=[policy.pk, "purpose"])
    response = client_for(school_editor).post(
        url, _post_data(policy, "purpose", text="Eleven Jens Hansen 010190-1234")
    )
    assert response.status_code == 200
    assert "CPR-nummer" in response.content.decode()
    policy.refresh_from_db()
    assert policy.content == before


@pytest.mark.parametrize(
    "description",
    [
        "elev 0101901234 (Jens Hansen, 8.b) taget med cannabis",
        "Jens Hansen, 8.b taget med cannabis",
        "elev 010190 1234 taget med cannabis",
    ],
)
def test_a_living_policy_event_naming_a_pupil_is_refused(
    client_for, school_editor, school_leader, institution, description
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    response = client_for(school_editor).post(
        reverse("policies:event_create", args=[policy.pk]),
        {"kind": "concrete_case", "date": "2025-08-20", "description": description},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "CPR-nummer" in html or "nævne en elev med navn og klasse" in html
    assert not LivingPolicyEvent.objects.exists()


def test_the_event_form_reminds_the_writer_not_to_write_names(
    client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    html = (
        client_for(school_editor)
        .get(reverse("policies:event_create", args=[policy.pk]))
        .content.decode()
    )
    assert "ingen navne" in html


def test_the_csv_import_checks_the_original_heading(client_for, coordinator, reference):
    header = ";".join(csv_io.HEADERS)
    columns = [""] * len(csv_io.HEADERS)
    columns[csv_io.HEADERS.index("Indsatsområde")] = "Grundskolen"
    columns[csv_io.HEADERS.index("Aktivitet")] = "Temadag"
    columns[csv_io.HEADERS.index("Startdato")] = "01-09-2025"
    columns[csv_io.HEADERS.index("Oprindelig overskrift")] = "Samtale 01-01-90-1234"
    client = client_for(coordinator)
    preview = upload(client, f"{header}\n{';'.join(columns)}\n")
    errors = row_errors(preview)[2]
    assert "CPR-nummer" in errors
    assert "Oprindelig overskrift" in errors
    assert not preview.context["job"].may_save
    confirm(client, preview)
    assert not Activity.objects.exists()
