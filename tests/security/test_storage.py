"""Generated files through Django's storage API, kept in the database when configured."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from core.models import StoredFile
from core.storage import DatabaseStorage

pytestmark = pytest.mark.django_db


def test_the_database_storage_saves_opens_lists_and_deletes():
    storage = DatabaseStorage()
    name = storage.save("reports/2026/12/rapport.pdf", ContentFile(b"%PDF-1.7 test"))
    assert storage.exists(name)
    assert storage.size(name) == len(b"%PDF-1.7 test")
    with storage.open(name) as stored:
        assert stored.read() == b"%PDF-1.7 test"
    # A second file of the same name gets a name of its own, the first is kept.
    other = storage.save("reports/2026/12/rapport.pdf", ContentFile(b"%PDF-1.7 two"))
    assert other != name
    assert storage.listdir("reports/2026") == (["12"], [])
    assert sorted(storage.listdir("reports/2026/12")[1]) == sorted(
        [name.rsplit("/", 1)[1], other.rsplit("/", 1)[1]]
    )
    storage.delete(name)
    assert not storage.exists(name)
    assert StoredFile.objects.count() == 1
