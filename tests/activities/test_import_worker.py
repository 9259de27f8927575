"""5,000 rows imported through the job on PostgreSQL with a real Celery worker
(Redis broker): the upload queues the check, the preview offers the save, the
worker saves every row."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from activities.models import Activity, ImportJob
from tests.activities.test_import_jobs import csv_rows, post_file

# The worker subprocess fixture of the reminder tests (its own queue, stopped with TERM).
from tests.reminders.test_worker import worker  # noqa: F401

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _wait_for_status(job_id: int, status: str, *, timeout: float, log) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        job = ImportJob.objects.get(pk=job_id)
        if job.status == status:
            return time.monotonic() - started
        assert job.status != ImportJob.Status.FAILED, job.failure
        time.sleep(0.5)
    pytest.fail(f"job not {status} after {timeout} s; worker log:\n{log.read_text()[-4000:]}")


def test_a_real_worker_checks_and_saves_5000_rows(
    worker,  # noqa: F811
    client_for,
    coordinator,
    institution,
    reference,
):
    from config.celery import app

    # The autouse fixture made tasks eager; this test goes through Redis to the worker.
    app.conf.task_always_eager = False
    app.conf.task_routes = {"activities.tasks.*": {"queue": worker["queue"]}}
    try:
        client = client_for(coordinator)
        response = post_file(client, csv_rows(5000))
        job = ImportJob.objects.get()
        assert response["Location"] == reverse("activities:import_job", kwargs={"pk": job.pk})
        # The page shows the progress while the worker checks.
        assert "progress" in client.get(response["Location"]).content.decode()
        checked_in = _wait_for_status(job.pk, "checked", timeout=120, log=worker["log"])
        job.refresh_from_db()
        assert job.errors == [] and job.checked_count == 5000
        assert not Activity.objects.exists()

        client.post(reverse("activities:import_confirm", kwargs={"pk": job.pk}))
        saved_in = _wait_for_status(job.pk, "done", timeout=180, log=worker["log"])
    finally:
        app.conf.task_routes = None
    assert Activity.objects.filter(municipality=institution.municipality).count() == 5000
    assert Activity.history.filter(history_type="+").count() == 5000
    assert ImportJob.objects.get().rows == []
    print(f"5,000 rows: checked in {checked_in:.1f} s, saved in {saved_in:.1f} s (worker)")
