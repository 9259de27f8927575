"""Workflows of the activities app: create, update, delete and restore an
activity, import many at once, and the coverage of the six principles and the
arenas × target groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.concurrency import claim_version, lock
from municipalities import access
from municipalities.access import scope_queryset
from municipalities.models import Arena, Principle, TargetGroup

M2M_FIELDS = ("target_groups", "programmes", "institutions", "principles")

HistoricalActivity = Activity.history.model


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


@transaction.atomic
def activities_import(
    *,
    activities: Sequence[tuple[Activity, Mapping[str, Iterable[models.Model]]]],
    created_by=None,
) -> list[Activity]:
    """Save all imported activities or none (one transaction)."""
    return [
        activity_create(activity=activity, relations=relations, created_by=created_by)
        for activity, relations in activities
    ]


# --- Coverage -----------------------------------------------------------------

NO_TARGET_GROUP = _("Ingen målgruppe valgt")


@dataclass
class CoverageCell:
    count: int

    @property
    def covered(self) -> bool:
        return self.count > 0


@dataclass
class CoverageRow:
    arena: Arena
    cells: list[CoverageCell]
    total: int


@dataclass
class Coverage:
    period_from: date | None
    period_to: date | None
    activity_count: int
    principles: list[tuple[Principle, int]]
    columns: list[str]
    rows: list[CoverageRow] = field(default_factory=list)

    @property
    def uncovered_principles(self) -> list[Principle]:
        return [principle for principle, count in self.principles if count == 0]

    @property
    def gap_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if not cell.covered)


def activities_coverage(
    *, activities: QuerySet, period_from: date | None, period_to: date | None
) -> Coverage:
    """Which principles and which arena × target group cells the activities
    covered in the period. Counted in the database: six queries whatever
    the number of activities."""
    activities = activities.in_period(period_from, period_to)
    ids = activities.values("pk")
    principles = list(Principle.objects.all())
    by_principle = {
        row["principles"]: row["n"]
        for row in Activity.objects.filter(pk__in=ids)
        .values("principles")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    arenas = list(Arena.objects.all())
    target_groups = list(TargetGroup.objects.all())
    cells = {
        (row["arena"], row["target_groups"]): row["n"]
        for row in Activity.objects.filter(pk__in=ids)
        .values("arena", "target_groups")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    rows = []
    keys = [group.pk for group in target_groups] + [None]
    for arena in arenas:
        row_cells = [CoverageCell(cells.get((arena.pk, key), 0)) for key in keys]
        rows.append(CoverageRow(arena=arena, cells=row_cells, total=0))
    # Totals per arena count activities once, however many groups they have.
    per_arena = {
        row["arena"]: row["n"]
        for row in Activity.objects.filter(pk__in=ids)
        .values("arena")
        .annotate(n=Count("pk"))
        .order_by()
    }
    for row in rows:
        row.total = per_arena.get(row.arena.pk, 0)
    total = sum(per_arena.values())
    return Coverage(
        period_from=period_from,
        period_to=period_to,
        activity_count=total,
        principles=[(principle, by_principle.get(principle.pk, 0)) for principle in principles],
        columns=[group.name for group in target_groups] + [str(NO_TARGET_GROUP)],
        rows=rows,
    )
