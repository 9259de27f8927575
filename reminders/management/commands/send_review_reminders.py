"""Send today's reminders now (the same service the daily Celery task runs)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.engine import PlannedReminder, reminders_send


class Command(BaseCommand):
    help = (
        "Send the policy-review and obligation reminders that are due today, each exactly "
        "once. --dry-run shows what would be sent without sending or recording anything."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be sent; send nothing"
        )
        parser.add_argument(
            "--date",
            dest="today",
            type=date.fromisoformat,
            default=None,
            help="pretend today is this date (YYYY-MM-DD), for trying things out",
        )

    def handle(self, *args, dry_run: bool = False, today: date | None = None, **options) -> None:
        today = today or timezone.localdate()
        run = reminders_send(today=today, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"Dry run for {today}: {len(run.would_send)} reminder(s) would be sent"
            )
            for planned in run.would_send:
                self.stdout.write(f"  would send: {self._describe(planned)}")
            return
        by_key = {p.key: p for p in run.planned}
        for reminder in run.sent:
            self.stdout.write(f"  sent: {self._describe(by_key[reminder.key])}")
        for reminder in run.failed:
            planned = by_key[reminder.key]
            self.stderr.write(f"  FAILED: {self._describe(planned)}: {reminder.last_error}")
        self.stdout.write(
            f"Reminders for {today}: {len(run.sent)} sent, {len(run.failed)} failed, "
            f"{len(run.planned) - len(run.sent) - len(run.failed)} already sent or in progress"
        )
        if run.failed:
            raise CommandError(f"{len(run.failed)} reminder(s) failed; run again to retry them")

    @staticmethod
    def _describe(planned: PlannedReminder) -> str:
        item = planned.item
        return (
            f"{item.kind} #{item.object_id} ({item.institution_name}: {item.title}), "
            f"{item.stage}, due {item.due_date} → {planned.recipient.email} ({planned.reason})"
        )
