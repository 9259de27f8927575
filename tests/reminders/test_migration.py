"""Moving the Reminder model from the policies app to the reminders app keeps every row,
its unique constraint and its content type (migrations run on the test database)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from reminders.models import Reminder

BEFORE_THE_MOVE = [("reminders", None)]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_reminder_rows_survive_the_move_to_the_reminders_app(coordinator, municipality):
    ContentType.objects.filter(model="reminder").delete()
    latest = _latest()
    try:
        executor = _migrate(BEFORE_THE_MOVE)
        old_apps = executor.loader.project_state(("policies", "0002_reminder")).apps
        OldReminder = old_apps.get_model("policies", "Reminder")
        # Content types and permissions are not part of the move: today's models serve.
        old_type = ContentType.objects.create(app_label="policies", model="reminder")
        OldReminder.objects.create(
            kind="policy_review",
            object_type="policies.policy",
            object_id=41,
            cycle=2,
            stage="overdue",
            recipient_id=coordinator.pk,
            municipality_id=municipality.pk,
            due_date=date(2026, 3, 1),
            status="sent",
            attempts=3,
            last_error="",
        )
        permission_id = Permission.objects.create(
            content_type=old_type, codename="view_reminder", name="Can view"
        ).pk
    finally:
        _migrate(latest)

    moved = Reminder.objects.get()
    assert (moved.kind, moved.object_id, moved.cycle, moved.stage, moved.status) == (
        "policy_review",
        41,
        2,
        Reminder.Stage.OVERDUE,
        Reminder.Status.SENT,
    )
    assert (moved.recipient, moved.municipality, moved.attempts) == (coordinator, municipality, 3)
    assert Permission.objects.get(pk=permission_id).content_type == (
        ContentType.objects.get_for_model(Reminder)
    )
    assert not ContentType.objects.filter(app_label="policies", model="reminder").exists()
    # The exactly-once guard came along with the table.
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            kind=moved.kind,
            object_type=moved.object_type,
            object_id=moved.object_id,
            cycle=moved.cycle,
            stage=moved.stage,
            recipient=coordinator,
            municipality=municipality,
            due_date=moved.due_date,
        )
