"""The record of every reminder the system sends (review reminders and partnership
obligations), one row per (thing, cycle, recipient, stage).

A row is claimed *before* its email goes out, so a retried or doubled task
sends each reminder once. The table was policies_reminder until the model moved here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.due import Stage
from municipalities.access import scope_queryset
from municipalities.models import Municipality


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReminderQuerySet:
        # Municipality-level record; institution roles see none.
        return scope_queryset(self, user)


class Reminder(models.Model):
    class Kind(models.TextChoices):
        POLICY_REVIEW = "policy_review", _("Revision af rusmiddelpolitik")
        OBLIGATION = "obligation", _("Forpligtelse i partnerskab")

    # The stages are the domains' vocabulary too (core.due).
    Stage = Stage

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    # "app_label.model" of the object reminded about; with object_id it names it.
    object_type = models.CharField(_("objekttype"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("objekt-id"))
    # Policy: its review_cycle (a new adoption starts a new cycle).
    # Obligation: its due date as an ordinal (a new due date starts a new cycle).
    cycle = models.PositiveIntegerField(_("cyklus"))
    stage = models.CharField(_("trin"), max_length=20, choices=Stage.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("modtager"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("kommune"),
    )
    due_date = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    # Set by the run that claimed the row for sending; lets that run find its own rows.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("taget i behandling"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "cycle", "recipient", "stage"],
                name="reminder_once_per_cycle_recipient_stage",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["claim_token"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} → {self.recipient} ({self.stage})"

    # What makes a reminder unique (the constraint above), as attribute names.
    KEY_FIELDS = ("kind", "object_type", "object_id", "cycle", "recipient_id", "stage")

    @property
    def key(self) -> tuple:
        """The same tuple as the planned reminder's ``key``."""
        return tuple(getattr(self, name) for name in self.KEY_FIELDS)
