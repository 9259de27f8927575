"""Data builders for the report tests."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from policies.models import Policy


def make_policy(*, institution, status=Policy.Status.ADOPTED, review_due: date | None) -> Policy:
    """A policy row in the state the report reads (adoption date, review date, status)."""
    return Policy.objects.create(
        municipality=institution.municipality,
        institution=institution,
        title=f"Rusmiddelpolitik for {institution.name}",
        status=status,
        adopted_at=timezone.now() - timedelta(days=30) if review_due else None,
        review_due_date=review_due,
    )


def da_int(text: str) -> int:
    """A number as printed in Danish ("7.066") as an int."""
    return int(text.replace(".", ""))
