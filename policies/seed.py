"""Load the national policy templates (policies/data/templates.yaml). Idempotent."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from municipalities.models import Programme
from policies.models import PolicyTemplate

TEMPLATES_FILE = Path(__file__).parent / "data" / "templates.yaml"


def _with_programme_names(content: dict) -> dict:
    """Templates name programmes by code; sections also carry the names for display."""
    prevention = content.get("prevention")
    if prevention is not None:
        codes = prevention.get("programmes", [])
        names = dict(Programme.objects.filter(code__in=codes).values_list("code", "name"))
        prevention["programmes"] = [code for code in codes if code in names]
        prevention["programme_names"] = [names[code] for code in prevention["programmes"]]
    return content


@transaction.atomic
def load_policy_templates(*, path: Path = TEMPLATES_FILE) -> dict[str, int]:
    """Create or update the national template of each institution kind.

    Municipal adaptations are left alone. Running it twice changes nothing.
    """
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    created = updated = 0
    for row in data["templates"]:
        values = {
            "name": row["name"],
            "introduction": (row.get("introduction") or "").strip(),
            "source": (row.get("source") or "").strip(),
            "content": _with_programme_names(row["content"]),
            "sources": {
                path: {"source_key": cited["source"], "where": cited["where"]}
                for path, cited in (row.get("quotes") or {}).items()
            },
        }
        template = PolicyTemplate.objects.filter(kind=row["kind"], municipality=None).first()
        if template is None:
            PolicyTemplate.objects.create(kind=row["kind"], municipality=None, **values)
            created += 1
            continue
        changed = [name for name, value in values.items() if getattr(template, name) != value]
        if changed:
            for name in changed:
                setattr(template, name, values[name])
            template.version += 1
            template.save()
            updated += 1
    return {"policy_templates": len(data["templates"]), "created": created, "updated": updated}
