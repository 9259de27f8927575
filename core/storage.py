"""Where generated files (report PDFs, future uploads) are kept.

Everything goes through Django's storage API (``default_storage``, ``FileField``), so the
place is a setting (``STORAGES["default"]``, chosen with ``DJANGO_FILE_STORAGE``):

* ``filesystem`` (the embedded default): ``MEDIA_ROOT``. With several app servers, this
  must be a directory they all mount.
* ``database``: ``DatabaseStorage`` below, rows of ``core.StoredFile`` in PostgreSQL; every
  app server and worker reaches them, nothing else to run. Fine for reports of a few MB.
* any other backend by its dotted path, e.g. django-storages' S3
  (``storages.backends.s3.S3Storage``) with ``DJANGO_FILE_STORAGE_OPTIONS`` as JSON.

Files are never served from ``MEDIA_URL``: views hand them out after the access checks.
"""

from __future__ import annotations

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible


@deconstructible
class DatabaseStorage(Storage):
    """Files as rows of ``core.StoredFile``."""

    def _model(self):
        from core.models import StoredFile

        return StoredFile

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode:
            raise ValueError("DatabaseStorage opens files for reading only.")
        stored = self._model().objects.only("content").get(name=name)
        return ContentFile(bytes(stored.content), name=name)

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode()
        self._model().objects.create(name=name, content=data, size=len(data))
        return name

    def exists(self, name: str) -> bool:
        return self._model().objects.filter(name=name).exists()

    def delete(self, name: str) -> None:
        self._model().objects.filter(name=name).delete()

    def size(self, name: str) -> int:
        return self._model().objects.values_list("size", flat=True).get(name=name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.rstrip('/')}/" if path else ""
        directories, files = set(), []
        names = self._model().objects.filter(name__startswith=prefix).values_list("name", flat=True)
        for name in names:
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), sorted(files)

    def url(self, name: str) -> str:
        raise NotImplementedError("Stored files are handed out by views, never by URL.")

    def get_created_time(self, name: str):
        return self._model().objects.values_list("created_at", flat=True).get(name=name)
