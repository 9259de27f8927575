"""The shipped data set against the counts made by hand from the booklet."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from activities.models import Activity
from municipalities.models import Arena, Institution, Municipality, Principle
from tests.activities.hand_counts import HAND_COUNTS, SPOT_CHECKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_model_municipalities", stdout=StringIO())


def test_the_14_model_municipalities_are_loaded_with_their_historical_names(seeded):
    assert Municipality.objects.filter(is_model_municipality=True).count() == 14
    assert Municipality.objects.get(slug="lolland").historical_name == "Nakskov"
    assert Municipality.objects.get(slug="vesthimmerland").historical_name == "Aars"
    assert Principle.objects.count() == 6
    assert Arena.objects.count() == 6


def test_activity_counts_per_municipality_and_arena_match_the_hand_count(seeded):
    loaded = Counter(Activity.objects.values_list("municipality__slug", "arena__code"))
    for slug, per_arena in HAND_COUNTS.items():
        for arena, expected in per_arena.items():
            assert loaded[(slug, arena)] == expected, (slug, arena)
    assert Activity.objects.count() == sum(sum(c.values()) for c in HAND_COUNTS.values())


def test_spot_checked_rows_are_loaded_faithfully(seeded):
    # One seeding for all rows: loading the data set is the expensive part.
    for row in SPOT_CHECKS:
        label = (row["slug"], row["title"][:40])
        activity = Activity.objects.get(municipality__slug=row["slug"], title=row["title"])
        assert activity.target_group_text == row["target_group"], label
        assert activity.arena.code == row["arena"], label
        assert activity.participants == row["participants"], label
        assert activity.events == row["events"], label
        assert activity.grade_from == row["grade_from"], label
        assert activity.grade_to == row["grade_to"], label
        programmes = sorted(activity.programmes.values_list("code", flat=True))
        assert programmes == sorted(row["programmes"]), label
        assert "Narkoen ud af byen" in activity.source_note


def test_every_municipality_has_a_spot_check():
    assert {row["slug"] for row in SPOT_CHECKS} == set(HAND_COUNTS)


def test_seeding_twice_changes_nothing(seeded):
    def state():
        return (
            Activity.objects.count(),
            Activity.history.count(),
            Institution.objects.count(),
            Municipality.history.count(),
            sorted(Activity.objects.values_list("seed_key", "title", "participants")),
        )

    before = state()
    call_command("seed_model_municipalities", stdout=StringIO())
    assert state() == before


def test_named_institutions_belong_to_their_municipality(seeded):
    nexoe = Institution.objects.get(name__iexact="Nexø Skole")
    assert nexoe.municipality.slug == "bornholm"
    assert nexoe.kind == Institution.Kind.PRIMARY_SCHOOL
