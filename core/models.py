"""Abstract bases every app may use."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
