"""Celery tasks of the reminders app. A task is an API: it loads, calls one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reminders.engine import reminders_send


class ReminderDeliveryError(Exception):
    """Some reminders could not be handed to the mail server; the task retries them."""


@shared_task(
    name="reminders.tasks.send_review_reminders",
    autoretry_for=(ReminderDeliveryError,),
    # 1, 2, 4 … minutes (with jitter), at most an hour apart; the next daily run
    # picks up whatever is still failed.
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=5,
)
def send_review_reminders() -> dict[str, int]:
    """Send today's policy-review and obligation reminders (scheduled daily by beat).

    Idempotent: every reminder is claimed before it is sent, so running this
    twice, concurrently or as a retry sends each reminder once. A retry re-sends
    only the reminders that failed.
    """
    run = reminders_send(today=timezone.localdate())
    if run.failed:
        raise ReminderDeliveryError(f"{len(run.failed)} reminder(s) could not be sent")
    return {"sent": len(run.sent), "failed": 0}
