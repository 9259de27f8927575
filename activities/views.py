"""Views of the activities app: fetch through municipalities.access, bind a
form, call a service, redirect."""

from __future__ import annotations

import contextlib
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import csv_io, filters, selectors, services
from activities.filters import ActivityFilter
from activities.forms import ActivityForm, CoverageForm, ImportUploadForm
from activities.models import Activity, ImportJob
from core.concurrency import EditConflict, ObjectDeleted, edit_conflict
from core.history import history_rows
from core.idempotency import created_once
from municipalities import access
from municipalities.access import get_visible_or_404, is_national, membership_of
from municipalities.models import Principle, TargetGroup

PAGE_SIZE = 50
# The preview lists the first rows with errors and, for a file without errors, its first rows.
IMPORT_ERRORS_SHOWN = 200
IMPORT_SAMPLE = 20


def _visible(request: HttpRequest):
    return Activity.objects.visible_to(request.user)


def _list_queryset(request: HttpRequest):
    # One query for the page (municipality and arena joined), one per relation shown,
    # each reading only the columns the table shows.
    return (
        _visible(request)
        .select_related("municipality", "arena")
        .defer("description", "source_note", "arena__description")
        .prefetch_related(
            # As plain lists: no related manager per row and relation.
            Prefetch(
                "target_groups",
                TargetGroup.objects.only("name", "position"),
                to_attr="listed_target_groups",
            ),
            Prefetch(
                "principles", Principle.objects.only("number", "name"), to_attr="listed_principles"
            ),
        )
    )


def _own_municipality(request: HttpRequest):
    """The municipality a coordinator writes in; None for a national
    administrator, who picks one in the form."""
    if is_national(request.user):
        return None
    return membership_of(request.user).municipality


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    activity_filter = ActivityFilter(
        request.GET, queryset=_list_queryset(request), user=request.user
    )
    page = Paginator(activity_filter.qs, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "activities/activity_list.html",
        {
            "filter": activity_filter,
            "page": page,
            "query": query.urlencode(),
            "may_create": access.can(request.user, access.ACTIVITY_WRITE),
        },
    )


@login_required
def institution_options(request: HttpRequest) -> JsonResponse:
    """Suggestions for the list's institution box: matching names, at most 20."""
    names = filters.institution_options(request.user, request.GET.get("q", ""))
    return JsonResponse({"names": names})


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(
        Activity.objects.select_related("municipality", "arena", "created_by").prefetch_related(
            "target_groups", "programmes", "institutions", "principles"
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "history": history_rows(activity),
            "may_change": access.can(request.user, access.ACTIVITY_WRITE, activity),
        },
    )


def _render_form(request: HttpRequest, form: ActivityForm, **context) -> HttpResponse:
    return render(request, "activities/activity_form.html", {"form": form, **context})


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.ACTIVITY_WRITE)
    municipality = _own_municipality(request)
    form = ActivityForm(request.POST or None, user=request.user, municipality=municipality)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            activity = form.save(commit=False)
            activity.municipality = form.chosen_municipality
            services.activity_create(
                activity=activity, relations=form.relations(), created_by=request.user
            )
            return reverse("activities:detail", args=[activity.pk])

        return created_once(request, create, success=_("Aktiviteten er gemt."))
    return _render_form(request, form, title=_("Ny aktivitet"))


@login_required
def activity_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """The create form, pre-filled from an existing activity (a recurring event)."""
    access.require(request.user, access.ACTIVITY_WRITE)
    source = get_visible_or_404(Activity.objects.all(), request.user, pk=pk)
    access.require(request.user, access.ACTIVITY_WRITE, source)
    form = ActivityForm(
        initial=_duplicate_initial(source),
        user=request.user,
        municipality=_own_municipality(request),
    )
    return _render_form(
        request,
        form,
        title=_("Ny aktivitet som kopi af „%(title)s“") % {"title": source.title},
        action_url_name="activities:create",
        source=source,
    )


def _duplicate_initial(source: Activity) -> dict:
    today = timezone.localdate()
    initial = {
        name: getattr(source, name)
        for name in (
            "arena",
            "title",
            "description",
            "target_group_text",
            "grade_from",
            "grade_to",
            "participants",
            "events",
            "source_note",
        )
    }
    for name in services.M2M_FIELDS:
        initial[name] = list(getattr(source, name).values_list("pk", flat=True))
    initial["municipality"] = source.municipality_id
    initial["start_date"] = today
    # A recurring event lasts as long as the last one did.
    if source.end_date:
        initial["end_date"] = today + (source.end_date - source.start_date)
    initial["status"] = Activity.Status.PLANNED
    return initial


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = Activity.objects.visible_to(request.user).filter(pk=pk).first()
    deleted = None
    if activity is None:
        # Deleted while this person was editing: keep their text and offer the restore.
        if request.method == "POST":
            deleted = services.deleted_record_of(request.user, pk)
        if deleted is None:
            raise Http404
        activity = deleted.instance
    access.require(request.user, access.ACTIVITY_WRITE, activity)
    municipality = None if is_national(request.user) else activity.municipality
    form = ActivityForm(
        request.POST or None, instance=activity, user=request.user, municipality=municipality
    )
    conflict = None
    if deleted is not None:
        form.is_valid()
        conflict = _activity_conflict(request, ObjectDeleted(Activity, pk), form, municipality)
    elif request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        edited.municipality = form.chosen_municipality
        try:
            services.activity_update(
                activity=edited,
                user=request.user,
                relations=form.relations(),
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as exc:
            conflict = _activity_conflict(request, exc, form, municipality)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("activities:detail", pk=activity.pk)
    return _render_form(
        request,
        form,
        title=_("Redigér aktivitet"),
        activity=None if deleted else activity,
        conflict=conflict,
        action_url_name="activities:edit",
    )


def _activity_conflict(request: HttpRequest, exc: EditConflict, form: ActivityForm, municipality):
    restore_url = ""
    saved = None
    if isinstance(exc, ObjectDeleted):
        record = services.deleted_record_of(request.user, exc.pk)
        if record is not None:
            restore_url = reverse("activities:restore", args=[record.history_id])
    else:
        saved = ActivityForm(instance=exc.current, user=request.user, municipality=municipality)
    return edit_conflict(exc, [(form, saved)], restore_url=restore_url)


@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(Activity.objects.select_related("arena"), request.user, pk=pk)
    access.require(request.user, access.ACTIVITY_WRITE, activity)
    if request.method == "POST":
        # Someone else deleting it first is the outcome this user asked for.
        with contextlib.suppress(ObjectDeleted):
            services.activity_delete(activity=activity, user=request.user)
        messages.success(
            request,
            _("Aktiviteten „%(title)s“ er slettet. Den kan gendannes under Slettede aktiviteter.")
            % {"title": activity.title},
        )
        return redirect("activities:list")
    return render(request, "activities/activity_confirm_delete.html", {"activity": activity})


@login_required
def activity_deleted(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.ACTIVITY_WRITE)
    return render(
        request,
        "activities/activity_deleted.html",
        {"records": services.deleted_activity_records(request.user)[:200]},
    )


@login_required
@require_POST
def activity_restore(request: HttpRequest, history_id: int) -> HttpResponse:
    access.require(request.user, access.ACTIVITY_WRITE)
    record = services.deleted_activity_records(request.user).filter(history_id=history_id).first()
    if record is None:
        raise Http404
    activity = services.activity_restore(deleted_record=record, user=request.user)
    messages.success(
        request, _("Aktiviteten „%(title)s“ er gendannet.") % {"title": activity.title}
    )
    return redirect("activities:detail", pk=activity.pk)


@login_required
def activity_coverage(request: HttpRequest) -> HttpResponse:
    national = is_national(request.user)
    today = timezone.localdate()
    initial = {"period_from": date(today.year, 1, 1), "period_to": date(today.year, 12, 31)}
    form = CoverageForm(request.GET or initial, user=request.user, national=national)
    coverage = None
    if form.is_valid():
        activities = _visible(request)
        if national and form.cleaned_data.get("municipality"):
            activities = activities.filter(municipality=form.cleaned_data["municipality"])
        coverage = selectors.activities_coverage(
            activities=activities,
            period_from=form.cleaned_data.get("period_from"),
            period_to=form.cleaned_data.get("period_to"),
        )
    return render(
        request, "activities/activity_coverage.html", {"form": form, "coverage": coverage}
    )


@login_required
def activity_export(request: HttpRequest) -> StreamingHttpResponse:
    """The list's activities (same filters) as CSV, streamed row by row: the rows
    are read in chunks, so a national export needs no more memory than a small one."""
    activity_filter = ActivityFilter(request.GET, queryset=_visible(request), user=request.user)
    response = StreamingHttpResponse(
        csv_io.csv_chunks(activity_filter.qs), content_type="text/csv; charset=utf-8"
    )
    filename = f"aktiviteter-{timezone.localdate():%d-%m-%Y}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def activity_import(request: HttpRequest) -> HttpResponse:
    """Upload: the rows are stored in an import job (not the session) and
    checked; the job page shows the preview. Nothing is saved before the user
    confirms there."""
    access.require(request.user, access.ACTIVITY_WRITE)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = csv_io.read_rows(upload.read())
        except csv_io.CsvFormatError as exc:
            form.add_error("file", str(exc))
        else:
            job = services.import_job_create(owner=request.user, filename=upload.name, rows=rows)
            return redirect("activities:import_job", pk=job.pk)
    return render(request, "activities/activity_import.html", {"form": form})


def _own_import_job(request: HttpRequest, pk: int) -> ImportJob:
    # An import is its owner's alone, so other people (any role) get a 404.
    return get_object_or_404(ImportJob.objects.defer("rows"), owner=request.user, pk=pk)


@login_required
def activity_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress, then its preview (errors, or the rows to confirm), then its result."""
    access.require(request.user, access.ACTIVITY_WRITE)
    job = _own_import_job(request, pk)
    context = {"job": job, "error_rows": job.errors[:IMPORT_ERRORS_SHOWN]}
    if job.may_save:
        rows = ImportJob.objects.values_list("rows", flat=True).get(pk=job.pk)
        context["sample"] = list(enumerate(rows[:IMPORT_SAMPLE], start=2))
    return render(request, "activities/activity_import_preview.html", context)


@login_required
@require_POST
def activity_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    access.require(request.user, access.ACTIVITY_WRITE)
    job = _own_import_job(request, pk)
    if not services.import_job_confirm(job=job):
        messages.error(
            request, _("Filen har fejl, så intet er gemt. Ret fejlene, og indlæs filen igen.")
        )
        return redirect("activities:import_job", pk=job.pk)
    job.refresh_from_db(fields=["status", "saved_count"])
    if job.status == ImportJob.Status.DONE:
        messages.success(
            request, _("%(count)s aktiviteter er importeret.") % {"count": job.saved_count}
        )
        return redirect("activities:list")
    return redirect("activities:import_job", pk=job.pk)
