"""Abstract bases and small models every app may use."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A generated file kept in the database (core.storage.DatabaseStorage), so that
    every app server and worker reaches it without a shared disk."""

    name = models.CharField(_("navn"), max_length=255, unique=True)
    content = models.BinaryField(_("indhold"))
    size = models.PositiveBigIntegerField(_("størrelse"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("gemt fil")
        verbose_name_plural = _("gemte filer")

    def __str__(self) -> str:
        return self.name


class VersionedModel(models.Model):
    """An object people edit, possibly at the same time.

    ``version`` goes up with every save through ``core.concurrency.save_versioned``
    (a form that was rendered with an older version is refused, not applied);
    ``created_by`` and the two timestamps say who made it and when it changed.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class FormSubmission(models.Model):
    """A create form sent once: its one-time token and where the result is.

    The unique token makes a second submission of the same form (a double
    click, a resend after a slow answer, two at the same moment) find the
    first one's result instead of creating a second object.
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return str(self.token)
