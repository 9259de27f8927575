"""Load every activity of the booklet's tables (activities/data/booklet_activities.yaml).

Each row gets a stable ``seed_key`` ("<slug>-<position>"), so loading twice
changes nothing and a corrected data file updates rows in place.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from activities.models import BOOKLET_SOURCE, PROJECT_END, PROJECT_START, Activity
from municipalities.models import Arena, Institution, Municipality, Programme, TargetGroup
from municipalities.seed import upsert

ACTIVITIES_FILE = Path(__file__).parent / "data" / "booklet_activities.yaml"


def read_booklet_activities(path: Path = ACTIVITIES_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["municipalities"]


def load_booklet_activities(*, path: Path = ACTIVITIES_FILE) -> dict[str, int]:
    """Create or update the booklet's activities; returns {"activities": n}."""
    arenas = {a.code: a for a in Arena.objects.all()}
    target_groups = {t.code: t for t in TargetGroup.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    total = 0
    for block in read_booklet_activities(path):
        municipality = Municipality.objects.get(slug=block["slug"])
        institutions = {i.name: i for i in Institution.objects.filter(municipality=municipality)}
        for position, row in enumerate(block["activities"], start=1):
            activity, _ = upsert(
                Activity,
                seed_key=f"{block['slug']}-{position}",
                defaults={
                    "municipality": municipality,
                    "arena": arenas[row["arena"]],
                    "source_section": row.get("section") or "",
                    "title": row["title"],
                    "target_group_text": row.get("target_group") or "",
                    "grade_from": row.get("grade_from"),
                    "grade_to": row.get("grade_to"),
                    "participants": row.get("participants"),
                    "events": row.get("events"),
                    "start_date": PROJECT_START,
                    "end_date": PROJECT_END,
                    "status": Activity.Status.COMPLETED,
                    "source_note": BOOKLET_SOURCE,
                },
            )
            # .set() leaves an unchanged relation alone.
            activity.target_groups.set([target_groups[c] for c in row.get("target_groups") or []])
            activity.programmes.set([programmes[c] for c in row.get("programmes") or []])
            activity.institutions.set([institutions[n] for n in row.get("institutions") or []])
            total += 1
    return {"activities": total}
