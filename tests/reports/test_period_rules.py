"""Each figure's period rule, with objects just inside and just outside the period
(PostgreSQL: the ``__date`` lookups and the correlated subqueries run there)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from partnerships.models import NightlifeAgreement, Obligation, PartnershipContract
from policies.models import Policy, PolicyVersion
from reports.selectors import Period, status_details, status_summary
from tests.activities.factories import ActivityFactory
from tests.partnerships.factories import AgreementFactory, ContractFactory, ObligationFactory
from tests.reports.helpers import make_policy

START, END = date(2005, 1, 1), date(2005, 12, 31)
TODAY = date(2026, 12, 1)  # long after the period: "in force" is counted at END
DAY = timedelta(days=1)


def _summary(municipality, today=TODAY):
    return status_summary(municipality=municipality, start=START, end=END, today=today)


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(23, 30)))


def test_previous_period_has_the_same_length():
    assert Period(START, END).previous() == Period(date(2004, 1, 1), date(2004, 12, 31))
    project = Period(date(2004, 9, 1), date(2007, 4, 30))  # 32 whole months
    assert project.previous() == Period(date(2002, 1, 1), date(2004, 8, 31))
    odd = Period(date(2005, 3, 10), date(2005, 3, 19))
    assert odd.previous() == Period(date(2005, 2, 28), date(2005, 3, 9))
    assert Period(START, END).reference_day(date(2005, 6, 1)) == date(2005, 6, 1)
    assert Period(START, END).reference_day(TODAY) == END


def test_activities_overlapping_the_period_count(municipality, ref):
    ActivityFactory(municipality=municipality, start_date=START, end_date=None)  # first day
    ActivityFactory(municipality=municipality, start_date=END, end_date=None)  # last day
    ActivityFactory(municipality=municipality, start_date=START - DAY * 10, end_date=START)
    ActivityFactory(municipality=municipality, start_date=START - DAY, end_date=None)  # out
    ActivityFactory(municipality=municipality, start_date=END + DAY, end_date=None)  # out
    ActivityFactory(
        municipality=municipality, start_date=START - DAY * 10, end_date=START - DAY
    )  # out

    summary = _summary(municipality)

    assert summary.activities == 3
    # The previous period (2004) has the three that end before 1 January 2005.
    assert next(f for f in summary.key_figures if f.key == "activities").previous == 3


def test_policies_adopted_in_the_period_count_by_their_adoption_date(
    municipality, institution, ref
):
    inside_first = make_policy(institution=institution, review_due=date(2006, 1, 1))
    inside_first.adopted_at = _aware(START)
    inside_first.save()
    inside_last = make_policy(institution=institution, review_due=date(2006, 12, 31))
    inside_last.adopted_at = _aware(END)  # 23:30 Copenhagen time is still the last day
    inside_last.save()
    before = make_policy(institution=institution, review_due=date(2005, 12, 31))
    before.adopted_at = _aware(START - DAY)
    before.save()
    after = make_policy(institution=institution, review_due=date(2007, 1, 1))
    after.adopted_at = _aware(END + DAY)
    after.save()
    # Adopted again today, but its first version was adopted in the period.
    readopted = make_policy(institution=institution, review_due=TODAY + timedelta(days=300))
    PolicyVersion.objects.create(
        policy=readopted,
        number=1,
        content={},
        adopted_at=_aware(date(2005, 6, 1)),
        review_due_date=date(2006, 6, 1),
    )

    policies = _summary(municipality).policies

    assert policies.adopted_in_period == 3


def test_policies_in_force_and_overdue_are_counted_at_the_periods_last_day(
    municipality, institution, ref
):
    # Adopted on the last day: in force; review not yet due then.
    make_policy(institution=institution, review_due=END + DAY * 365, adopted_on=END)
    # Adopted the day after: not in force in the period (created today, say).
    make_policy(institution=institution, review_due=TODAY + DAY * 365, adopted_on=END + DAY)
    # Review due on the last day: still valid; due the day before: overdue.
    make_policy(institution=institution, review_due=END, adopted_on=END - DAY * 365)
    make_policy(institution=institution, review_due=END - DAY, adopted_on=END - DAY * 366)
    # Never adopted, and replaced: not in force.
    make_policy(institution=institution, review_due=None, status=Policy.Status.DRAFT)
    make_policy(
        institution=institution,
        review_due=END + DAY,
        adopted_on=START,
        status=Policy.Status.REPLACED,
    )

    policies = _summary(municipality).policies

    assert policies.in_force == 3
    assert policies.overdue_reviews == 1
    assert policies.with_valid_policy == 1  # the one institution has a valid policy


def test_the_version_in_force_then_decides_whether_the_review_was_overdue(
    municipality, institution, ref
):
    # Adopted 2004 (review 2005-06-01, overdue at END), adopted again 2026.
    policy = make_policy(institution=institution, review_due=date(2027, 6, 1))
    PolicyVersion.objects.create(
        policy=policy,
        number=1,
        content={},
        adopted_at=_aware(date(2004, 6, 1)),
        review_due_date=date(2005, 6, 1),
    )

    policies = _summary(municipality).policies

    assert (policies.in_force, policies.overdue_reviews, policies.with_valid_policy) == (1, 1, 0)


@pytest.mark.parametrize(
    ("start_date", "end_date", "in_force"),
    [
        (END, None, True),  # starts on the last day
        (START - DAY * 400, START, True),  # ends on the first day
        (END + DAY, None, False),  # starts the day after
        (START - DAY * 400, START - DAY, False),  # ended the day before
    ],
)
def test_contracts_and_agreements_are_in_force_by_their_dates(
    municipality, institution, start_date, end_date, in_force
):
    ContractFactory(
        institution=institution,
        status=PartnershipContract.Status.ACTIVE,
        start_date=start_date,
        end_date=end_date,
    )
    AgreementFactory(
        municipality=municipality,
        status=NightlifeAgreement.Status.ACTIVE,
        start_date=start_date,
        end_date=end_date,
    )

    partnerships = _summary(municipality).partnerships

    assert partnerships.contracts_in_force == int(in_force)
    assert partnerships.agreements_in_force == int(in_force)
    assert partnerships.contracts_undated == partnerships.agreements_undated == 0


def test_undated_contracts_are_listed_apart_and_never_in_force(municipality, institution):
    undated = ContractFactory(institution=institution, status=PartnershipContract.Status.ACTIVE)
    ContractFactory(institution=institution, status=PartnershipContract.Status.DRAFT)
    ended_early = ContractFactory(
        institution=institution,
        status=PartnershipContract.Status.ENDED_EARLY,
        start_date=START - DAY * 400,
        end_date=END + DAY * 400,
    )
    ended_early.ended_on = START - DAY
    ended_early.save()

    summary = _summary(municipality)
    details = status_details(municipality=municipality, start=START, end=END, today=TODAY)

    assert summary.partnerships.contracts_in_force == 0
    assert summary.partnerships.contracts_undated == 1
    assert details.undated == [undated]
    assert details.contracts_in_force == []


def test_obligations_due_in_the_period_and_overdue_at_its_last_day(municipality, institution):
    contract = ContractFactory(
        institution=institution,
        status=PartnershipContract.Status.ACTIVE,
        start_date=START,
        end_date=END,
    )
    ObligationFactory(contract=contract, due_date=START)  # due, overdue at END, still open
    ObligationFactory(contract=contract, due_date=END)  # due on the last day: not overdue
    ObligationFactory(contract=contract, due_date=START - DAY)  # before; overdue at END
    ObligationFactory(contract=contract, due_date=END + DAY)  # after the period
    # Done after the period: it was overdue at END. Done in time: not.
    ObligationFactory(
        contract=contract,
        due_date=START + DAY,
        status=Obligation.Status.DONE,
        completed_on=END + DAY,
    )
    ObligationFactory(
        contract=contract,
        due_date=START + DAY,
        status=Obligation.Status.DONE,
        completed_on=START + DAY,
    )
    ObligationFactory(contract=contract, due_date=START + DAY, status=Obligation.Status.CANCELLED)

    partnerships = _summary(municipality).partnerships

    assert partnerships.obligations_due == 4
    assert partnerships.overdue_obligations == 3


def test_findings_say_what_is_unknown(municipality, ref):
    ActivityFactory(
        municipality=municipality,
        arena=ref.school,
        start_date=date(2005, 3, 1),
        relations={"principles": [ref.principles[0]]},
    )
    ActivityFactory(municipality=municipality, arena=ref.school, start_date=date(2005, 4, 1))

    summary = _summary(municipality)

    assert 3 <= len(summary.findings) <= 6
    assert any("1 af 2 aktiviteter er klassificeret efter princip" in f for f in summary.findings)
    assert summary.principles_known
    assert summary.principle_gaps  # among the classified, five principles are not covered
