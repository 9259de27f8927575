"""The national-scale data generator (`manage.py generate_scale_data`), run with
tiny numbers: it creates what it says, realistically, and the same seed gives
the same data."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from activities.models import Activity
from bench.management.commands.generate_scale_data import DANISH_MUNICIPALITIES, slugify_da
from municipalities.models import Institution, Membership, Municipality, Role
from municipalities.seed import load_reference_data
from partnerships.models import NightlifeAgreement, Obligation, PartnershipContract
from policies.models import Policy, PolicyVersion
from policies.seed import load_policy_templates

TODAY = date(2026, 6, 15)
TINY = {"municipalities": 3, "institutions": 20, "policies": 10, "activities": 50, "users": 8}


@pytest.fixture
def reference_data(db):
    load_reference_data()
    load_policy_templates()


def generate(seed: int = 7, **counts: int) -> str:
    out = io.StringIO()
    options = {**TINY, **counts}
    args = [f"--{name}={value}" for name, value in options.items()]
    call_command("generate_scale_data", *args, f"--seed={seed}", f"--today={TODAY}", stdout=out)
    return out.getvalue()


def generated_institutions():
    return Institution.objects.filter(email__endswith=".example")


def fingerprint() -> dict:
    """Everything generated, by natural keys (primary keys and timestamps differ per run)."""
    return {
        "institutions": sorted(
            generated_institutions().values_list("municipality__slug", "name", "kind", "email")
        ),
        "users": sorted(
            Membership.objects.filter(user__username__startswith="scale-").values_list(
                "user__username",
                "user__first_name",
                "user__last_name",
                "role",
                "municipality__slug",
                "institution__name",
            )
        ),
        "policies": sorted(
            Policy.objects.values_list(
                "institution__name",
                "status",
                "review_due_date",
                "review_cycle",
                "responsible__username",
                "adopted_by__username",
            ),
            key=repr,
        ),
        "versions": sorted(
            PolicyVersion.objects.values_list("policy__institution__name", "number"), key=repr
        ),
        "activities": [
            (
                a.seed_key,
                a.municipality.slug,
                a.arena.code,
                a.title,
                a.start_date,
                a.end_date,
                a.status,
                a.participants,
                sorted(t.code for t in a.target_groups.all()),
                sorted(p.number for p in a.principles.all()),
                sorted(i.name for i in a.institutions.all()),
            )
            for a in Activity.objects.filter(seed_key__startswith="scale-")
            .select_related("municipality", "arena")
            .prefetch_related("target_groups", "principles", "institutions")
            .order_by("seed_key")
        ],
        "contracts": sorted(
            PartnershipContract.objects.values_list("seed_key", "institution__name", "status")
        ),
        "obligations": sorted(
            Obligation.objects.values_list("contract__seed_key", "description", "due_date")
        ),
    }


def test_the_same_seed_gives_the_same_data(reference_data):
    with transaction.atomic():
        generate(seed=7)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Activity.objects.filter(seed_key__startswith="scale-").exists()

    generate(seed=7)

    assert fingerprint() == first


def test_another_seed_gives_other_data(reference_data):
    with transaction.atomic():
        generate(seed=7)
        first = fingerprint()
        transaction.set_rollback(True)

    generate(seed=8)

    assert fingerprint() != first


def test_it_creates_what_it_says(reference_data):
    model_municipalities = Municipality.objects.count()

    output = generate()

    # The first three of Denmark's municipalities; Ballerup, a model municipality, is reused.
    names = [name for name, _size in DANISH_MUNICIPALITIES[:3]]
    assert names == ["Albertslund", "Allerød", "Ballerup"]
    assert Municipality.objects.count() == model_municipalities + 2
    assert Municipality.objects.get(slug="ballerup").is_model_municipality
    assert set(generated_institutions().values_list("municipality__slug", flat=True)) == {
        slugify_da(name) for name in names
    }
    assert generated_institutions().count() == 20
    assert Policy.objects.count() == 10
    assert Activity.objects.filter(seed_key__startswith="scale-").count() == 50
    assert get_user_model().objects.filter(username__startswith="scale-").count() == 8
    for name in names:
        memberships = Membership.objects.filter(municipality__slug=slugify_da(name))
        roles = set(memberships.values_list("role", flat=True))
        assert {Role.COORDINATOR, Role.STEERING_MEMBER} <= roles
    # Every activity has at least one target group and principle, in its own municipality.
    for activity in Activity.objects.filter(seed_key__startswith="scale-"):
        assert activity.target_groups.exists()
        assert activity.principles.exists()
        assert all(
            i.municipality_id == activity.municipality_id for i in activity.institutions.all()
        )
    # Adopted policies have a frozen version and a review date.
    for policy in Policy.objects.filter(status=Policy.Status.ADOPTED):
        assert policy.review_due_date is not None
        assert policy.versions.count() == policy.review_cycle
        assert policy.adopted_by is not None
    assert "activities: 50" in output
    assert "policies: 10" in output
    assert "Done in" in output


def test_review_dates_are_spread_so_some_are_due_and_some_overdue(reference_data):
    generate(policies=20, institutions=20)

    adopted = Policy.objects.filter(status=Policy.Status.ADOPTED)
    assert adopted.filter(review_due_date__lt=TODAY).exists()
    assert adopted.filter(review_due_date__gte=TODAY).exists()


def test_it_refuses_to_generate_twice(reference_data):
    generate()

    with pytest.raises(CommandError, match="already"):
        generate()


def test_it_needs_the_reference_data(db):
    with pytest.raises(CommandError, match="seed_model_municipalities"):
        generate()


def test_obligations_and_agreements_are_made_at_scale(reference_data):
    generate(municipalities=6, institutions=300, policies=50, activities=20, users=12)

    assert PartnershipContract.objects.filter(seed_key__startswith="scale-").exists()
    assert Obligation.objects.exists()
    assert NightlifeAgreement.objects.filter(seed_key__startswith="scale-").exists()
