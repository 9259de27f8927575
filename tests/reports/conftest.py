from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from municipalities.models import Arena, Principle
from tests.factories import ProgrammeFactory, TargetGroupFactory

SEED_START = date(2004, 9, 1)
SEED_END = date(2007, 4, 30)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Generated reports go to a throw-away folder, never the developer's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ref(db):
    """The six principles, two target groups, a programme and two arenas."""
    principles = [
        Principle.objects.create(number=n, code=f"principle_{n}", name=f"Princip {n}")
        for n in range(1, 7)
    ]
    return SimpleNamespace(
        principles=principles,
        pupils=TargetGroupFactory(code="pupils", name="Elever", position=1),
        parents=TargetGroupFactory(code="parents", name="Forældre", position=2),
        tackling=ProgrammeFactory(code="tackling", name="Tackling"),
        school=Arena.objects.get(code=Arena.SCHOOL),
        nightlife=Arena.objects.get(code=Arena.NIGHTLIFE),
    )
