from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from tests.activities.factories import ActivityFactory

CREATE = reverse("activities:create")


def form_data(reference, **overrides) -> dict:
    data = {
        "arena": reference.school.pk,
        "title": "Forældremøde om rusmidler",
        "description": "Oplæg og dialog i grupper.",
        "status": Activity.Status.PLANNED,
        "target_group_text": "Forældre til 7. klasse",
        "target_groups": [reference.parents.pk],
        "principles": [reference.principles[4].pk, reference.principles[3].pk],
        "programmes": [reference.tackling.pk],
        "grade_from": "7",
        "grade_to": "7",
        "participants": "45",
        "events": "1",
        "start_date": "2025-09-10",
        "end_date": "",
        "source_note": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_creates_an_activity_in_their_municipality(
    client_for, coordinator, municipality, institution, reference
):
    response = client_for(coordinator).post(
        CREATE, form_data(reference, institutions=[institution.pk])
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert activity.municipality == municipality
    assert activity.created_by == coordinator
    assert activity.version == 1
    assert set(activity.principles.values_list("number", flat=True)) == {4, 5}
    assert list(activity.institutions.all()) == [institution]
    assert list(activity.target_groups.all()) == [reference.parents]
    # One history record, holding the relations too.
    record = activity.history.get()
    assert record.history_type == "+"
    assert record.principles.count() == 2


def test_the_create_form_starts_today_without_a_municipality_field(client_for, coordinator):
    form = client_for(coordinator).get(CREATE).context["form"]
    assert form["start_date"].value() == timezone.localdate()
    assert "municipality" not in form.fields


def test_the_form_shows_each_principles_explanation(client_for, coordinator, reference):
    html = client_for(coordinator).get(CREATE).content.decode()
    for principle in reference.principles:
        assert principle.explanation in html
    assert 'type="checkbox"' in html


def test_a_national_administrator_picks_the_municipality(
    client_for, national_admin, other_municipality, reference
):
    client = client_for(national_admin)
    assert "municipality" in client.get(CREATE).context["form"].fields
    client.post(CREATE, form_data(reference, municipality=other_municipality.pk))
    assert Activity.objects.get().municipality == other_municipality


def test_institutions_of_another_municipality_are_refused(
    client_for, coordinator, other_institution, reference
):
    response = client_for(coordinator).post(
        CREATE, form_data(reference, institutions=[other_institution.pk])
    )
    assert response.status_code == 200
    assert "institutions" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_the_form_offers_only_the_own_municipalitys_institutions(
    client_for, coordinator, institution, other_institution
):
    form = client_for(coordinator).get(CREATE).context["form"]
    assert list(form.fields["institutions"].queryset) == [institution]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2025-09-01"}, "end_date", "før startdatoen"),
        ({"participants": "-1"}, "participants", ""),
        ({"participants": "2.5"}, "participants", ""),
        ({"events": "-3"}, "events", ""),
        ({"events": "tre"}, "events", ""),
        ({"grade_from": "11"}, "grade_from", ""),
        ({"grade_to": "-1"}, "grade_to", ""),
        ({"grade_from": "9", "grade_to": "7"}, "grade_to", "lavere"),
        ({"title": "x" * 501}, "title", ""),
        ({"title": ""}, "title", ""),
        ({"target_group_text": "y" * 501}, "target_group_text", ""),
        ({"description": "z" * 5001}, "description", ""),
        ({"start_date": ""}, "start_date", ""),
        ({"start_date": "31-02-2025"}, "start_date", ""),
    ],
)
def test_bad_input_is_refused_next_to_the_field(
    overrides, field, message, client_for, coordinator, reference
):
    response = client_for(coordinator).post(CREATE, form_data(reference, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Activity.objects.exists()
    # The error summary links to the field.
    assert 'id="error-summary"' in response.content.decode()


@pytest.mark.parametrize("field", ["title", "description", "target_group_text"])
@pytest.mark.parametrize("cpr", ["Elev 010203-1234", "Elev 0102031234"])
def test_free_text_that_looks_like_a_cpr_number_is_refused(
    field, cpr, client_for, coordinator, reference
):
    response = client_for(coordinator).post(CREATE, form_data(reference, **{field: cpr}))
    assert not Activity.objects.exists()
    errors = " ".join(response.context["form"].errors[field])
    assert "CPR-nummer" in errors
    assert "personoplysninger om unge" in errors


def test_dates_in_danish_format_are_accepted(client_for, coordinator, reference):
    client_for(coordinator).post(
        CREATE, form_data(reference, start_date="10-09-2025", end_date="12-09-2025")
    )
    activity = Activity.objects.get()
    assert (activity.start_date, activity.end_date) == (date(2025, 9, 10), date(2025, 9, 12))


def test_a_coordinator_edits_an_activity(client_for, coordinator, municipality, reference):
    activity = ActivityFactory(municipality=municipality, title="Gammel titel")
    url = reverse("activities:edit", args=[activity.pk])
    response = client_for(coordinator).post(
        url, form_data(reference, title="Ny titel", version=activity.version)
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Ny titel"
    assert activity.version == 2
    assert list(activity.target_groups.all()) == [reference.parents]
    assert activity.municipality == municipality


def test_a_concurrent_edit_is_refused_with_a_message_and_the_saved_text(
    client_for, coordinator, municipality, reference
):
    activity = ActivityFactory(municipality=municipality, title="Original")
    url = reverse("activities:edit", args=[activity.pk])
    client = client_for(coordinator)
    # Someone else saves first (version 1 → 2).
    client.post(url, form_data(reference, title="Den andens titel", version=1))
    # This edit was started from version 1 too.
    response = client.post(
        url, form_data(reference, title="Min titel", target_groups=[], version=1)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "En anden har gemt ændringer" in html
    assert "Den andens titel" in html
    activity.refresh_from_db()
    assert activity.title == "Den andens titel"
    assert activity.version == 2
    # The refused edit's relations were rolled back too.
    assert list(activity.target_groups.all()) == [reference.parents]


def test_the_detail_page_shows_the_fields_and_the_history(
    client_for, coordinator, municipality, reference
):
    client = client_for(coordinator)
    client.post(CREATE, form_data(reference))
    activity = Activity.objects.get()
    client.post(
        reverse("activities:edit", args=[activity.pk]),
        form_data(reference, title="Forældreaften", version=1),
    )
    html = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "Forældreaften" in html
    assert "Forældre til 7. klasse" in html
    assert "5. Inddrag familien" in html
    assert "Historik" in html
    assert "Oprettet" in html and "Ændret" in html
    assert "Forældremøde om rusmidler" in html  # the old title, in the history


def test_duplicate_opens_the_create_form_prefilled_with_today_as_start(
    client_for, coordinator, municipality, reference
):
    source = ActivityFactory(
        municipality=municipality,
        title="Årlig temadag",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 3, 3),
        participants=120,
        status=Activity.Status.COMPLETED,
        relations={"principles": reference.principles[:2], "target_groups": [reference.pupils]},
    )
    client = client_for(coordinator)
    response = client.get(reverse("activities:duplicate", args=[source.pk]))
    form = response.context["form"]
    assert form["title"].value() == "Årlig temadag"
    assert form["start_date"].value() == timezone.localdate()
    assert form["end_date"].value() == timezone.localdate() + timedelta(days=2)
    assert form["participants"].value() == 120
    assert form["status"].value() == Activity.Status.PLANNED
    assert sorted(form["principles"].value()) == sorted(p.pk for p in reference.principles[:2])
    assert f'action="{CREATE}"' in response.content.decode()
    # Saving the pre-filled form creates a second activity; the source is untouched.
    assert Activity.objects.count() == 1


def test_delete_asks_first_and_the_activity_can_be_restored_with_its_relations(
    client_for, coordinator, municipality, institution, reference
):
    activity = ActivityFactory(municipality=municipality, title="Slet mig")
    client = client_for(coordinator)
    client.post(
        reverse("activities:edit", args=[activity.pk]),
        form_data(reference, title="Slet mig", institutions=[institution.pk], version=1),
    )
    url = reverse("activities:delete", args=[activity.pk])
    assert "Ja, slet aktiviteten" in client.get(url).content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()

    client.post(url)
    assert not Activity.objects.filter(pk=activity.pk).exists()

    deleted = client.get(reverse("activities:deleted"))
    records = list(deleted.context["records"])
    assert [r.title for r in records] == ["Slet mig"]

    response = client.post(reverse("activities:restore", args=[records[0].history_id]))
    restored = Activity.objects.get(pk=activity.pk)
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert restored.title == "Slet mig"
    assert list(restored.institutions.all()) == [institution]
    assert list(restored.target_groups.all()) == [reference.parents]
    assert restored.principles.count() == 2
    # Restored activities leave the list of deleted ones.
    assert list(client.get(reverse("activities:deleted")).context["records"]) == []


def test_the_deleted_list_hides_other_municipalities(
    client_for, coordinator, outsider, municipality
):
    activity = ActivityFactory(municipality=municipality, title="Kun Kolding")
    client_for(coordinator).post(reverse("activities:delete", args=[activity.pk]))
    assert list(client_for(outsider).get(reverse("activities:deleted")).context["records"]) == []


@pytest.mark.parametrize("person", ["steering_member", "school_editor", "school_leader"])
def test_read_only_roles_cannot_create_edit_or_delete(
    person, request, client_for, municipality, institution, reference
):
    user = request.getfixturevalue(person)
    activity = ActivityFactory(municipality=municipality, relations={"institutions": [institution]})
    client = client_for(user)
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 200
    assert client.post(CREATE, form_data(reference)).status_code == 403
    edit = reverse("activities:edit", args=[activity.pk])
    assert client.post(edit, form_data(reference, version=1)).status_code == 403
    assert client.post(reverse("activities:delete", args=[activity.pk])).status_code == 403
    assert Activity.objects.get().title == activity.title


def test_the_history_names_changed_relations(client_for, coordinator, municipality, reference):
    activity = ActivityFactory(municipality=municipality, title="Temadag")
    client = client_for(coordinator)
    client.post(
        reverse("activities:edit", args=[activity.pk]),
        form_data(reference, title="Temadag", principles=[reference.principles[4].pk], version=1),
    )
    html = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    history = html[html.index('id="history-title"') :]
    assert "effektive principper</strong>: – → 5. Inddrag familien" in history
    assert "&#x27;activity&#x27;" not in history
