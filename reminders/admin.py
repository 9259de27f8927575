from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reminders.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What the reminder task sent, to whom, and what failed (read-only)."""

    list_display = (
        "created_at",
        "kind",
        "object_id",
        "cycle",
        "stage",
        "recipient",
        "municipality",
        "due_date",
        "status",
        "attempts",
        "sent_at",
    )
    list_filter = ("status", "kind", "stage", "municipality")
    search_fields = ("recipient__username", "recipient__email", "last_error")
    date_hierarchy = "created_at"
    list_select_related = ("recipient", "municipality")
    actions = ["retry_next_run"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send igen ved næste kørsel (kun fejlede)"))
    def retry_next_run(self, request, queryset) -> None:
        # Only failed rows: a row left in "sending" may already have reached the recipient.
        count = queryset.filter(status=Reminder.Status.FAILED).update(
            status=Reminder.Status.PENDING, attempts=0
        )
        self.message_user(request, _("%(count)d påmindelser sendes igen.") % {"count": count})
