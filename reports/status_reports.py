"""Status reports as PDF (WeasyPrint): one municipality, or the whole country.

The municipality's report is small enough to stream from the view; the
national one is produced by a Celery task (``report_job_run``) into a
ReportJob's file, which is served only through an access-checked view.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.pdf import html_to_pdf
from municipalities import access
from municipalities.models import Municipality
from reports.charts import summary_charts
from reports.models import ReportJob
from reports.selectors import (
    DETAIL_GROUPS_PER_ARENA,
    PERIOD_RULES,
    period_label,
    status_details,
    status_summary,
)

logger = logging.getLogger(__name__)


def status_report_filename(*, municipality: Municipality | None, start: date, end: date) -> str:
    name = municipality.slug if municipality else "national"
    return f"statusrapport-{name}-{start:%Y-%m-%d}-{end:%Y-%m-%d}.pdf"


def css_string(text: str) -> str:
    """``text`` as the inside of a CSS string (the running header), safe in <style>."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")


def report_title(municipality: Municipality | None) -> str:
    if municipality is None:
        return _("National statusrapport")
    return _("Statusrapport for %(name)s") % {"name": municipality}


def status_report_html(
    *, municipality: Municipality | None, start: date, end: date, today: date | None = None
) -> str:
    """The report as HTML, always in Danish (the steering group's language)."""
    with translation.override("da"):
        summary = status_summary(municipality=municipality, start=start, end=end, today=today)
        title = report_title(municipality)
        period_text = period_label(start, end)
        context = {
            "summary": summary,
            "charts": summary_charts(summary),
            "generated": timezone.localdate(),
            "title": title,
            "period_text": period_text,
            "css_header": mark_safe(css_string(f"{title} · {period_text}")),  # noqa: S308
            "rules": PERIOD_RULES,
            "max_groups": DETAIL_GROUPS_PER_ARENA,
        }
        if municipality is not None:
            context["details"] = status_details(
                municipality=municipality, start=start, end=end, today=today
            )
        return render_to_string("pdf/status_report.html", context)


def status_report_pdf(*, municipality: Municipality | None, start: date, end: date) -> bytes:
    """The status report of ``municipality`` (None: national) for [start, end] as PDF."""
    return html_to_pdf(status_report_html(municipality=municipality, start=start, end=end))


@transaction.atomic
def report_job_create(
    *, owner, municipality: Municipality | None, start: date, end: date
) -> ReportJob:
    """Queue a report; the worker starts once the job row is committed."""
    from reports.tasks import run_report_job

    if municipality is None:
        access.require(owner, access.NATIONAL_READ)
    else:
        access.require(owner, access.STATUS_READ, municipality)
    job = ReportJob.objects.create(owner=owner, municipality=municipality, start=start, end=end)
    transaction.on_commit(lambda: run_report_job.delay(job.pk))
    return job


def report_job_run(*, job_id: int) -> None:
    """Produce the job's PDF. Idempotent: a job already running or finished is
    left alone (the conditional update claims it), so a retried task works once."""
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
        status=ReportJob.Status.RUNNING
    )
    if not claimed:
        return
    job = ReportJob.objects.select_related("municipality").get(pk=job_id)
    try:
        pdf = status_report_pdf(municipality=job.municipality, start=job.start, end=job.end)
    except Exception as exc:
        logger.exception("Report job %s failed", job_id)
        job.status = ReportJob.Status.FAILED
        job.error = str(exc)[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return
    name = status_report_filename(municipality=job.municipality, start=job.start, end=job.end)
    job.file.save(name, ContentFile(pdf), save=False)
    job.status = ReportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "finished_at"])
