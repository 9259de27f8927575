"""MembershipBackend loads the signed-in user with their membership in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from municipalities.backends import MembershipBackend
from municipalities.models import Membership


def test_the_user_comes_with_membership_municipality_and_institution(
    school_editor, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = MembershipBackend().get_user(school_editor.pk)
        names = (user.membership.municipality.name, user.membership.institution.name)

    assert names == (
        school_editor.membership.municipality.name,
        school_editor.membership.institution.name,
    )


def test_a_user_without_membership_still_signs_in(db, client):
    user = get_user_model().objects.create_user("uden-rolle", password="x-Lang-adgangskode-1")
    loaded = MembershipBackend().get_user(user.pk)

    assert loaded == user
    with pytest.raises(Membership.DoesNotExist):
        loaded.membership
    client.force_login(user)
    assert client.get("/").status_code == 200


def test_inactive_and_unknown_users_are_not_loaded(coordinator):
    coordinator.is_active = False
    coordinator.save()

    assert MembershipBackend().get_user(coordinator.pk) is None
    assert MembershipBackend().get_user(999_999) is None
