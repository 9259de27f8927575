"""Data builders for the report tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from policies.models import Policy


def make_policy(
    *,
    institution,
    status=Policy.Status.ADOPTED,
    review_due: date | None,
    adopted_on: date | None = None,
) -> Policy:
    """A policy row in the state the report reads (adoption date, review date, status).
    Adopted a year before its review by default, as the yearly review norm has it."""
    adopted_at = None
    if review_due is not None:
        adopted_on = adopted_on or review_due - timedelta(days=365)
        adopted_at = timezone.make_aware(datetime.combine(adopted_on, time(12)))
    return Policy.objects.create(
        municipality=institution.municipality,
        institution=institution,
        title=f"Rusmiddelpolitik for {institution.name}",
        status=status,
        adopted_at=adopted_at,
        review_due_date=review_due,
    )


def da_int(text: str) -> int:
    """A number as printed in Danish ("7.066") as an int."""
    return int(text.replace(".", ""))
