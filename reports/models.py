"""Reports produced in the background (the national status report)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.access import scope_queryset
from municipalities.models import Municipality


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportJobQuerySet:
        """National administrators see every job; coordinators and steering-group
        members see their own municipality's; institution roles see none. A
        national job (no municipality) is for national administrators only."""
        return scope_queryset(self, user)


def report_upload_to(job: ReportJob, filename: str) -> str:
    return f"reports/{job.created_at:%Y/%m}/{filename}"


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Under udarbejdelse")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("bestilt af"),
    )
    # None: the national report.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("kommune"),
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("fil"), upload_to=report_upload_to, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rapportjob")
        verbose_name_plural = _("rapportjobs")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.municipality or _('national')}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReportSubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportSubscriptionQuerySet:
        return scope_queryset(self, user)


class ReportSubscription(models.Model):
    """A municipality's steering group receives its status report by email: a link to
    the access-checked PDF of the last whole month or quarter, once per member and period."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Hver måned")
        QUARTERLY = "quarterly", _("Hvert kvartal")

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="report_subscription",
        verbose_name=_("kommune"),
    )
    frequency = models.CharField(_("hvor ofte"), max_length=20, choices=Frequency.choices)
    active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement på statusrapport")
        verbose_name_plural = _("abonnementer på statusrapport")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_frequency_display()}"


class ReportDelivery(models.Model):
    """One email to one steering-group member for one period. The unique row is
    claimed before the email is sent, so a doubled or retried run sends it once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")

    subscription = models.ForeignKey(
        ReportSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_deliveries"
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("udsendt statusrapport")
        verbose_name_plural = _("udsendte statusrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "recipient", "start", "end"],
                name="reportdelivery_once_per_member_and_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription.municipality}: {self.start}–{self.end} → {self.recipient}"
