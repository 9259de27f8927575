"""Optimistic locking: concurrent edits must never silently overwrite each other.

An edited model inherits ``core.models.VersionedModel`` (a ``version`` integer).
A form carries the version it was rendered with; a service saves through
``save_versioned``, which locks the row, compares and refuses when someone else
saved (or deleted the object) in between. The view then calls ``edit_conflict``:
one helper for every edit view, which keeps the user's typed text in the form,
shows the other person's current values for every field where the two differ,
and moves the form to the current version so the next save goes through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class EditConflict(Exception):
    """Someone else saved the object since this edit started.

    ``current`` is the row as it is now, or None when it was deleted.
    """

    message = gettext_lazy(
        "En anden har gemt ændringer, mens du redigerede. Dine ændringer er ikke gemt. "
        "Se den aktuelle tekst nedenfor, og indsæt dine ændringer igen."
    )

    def __init__(self, current: models.Model | None):
        super().__init__(str(self.message))
        self.current = current


class ObjectDeleted(EditConflict):
    """The object was deleted while this edit was under way."""

    def __init__(self, model: type[models.Model], pk: int):
        self.model = model
        self.pk = pk
        self.deleted_by = _deleted_by(model, pk)
        template = getattr(model, "DELETED_MESSAGE", None) or gettext_lazy(
            "Det er slettet af %(user)s, mens du redigerede. Din tekst står nedenfor."
        )
        who = self.deleted_by or _("en anden")
        self.message = str(template) % {"user": who}
        Exception.__init__(self, self.message)
        self.current = None


def _deleted_by(model: type[models.Model], pk: int) -> str:
    history = getattr(model, "history", None)
    if history is None:
        return ""
    record = (
        history.filter(id=pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    user = getattr(record, "history_user", None)
    return (user.get_full_name() or user.get_username()) if user else ""


def lock(model: type[models.Model], pk: int) -> models.Model:
    """The row of ``model`` with ``pk``, locked until the transaction ends.

    Raises ObjectDeleted when it no longer exists (instead of DoesNotExist, a 500).
    """
    try:
        return model._default_manager.select_for_update().get(pk=pk)
    except model.DoesNotExist:
        raise ObjectDeleted(model, pk) from None


def claim_version(obj: models.Model, *, expected_version: int | None) -> models.Model:
    """Lock ``obj``'s row and give ``obj`` the next version, if the row still has
    ``expected_version``. Call inside a transaction, then save ``obj``.

    Raises EditConflict with the current row when the versions differ, and
    ObjectDeleted when the row is gone.
    """
    current = lock(type(obj), obj.pk)
    if expected_version is None or current.version != expected_version:
        raise EditConflict(current)
    obj.version = current.version + 1
    return obj


@transaction.atomic
def save_versioned(obj: models.Model, *, expected_version: int | None) -> models.Model:
    """Save ``obj`` if its row still has ``expected_version``; bump the version
    (see ``claim_version`` for the refusals)."""
    claim_version(obj, expected_version=expected_version)
    obj.save()
    return obj


# --- Showing a conflict -------------------------------------------------------------


@dataclass
class Change:
    """One field where the saved object and the user's text differ."""

    label: str
    current: str


@dataclass
class ConflictView:
    """What an edit page shows after a refused save."""

    message: str
    current: models.Model | None
    changes: list[Change] = field(default_factory=list)
    deleted: bool = False
    restore_url: str = ""


def _normalised(value) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    if isinstance(value, bool):
        return value
    return str(getattr(value, "pk", value)).replace("\r\n", "\n").strip()


def _display(bound: forms.BoundField, value) -> str:
    field = bound.field
    if isinstance(field, forms.BooleanField):
        return _("Ja") if value else _("Nej")
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(key): str(label) for key, label in _flat_choices(choices)}
        chosen = value if isinstance(value, list | tuple) else [value]
        names = [labels.get(str(getattr(item, "pk", item)), str(item)) for item in chosen]
        return ", ".join(name for name in names if name) or "–"
    if value in (None, ""):
        return "–"
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _flat_choices(choices: Iterable) -> Iterable[tuple[object, object]]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield getattr(key, "value", key), label


def edit_conflict(
    conflict: EditConflict,
    pairs: Sequence[tuple[forms.Form, forms.Form | None]],
    *,
    restore_url: str = "",
) -> ConflictView:
    """Prepare the edit page after ``conflict``.

    ``pairs`` holds each bound form (the user's text) with an unbound form of
    the same class built from the current object (None when it was deleted).
    The user's text stays in the bound forms; their version moves to the
    current one; the first form carries the message.
    """
    current = conflict.current
    view = ConflictView(
        message=str(conflict.message),
        current=current,
        deleted=isinstance(conflict, ObjectDeleted),
        restore_url=restore_url,
    )
    for number, (typed, saved) in enumerate(pairs):
        if number == 0:
            typed.add_error(None, view.message)
        version_key = typed.add_prefix("version")
        if current is not None and "version" in typed.fields:
            data = typed.data.copy()
            data[version_key] = str(current.version)
            typed.data = data
        if saved is None:
            continue
        for name in typed.fields:
            if name == "version":
                continue
            mine, theirs = typed[name].value(), saved[name].value()
            if _normalised(mine) != _normalised(theirs):
                view.changes.append(Change(str(typed[name].label), _display(saved[name], theirs)))
    return view
