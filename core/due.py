"""What falls due: the words in which a domain tells the reminders app what is due.

Each domain (policies, partnerships) declares one ``ReminderSource`` in its
``reminders.py``: its object type, the function that lists its due items, and the
function that names reminded objects for the reminder log. The reminders app reads
the sources named in ``settings.REMINDER_SOURCES``; it never asks a domain anything
else, and no domain imports the reminders app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from municipalities.models import Municipality


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("Forfalder snart")
    DUE = "due", _("Forfalder i dag")
    OVERDUE = "overdue", _("Overskredet")
    ESCALATED = "escalated", _("Overskredet ud over fristen")


# How a stage reads on the start page and in emails (escalated is still "overdue" there).
STAGE_LABELS = {
    Stage.UPCOMING: _("Forfalder snart"),
    Stage.DUE: _("Forfalder i dag"),
    Stage.OVERDUE: _("Overskredet"),
    Stage.ESCALATED: _("Overskredet"),
}


class Audience:
    """Who is reminded of a due item (the domain decides per item and stage)."""

    RESPONSIBLE = "responsible"  # the person responsible, else the institution's leaders
    COORDINATORS = "coordinators"  # the municipality's SSP coordinators
    STEERING = "steering"  # the municipality's steering group


def stage_for(*, due_date: date, today: date, lead_days: int, grace_days: int | None) -> str | None:
    """The reminder stage of something due on ``due_date``; None when not due yet.

    ``grace_days=None`` means no escalation stage (obligations).
    """
    days_left = (due_date - today).days
    if days_left > lead_days:
        return None
    if days_left > 0:
        return Stage.UPCOMING
    if days_left == 0:
        return Stage.DUE
    if grace_days is not None and -days_left > grace_days:
        return Stage.ESCALATED
    return Stage.OVERDUE


@dataclass(frozen=True)
class DueItem:
    """A policy review or an obligation that is due soon, today or overdue."""

    kind: str  # reminders.models.Reminder.Kind
    # A lazy translation: shown in the language of the page or email that renders it.
    kind_label: Any = field(compare=False, hash=False)
    object_type: str
    object_id: int
    cycle: int
    stage: str  # Stage
    due_date: date
    today: date
    municipality: Municipality
    title: str
    institution_name: str
    path: str
    # Who is reminded, and the base name of the email templates (emails/<name>-*.txt).
    audience: tuple[str, ...]
    email_template: str
    institution_id: int | None = None
    responsible: Any = field(default=None, compare=False, hash=False, repr=False)
    obj: Any = field(default=None, compare=False, hash=False, repr=False)

    @property
    def days_left(self) -> int:
        """Days until the due date; negative when overdue."""
        return (self.due_date - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage])

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


@dataclass(frozen=True)
class ReminderSource:
    """One domain's part in the reminders.

    ``due_items(today=, user=)`` lists the due items (all of them, or those ``user``
    may see); ``describe(ids)`` gives ``{id: (title, path)}`` for the reminder log.
    """

    object_type: str
    due_items: Callable[..., list[DueItem]]
    describe: Callable[[Iterable[int]], dict[int, tuple[str, str]]]
