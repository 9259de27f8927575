"""Workflows of the activities app: create, update, delete and restore an
activity, import many at once (the import jobs). The coverage is a read:
activities/selectors.py."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

from django.db import models, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.utils import timezone

from activities.models import Activity, ImportJob
from core import personal_data
from core.concurrency import claim_version, lock
from municipalities import access
from municipalities.access import scope_queryset

M2M_FIELDS = ("target_groups", "programmes", "institutions", "principles")

HistoricalActivity = Activity.history.model
logger = logging.getLogger(__name__)


def _set_relations(activity: Activity, relations: Mapping[str, Iterable[models.Model]]) -> None:
    # The history record is written once, after the relations are in place, so
    # it holds the whole activity (restore relies on that); the per-relation
    # m2m_changed records are skipped.
    activity.skip_history_when_saving = True
    try:
        for name in M2M_FIELDS:
            if name in relations:
                getattr(activity, name).set(relations[name])
    finally:
        del activity.skip_history_when_saving


def _save_with_history(
    activity: Activity,
    relations: Mapping[str, Iterable[models.Model]],
    *,
    created: bool,
    **save_kwargs,
) -> Activity:
    activity.skip_history_when_saving = True
    try:
        activity.save(**save_kwargs)
    finally:
        del activity.skip_history_when_saving
    _set_relations(activity, relations)
    # Let django-simple-history write the "+" or "~" record (with the relations) now.
    post_save.send(
        sender=Activity, instance=activity, created=created, raw=False, using=activity._state.db
    )
    return activity


@transaction.atomic
def activity_create(
    *,
    activity: Activity,
    relations: Mapping[str, Iterable[models.Model]],
    created_by=None,
) -> Activity:
    """Save a new activity (fields already set, municipality included) with its
    target groups, programmes, institutions and principles."""
    access.require(created_by, access.ACTIVITY_WRITE, activity)
    activity.created_by = created_by
    activity.version = 1
    return _save_with_history(activity, relations, created=True)


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    user,
    relations: Mapping[str, Iterable[models.Model]],
    expected_version: int | None,
) -> Activity:
    """Save an edited activity unless someone else saved or deleted it meanwhile.

    Raises core.concurrency.EditConflict (ObjectDeleted once it is gone) and
    changes nothing when the row's version is no longer ``expected_version``.
    """
    access.require(user, access.ACTIVITY_WRITE, activity)
    # The row lock comes first: a delete running at the same time waits for this
    # save (or this save finds the row gone) before any many-to-many row is written.
    claim_version(activity, expected_version=expected_version)
    return _save_with_history(activity, relations, created=False)


@transaction.atomic
def activity_delete(*, activity: Activity, user) -> None:
    """Delete an activity; its history stays, so it can be restored.

    Locks the row first, so an edit saving at the same moment finishes (or
    finds the activity gone) instead of writing links to a deleted row.
    """
    access.require(user, access.ACTIVITY_WRITE, activity)
    row = lock(Activity, activity.pk)
    # The deletion record names who deleted it, also outside a request (a command).
    row._history_user = user
    row.delete()


def deleted_activity_records(user) -> QuerySet:
    """The last history record of each deleted (and not restored) activity the
    user may see, newest deletion first."""
    records = HistoricalActivity.objects.filter(history_type="-").exclude(
        id__in=Activity.objects.values("id")
    )
    return (
        scope_queryset(records, user)
        .select_related("municipality", "arena", "history_user")
        .order_by("-history_date")
    )


def deleted_record_of(user, pk: int):
    """The deletion record of activity ``pk`` if the user may see it (None otherwise)."""
    return deleted_activity_records(user).filter(id=pk).first()


@transaction.atomic
def activity_restore(*, deleted_record, user) -> Activity:
    """Recreate a deleted activity (same id, fields and relations) from the
    last history record before its deletion."""
    access.require(user, access.ACTIVITY_WRITE, deleted_record)
    if Activity.objects.filter(pk=deleted_record.id).exists():
        return Activity.objects.get(pk=deleted_record.id)
    last = (
        HistoricalActivity.objects.filter(id=deleted_record.id)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    ) or deleted_record
    activity = last.instance
    activity.version = (last.version or 0) + 1
    relations = {}
    for name in M2M_FIELDS:
        related_model = Activity._meta.get_field(name).related_model
        attname = f"{related_model._meta.model_name}_id"
        ids = [getattr(row, attname) for row in getattr(last, name).all()]
        # Related rows deleted since then cannot come back; keep the others.
        relations[name] = list(related_model.objects.filter(pk__in=ids))
    return _save_with_history(activity, relations, created=True, force_insert=True)


BULK_BATCH = 1000


@transaction.atomic
def activities_import(
    *,
    activities: Sequence[tuple[Activity, Mapping[str, Iterable[models.Model]]]],
    created_by=None,
) -> list[Activity]:
    """Save all imported activities or none (one transaction), in bulk: a few
    queries per thousand rows for the activities, their relations and their
    first history records (with the relations, as activity_create writes them)."""
    objs = [activity for activity, _relations in activities]
    for activity in objs:
        access.require(created_by, access.ACTIVITY_WRITE, activity)
        activity.created_by = created_by
        activity.version = 1
        # bulk_create sends no pre_save: ask the personal-data guard directly.
        personal_data.check(activity)
    Activity.objects.bulk_create(objs, batch_size=BULK_BATCH)
    through_rows: dict[str, list[models.Model]] = {}
    for name in M2M_FIELDS:
        field = Activity._meta.get_field(name)
        through = field.remote_field.through
        target = field.m2m_reverse_field_name()
        rows = [
            through(activity_id=activity.pk, **{f"{target}_id": related.pk})
            for activity, relations in activities
            for related in relations.get(name, ())
        ]
        through_rows[name] = through.objects.bulk_create(rows, batch_size=BULK_BATCH * 5)
    records = Activity.history.bulk_history_create(
        objs, batch_size=BULK_BATCH, default_user=created_by
    )
    record_of = {record.id: record for record in records}
    for name, rows in through_rows.items():
        field = Activity._meta.get_field(name)
        target = field.m2m_reverse_field_name()
        # django-simple-history's descriptor for the relation's history rows.
        m2m_history = vars(HistoricalActivity)[name].model
        m2m_history.objects.bulk_create(
            [
                m2m_history(
                    id=row.pk,
                    activity_id=row.activity_id,
                    history=record_of[row.activity_id],
                    **{f"{target}_id": getattr(row, f"{target}_id")},
                )
                for row in rows
            ],
            batch_size=BULK_BATCH * 5,
        )
    return objs


# --- Import jobs ----------------------------------------------------------------

# A file up to this many rows is checked and saved in the request; a bigger one
# by a worker, while the job page shows the progress.
INLINE_ROWS = 300
CHECK_CHUNK = 1000


def import_job_create(*, owner, filename: str, rows: list[dict[str, str]]) -> ImportJob:
    """Store the rows of an uploaded file in a new job and check them (in the
    request for a small file, else by a worker). The owner's earlier jobs that
    are not running are removed: an abandoned preview leaves nothing behind."""
    from activities.tasks import check_import_job

    ImportJob.objects.filter(owner=owner).exclude(
        status__in=[ImportJob.Status.CHECKING, ImportJob.Status.SAVING]
    ).delete()
    job = ImportJob.objects.create(
        owner=owner, filename=filename[:255], rows=rows, row_count=len(rows)
    )
    if len(rows) <= INLINE_ROWS:
        import_job_check(job_id=job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: check_import_job.delay(job.pk))
    return job


def _check(job: ImportJob, *, progress: bool) -> list[list]:
    from activities.csv_io import RowValidator

    validator = RowValidator(job.owner)
    errors = []
    # Row 1 is the header, so data rows start at 2, as in a spreadsheet.
    for start in range(0, len(job.rows), CHECK_CHUNK):
        for offset, values in enumerate(job.rows[start : start + CHECK_CHUNK]):
            row = validator.validate(start + offset + 2, values)
            if not row.ok:
                errors.append([row.number, row.errors])
        done = min(start + CHECK_CHUNK, len(job.rows))
        if progress and done < len(job.rows):
            ImportJob.objects.filter(pk=job.pk).update(checked_count=done)
    return errors


def import_job_check(*, job_id: int) -> None:
    """Validate a job's rows and record the errors (none saved). Idempotent."""
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.CHECKING:
        return
    try:
        errors = _check(job, progress=True)
    except Exception as exc:
        _fail(job, exc)
        raise
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKING).update(
        status=ImportJob.Status.CHECKED, errors=errors, checked_count=job.row_count
    )


def import_job_confirm(*, job: ImportJob) -> bool:
    """The owner confirmed a checked job without errors: save it (in the request
    for a small file, else by a worker). False if the job cannot be saved."""
    from activities.tasks import save_import_job

    claimed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.CHECKED, errors=[], row_count__gt=0
    ).update(status=ImportJob.Status.SAVING)
    if not claimed:
        return False
    if job.row_count <= INLINE_ROWS:
        import_job_save(job_id=job.pk)
    else:
        transaction.on_commit(lambda: save_import_job.delay(job.pk))
    return True


def import_job_save(*, job_id: int) -> None:
    """Save a confirmed job's rows, all or none. They are checked again first
    (reference data or the owner's rights may have changed since); a row that
    fails now sends the job back to the preview with its errors. Idempotent."""
    from activities.csv_io import RowValidator, unsaved_activity

    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.SAVING:
        return
    try:
        validator = RowValidator(job.owner)
        checked = [
            validator.validate(number, values) for number, values in enumerate(job.rows, start=2)
        ]
        errors = [[row.number, row.errors] for row in checked if not row.ok]
        if errors:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.CHECKED, errors=errors
            )
            return
        with transaction.atomic():
            saved = activities_import(
                activities=[unsaved_activity(row) for row in checked], created_by=job.owner
            )
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.DONE,
                saved_count=len(saved),
                rows=[],
                finished_at=timezone.now(),
            )
    except Exception as exc:
        _fail(job, exc)
        raise


def _fail(job: ImportJob, exc: Exception) -> None:
    logger.exception("Import job %s failed", job.pk)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, failure=str(exc)[:2000], finished_at=timezone.now()
    )
