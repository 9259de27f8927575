from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import selectors
from activities.models import Activity
from tests.activities.factories import ActivityFactory

COVERAGE = reverse("activities:coverage")
PERIOD = {"period_from": "2025-01-01", "period_to": "2025-12-31"}


@pytest.fixture
def activities(municipality, other_municipality, reference):
    ActivityFactory(
        municipality=municipality,
        arena=reference.school,
        start_date=date(2025, 2, 1),
        relations={
            "principles": [reference.principles[0], reference.principles[2]],
            "target_groups": [reference.pupils, reference.parents],
        },
    )
    ActivityFactory(
        municipality=municipality,
        arena=reference.nightlife,
        start_date=date(2025, 6, 1),
        relations={"principles": [reference.principles[0]]},
    )
    # Outside the period, and in another municipality: neither counts.
    ActivityFactory(
        municipality=municipality,
        arena=reference.leisure,
        start_date=date(2023, 1, 1),
        end_date=date(2023, 2, 1),
        relations={"principles": [reference.principles[5]]},
    )
    ActivityFactory(
        municipality=other_municipality,
        arena=reference.leisure,
        start_date=date(2025, 3, 1),
        relations={"principles": [reference.principles[3]], "target_groups": [reference.staff]},
    )


def test_it_counts_principles_and_marks_the_uncovered_ones(
    activities, client_for, coordinator, reference
):
    coverage = client_for(coordinator).get(COVERAGE, PERIOD).context["coverage"]
    counts = {principle.number: count for principle, count in coverage.principles}
    assert counts == {1: 2, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0}
    assert [p.number for p in coverage.uncovered_principles] == [2, 4, 5, 6]
    assert coverage.activity_count == 2


def test_the_matrix_counts_arena_by_target_group_and_names_the_gaps_in_text(
    activities, client_for, coordinator, reference
):
    response = client_for(coordinator).get(COVERAGE, PERIOD)
    coverage = response.context["coverage"]
    assert coverage.columns == [
        "Elever",
        "Forældre",
        "Lærere, pædagoger og andre fagfolk",
        "Ingen målgruppe valgt",
    ]
    rows = {row.arena.code: [cell.count for cell in row.cells] for row in coverage.rows}
    assert rows["school"] == [1, 1, 0, 0]
    assert rows["nightlife"] == [0, 0, 0, 1]
    assert rows["leisure"] == [0, 0, 0, 0]
    totals = {row.arena.code: row.total for row in coverage.rows}
    assert totals["school"] == 1
    html = response.content.decode()
    assert "Ikke dækket" in html
    assert f"{coverage.gap_count} kombinationer er ikke dækket" in html


def test_a_national_administrator_can_look_at_one_municipality(
    activities, client_for, national_admin, other_municipality
):
    client = client_for(national_admin)
    everything = client.get(COVERAGE, PERIOD).context["coverage"]
    assert everything.activity_count == 3
    one = client.get(COVERAGE, {**PERIOD, "municipality": other_municipality.pk})
    assert one.context["coverage"].activity_count == 1


def test_the_default_period_is_the_current_year(client_for, coordinator, municipality):
    ActivityFactory(municipality=municipality, start_date=timezone.localdate())
    ActivityFactory(municipality=municipality, start_date=date(2004, 9, 1))
    assert client_for(coordinator).get(COVERAGE).context["coverage"].activity_count == 1


@pytest.mark.parametrize("count", [1, 60])
def test_coverage_is_counted_in_a_constant_number_of_queries(
    count, municipality, reference, django_assert_num_queries
):
    for _n in range(count):
        ActivityFactory(
            municipality=municipality,
            start_date=date(2025, 5, 1),
            relations={"principles": reference.principles[:2], "target_groups": [reference.pupils]},
        )
    # 1 links per principle, 2 links per arena × target group, 3 activities per
    # arena (with and without target groups), 4 principles, 5 arenas, 6 target groups.
    with django_assert_num_queries(6):
        coverage = selectors.activities_coverage(
            activities=Activity.objects.filter(municipality=municipality),
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
        )
    assert coverage.activity_count == count
