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


# -- the user read with the session (municipalities.sessions) ---------------------


def test_a_signed_in_request_reads_session_and_user_in_one_query(
    client, coordinator, django_assert_num_queries
):
    from django.urls import reverse

    client.force_login(coordinator)
    with django_assert_num_queries(1):
        response = client.get(reverse("accessibility_statement"))
    assert response.context["user"] == coordinator
    assert response.context["membership"].municipality == coordinator.membership.municipality


def test_the_session_row_names_its_user(client, coordinator):
    from municipalities.models import UserSession

    client.force_login(coordinator)

    assert UserSession.objects.get(session_key=client.session.session_key).user == coordinator


def test_a_session_row_linked_to_another_user_signs_in_only_the_user_in_its_data(
    client, coordinator, outsider
):
    from django.urls import reverse

    from municipalities.models import UserSession

    client.force_login(coordinator)
    UserSession.objects.filter(session_key=client.session.session_key).update(user=outsider)

    response = client.get(reverse("accessibility_statement"))

    assert response.context["user"] == coordinator


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
    from municipalities.models import UserSession

    client.force_login(coordinator)
    assert UserSession.objects.filter(user=coordinator).count() == 1

    coordinator.delete()

    assert UserSession.objects.count() == 0


def test_the_compiled_session_lookup_gives_what_the_orm_gives(client, school_editor):
    from django.db import router
    from django.utils import timezone

    from municipalities import sessions
    from municipalities.models import UserSession

    client.force_login(school_editor)
    key = client.session.session_key
    now = timezone.now()

    compiled = sessions._session_with_user(UserSession, key, now)
    orm = UserSession.objects.select_related(*sessions.RELATED).get(session_key=key)

    assert sessions._compiled[router.db_for_read(UserSession)] is not None
    assert (compiled.session_key, compiled.session_data, compiled.expire_date) == (
        orm.session_key,
        orm.session_data,
        orm.expire_date,
    )
    assert compiled.user == orm.user and compiled.user.password == orm.user.password
    membership = compiled.user.membership
    assert membership.role == orm.user.membership.role
    assert membership.municipality.name == orm.user.membership.municipality.name
    assert membership.institution.name == orm.user.membership.institution.name
    assert sessions._session_with_user(UserSession, "ukendt-noegle", now) is None
    assert sessions._session_with_user(UserSession, key, orm.expire_date) is None  # expired


def test_without_a_compiled_lookup_the_queryset_is_used(client, coordinator, monkeypatch):
    from django.db import router
    from django.urls import reverse

    from municipalities import sessions
    from municipalities.models import UserSession

    monkeypatch.setitem(sessions._compiled, router.db_for_read(UserSession), None)
    client.force_login(coordinator)

    response = client.get(reverse("accessibility_statement"))

    assert response.context["user"] == coordinator
