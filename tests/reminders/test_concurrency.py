"""Two reminder runs at the same moment (say, two beat processes by mistake, or a
retry overlapping the next day's run) still send each reminder once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from municipalities.models import Role
from reminders.models import Reminder
from reminders.tasks import send_review_reminders
from tests.factories import InstitutionFactory, make_member
from tests.reminders.helpers import from_today, make_policy

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_runs_send_each_reminder_exactly_once(municipality, coordinator):
    if connection.vendor != "postgresql":
        reason = (
            "needs PostgreSQL (SQLite runs one writer at a time, so nothing runs "
            "concurrently); set DATABASE_URL=postgres://…"
        )
        print(reason)
        pytest.skip(reason)
    make_member(username="styregruppe", role=Role.STEERING_MEMBER, municipality=municipality)
    for n in range(40):
        school = InstitutionFactory(municipality=municipality, name=f"Skole {n}")
        leader = make_member(
            username=f"leder{n}",
            role=Role.INSTITUTION_LEADER,
            municipality=municipality,
            institution=school,
        )
        # Due soon, overdue and escalated: one to three recipients each.
        make_policy(institution=school, responsible=leader, due=from_today([5, -5, -45][n % 3]))

    start = threading.Barrier(2)
    results: list[dict] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            # Each thread has its own database connection (Django's are per thread).
            results.append(send_review_reminders.apply().get())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    reminders = Reminder.objects.count()
    # 40 leaders; the coordinator for the 26 overdue; the steering member for 13 escalated.
    assert reminders == 40 + 26 + 13
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == reminders
    # Between them the two runs sent every reminder, and no email went out twice.
    assert sum(result["sent"] for result in results) == reminders
    per_recipient_and_subject = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(mail.outbox) == reminders
    assert set(per_recipient_and_subject.values()) == {1}
