"""CSV import as a job and the streamed export: caps on bad input, the pending rows
outside the session, history of bulk-saved rows, and query counts that do not grow
with the number of rows."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import csv_io, services
from activities.models import Activity, ImportJob
from tests.activities.factories import ActivityFactory
from tests.factories import InstitutionFactory

IMPORT = reverse("activities:import")
HEADER = ";".join(csv_io.HEADERS)


def csv_rows(count: int, *, institution: str = "Munkevængets Skole") -> str:
    """``count`` valid rows for the coordinator of Kolding, with every kind of relation."""
    lines = [HEADER]
    for n in range(count):
        lines.append(
            f";Grundskolen;Temadag {n};Om hash og alkohol;Gennemført;Elever, Forældre;"
            f"7. klasse;{institution};7;9;{n % 90 + 10};2;Tackling;1, 4;"
            f"{n % 28 + 1:02d}-03-2025;;Referat;"
        )
    return "\r\n".join(lines) + "\r\n"


def post_file(client, text: str, name: str = "aktiviteter.csv", **kwargs):
    data = ("\ufeff" + text).encode("utf-8")
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, "text/csv")}, **kwargs)


def test_a_cell_longer_than_the_csv_module_allows_is_refused_with_a_message(
    client_for, coordinator, reference
):
    huge = "x" * 200_000  # Python's csv module raises above 131,072 characters
    response = post_file(client_for(coordinator), f"{HEADER}\n;Grundskolen;{huge};;;\n")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "Række 2 har en celle med mere end 10.000 tegn" in errors
    assert not ImportJob.objects.exists()


def test_a_file_with_too_many_rows_or_bytes_is_refused_with_a_message(
    client_for, coordinator, reference
):
    client = client_for(coordinator)
    response = post_file(client, csv_rows(csv_io.MAX_ROWS + 1))
    assert "mere end 5000 rækker" in " ".join(response.context["form"].errors["file"])
    too_big = HEADER + "\n" + ("x;" * 1024 + "\n") * 6000
    response = post_file(client, too_big)
    assert "Filen er for stor" in " ".join(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


class CountingDict(dict):
    lookups = 0

    def __contains__(self, key) -> bool:
        CountingDict.lookups += 1
        return super().__contains__(key)


def test_splitting_a_cell_into_names_is_linear_in_its_parts():
    table = CountingDict({"skolen ved søen, afd. nord": 1, "a": 2})
    parts = 5000
    found, unknown = csv_io._split(", ".join(["ukendt"] * parts), table, longest=2)
    assert (found, len(unknown)) == ([], parts)
    # At most `longest` candidates per part (it was every run of parts: cubic).
    assert CountingDict.lookups <= 2 * parts


def test_the_pending_rows_wait_in_a_job_not_in_the_session(
    client_for, coordinator, institution, reference
):
    client = client_for(coordinator)
    preview = post_file(client, csv_rows(3), follow=True)
    job = preview.context["job"]
    assert job.may_save and job.row_count == 3, job.errors
    assert len(ImportJob.objects.get().rows) == 3
    session = client.session
    assert all("Temadag" not in str(value) for _key, value in session.items())
    # A new upload replaces an abandoned one.
    post_file(client, csv_rows(2), follow=True)
    assert list(ImportJob.objects.values_list("row_count", flat=True)) == [2]


def test_a_big_file_is_checked_and_saved_by_the_job_with_its_history(
    client_for, coordinator, institution, reference, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    count = services.INLINE_ROWS + 50
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_file(client, csv_rows(count))
    assert len(callbacks) == 1  # the check was queued, not run in the request
    job = ImportJob.objects.get()
    assert (job.status, job.errors) == (ImportJob.Status.CHECKED, [])
    page = client.get(response["Location"])
    assert f"Gem alle {count} aktiviteter" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:import_confirm", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert (job.status, job.saved_count, job.rows) == (ImportJob.Status.DONE, count, [])
    assert Activity.objects.count() == count
    activity = Activity.objects.get(title="Temadag 7")
    assert activity.created_by == coordinator
    assert [i.name for i in activity.institutions.all()] == ["Munkevængets Skole"]
    assert sorted(p.number for p in activity.principles.all()) == [1, 4]
    # The first history record holds the relations, so a deleted row can be restored.
    pk = activity.pk
    services.activity_delete(activity=activity, user=coordinator)
    record = services.deleted_activity_records(coordinator).get(id=pk)
    restored = services.activity_restore(deleted_record=record, user=coordinator)
    assert sorted(g.name for g in restored.target_groups.all()) == ["Elever", "Forældre"]
    assert [p.name for p in restored.programmes.all()] == ["Tackling"]


def _import_queries(user, count: int) -> tuple[int, int]:
    job = ImportJob.objects.create(
        owner=user, rows=csv_io.read_rows(csv_rows(count).encode()), row_count=count
    )
    with CaptureQueriesContext(connection) as checking:
        services.import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.errors == []
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SAVING)
    with CaptureQueriesContext(connection) as saving:
        services.import_job_save(job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).saved_count == count
    return len(checking), len(saving)


def test_checking_and_saving_an_import_take_the_same_queries_for_10_and_1000_rows(
    coordinator, institution, reference
):
    small = _import_queries(coordinator, 10)
    big = _import_queries(coordinator, 1000)
    assert small == big
    assert small[0] <= 10


def _export_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("activities:export"))
        lines = b"".join(response.streaming_content).count(b"\r\n")
    return len(queries), lines


def test_the_export_streams_in_the_same_queries_for_10_and_1000_rows(
    client_for, coordinator, municipality, institution, reference
):
    client = client_for(coordinator)
    school = InstitutionFactory(municipality=municipality, name="Skolen ved Søen, afd. Nord")
    relations = {
        "institutions": [institution, school],
        "target_groups": [reference.pupils],
        "programmes": [reference.tackling],
        "principles": reference.principles[:2],
    }
    for _n in range(10):
        ActivityFactory(municipality=municipality, relations=relations)
    small, small_lines = _export_queries(client)
    services.activities_import(
        activities=[
            (
                Activity(
                    municipality=municipality,
                    arena=reference.school,
                    title=f"R{n}",
                    start_date="2025-01-01",
                ),
                relations,
            )
            for n in range(990)
        ],
        created_by=coordinator,
    )
    big, big_lines = _export_queries(client)
    assert (small_lines, big_lines) == (11, 1001)
    assert small == big
