"""Who may open every dashboard and status-report URL (walked by tests/test_url_walk.py).

Institution roles have no dashboard (403); another municipality's dashboard,
report or stored file answers 404; the national pages are for national
administrators only (403 for everyone else, the outsider included).
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from municipalities.models import Role
from reports.models import ReportJob, ReportSubscription
from tests.access import UrlCase

READERS = (Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.STEERING_MEMBER)
NATIONAL = (Role.NATIONAL_ADMIN,)


def _municipality(world) -> dict:
    return {"slug": world.municipality.slug}


def _done_job(world) -> dict:
    """A finished report of municipality A, ordered by its coordinator."""
    job = ReportJob.objects.create(
        owner=world.users[Role.COORDINATOR],
        municipality=world.municipality,
        start="2004-09-01",
        end="2007-04-30",
        status=ReportJob.Status.DONE,
    )
    job.file.save("walk.pdf", ContentFile(b"%PDF-1.4 walk"), save=True)
    return {"pk": job.pk}


def _job_count(world, kwargs) -> int:
    return ReportJob.objects.count()


def _subscriptions(world, kwargs) -> list:
    return list(ReportSubscription.objects.values_list("municipality_id", "frequency", "active"))


CASES = [
    # The user's own municipality; the outsider sees their own, so not scoped.
    UrlCase(name="reports:dashboard", readers=READERS, scoped_object=False),
    UrlCase(name="reports:municipality", setup=_municipality, readers=READERS),
    UrlCase(name="reports:municipality_pdf", setup=_municipality, readers=READERS),
    UrlCase(name="reports:municipality_xlsx", setup=_municipality, readers=READERS),
    UrlCase(
        name="reports:municipality_subscription",
        setup=_municipality,
        readers=READERS,
        writers=(Role.NATIONAL_ADMIN, Role.COORDINATOR),
        get=False,
        post_data=lambda world, kwargs: {"frequency": "monthly"},
        snapshot=_subscriptions,
    ),
    UrlCase(name="reports:national", readers=NATIONAL, scoped_object=False),
    UrlCase(name="reports:national_xlsx", readers=NATIONAL, scoped_object=False),
    UrlCase(
        name="reports:national_pdf",
        readers=NATIONAL,
        writers=NATIONAL,
        scoped_object=False,
        get=False,
        snapshot=_job_count,
    ),
    UrlCase(name="reports:job_detail", setup=_done_job, readers=READERS),
    UrlCase(name="reports:job_download", setup=_done_job, readers=READERS),
]
