"""Reads of the activities app that aggregate: the coverage of the six
principles and of the arenas × target groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from municipalities.models import Arena, Principle, TargetGroup

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
    covered in the period. Counted in the database, six queries whatever the
    number of activities: the relations are counted from their link tables (a
    link row is one activity once, so no COUNT(DISTINCT) over a join)."""
    activities = activities.in_period(period_from, period_to).order_by()
    ids = activities.values("pk")
    principle_links = Activity.principles.through.objects.filter(activity__in=ids)
    by_principle = {
        row["principle"]: row["n"]
        for row in principle_links.values("principle").annotate(n=Count("*")).order_by()
    }
    group_links = Activity.target_groups.through.objects.filter(activity__in=ids)
    cells = {
        (row["activity__arena"], row["targetgroup"]): row["n"]
        for row in group_links.values("activity__arena", "targetgroup")
        .annotate(n=Count("*"))
        .order_by()
    }
    # Per arena: all its activities, and those without any target group.
    has_group = Exists(Activity.target_groups.through.objects.filter(activity=OuterRef("pk")))
    per_arena = {
        row["arena"]: row
        for row in activities.values("arena")
        .annotate(n=Count("pk"), without=Count("pk", filter=~Q(has_group)))
        .order_by()
    }
    principles = list(Principle.objects.all())
    arenas = list(Arena.objects.all())
    target_groups = list(TargetGroup.objects.all())
    rows = []
    for arena in arenas:
        counts = per_arena.get(arena.pk, {"n": 0, "without": 0})
        row_cells = [CoverageCell(cells.get((arena.pk, group.pk), 0)) for group in target_groups]
        row_cells.append(CoverageCell(counts["without"]))
        rows.append(CoverageRow(arena=arena, cells=row_cells, total=counts["n"]))
    return Coverage(
        period_from=period_from,
        period_to=period_to,
        activity_count=sum(row["n"] for row in per_arena.values()),
        principles=[(principle, by_principle.get(principle.pk, 0)) for principle in principles],
        columns=[group.name for group in target_groups] + [str(NO_TARGET_GROUP)],
        rows=rows,
    )
