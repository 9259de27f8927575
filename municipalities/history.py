"""The audit trail (django-simple-history) in a form a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}


@dataclass
class HistoryRow:
    date: datetime
    user: str
    action: str
    changes: list[dict] = field(default_factory=list)


def history_rows(obj: models.Model, *, limit: int = 50) -> list[HistoryRow]:
    """Newest first; each row lists the fields that changed against the previous record."""
    records = list(obj.history.select_related("history_user").order_by("-history_date")[:limit])
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["version"])
            for change in delta.changes:
                model_field = obj._meta.get_field(change.field)
                old, new = change.old, change.new
                if model_field.many_to_many:
                    old, new = _m2m_names(model_field, old), _m2m_names(model_field, new)
                changes.append(
                    {
                        "field": getattr(model_field, "verbose_name", change.field),
                        "old": old,
                        "new": new,
                    }
                )
        rows.append(
            HistoryRow(
                date=record.history_date,
                user=str(record.history_user) if record.history_user else "",
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return rows


def _m2m_names(model_field, rows: list[dict] | None) -> str:
    """Many-to-many history holds through-rows ({"activity": 1, "principle": 4});
    a person wants the names ("4. Indgå i ligeværdig kontakt")."""
    related = model_field.related_model
    key = related._meta.model_name
    ids = [row.get(key) for row in rows or [] if row.get(key) is not None]
    if not ids:
        return ""
    return ", ".join(str(obj) for obj in related._default_manager.filter(pk__in=ids))
