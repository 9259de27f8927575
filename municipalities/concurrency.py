"""Optimistic locking: concurrent edits must never silently overwrite each other.

Models that people edit concurrently have a ``version`` integer. A form
carries the version it was rendered with; saving locks the row, compares, and
refuses when someone else saved in between.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the object since this edit started."""

    message = _(
        "En anden har gemt ændringer, mens du redigerede. Dine ændringer er ikke gemt. "
        "Se den aktuelle tekst nedenfor, og indsæt dine ændringer igen."
    )

    def __init__(self, current: models.Model):
        super().__init__(str(self.message))
        self.current = current


@transaction.atomic
def save_versioned(obj: models.Model, *, expected_version: int | None) -> models.Model:
    """Save ``obj`` if its row still has ``expected_version``; bump the version.

    Raises EditConflict with the current row when the versions differ.
    """
    model = type(obj)
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is None or current.version != expected_version:
        raise EditConflict(current)
    obj.version = current.version + 1
    obj.save()
    return obj
