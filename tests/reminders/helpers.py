"""Builders for the reminder tests: adopted policies and partnership obligations."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from partnerships.models import Obligation, PartnershipContract, Party
from policies.models import Policy

TODAY = date(2026, 3, 2)


def days(n: int) -> date:
    """TODAY plus ``n`` days (negative: in the past)."""
    return TODAY + timedelta(days=n)


def from_today(n: int) -> date:
    """The real today plus ``n`` days, for code that asks the clock (tasks, views)."""
    return timezone.localdate() + timedelta(days=n)


def make_policy(
    *,
    institution,
    responsible=None,
    due: date,
    cycle: int = 1,
    title: str = "Rusmiddelpolitik",
    status: str = Policy.Status.ADOPTED,
) -> Policy:
    """A policy as policies.services.policy_adopt leaves it (cycle ``cycle``)."""
    return Policy.objects.create(
        municipality=institution.municipality,
        institution=institution,
        title=title,
        status=status,
        responsible=responsible,
        adopted_at=timezone.now(),
        review_due_date=due,
        review_cycle=cycle,
    )


def readopt(policy: Policy, *, due: date) -> Policy:
    """What a new adoption does to the fields reminders read: next cycle, new date."""
    policy.status = Policy.Status.ADOPTED
    policy.review_cycle += 1
    policy.review_due_date = due
    policy.save(update_fields=["status", "review_cycle", "review_due_date"])
    return policy


def make_obligation(*, institution, due: date, contract_status: str = "active", status="open"):
    contract = PartnershipContract.objects.create(
        municipality=institution.municipality,
        institution=institution,
        title=f"Partnerskab med {institution.name}",
        municipal_party="SSP",
        status=contract_status,
    )
    return Obligation.objects.create(
        contract=contract,
        party=Party.INSTITUTION,
        description="Uddanne to nøglepersoner i Hash-samtalen",
        due_date=due,
        status=status,
    )


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)
