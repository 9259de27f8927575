"""MembershipBackend loads the signed-in user with their membership in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from accounts.backends import MembershipBackend
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


# -- a signed-in request: Django's cached_db sessions with this backend -------------


def test_a_signed_in_request_reads_the_user_with_its_membership_in_one_query(
    client, coordinator, django_assert_num_queries
):
    from django.urls import reverse

    client.force_login(coordinator)
    # The session comes from the cache; the user, membership, municipality and
    # institution in one query.
    with django_assert_num_queries(1):
        response = client.get(reverse("accessibility_statement"))
    assert response.context["user"] == coordinator
    assert response.context["membership"].municipality == coordinator.membership.municipality


def test_the_session_engine_is_djangos(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_a_password_change_or_deactivation_still_signs_the_session_out(
    client, coordinator, school_editor
):
    from django.urls import reverse

    client.force_login(coordinator)
    coordinator.set_password("en-helt-ny-adgangskode-42")
    coordinator.save()
    assert client.get(reverse("start")).status_code == 302  # to the login page

    client.force_login(school_editor)
    school_editor.is_active = False
    school_editor.save()
    assert client.get(reverse("start")).status_code == 302


def test_deleting_a_user_ends_their_sessions(client, coordinator):
    from django.urls import reverse

    client.force_login(coordinator)
    assert client.get(reverse("start")).status_code == 200

    coordinator.delete()

    assert client.get(reverse("start")).status_code == 302  # to the login page
