"""Dashboards and status reports for coordinators, steering groups and the
national administration. Institution roles have no dashboard (403); another
municipality's dashboard, report or stored file answers 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.pdf import pdf_attachment
from municipalities import access
from municipalities.access import get_visible_or_404, municipalities_visible_to
from municipalities.models import Municipality
from reports.dashboard_cache import dashboard_figures_get
from reports.forms import SubscriptionForm, period_form, period_query
from reports.models import ReportJob, ReportSubscription
from reports.selectors import status_summary
from reports.services import subscription_set
from reports.spreadsheet import XLSX_CONTENT_TYPE, status_workbook
from reports.status_reports import (
    report_job_create,
    status_report_filename,
    status_report_pdf,
)


def _get_municipality_for_user(request: HttpRequest, slug: str) -> Municipality:
    """The municipality ``slug`` if the user may see its status; 403 for roles
    without a dashboard, 404 for another municipality."""
    access.require(request.user, access.STATUS_READ)
    return get_object_or_404(municipalities_visible_to(request.user), slug=slug)


def _subscription_form(request: HttpRequest, municipality: Municipality) -> SubscriptionForm | None:
    """The subscription form for those who may change it (one query), else None."""
    if not access.can(
        request.user, access.SUBSCRIPTION_WRITE, ReportSubscription(municipality=municipality)
    ):
        return None
    subscription = ReportSubscription.objects.filter(municipality=municipality, active=True).first()
    return SubscriptionForm(initial={"frequency": subscription.frequency if subscription else ""})


def _only_get(request: HttpRequest) -> HttpResponse | None:
    # Checked after access, so another municipality's POST answers 404, not 405.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return None


def _dashboard(request: HttpRequest, municipality: Municipality | None) -> HttpResponse:
    form = period_form(request.GET)
    start, end = form.period()
    refresh = request.GET.get("refresh") == "1"
    # Cached for a few minutes per (municipality, period); ?refresh=1 computes afresh.
    figures = dashboard_figures_get(
        municipality=municipality, start=start, end=end, refresh=refresh
    )
    context = {
        "form": form,
        "summary": figures.summary,
        # Rendered from our own template when the figures were computed.
        "body": mark_safe(figures.body),  # noqa: S308
        "computed_at": figures.computed_at,
        "cache_minutes": max(1, settings.STATUS_CACHE_SECONDS // 60),
        "period_query": period_query(start, end),
    }
    if municipality is None:
        context["jobs"] = ReportJob.objects.filter(owner=request.user).select_related(
            "municipality"
        )[:5]
    else:
        context["subscription_form"] = _subscription_form(request, municipality)
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's own municipality; a national administrator chooses one."""
    access.require(request.user, access.STATUS_READ)
    if response := _only_get(request):
        return response
    if access.is_national(request.user):
        return render(
            request,
            "reports/dashboard_choose.html",
            {"municipalities": Municipality.objects.order_by("name")},
        )
    return _dashboard(request, request.user.membership.municipality)


@login_required
def municipality_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _get_municipality_for_user(request, slug)
    if response := _only_get(request):
        return response
    return _dashboard(request, municipality)


@login_required
def municipality_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """One municipality's report is small: rendered and streamed at once."""
    municipality = _get_municipality_for_user(request, slug)
    if response := _only_get(request):
        return response
    start, end = period_form(request.GET).period()
    pdf = status_report_pdf(municipality=municipality, start=start, end=end)
    filename = status_report_filename(municipality=municipality, start=start, end=end)
    return pdf_attachment(pdf, filename)


def _xlsx(summary_municipality: Municipality | None, request: HttpRequest) -> HttpResponse:
    start, end = period_form(request.GET).period()
    summary = status_summary(municipality=summary_municipality, start=start, end=end)
    name = summary_municipality.slug if summary_municipality else "national"
    response = HttpResponse(status_workbook(summary), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="statustal-{name}-{start:%Y-%m-%d}-{end:%Y-%m-%d}.xlsx"'
    )
    return response


@login_required
def municipality_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The status page's figures as a spreadsheet."""
    municipality = _get_municipality_for_user(request, slug)
    if response := _only_get(request):
        return response
    return _xlsx(municipality, request)


@login_required
def national_xlsx(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.NATIONAL_READ)
    if response := _only_get(request):
        return response
    return _xlsx(None, request)


@login_required
def municipality_subscription(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator subscribes the steering group to its report (or ends it)."""
    municipality = _get_municipality_for_user(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg, hvor ofte styregruppen skal have rapporten."))
    else:
        subscription_set(
            user=request.user,
            municipality=municipality,
            frequency=form.cleaned_data["frequency"] or None,
        )
        messages.success(request, _("Styregruppens abonnement er gemt."))
    return redirect("reports:municipality", slug=municipality.slug)


@login_required
def national(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.NATIONAL_READ)
    if response := _only_get(request):
        return response
    return _dashboard(request, None)


@login_required
def national_pdf(request: HttpRequest) -> HttpResponse:
    """Order the national report; a worker produces it while the job page waits."""
    access.require(request.user, access.NATIONAL_READ)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = period_form(request.POST)
    if form.is_bound and not form.is_valid():
        # The period comes from the dashboard's own links; show the dashboard's errors.
        return redirect(f"{reverse('reports:national')}?{urlencode(request.POST.dict())}")
    start, end = form.period()
    job = report_job_create(owner=request.user, municipality=None, start=start, end=end)
    return redirect("reports:job_detail", pk=job.pk)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a report being produced; refreshes itself until it is done."""
    job = get_visible_or_404(ReportJob.objects.select_related("municipality"), request.user, pk=pk)
    if response := _only_get(request):
        return response
    return render(request, "reports/dashboard_job.html", {"job": job})


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """Stored reports are served only here, never from MEDIA_URL."""
    job = get_visible_or_404(ReportJob.objects.select_related("municipality"), request.user, pk=pk)
    if response := _only_get(request):
        return response
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    filename = status_report_filename(municipality=job.municipality, start=job.start, end=job.end)
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
