"""The figures of reports.selectors.status_summary, built from factory data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from activities.models import Activity
from municipalities.models import Arena, Institution
from partnerships.models import NightlifeAgreement, Obligation, PartnershipContract
from policies.models import Policy
from reports.selectors import quarters_between, status_summary
from tests.activities.factories import ActivityFactory
from tests.factories import InstitutionFactory, MunicipalityFactory
from tests.partnerships.factories import AgreementFactory, ContractFactory, ObligationFactory
from tests.reports.helpers import make_policy

START, END = date(2025, 1, 1), date(2025, 12, 31)
TODAY = date(2025, 6, 15)


def _summary(municipality, **kwargs):
    return status_summary(municipality=municipality, start=START, end=END, today=TODAY, **kwargs)


def test_it_counts_activities_participants_and_events_in_the_period(
    municipality, other_municipality, ref
):
    ActivityFactory(
        municipality=municipality, participants=65, events=2, start_date=date(2025, 2, 1)
    )
    ActivityFactory(municipality=municipality, participants=None, start_date=date(2025, 9, 1))
    # Outside the period, and another municipality's: not counted.
    ActivityFactory(
        municipality=municipality,
        participants=1000,
        start_date=date(2024, 2, 1),
        end_date=date(2024, 3, 1),
    )
    ActivityFactory(municipality=other_municipality, participants=500, start_date=date(2025, 2, 1))

    summary = _summary(municipality)

    assert summary.activities == 2
    assert summary.participants == 65
    assert summary.activities_with_participants == 1
    assert summary.events == 2


def test_it_groups_by_arena_target_group_programme_and_principle(municipality, ref):
    ActivityFactory(
        municipality=municipality,
        arena=ref.school,
        start_date=date(2025, 3, 1),
        participants=20,
        relations={
            "target_groups": [ref.pupils, ref.parents],
            "programmes": [ref.tackling],
            "principles": [ref.principles[0], ref.principles[4]],
        },
    )
    ActivityFactory(
        municipality=municipality,
        arena=ref.nightlife,
        start_date=date(2025, 4, 1),
        relations={"target_groups": [ref.pupils]},
    )

    summary = _summary(municipality)

    arenas = {row.key: row.activities for row in summary.arenas}
    assert arenas[Arena.SCHOOL] == 1 and arenas[Arena.NIGHTLIFE] == 1 and arenas[Arena.HOUSING] == 0
    assert summary.arenas_covered == 2
    groups = {row.key: row for row in summary.target_groups}
    assert groups["pupils"].activities == 2
    assert groups["parents"].activities == 1 and groups["parents"].participants == 20
    assert [(row.label, row.activities) for row in summary.programmes] == [("Tackling", 1)]
    covered = [p.number for p in summary.principles if p.covered]
    assert covered == [1, 5]
    assert summary.principles_covered == 2


def test_the_quarters_show_activities_running_and_started(municipality, ref):
    # Runs all year; starts in the first quarter.
    ActivityFactory(
        municipality=municipality, start_date=date(2025, 1, 10), end_date=date(2025, 12, 1)
    )
    # One day in the third quarter.
    ActivityFactory(
        municipality=municipality, start_date=date(2025, 8, 1), end_date=date(2025, 8, 1)
    )

    quarters = _summary(municipality).quarters

    assert [q.label for q in quarters] == [
        "1. kvt. 2025",
        "2. kvt. 2025",
        "3. kvt. 2025",
        "4. kvt. 2025",
    ]
    assert [q.running for q in quarters] == [1, 1, 2, 1]
    assert [q.started for q in quarters] == [1, 0, 1, 0]


def test_quarters_are_clipped_to_the_period():
    assert quarters_between(date(2004, 9, 1), date(2005, 1, 15)) == [
        (date(2004, 9, 1), date(2004, 9, 30)),
        (date(2004, 10, 1), date(2004, 12, 31)),
        (date(2005, 1, 1), date(2005, 1, 15)),
    ]


def test_only_adopted_policies_not_overdue_count_as_valid(municipality, other_municipality, ref):
    valid_school = InstitutionFactory(
        municipality=municipality, kind=Institution.Kind.PRIMARY_SCHOOL
    )
    overdue_school = InstitutionFactory(
        municipality=municipality, kind=Institution.Kind.PRIMARY_SCHOOL
    )
    draft_club = InstitutionFactory(municipality=municipality, kind=Institution.Kind.YOUTH_CLUB)
    valid_club = InstitutionFactory(municipality=municipality, kind=Institution.Kind.YOUTH_CLUB)
    elsewhere = InstitutionFactory(municipality=other_municipality)
    make_policy(institution=valid_school, review_due=TODAY + timedelta(days=100))
    make_policy(institution=overdue_school, review_due=TODAY - timedelta(days=1))
    make_policy(institution=draft_club, status=Policy.Status.DRAFT, review_due=None)
    make_policy(institution=valid_club, review_due=TODAY)  # due today: not yet overdue
    make_policy(institution=elsewhere, review_due=TODAY + timedelta(days=100))

    policies = _summary(municipality).policies

    assert (policies.institutions, policies.with_valid_policy) == (4, 2)
    assert (policies.schools, policies.schools_with_valid_policy) == (2, 1)
    assert (policies.other_institutions, policies.other_with_valid_policy) == (2, 1)
    assert policies.school_share == 50
    assert policies.in_force == 3
    assert policies.adopted_in_period == 0  # each adopted a year before its review, in 2024
    assert policies.overdue_reviews == 1
    assert (
        policies.overdue_reviews
        == Policy.objects.filter(municipality=municipality).overdue(today=TODAY).count()
    )


def test_contracts_and_agreements_count_by_their_dates_and_undated_ones_apart(
    municipality, other_municipality, institution
):
    dated = {"start_date": date(2024, 1, 1), "end_date": date(2026, 12, 31)}
    active = ContractFactory(
        institution=institution, status=PartnershipContract.Status.ACTIVE, **dated
    )
    ContractFactory(institution=institution, status=PartnershipContract.Status.SIGNED, **dated)
    ContractFactory(institution=institution, status=PartnershipContract.Status.DRAFT, **dated)
    # Active by status but without dates: undated, never in force.
    ContractFactory(institution=institution, status=PartnershipContract.Status.ACTIVE)
    ObligationFactory(contract=active, due_date=TODAY - timedelta(days=3))
    ObligationFactory(contract=active, due_date=TODAY + timedelta(days=3))
    ObligationFactory(
        contract=active,
        due_date=TODAY - timedelta(days=3),
        status=Obligation.Status.DONE,
        completed_on=TODAY - timedelta(days=4),
    )
    AgreementFactory(municipality=municipality, status=NightlifeAgreement.Status.ACTIVE, **dated)
    AgreementFactory(municipality=municipality, status=NightlifeAgreement.Status.ACTIVE)
    AgreementFactory(
        municipality=other_municipality, status=NightlifeAgreement.Status.ACTIVE, **dated
    )

    partnerships = _summary(municipality).partnerships

    assert partnerships.contracts_in_force == 2
    assert partnerships.contracts_undated == 1
    assert partnerships.agreements_in_force == 1
    assert partnerships.agreements_undated == 1
    assert partnerships.obligations_due == 3
    assert partnerships.overdue_obligations == 1


def test_the_holes_are_arena_and_target_group_pairs_others_cover(
    municipality, other_municipality, ref
):
    third = MunicipalityFactory(name="Viborg", slug="viborg")
    for other in (other_municipality, third):
        ActivityFactory(
            municipality=other,
            arena=ref.nightlife,
            start_date=date(2025, 3, 1),
            relations={"target_groups": [ref.parents]},
        )
    ActivityFactory(
        municipality=municipality,
        arena=ref.school,
        start_date=date(2025, 3, 1),
        relations={"target_groups": [ref.pupils]},
    )

    holes = _summary(municipality).holes
    national = _summary(None).holes

    assert [(h.arena, h.target_group, h.municipalities_with) for h in holes] == [
        (ref.nightlife.name, ref.parents.name, 2)
    ]
    assert national[0].lacking == ["Kolding"]


def test_no_holes_are_shown_where_no_activity_has_a_target_group(
    municipality, other_municipality, ref
):
    ActivityFactory(
        municipality=other_municipality,
        arena=ref.nightlife,
        start_date=date(2025, 3, 1),
        relations={"target_groups": [ref.parents]},
    )
    ActivityFactory(municipality=municipality, arena=ref.school, start_date=date(2025, 3, 1))

    summary = _summary(municipality)

    assert summary.with_target_group == 0
    assert summary.holes == []


def test_the_national_summary_compares_every_municipality(
    municipality, other_municipality, institution, ref
):
    ActivityFactory.create_batch(
        3, municipality=municipality, start_date=date(2025, 3, 1), participants=10
    )
    ActivityFactory(
        municipality=other_municipality, arena=ref.nightlife, start_date=date(2025, 3, 1)
    )
    make_policy(institution=institution, review_due=TODAY - timedelta(days=5))

    summary = _summary(None)

    assert summary.is_national
    assert summary.activities == 4
    rows = {row.slug: row for row in summary.municipalities}
    assert (rows["kolding"].activities, rows["kolding"].participants) == (3, 30)
    assert rows["kolding"].overdue_reviews == 1
    assert rows["varde"].activities == 1
    assert rows["varde"].arenas_covered == 1


def _bulk_data(municipality, institution, ref, n: int) -> None:
    for i in range(n):
        activity = ActivityFactory(
            municipality=municipality,
            arena=ref.school if i % 2 else ref.nightlife,
            start_date=date(2025, 1 + i % 12, 1),
            participants=i,
        )
        activity.target_groups.set([ref.pupils])
        activity.principles.set([ref.principles[i % 6]])
        activity.institutions.set([institution])
    contract = ContractFactory(institution=institution, status=PartnershipContract.Status.ACTIVE)
    ObligationFactory.create_batch(
        min(n, 20), contract=contract, due_date=TODAY - timedelta(days=1)
    )
    make_policy(institution=institution, review_due=TODAY + timedelta(days=1))


@pytest.mark.parametrize("n", [1, 200])
@pytest.mark.parametrize("national", [False, True])
def test_the_summary_query_count_does_not_grow_with_the_data(
    municipality, institution, ref, django_assert_num_queries, n, national
):
    _bulk_data(municipality, institution, ref, n)
    # 1 totals, classification and quarters, 2 arenas, target groups, programmes and
    # principles (one UNION), 3 per-municipality figures (policies, contracts, obligations,
    # agreements), 4 institutions per kind, 5 and 6 the previous period's totals and
    # figures, 7 the arena × target-group holes; nationally 8 municipalities × arenas.
    with django_assert_num_queries(8 if national else 7):
        summary = _summary(None if national else municipality)
    assert summary.activities == n
    assert Activity.objects.count() == n
