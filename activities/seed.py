"""Load every activity of the booklet's tables (activities/data/booklet_activities.yaml).

Each row gets a stable ``seed_key`` ("<slug>-<position>"), so loading twice
changes nothing and a corrected data file updates rows in place. New rows are
bulk-inserted (one history record each); only changed rows are saved again.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from simple_history.utils import bulk_create_with_history

from activities.models import BOOKLET_SOURCE, PROJECT_END, PROJECT_START, Activity
from municipalities.models import Arena, Institution, Municipality, Programme, TargetGroup

ACTIVITIES_FILE = Path(__file__).parent / "data" / "booklet_activities.yaml"
M2M_FIELDS = ("target_groups", "programmes", "institutions")


def read_booklet_activities(path: Path = ACTIVITIES_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["municipalities"]


def _rows(path: Path):
    """(seed_key, field values, m2m ids) for every row of the file."""
    arenas = dict(Arena.objects.values_list("code", "pk"))
    target_groups = dict(TargetGroup.objects.values_list("code", "pk"))
    programmes = dict(Programme.objects.values_list("code", "pk"))
    municipalities = dict(Municipality.objects.values_list("slug", "pk"))
    institutions = {
        (m, name): pk
        for m, name, pk in Institution.objects.values_list("municipality_id", "name", "pk")
    }
    for block in read_booklet_activities(path):
        municipality_id = municipalities[block["slug"]]
        for position, row in enumerate(block["activities"], start=1):
            fields = {
                "municipality_id": municipality_id,
                "arena_id": arenas[row["arena"]],
                "source_section": row.get("section") or "",
                "title": row["title"],
                "target_group_text": row.get("target_group") or "",
                "grade_from": row.get("grade_from"),
                "grade_to": row.get("grade_to"),
                "participants": row.get("participants"),
                "events": row.get("events"),
                "start_date": PROJECT_START,
                "end_date": PROJECT_END,
                "status": row.get("status") or Activity.Status.COMPLETED,
                "source_note": BOOKLET_SOURCE,
                # The booklet's rows record the project period: never a task for today.
                "is_historical": True,
            }
            m2m = {
                "target_groups": {target_groups[c] for c in row.get("target_groups") or []},
                "programmes": {programmes[c] for c in row.get("programmes") or []},
                "institutions": {
                    institutions[(municipality_id, n)] for n in row.get("institutions") or []
                },
            }
            yield f"{block['slug']}-{position}", fields, m2m


def load_booklet_activities(*, path: Path = ACTIVITIES_FILE) -> dict[str, int]:
    """Create or update the booklet's activities; returns {"activities": n}."""
    existing = {
        a.seed_key: a for a in Activity.objects.exclude(seed_key="").prefetch_related(*M2M_FIELDS)
    }
    new, new_m2m, total = [], [], 0
    for seed_key, fields, m2m in _rows(path):
        total += 1
        activity = existing.get(seed_key)
        if activity is None:
            new.append(Activity(seed_key=seed_key, **fields))
            new_m2m.append(m2m)
            continue
        changed = [name for name, value in fields.items() if getattr(activity, name) != value]
        if changed:
            for name in changed:
                setattr(activity, name, fields[name])
            activity.save()
        for name, ids in m2m.items():
            if {obj.pk for obj in getattr(activity, name).all()} != ids:
                getattr(activity, name).set(ids)
    created = bulk_create_with_history(new, Activity, batch_size=500)
    # bulk_create_with_history returns objects with primary keys on PostgreSQL and
    # SQLite; fetch them by seed key to be independent of the backend.
    pks = dict(
        Activity.objects.filter(seed_key__in=[a.seed_key for a in created]).values_list(
            "seed_key", "pk"
        )
    )
    for name in M2M_FIELDS:
        through = getattr(Activity, name).through
        column = getattr(Activity, name).field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(activity_id=pks[activity.seed_key], **{f"{column}_id": target})
                for activity, m2m in zip(new, new_m2m, strict=True)
                for target in m2m[name]
            ]
        )
    return {"activities": total}
