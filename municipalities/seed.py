"""Load the shipped reference data (municipalities/data/reference.yaml). Idempotent."""

from __future__ import annotations

from pathlib import Path

import yaml

from municipalities.models import Institution, Municipality, Principle, Programme, TargetGroup

REFERENCE_FILE = Path(__file__).parent / "data" / "reference.yaml"


def upsert(model, *, defaults: dict, **lookup):
    """Like ``update_or_create``, but saves (and so writes history) only when a
    value actually differs: loading the same data twice changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj, False


def read_reference(path: Path = REFERENCE_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_reference_data(*, path: Path = REFERENCE_FILE) -> dict[str, int]:
    """Create or update the 14 model municipalities, principles, target groups,
    programmes and the institutions named in the booklet. Running it twice
    changes nothing; returns the number of rows of each kind in the file."""
    data = read_reference(path)
    for row in data["municipalities"]:
        upsert(
            Municipality,
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "historical_name": row.get("historical_name") or "",
                "is_model_municipality": True,
            },
        )
    for row in data["principles"]:
        upsert(
            Principle,
            number=row["number"],
            defaults={
                "code": row["code"],
                "name": row["name"],
                "explanation": row.get("explanation", "").strip(),
            },
        )
    for position, row in enumerate(data["target_groups"], start=1):
        upsert(TargetGroup, code=row["code"], defaults={"name": row["name"], "position": position})
    for row in data["programmes"]:
        upsert(
            Programme,
            code=row["code"],
            defaults={"name": row["name"], "description": row.get("description", "").strip()},
        )
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    for row in data["institutions"]:
        upsert(
            Institution,
            municipality=municipalities[row["municipality"]],
            name=row["name"],
            defaults={"kind": row["kind"]},
        )
    return {
        "municipalities": len(data["municipalities"]),
        "principles": len(data["principles"]),
        "target_groups": len(data["target_groups"]),
        "programmes": len(data["programmes"]),
        "institutions": len(data["institutions"]),
    }
