from __future__ import annotations

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
