import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import csv_io
from activities.models import Activity
from tests.activities.factories import ActivityFactory
from tests.factories import InstitutionFactory

EXPORT = reverse("activities:export")
IMPORT = reverse("activities:import")

FIELDS = (
    "title",
    "description",
    "status",
    "target_group_text",
    "grade_from",
    "grade_to",
    "participants",
    "events",
    "start_date",
    "end_date",
    "source_note",
    "source_section",
)


def snapshot(activity: Activity) -> tuple:
    return (
        activity.municipality_id,
        activity.arena_id,
        *(getattr(activity, name) for name in FIELDS),
        sorted(activity.target_groups.values_list("pk", flat=True)),
        sorted(activity.programmes.values_list("pk", flat=True)),
        sorted(activity.institutions.values_list("pk", flat=True)),
        sorted(activity.principles.values_list("pk", flat=True)),
    )


def content_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def parse(content) -> list[list[str]]:
    if not isinstance(content, bytes):
        content = content_of(content)
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def upload(client, text: str, name: str = "aktiviteter.csv"):
    """Upload a file; returns the job's preview page (the upload redirects there)."""
    data = ("\ufeff" + text).encode("utf-8")
    return upload_bytes(client, data, name)


def upload_bytes(client, data: bytes, name: str = "aktiviteter.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, "text/csv")}, follow=True)


def row_errors(preview) -> dict[int, str]:
    """{row number: its error messages} from a preview page."""
    return {number: " ".join(errors) for number, errors in preview.context["job"].errors}


def confirm(client, preview):
    job = preview.context["job"]
    return client.post(reverse("activities:import_confirm", kwargs={"pk": job.pk}))


@pytest.fixture
def rich(municipality, institution, reference):
    comma_school = InstitutionFactory(municipality=municipality, name="Skolen ved Søen, afd. Nord")
    return ActivityFactory(
        municipality=municipality,
        arena=reference.nightlife,
        title="DRUGWISE; kursus for dørmænd",
        description='Linje 1\nLinje 2 med "citat"',
        status=Activity.Status.COMPLETED,
        target_group_text="65 lærere fra samtlige skoler",
        grade_from=7,
        grade_to=9,
        participants=65,
        events=3,
        start_date=date(2005, 3, 7),
        end_date=date(2005, 4, 1),
        source_note="Erfaringshæftet",
        source_section="Ung-til-ung",
        relations={
            "target_groups": [reference.parents, reference.staff],
            "programmes": [reference.tackling, reference.hash_talk],
            "institutions": [institution, comma_school],
            "principles": [reference.principles[0], reference.principles[5]],
        },
    )


def test_the_export_is_danish_csv(rich, client_for, coordinator):
    response = client_for(coordinator).get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = parse(content_of(response))
    header, row = rows
    assert header == csv_io.HEADERS
    values = dict(zip(header, row, strict=True))
    assert values["Startdato"] == "07-03-2005"
    assert values["Slutdato"] == "01-04-2005"
    assert values["Status"] == "Gennemført"
    assert values["Målgrupper"] == "Forældre, Lærere, pædagoger og andre fagfolk"
    assert values["Programmer og materialer"] == "Hash-samtalen, Tackling"
    assert values["Effektive principper (numre)"] == "1, 6"
    assert values["Indsatsområde"] == "Festmiljøet"


def test_the_export_follows_the_list_filters(client_for, coordinator, municipality):
    ActivityFactory(municipality=municipality, title="Med")
    ActivityFactory(municipality=municipality, title="Uden")
    rows = parse(client_for(coordinator).get(EXPORT, {"q": "Med"}))
    assert [row[2] for row in rows[1:]] == ["Med"]


def test_an_exported_file_imported_again_gives_the_same_activities(
    rich, client_for, coordinator, municipality, reference
):
    plain = ActivityFactory(municipality=municipality, title="Enkel", start_date=date(2025, 1, 2))
    before = sorted(snapshot(a) for a in Activity.objects.all())
    client = client_for(coordinator)
    exported = content_of(client.get(EXPORT))
    Activity.objects.all().delete()

    preview = upload_bytes(client, exported, "eksport.csv")
    assert row_errors(preview) == {}
    assert not Activity.objects.exists()  # nothing saved before confirming
    response = confirm(client, preview)
    assert response.status_code == 302
    assert sorted(snapshot(a) for a in Activity.objects.all()) == before
    assert plain.title in Activity.objects.values_list("title", flat=True)


def test_an_import_with_one_bad_row_shows_its_error_and_saves_nothing(
    client_for, coordinator, reference
):
    header = ";".join(csv_io.HEADERS)
    good = ";Grundskolen;Temadag;;Planlagt;Elever;;;;;;;;1;01-09-2025;;;"
    bad = ";Grundskolen;Forældremøde;;Planlagt;;;;;;-4;;;;32-09-2025;;;"
    client = client_for(coordinator)
    preview = upload(client, "\r\n".join([header, good, bad]) + "\r\n")
    errors_by_row = row_errors(preview)
    assert list(errors_by_row) == [3]
    errors = errors_by_row[3]
    assert "Antal deltagere" in errors
    assert "Startdato" in errors
    html = preview.content.decode()
    assert "1 række har fejl. Intet er gemt." in html
    assert "Gem alle" not in html  # no confirm button
    # Confirming anyway (e.g. a forged post) saves nothing either.
    confirm(client, preview)
    assert not Activity.objects.exists()


def test_imported_rows_obey_the_form_rules_including_cpr(client_for, coordinator, reference):
    header = ";".join(csv_io.HEADERS)
    row = ";Grundskolen;Samtale med elev 010203-1234;;;;;;;;;;;;01-09-2025;;;"
    preview = upload(client_for(coordinator), f"{header}\n{row}\n")
    assert "CPR-nummer" in row_errors(preview)[2]


def test_unknown_names_and_other_municipalities_are_row_errors(
    client_for, coordinator, other_municipality, reference
):
    header = ";".join(csv_io.HEADERS)
    rows = [
        "Varde;Grundskolen;A;;;;;;;;;;;;01-09-2025;;;",
        ";Månen;B;;;;;;;;;;;;01-09-2025;;;",
        ";Grundskolen;C;;;Astronauter;;;;;;;;;01-09-2025;;;",
        ";Grundskolen;D;;;;;Ukendt Skole;;;;;;;01-09-2025;;;",
    ]
    preview = upload(client_for(coordinator), "\n".join([header, *rows]))
    errors = [row_errors(preview)[number] for number in (2, 3, 4, 5)]
    assert "din egen kommune" in errors[0]
    assert "Ukendt indsatsområde: Månen" in errors[1]
    assert "Astronauter" in errors[2]
    assert "Ukendt Skole" in errors[3]


def test_a_file_without_the_required_columns_is_refused(client_for, coordinator):
    response = upload(client_for(coordinator), "navn,alder\nx,1\n")
    assert response.status_code == 200
    assert "mangler kolonnerne" in " ".join(response.context["form"].errors["file"])


def test_a_national_administrator_imports_into_the_named_municipality(
    client_for, national_admin, other_municipality, reference
):
    header = ";".join(csv_io.HEADERS)
    row = "Varde;Festmiljøet;Natteravne;;;;;;;;;;;;01-09-2025;;;"
    client = client_for(national_admin)
    preview = upload(client, f"{header}\n{row}\n")
    assert row_errors(preview) == {}
    confirm(client, preview)
    assert Activity.objects.get().municipality == other_municipality


def test_someone_elses_or_a_missing_import_saves_nothing(
    client_for, coordinator, national_admin, reference
):
    header = ";".join(csv_io.HEADERS)
    preview = upload(
        client_for(coordinator), f"{header}\n;Grundskolen;Temadag;;;;;;;;;;;;01-09-2025;;;\n"
    )
    assert preview.context["job"].may_save
    # Another person (even a national administrator) cannot see or confirm it.
    assert confirm(client_for(national_admin), preview).status_code == 404
    missing = reverse("activities:import_confirm", kwargs={"pk": preview.context["job"].pk + 1})
    assert client_for(coordinator).post(missing).status_code == 404
    assert not Activity.objects.exists()


def test_formula_like_text_is_defused_in_the_export_and_restored_on_import(
    client_for, coordinator, municipality, reference
):
    ActivityFactory(municipality=municipality, title='=HYPERLINK("http://x")', description="-")
    client = client_for(coordinator)
    exported = content_of(client.get(EXPORT))
    row = parse(exported)[1]
    assert row[2] == '\'=HYPERLINK("http://x")'
    assert row[3] == "'-"
    Activity.objects.all().delete()
    preview = upload_bytes(client, exported, "e.csv")
    confirm(client, preview)
    activity = Activity.objects.get()
    assert (activity.title, activity.description) == ('=HYPERLINK("http://x")', "-")
