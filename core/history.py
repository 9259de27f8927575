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
    """Newest first; each row lists the fields that changed against the previous record.
    Names of many-to-many changes are read once per related model for all rows."""
    records = list(obj.history.select_related("history_user").order_by("-history_date")[:limit])
    rows = []
    m2m_ids: dict[type[models.Model], set] = {}
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["version"])
            for change in delta.changes:
                model_field = obj._meta.get_field(change.field)
                old, new = change.old, change.new
                if model_field.many_to_many:
                    # Through-rows ({"activity": 1, "principle": 4}): named below.
                    old, new = _m2m_ids(model_field, old), _m2m_ids(model_field, new)
                    m2m_ids.setdefault(model_field.related_model, set()).update(old, new)
                    old, new = (model_field.related_model, old), (model_field.related_model, new)
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
    if m2m_ids:
        # In each related model's own order, as a person expects to read them.
        ordered = {
            related: list(related._default_manager.filter(pk__in=ids))
            for related, ids in m2m_ids.items()
        }
        for row in rows:
            for change in row.changes:
                for side in ("old", "new"):
                    if isinstance(change[side], tuple):
                        related, ids = change[side]
                        change[side] = ", ".join(
                            str(obj) for obj in ordered[related] if obj.pk in ids
                        )
    return rows


def _m2m_ids(model_field, rows: list[dict] | None) -> tuple:
    """Many-to-many history holds through-rows; the ids of the related objects."""
    key = model_field.m2m_reverse_field_name()
    return tuple(row.get(key) for row in rows or [] if row.get(key) is not None)
