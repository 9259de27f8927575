"""Activities for tests (kept here so the activities tests own them)."""

from __future__ import annotations

from datetime import date

import factory

from activities.models import Activity
from municipalities.models import Arena
from tests.factories import MunicipalityFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    arena = factory.LazyFunction(lambda: Arena.objects.get(code=Arena.SCHOOL))
    title = factory.Sequence(lambda n: f"Forældremøde {n}")
    start_date = date(2025, 3, 1)

    @factory.post_generation
    def relations(self, create, extracted, **kwargs):
        # ActivityFactory(relations={"institutions": [...], "principles": [...]})
        if create and extracted:
            for name, objects in extracted.items():
                getattr(self, name).set(objects)
