"""Dashboards, the streamed PDF and the national report job, through the views."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from municipalities.models import Role
from reports.models import ReportJob
from reports.status_reports import report_job_run
from tests.activities.factories import ActivityFactory
from tests.factories import make_member
from tests.reports.helpers import make_policy


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_a_steering_member_sees_their_municipalitys_dashboard(
    client_for, steering_member, municipality, other_municipality, ref
):
    ActivityFactory(municipality=municipality, start_date=date(2025, 3, 1), title="Hash-samtalen")
    ActivityFactory(municipality=other_municipality, start_date=date(2025, 3, 1))

    response = client_for(steering_member).get(
        reverse("reports:dashboard"), {"start": "2025-01-01", "end": "2025-12-31"}
    )

    assert response.status_code == 200
    assert response.context["summary"].municipality == municipality
    assert response.context["summary"].activities == 1
    html = response.content.decode()
    assert "Status for Kolding" in html
    assert "<svg" in html and 'role="img"' in html  # the charts, drawn on the server
    assert "Tal bag diagrammet" in html  # and their data tables
    assert "Hul" in html  # coverage gaps in words
    assert reverse("reports:municipality_pdf", args=["kolding"]) in html


def test_the_period_defaults_to_the_current_year(client_for, coordinator, ref):
    response = client_for(coordinator).get(reverse("reports:dashboard"))

    summary = response.context["summary"]
    today = timezone.localdate()
    assert (summary.start, summary.end) == (date(today.year, 1, 1), date(today.year, 12, 31))


def test_a_period_ending_before_it_starts_is_refused_next_to_the_field(
    client_for, coordinator, ref
):
    response = client_for(coordinator).get(
        reverse("reports:dashboard"), {"start": "2025-12-31", "end": "2025-01-01"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["end"] == ["Slutdatoen må ikke ligge før startdatoen."]
    assert 'href="#id_end"' in response.content.decode()  # the error summary links to the field


def test_a_national_administrator_chooses_a_municipality(client_for, national_admin, municipality):
    response = client_for(national_admin).get(reverse("reports:dashboard"))

    assert response.status_code == 200
    assert reverse("reports:municipality", args=["kolding"]) in response.content.decode()
    assert reverse("reports:national") in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["school_editor", "school_leader"])
def test_institution_staff_have_no_dashboard(request, client_for, user_fixture):
    user = request.getfixturevalue(user_fixture)
    assert client_for(user).get(reverse("reports:dashboard")).status_code == 403


def test_the_nav_links_to_status_for_steering_members_only(
    client_for, steering_member, school_editor
):
    assert (
        "Status og rapporter" in client_for(steering_member).get(reverse("start")).content.decode()
    )
    assert (
        "Status og rapporter"
        not in client_for(school_editor).get(reverse("start")).content.decode()
    )


@pytest.mark.parametrize("n", [1, 200])
def test_the_dashboard_query_count_does_not_grow_with_the_data(
    client_for, steering_member, municipality, institution, ref, django_assert_num_queries, n
):
    for i in range(n):
        activity = ActivityFactory(municipality=municipality, start_date=date(2025, 1 + i % 12, 1))
        activity.target_groups.set([ref.pupils])
        activity.institutions.set([institution])
    make_policy(institution=institution, review_due=timezone.localdate() + timedelta(days=10))
    client = client_for(steering_member)
    url = reverse("reports:dashboard") + "?start=2025-01-01&end=2025-12-31"
    # 1 the session with its user, membership, municipality and institution, then the seven
    # of status_summary (see reports.selectors.status_summary). The session is not saved:
    # it was refreshed at login (SessionRefreshMiddleware).
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.context["summary"].activities == n


def test_download_pdf_streams_the_municipalitys_report(
    client_for, steering_member, municipality, ref
):
    ActivityFactory(
        municipality=municipality,
        start_date=date(2025, 3, 1),
        title="Forældremøde om hash",
        participants=1234,
    )

    response = client_for(steering_member).get(
        reverse("reports:municipality_pdf", args=["kolding"]),
        {"start": "2025-01-01", "end": "2025-12-31"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "statusrapport-kolding-2025-01-01-2025-12-31.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "Statusrapport for Kolding" in text
    assert "Forældremøde om hash" in text
    assert "1.234" in text  # a Danish number


def test_the_national_report_is_made_by_a_job_and_offered_for_download(
    client_for, national_admin, municipality, ref, django_capture_on_commit_callbacks
):
    ActivityFactory(municipality=municipality, start_date=date(2025, 3, 1))
    client = client_for(national_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:national_pdf"), {"start": "2025-01-01", "end": "2025-12-31"}
        )

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job_detail", args=[job.pk])
    assert (job.status, job.municipality, job.owner) == ("done", None, national_admin)
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert reverse("reports:job_download", args=[job.pk]) in page
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    text = _pdf_text(b"".join(download.streaming_content))
    assert "National statusrapport" in text
    assert "Kommunerne sammenlignet" in text


def test_a_queued_job_page_refreshes_itself(client_for, national_admin):
    job = ReportJob.objects.create(
        owner=national_admin, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )

    page = client_for(national_admin).get(reverse("reports:job_detail", args=[job.pk]))

    assert '<meta http-equiv="refresh" content="3">' in page.content.decode()
    assert 'role="progressbar"' in page.content.decode()


def test_running_a_job_twice_makes_one_file(national_admin, ref):
    job = ReportJob.objects.create(
        owner=national_admin, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )

    report_job_run(job_id=job.pk)
    first = ReportJob.objects.get(pk=job.pk).file.name
    report_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.file.name == first


def _stored_job(owner, municipality) -> ReportJob:
    job = ReportJob.objects.create(
        owner=owner,
        municipality=municipality,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        status=ReportJob.Status.DONE,
    )
    job.file.save("r.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return job


def test_stored_reports_are_served_only_to_those_allowed(
    client_for, coordinator, steering_member, outsider, national_admin, municipality
):
    own = _stored_job(coordinator, municipality)
    national_job = _stored_job(national_admin, None)
    other_admin = make_member(username="national2", role=Role.NATIONAL_ADMIN)

    def status(user, job):
        return client_for(user).get(reverse("reports:job_download", args=[job.pk])).status_code

    # Same municipality and a role that reads its reports: allowed.
    assert status(steering_member, own) == 200
    # Another municipality's job: as if it did not exist.
    assert status(outsider, own) == 404
    # The national report is for national administrators.
    assert status(coordinator, national_job) == 404
    assert status(other_admin, national_job) == 200


def test_a_failed_or_unfinished_job_has_nothing_to_download(client_for, national_admin):
    job = ReportJob.objects.create(
        owner=national_admin, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )

    response = client_for(national_admin).get(reverse("reports:job_download", args=[job.pk]))

    assert response.status_code == 404


def test_the_national_comparison_links_each_municipality_for_the_same_period(
    client_for, national_admin, municipality, ref
):
    client = client_for(national_admin)
    url = reverse("reports:national")
    period = {"start": "2025-01-01", "end": "2025-06-30"}
    for _ in range(2):  # computed, then from the cache
        html = client.get(url, period).content.decode()
        link = reverse("reports:municipality", args=[municipality.slug])
        assert f'href="{link}?start=2025-01-01&amp;end=2025-06-30"' in html


def test_a_period_longer_than_the_quarters_a_report_shows_is_refused(rf):
    from reports.forms import PeriodForm
    from reports.selectors import MAX_QUARTERS, quarters_between

    longest = {"start": "2000-01-01", "end": "2011-12-31"}
    one_more = {"start": "2000-03-01", "end": "2012-01-31"}  # 49 quarters, 11 years 11 months

    assert PeriodForm(longest).is_valid()
    assert len(quarters_between(date(2000, 1, 1), date(2011, 12, 31))) == MAX_QUARTERS
    form = PeriodForm(one_more)
    assert not form.is_valid()
    assert form.errors["end"] == [f"Perioden må højst være {MAX_QUARTERS // 4} år."]
