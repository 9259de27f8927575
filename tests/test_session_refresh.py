"""Sessions end after SESSION_COOKIE_AGE of inactivity, but a session in use is saved
(its expiry pushed on) at most every SESSION_REFRESH_SECONDS, not on every request."""

from __future__ import annotations

import time

from django.urls import reverse
from django.utils import timezone

from core.middleware import SessionRefreshMiddleware
from municipalities.models import UserSession as Session
from tests.factories import PASSWORD


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _backdate(client, *, seconds: int) -> None:
    """Pretend the session was last refreshed ``seconds`` ago."""
    session = client.session
    session[SessionRefreshMiddleware.KEY] = int(time.time()) - seconds
    session.save()


def test_a_page_view_soon_after_login_does_not_write_the_session(client, coordinator):
    client.post(reverse("login"), {"username": "koordinator", "password": PASSWORD})
    before = _session(client)

    assert client.get(reverse("start")).status_code == 200

    after = _session(client)
    assert after.expire_date == before.expire_date
    assert after.session_data == before.session_data


def test_a_session_in_use_is_refreshed_once_the_interval_has_passed(client, coordinator, settings):
    client.force_login(coordinator)
    _backdate(client, seconds=settings.SESSION_REFRESH_SECONDS + 1)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timezone.timedelta(minutes=10)
    )

    assert client.get(reverse("start")).status_code == 200

    refreshed = _session(client)
    remaining = (refreshed.expire_date - timezone.now()).total_seconds()
    assert remaining > settings.SESSION_COOKIE_AGE - 60
    stamp = client.session[SessionRefreshMiddleware.KEY]
    assert abs(stamp - time.time()) < 60


def test_a_session_idle_longer_than_its_age_is_signed_out(client, coordinator):
    client.force_login(coordinator)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )

    response = client.get(reverse("start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_get_no_session_row(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("accessibility_statement")).status_code == 200

    assert Session.objects.count() == 0
