import re
from datetime import date

import pytest
from django.urls import reverse

from activities.models import Activity
from tests.activities.factories import ActivityFactory
from tests.factories import InstitutionFactory

LIST = reverse("activities:list")


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["page"].object_list]


def test_it_hides_other_municipalities_activities(
    client_for, coordinator, municipality, other_municipality
):
    ActivityFactory(municipality=municipality, title="Vores temadag")
    ActivityFactory(municipality=other_municipality, title="Deres temadag")
    assert titles(client_for(coordinator).get(LIST)) == ["Vores temadag"]


def test_a_national_administrator_sees_all_and_filters_by_municipality(
    client_for, national_admin, municipality, other_municipality
):
    ActivityFactory(municipality=municipality, title="Kolding-dag")
    ActivityFactory(municipality=other_municipality, title="Varde-dag")
    client = client_for(national_admin)
    assert sorted(titles(client.get(LIST))) == ["Kolding-dag", "Varde-dag"]
    response = client.get(LIST, {"municipality": other_municipality.pk})
    assert titles(response) == ["Varde-dag"]


def test_a_coordinator_has_no_municipality_filter(client_for, coordinator):
    response = client_for(coordinator).get(LIST)
    assert "municipality" not in response.context["filter"].form.fields


def test_school_staff_see_only_activities_that_involve_their_school(
    client_for, school_editor, municipality, institution
):
    ActivityFactory(
        municipality=municipality, title="Med skolen", relations={"institutions": [institution]}
    )
    ActivityFactory(municipality=municipality, title="Uden skolen")
    assert titles(client_for(school_editor).get(LIST)) == ["Med skolen"]


def test_it_filters_by_arena_status_target_group_principle_programme_and_institution(
    client_for, coordinator, municipality, institution, reference
):
    match = ActivityFactory(
        municipality=municipality,
        title="Rammer alt",
        arena=reference.nightlife,
        status=Activity.Status.COMPLETED,
        relations={
            "target_groups": [reference.parents],
            "principles": [reference.principles[4]],
            "programmes": [reference.tackling],
            "institutions": [institution],
        },
    )
    ActivityFactory(municipality=municipality, title="Rammer intet", arena=reference.school)
    client = client_for(coordinator)
    for params in (
        {"arena": reference.nightlife.pk},
        {"status": "completed"},
        {"target_group": reference.parents.pk},
        {"principle": reference.principles[4].pk},
        {"programme": reference.tackling.pk},
        {"institution": institution.pk},
    ):
        assert titles(client.get(LIST, params)) == [match.title], params


def test_the_institution_box_suggests_only_the_own_municipalitys_institutions(
    client_for, coordinator, national_admin, institution, other_institution
):
    options = reverse("activities:institution_options")
    # Both schools' names contain "skole"; the coordinator is offered only their own.
    assert client_for(coordinator).get(options, {"q": "skole"}).json() == {
        "names": ["Munkevængets Skole"]
    }
    national = client_for(national_admin).get(options, {"q": "skole"}).json()["names"]
    assert national == ["Lykkesgårdskolen", "Munkevængets Skole"]
    # A name of another municipality filters nothing in for the coordinator.
    ActivityFactory(
        municipality=other_institution.municipality,
        title="Udenfor",
        relations={"institutions": [other_institution]},
    )
    response = client_for(coordinator).get(LIST, {"institution": "Lykkesgård"})
    assert titles(response) == []


def test_the_list_page_lists_no_institutions_however_many_there_are(
    client_for, national_admin, municipality
):
    for n in range(30):
        InstitutionFactory(municipality=municipality, name=f"Institution nummer {n}")
    html = client_for(national_admin).get(LIST).content.decode()
    assert "Institution nummer" not in html
    assert '<datalist id="institution-options"></datalist>' in html


def test_the_institution_filter_matches_part_of_a_name(
    client_for, coordinator, municipality, institution
):
    ActivityFactory(
        municipality=municipality, title="Med", relations={"institutions": [institution]}
    )
    ActivityFactory(municipality=municipality, title="Uden")
    assert titles(client_for(coordinator).get(LIST, {"institution": "munkevæng"})) == ["Med"]


def test_it_filters_by_period_overlap(client_for, coordinator, municipality):
    ActivityFactory(
        municipality=municipality,
        title="Forår",
        start_date=date(2025, 3, 1),
        end_date=date(2025, 5, 31),
    )
    ActivityFactory(municipality=municipality, title="Efterår", start_date=date(2025, 10, 1))
    client = client_for(coordinator)
    assert titles(client.get(LIST, {"period_from": "2025-05-01", "period_to": "2025-06-30"})) == [
        "Forår"
    ]
    assert titles(client.get(LIST, {"period_from": "2025-09-01"})) == ["Efterår"]
    assert titles(client.get(LIST, {"period_to": "2025-02-28"})) == []


def test_free_text_searches_title_target_group_and_description(
    client_for, coordinator, municipality
):
    ActivityFactory(municipality=municipality, title="Rusmiddelseminar")
    ActivityFactory(municipality=municipality, title="Møde", target_group_text="65 lærere")
    ActivityFactory(municipality=municipality, title="Kursus", description="Om hash-samtalen")
    ActivityFactory(municipality=municipality, title="Noget andet")
    client = client_for(coordinator)
    assert titles(client.get(LIST, {"q": "seminar"})) == ["Rusmiddelseminar"]
    assert titles(client.get(LIST, {"q": "lærere"})) == ["Møde"]
    assert titles(client.get(LIST, {"q": "samtalen"})) == ["Kursus"]


def test_it_sorts_by_title_start_date_and_arena(client_for, coordinator, municipality, reference):
    ActivityFactory(
        municipality=municipality, title="B", start_date=date(2025, 1, 1), arena=reference.leisure
    )
    ActivityFactory(
        municipality=municipality, title="A", start_date=date(2025, 2, 1), arena=reference.nightlife
    )
    ActivityFactory(
        municipality=municipality, title="C", start_date=date(2024, 1, 1), arena=reference.school
    )
    client = client_for(coordinator)
    assert titles(client.get(LIST)) == ["A", "B", "C"]  # newest first by default
    assert titles(client.get(LIST, {"ordering": "title"})) == ["A", "B", "C"]
    assert titles(client.get(LIST, {"ordering": "-title"})) == ["C", "B", "A"]
    assert titles(client.get(LIST, {"ordering": "start_date"})) == ["C", "B", "A"]
    # Arena positions: school, youth education, leisure, nightlife …
    assert titles(client.get(LIST, {"ordering": "arena"})) == ["C", "B", "A"]


def test_it_shows_fifty_activities_a_page(client_for, coordinator, municipality):
    ActivityFactory.create_batch(51, municipality=municipality)
    client = client_for(coordinator)
    assert len(titles(client.get(LIST))) == 50
    assert len(titles(client.get(LIST, {"side": 2}))) == 1


@pytest.mark.parametrize("count", [1, 200])
def test_the_list_needs_the_same_queries_for_1_and_200_activities(
    count, client_for, coordinator, municipality, institution, reference, django_assert_num_queries
):
    for _n in range(count):
        ActivityFactory(
            municipality=municipality,
            relations={
                "target_groups": [reference.pupils, reference.parents],
                "principles": reference.principles[:3],
                "institutions": [InstitutionFactory(municipality=municipality)],
            },
        )
    client = client_for(coordinator)
    # 1 the session with its user, membership, municipality and institution (shared by
    # access checks, the context processor and the menu bar), 2 the filter form's arenas,
    # target groups, principles and programmes (one UNION), 3 count of matching
    # activities, 4 the page of activities (municipality and arena joined), 5 their
    # target groups, 6 their principles. The institution box lists no institutions. The
    # session is not saved: it was refreshed at login (SessionRefreshMiddleware).
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(titles(response)) == min(count, 50)


def test_the_fast_institution_select_renders_like_djangos_select_and_escapes_names():
    from django import forms
    from django.test.html import parse_html

    from core.widgets import FastSelect

    choices = [("", "Alle"), (1, 'Skole <b>"A"</b> & co'), (2, "Ørsted Skole")]
    attrs = {"id": "id_institution", "class": "form-select"}
    fast = FastSelect(choices=choices).render("institution", 2, attrs=attrs)
    plain = forms.Select(choices=choices).render("institution", 2, attrs=attrs)

    assert parse_html(fast) == parse_html(plain)
    assert "<b>" not in fast
    assert '<option value="2" selected>Ørsted Skole</option>' in fast


def test_the_institution_filter_keeps_its_label_and_text(client_for, coordinator, municipality):
    InstitutionFactory(municipality=municipality, name="Bakkeskolen & Co")
    html = client_for(coordinator).get(LIST, {"institution": "Bakkeskolen & Co"}).content.decode()

    assert re.search(r'<label\s+for="id_institution"[^>]*>\s*Institution\s*</label>', html)
    field = re.search(r'<input [^>]*id="id_institution"[^>]*>', html).group(0)
    assert 'list="institution-options"' in field
    assert 'value="Bakkeskolen &amp; Co"' in field


def test_every_sort_option_has_a_danish_label(client_for, coordinator):
    html = client_for(coordinator).get(LIST).content.decode()
    select = re.search(r'<select [^>]*name="ordering">(.*?)</select>', html, re.S).group(1)
    labels = re.findall(r"<option [^>]*>([^<]*)</option>", select)

    assert labels == [
        "Nyeste først",
        "Startdato (ældste først)",
        "Startdato (nyeste først)",
        "Aktivitet (A–Å)",
        "Aktivitet (Å–A)",
        "Indsatsområde",
        "Indsatsområde (omvendt)",
    ]
