"""Reminders: policy reviews and partnership obligations that fall due.

One service, ``reminders_send``, run daily by the Celery task
``reminders.tasks.send_review_reminders`` (and by ``manage.py send_review_reminders``).
What is due comes from the domains, each through one ``ReminderSource`` named in
``settings.REMINDER_SOURCES`` (``policies/reminders.py``, ``partnerships/reminders.py``):

- an adopted policy whose review is due within the municipality's lead time
  (``Municipality.review_lead_days``), today, or overdue reminds its responsible
  person (the institution's leaders when nobody is named); once overdue, the
  municipality's SSP coordinators too; once overdue by more than
  ``Municipality.review_grace_days``, the steering group too;
- an open obligation of a signed or active partnership contract that is due
  within ``OBLIGATION_LEAD_DAYS``, today, or overdue reminds the coordinators.

Exactly once: every (thing, cycle, recipient, stage) has one ``Reminder`` row
(a unique constraint). Rows are inserted with ON CONFLICT DO NOTHING, then
claimed with a conditional UPDATE (pending/failed → sending, tagged with this
run's token; on PostgreSQL rows locked by a concurrent run are skipped) and
only then sent. Two runs at once, a retried task or a second beat therefore
send each reminder once; a failed send is marked ``failed`` and the next run
(or the task's retry) sends only those again. The work is a fixed number of
queries however many policies are due.

The same items are listed on each user's start page (``due_items_for``).
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from core.due import Audience, DueItem, ReminderSource
from municipalities import access
from municipalities.models import Membership
from reminders.models import Reminder

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

# A reminder that has failed this often is left for a person to look at (Django admin).
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class PlannedReminder:
    """One email that today's run should send (unless already sent)."""

    item: DueItem
    recipient: Any  # User, with .membership loaded
    reason: str  # "responsible" | "leader" | "coordinator" | "steering"

    @property
    def key(self) -> tuple:
        return (
            self.item.kind,
            self.item.object_type,
            self.item.object_id,
            self.item.cycle,
            self.recipient.pk,
            self.item.stage,
        )


@dataclass
class ReminderRun:
    """What one run did: ``sent`` and ``failed`` Reminder rows; in a dry run
    ``would_send`` lists what a real run would have sent."""

    today: date
    planned: list[PlannedReminder]
    sent: list[Reminder] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)
    would_send: list[PlannedReminder] = field(default_factory=list)
    dry_run: bool = False


# --- Which items are due ----------------------------------------------------


@cache
def sources() -> tuple[ReminderSource, ...]:
    """The domains' reminder sources (``settings.REMINDER_SOURCES``)."""
    return tuple(import_string(path) for path in settings.REMINDER_SOURCES)


def due_items(*, today: date) -> list[DueItem]:
    """Every policy review and obligation due soon, today or overdue (3 queries)."""
    return [item for source in sources() for item in source.due_items(today=today)]


def due_items_for(user: AbstractBaseUser, *, today: date | None = None) -> list[DueItem]:
    """The due items ``user`` may see, most urgent first: the start page's
    "Forfalder snart og overskredet" list (3 queries)."""
    today = today or timezone.localdate()
    items = [item for source in sources() for item in source.due_items(today=today, user=user)]
    return sorted(items, key=lambda item: (item.due_date, item.kind, item.object_id))


@dataclass(frozen=True)
class ReminderRow:
    """A Reminder with the title and address of what it is about (for the log page)."""

    reminder: Reminder
    title: str
    path: str


def reminder_rows(reminders: list[Reminder]) -> list[ReminderRow]:
    """Titles and links for ``reminders`` (one query per kind of object, however many rows)."""
    ids: dict[str, set[int]] = defaultdict(set)
    for reminder in reminders:
        ids[reminder.object_type].add(reminder.object_id)
    described = {
        source.object_type: source.describe(ids[source.object_type])
        if ids[source.object_type]
        else {}
        for source in sources()
    }
    rows = []
    for reminder in reminders:
        found = described.get(reminder.object_type, {}).get(reminder.object_id)
        if found is None:  # deleted since
            rows.append(ReminderRow(reminder, f"#{reminder.object_id}", ""))
        else:
            rows.append(ReminderRow(reminder, *found))
    return rows


# --- Who is reminded --------------------------------------------------------


def _can_receive(user: Any) -> bool:
    return user is not None and user.is_active and bool(user.email)


def plan_reminders(items: list[DueItem]) -> list[PlannedReminder]:
    """Who gets which reminder for ``items`` (one query for all memberships)."""
    municipality_ids = {item.municipality.pk for item in items}
    coordinators: dict[int, list] = defaultdict(list)
    steering: dict[int, list] = defaultdict(list)
    leaders: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.filter(
        municipality_id__in=municipality_ids, role__in=list(access.REMINDER_AUDIENCE)
    ).select_related("user")
    for membership in memberships:
        # select_related caches both sides: user.membership costs no query.
        audience = access.REMINDER_AUDIENCE[membership.role]
        if audience == "leaders":
            leaders[membership.institution_id].append(membership.user)
        else:
            by_municipality = coordinators if audience == "coordinators" else steering
            by_municipality[membership.municipality_id].append(membership.user)

    planned: list[PlannedReminder] = []
    for item in items:
        recipients: list[tuple[Any, str]] = []
        municipality_id = item.municipality.pk
        for audience in item.audience:
            if audience == Audience.RESPONSIBLE:
                if _can_receive(item.responsible):
                    recipients.append((item.responsible, "responsible"))
                else:
                    recipients += [(u, "leader") for u in leaders[item.institution_id]]
            elif audience == Audience.COORDINATORS:
                recipients += [(u, "coordinator") for u in coordinators[municipality_id]]
            elif audience == Audience.STEERING:
                recipients += [(u, "steering") for u in steering[municipality_id]]
        seen: set[int] = set()
        for user, reason in recipients:
            if user.pk in seen or not _can_receive(user):
                continue
            seen.add(user.pk)
            planned.append(PlannedReminder(item=item, recipient=user, reason=reason))
    return planned


# --- Sending ----------------------------------------------------------------


def _language_of(user: Any) -> str:
    try:
        return user.membership.language or settings.LANGUAGE_CODE
    except Membership.DoesNotExist:
        return settings.LANGUAGE_CODE


def build_email(planned: PlannedReminder, *, connection=None) -> EmailMultiAlternatives:
    """The reminder email (text and HTML), in the recipient's language."""
    item = planned.item
    template = item.email_template
    context = {
        "item": item,
        "recipient": planned.recipient,
        "reason": planned.reason,
        "stage": item.stage,
        "site_url": settings.SITE_URL,
    }
    with translation.override(_language_of(planned.recipient)):
        subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
        context["subject"] = subject
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[planned.recipient.email],
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(planned: list[PlannedReminder], *, now) -> list[Reminder]:
    """Insert the reminder rows that do not exist yet and claim the pending or
    failed ones for this run. Returns the rows this run now owns (status sending)."""
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=p.item.kind,
                object_type=p.item.object_type,
                object_id=p.item.object_id,
                cycle=p.item.cycle,
                stage=p.item.stage,
                recipient=p.recipient,
                municipality=p.item.municipality,
                due_date=p.item.due_date,
            )
            for p in planned
        ],
        ignore_conflicts=True,
    )
    wanted = {p.key for p in planned}
    candidates = Reminder.objects.filter(
        object_id__in={p.item.object_id for p in planned},
        status__in=[Reminder.Status.PENDING, Reminder.Status.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", *Reminder.KEY_FIELDS)
    candidate_ids = [row[0] for row in candidates if tuple(row[1:]) in wanted]
    if not candidate_ids:
        return []
    token = uuid.uuid4()
    claimable = [Reminder.Status.PENDING, Reminder.Status.FAILED]
    with transaction.atomic():
        # SKIP LOCKED (PostgreSQL): rows a concurrent run is claiming are its to send.
        # The status condition is checked again on the locked row, so a row is
        # claimed by exactly one run.
        locked = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(pk__in=candidate_ids, status__in=claimable)
            .values("pk")
        )
        Reminder.objects.filter(pk__in=locked, status__in=claimable).update(
            status=Reminder.Status.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(Reminder.objects.filter(claim_token=token).order_by("pk"))


def reminders_send(*, today: date, dry_run: bool = False) -> ReminderRun:
    """Send today's reminders, each exactly once; see the module docstring.

    With ``dry_run`` nothing is written or sent: ``would_send`` lists what a real
    run would send now. Not wrapped in one transaction on purpose: each claim
    must be committed before its email leaves, and each outcome recorded after.
    """
    planned = plan_reminders(due_items(today=today))
    run = ReminderRun(today=today, planned=planned, dry_run=dry_run)
    if not planned:
        return run

    if dry_run:
        done = set(
            Reminder.objects.filter(object_id__in={p.item.object_id for p in planned})
            .exclude(status=Reminder.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
            .exclude(status=Reminder.Status.PENDING)
            .values_list(*Reminder.KEY_FIELDS)
        )
        run.would_send = [p for p in planned if p.key not in done]
        return run

    now = timezone.now()
    claimed = _claim(planned, now=now)
    if not claimed:
        return run
    by_key = {p.key: p for p in planned}

    connection = get_connection()
    try:
        connection.open()
    except Exception:  # noqa: BLE001 - each send below records the error
        logger.warning("Could not connect to the mail server", exc_info=True)
    try:
        for reminder in claimed:
            try:
                build_email(by_key[reminder.key], connection=connection).send()
            except Exception as exc:  # noqa: BLE001 - any mail failure marks the row failed
                logger.warning("Reminder %s failed: %s", reminder.pk, exc)
                reminder.status = Reminder.Status.FAILED
                reminder.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                run.failed.append(reminder)
            else:
                reminder.status = Reminder.Status.SENT
                reminder.last_error = ""
                run.sent.append(reminder)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            logger.warning("Could not close the mail connection", exc_info=True)

    # Outcomes in two statements, whatever the number of reminders.
    if run.sent:
        sent_at = timezone.now()
        Reminder.objects.filter(pk__in=[r.pk for r in run.sent]).update(
            status=Reminder.Status.SENT, sent_at=sent_at, last_error="", claim_token=None
        )
        for reminder in run.sent:
            reminder.sent_at = sent_at
    if run.failed:
        Reminder.objects.bulk_update(run.failed, ["status", "last_error"])
    logger.info("Reminders for %s: %d sent, %d failed", today, len(run.sent), len(run.failed))
    return run
