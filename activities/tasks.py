from celery import shared_task

from activities import services


@shared_task
def check_import_job(job_id: int) -> None:
    """Validate a big CSV import's rows (nothing saved)."""
    services.import_job_check(job_id=job_id)


@shared_task
def save_import_job(job_id: int) -> None:
    """Save a confirmed CSV import, all rows or none."""
    services.import_job_save(job_id=job_id)
