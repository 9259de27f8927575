from celery import shared_task

from reports.services import scheduled_reports_send
from reports.status_reports import report_job_run


@shared_task
def run_report_job(job_id: int) -> None:
    """Produce a queued report (the national PDF takes a while)."""
    report_job_run(job_id=job_id)


@shared_task
def send_scheduled_reports() -> int:
    """The daily run of the steering groups' subscriptions; returns how many were sent."""
    return len(scheduled_reports_send().sent)
