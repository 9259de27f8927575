"""Writes every app's services share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models


def model_update(
    *, instance: models.Model, fields: Iterable[str], data: Mapping[str, Any]
) -> tuple[models.Model, list[str]]:
    """Set each of ``fields`` present in ``data`` on ``instance`` (not saved).

    Returns the instance and the names whose value changed, so the caller
    validates and saves once (through ``save_versioned`` for edited models).
    """
    changed = []
    for name in fields:
        if name not in data:
            continue
        if getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return instance, changed
