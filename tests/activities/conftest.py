from __future__ import annotations

from types import SimpleNamespace

import pytest

from municipalities.models import Arena, Principle
from tests.factories import ProgrammeFactory, TargetGroupFactory

PRINCIPLES = [
    (1, "limit_availability", "Begræns tilgængeligheden"),
    (2, "social_norms", "Påvirk sociale normer og undgå sociale overdrivelser"),
    (3, "resist_pressure", "Lær de unge at stå imod gruppepres"),
    (4, "equal_contact", "Indgå i ligeværdig kontakt"),
    (5, "involve_family", "Inddrag familien"),
    (6, "professionalism", "Hold fast i fagligheden"),
]


@pytest.fixture
def reference(db):
    """The six principles, three target groups and two programmes."""
    principles = [
        Principle.objects.create(
            number=number, code=code, name=name, explanation=f"Forklaring på princip {number}."
        )
        for number, code, name in PRINCIPLES
    ]
    return SimpleNamespace(
        principles=principles,
        pupils=TargetGroupFactory(code="pupils", name="Elever", position=1),
        parents=TargetGroupFactory(code="parents", name="Forældre", position=2),
        staff=TargetGroupFactory(
            code="staff", name="Lærere, pædagoger og andre fagfolk", position=3
        ),
        tackling=ProgrammeFactory(code="tackling", name="Tackling"),
        hash_talk=ProgrammeFactory(code="hash_talk", name="Hash-samtalen"),
        school=Arena.objects.get(code=Arena.SCHOOL),
        nightlife=Arena.objects.get(code=Arena.NIGHTLIFE),
        leisure=Arena.objects.get(code=Arena.LEISURE),
    )
