"""Activities for tests (kept here so the activities tests own them)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import factory

from activities.models import Activity
from municipalities.models import Arena, Principle
from tests.factories import MunicipalityFactory, ProgrammeFactory, TargetGroupFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    # get_or_create: transactional (browser) tests may run after a flush that
    # removed the arenas the data migration created.
    arena = factory.LazyFunction(
        lambda: Arena.objects.get_or_create(
            code=Arena.SCHOOL, defaults={"name": "Grundskolen", "position": 1}
        )[0]
    )
    title = factory.Sequence(lambda n: f"Forældremøde {n}")
    start_date = date(2025, 3, 1)

    @factory.post_generation
    def relations(self, create, extracted, **kwargs):
        # ActivityFactory(relations={"institutions": [...], "principles": [...]})
        if create and extracted:
            for name, objects in extracted.items():
                getattr(self, name).set(objects)


PRINCIPLES = [
    (1, "limit_availability", "Begræns tilgængeligheden"),
    (2, "social_norms", "Påvirk sociale normer og undgå sociale overdrivelser"),
    (3, "resist_pressure", "Lær de unge at stå imod gruppepres"),
    (4, "equal_contact", "Indgå i ligeværdig kontakt"),
    (5, "involve_family", "Inddrag familien"),
    (6, "professionalism", "Hold fast i fagligheden"),
]


def make_reference() -> SimpleNamespace:
    """The six principles, three target groups and two programmes."""
    principles = [
        Principle.objects.get_or_create(
            number=number,
            defaults={
                "code": code,
                "name": name,
                "explanation": f"Forklaring på princip {number}.",
            },
        )[0]
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
