"""The dashboard's figures are cached per (municipality, period) for a few minutes: a
second request is cheaper, ?refresh=1 computes afresh, the page says when the figures
were computed, municipalities never share an entry, and the PDF is always fresh."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from reports.dashboard_cache import dashboard_cache_key
from tests.activities.factories import ActivityFactory
from tests.reports.test_status_pdf import _text

PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def _activity(municipality, **kwargs):
    return ActivityFactory(municipality=municipality, start_date=date(2025, 3, 1), **kwargs)


def test_a_second_request_uses_the_cached_figures_and_makes_fewer_queries(
    client_for, steering_member, coordinator, municipality, ref, django_assert_num_queries
):
    _activity(municipality)
    client = client_for(steering_member)
    url = reverse("reports:dashboard")
    # 1 the session with its user, membership, municipality and institution, 2-8 the seven
    # queries of status_summary (the session was refreshed at login, so it is not saved).
    with django_assert_num_queries(8):
        first = client.get(url, PERIOD)
    # Another user of the municipality: 1 the session with the user, 2 the steering
    # group's subscription (a coordinator may change it); the cached figures, their own
    # page around them.
    other_client = client_for(coordinator)
    with django_assert_num_queries(2):
        other = other_client.get(url, PERIOD)

    assert first.context["summary"].activities == other.context["summary"].activities == 1
    assert other.context["computed_at"] == first.context["computed_at"]
    computed = first.context["computed_at"]
    assert f"Tallene er beregnet kl. {timezone.localtime(computed):%H:%M}" in other.content.decode()


def test_the_cached_figures_lag_until_refresh_recomputes_them(
    client_for, coordinator, municipality, ref
):
    _activity(municipality)
    client = client_for(coordinator)
    url = reverse("reports:dashboard")
    client.get(url, PERIOD)
    _activity(municipality)

    cached = client.get(url, PERIOD)
    html = cached.content.decode()
    refreshed = client.get(url, {**PERIOD, "refresh": "1"})
    afterwards = client.get(url, PERIOD)

    assert cached.context["summary"].activities == 1
    assert ">Beregn igen<" in html
    assert "start=2025-01-01&amp;end=2025-12-31&amp;refresh=1" in html
    assert refreshed.context["summary"].activities == 2
    assert afterwards.context["summary"].activities == 2  # the refresh replaced the entry


def test_a_coordinator_of_another_municipality_never_sees_cached_figures_of_the_first(
    client_for, coordinator, outsider, municipality, other_municipality, ref
):
    for _ in range(3):
        _activity(municipality, title="Kolding-temadag")
    _activity(other_municipality, title="Varde-temadag")
    client_for(coordinator).get(reverse("reports:dashboard"), PERIOD)  # caches Kolding's

    response = client_for(outsider).get(reverse("reports:dashboard"), PERIOD)

    summary = response.context["summary"]
    assert summary.municipality == other_municipality
    assert summary.activities == 1
    html = response.content.decode()
    assert "Status for Varde" in html and "Kolding" not in html


def test_the_cache_key_names_the_municipality_and_the_period(municipality, other_municipality):
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    kolding = dashboard_cache_key(municipality=municipality, start=start, end=end)

    assert kolding != dashboard_cache_key(municipality=other_municipality, start=start, end=end)
    assert kolding != dashboard_cache_key(municipality=None, start=start, end=end)
    assert kolding != dashboard_cache_key(
        municipality=municipality, start=start, end=date(2025, 6, 30)
    )
    assert f"m{municipality.pk}:2025-01-01:2025-12-31" in kolding


def test_a_different_period_is_computed_not_taken_from_another_periods_entry(
    client_for, coordinator, municipality, ref
):
    _activity(municipality)
    client = client_for(coordinator)
    client.get(reverse("reports:dashboard"), PERIOD)

    response = client.get(
        reverse("reports:dashboard"), {"start": "2026-01-01", "end": "2026-12-31"}
    )

    assert response.context["summary"].activities == 0


def test_the_pdf_is_always_computed_afresh(client_for, coordinator, municipality, ref):
    _activity(municipality, participants=100)
    client = client_for(coordinator)
    client.get(reverse("reports:dashboard"), PERIOD)  # caches 100 participants
    _activity(municipality, participants=23)

    response = client.get(reverse("reports:municipality_pdf", args=[municipality.slug]), PERIOD)

    assert "Deltagere talt 123" in _text(response.content)


def _template_names(response) -> set[str]:
    return {template.name for template in response.templates}


def test_the_figures_body_is_rendered_once_and_then_served_from_the_cache(
    client_for, coordinator, steering_member, municipality, ref
):
    _activity(municipality, title="Temadag om hash")
    first = client_for(coordinator).get(reverse("reports:dashboard"), PERIOD)
    # Another user of the same municipality gets the same body, not rendered again.
    second = client_for(steering_member).get(reverse("reports:dashboard"), PERIOD)

    assert "reports/dashboard_body.html" in _template_names(first)
    assert "reports/dashboard_body.html" not in _template_names(second)
    for response in (first, second):
        html = response.content.decode()
        assert '<h2 id="figures-heading">Nøgletal</h2>' in html
        assert '<h2 id="holes-heading">Huller, der betyder noget</h2>' in html
    # The page around the body is the user's own.
    assert "Medlem af SSP-styregruppen" in second.content.decode()
    assert "Medlem af SSP-styregruppen" not in first.content.decode()


def test_the_cached_body_is_per_language(client_for, coordinator, municipality, ref, settings):
    _activity(municipality)
    client = client_for(coordinator)
    client.get(reverse("reports:dashboard"), PERIOD)  # Danish body cached
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("reports:dashboard"), PERIOD).content.decode()

    assert '<h2 id="figures-heading">Key figures</h2>' in html
    assert "Nøgletal" not in html


def _rendered(response) -> bool:
    return "reports/dashboard.html" in _template_names(response)


def _browser(client_for, user):
    """A signed-in client holding a CSRF cookie, as a browser has after the login page."""
    client = client_for(user)
    client.get(reverse("start"))
    assert client.cookies.get("csrftoken")
    return client


def test_a_users_next_visit_is_served_whole_from_the_page_cache(
    client_for, coordinator, municipality, ref, django_assert_num_queries
):
    _activity(municipality)
    client = _browser(client_for, coordinator)
    first = client.get(reverse("reports:dashboard"), PERIOD)

    # 1 the session with the user and membership: nothing else, nothing rendered.
    with django_assert_num_queries(1):
        again = client.get(reverse("reports:dashboard"), PERIOD)

    assert _rendered(first) and not _rendered(again)
    assert again.content == first.content
    assert again.status_code == 200


def test_a_refresh_by_one_user_renews_the_cached_page_of_another(
    client_for, coordinator, steering_member, municipality, ref
):
    _activity(municipality)
    coordinator_client = _browser(client_for, coordinator)
    member_client = _browser(client_for, steering_member)
    member_client.get(reverse("reports:dashboard"), PERIOD)
    assert not _rendered(member_client.get(reverse("reports:dashboard"), PERIOD))  # cached
    _activity(municipality)
    coordinator_client.get(reverse("reports:dashboard"), {**PERIOD, "refresh": "1"})

    response = member_client.get(reverse("reports:dashboard"), PERIOD)

    assert _rendered(response)
    assert response.context["summary"].activities == 2


def test_pending_messages_are_shown_not_hidden_by_the_page_cache(
    client_for, coordinator, municipality, ref, settings
):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    client = _browser(client_for, coordinator)
    client.get(reverse("reports:dashboard"), PERIOD)
    assert not _rendered(client.get(reverse("reports:dashboard"), PERIOD))  # cached
    carrier = HttpResponse()
    CookieStorage(HttpRequest())._store(
        [Message(constants.SUCCESS, "Rapporten er bestilt.")], carrier
    )
    client.cookies[
        settings.MESSAGE_COOKIE_NAME if hasattr(settings, "MESSAGE_COOKIE_NAME") else "messages"
    ] = carrier.cookies["messages"].value

    response = client.get(reverse("reports:dashboard"), PERIOD)

    assert _rendered(response)
    assert "Rapporten er bestilt." in response.content.decode()


def test_a_page_with_errors_is_rendered_every_time(client_for, coordinator, municipality, ref):
    client = _browser(client_for, coordinator)
    bad = {"start": "2025-12-31", "end": "2025-01-01"}
    client.get(reverse("reports:dashboard"), bad)

    response = client.get(reverse("reports:dashboard"), bad)

    assert _rendered(response)
    assert "Slutdatoen må ikke ligge før startdatoen." in response.content.decode()


def test_the_page_cache_is_per_user_and_per_csrf_cookie(
    client_for, coordinator, municipality, ref, settings, rf
):
    from reports.dashboard_cache import dashboard_page_key

    request = rf.get(reverse("reports:dashboard"))
    request.user = coordinator
    assert dashboard_page_key(request=request, figures_key="k") is None  # no CSRF cookie yet
    request.COOKIES[settings.CSRF_COOKIE_NAME] = "a" * 32
    first = dashboard_page_key(request=request, figures_key="k")
    request.COOKIES[settings.CSRF_COOKIE_NAME] = "b" * 32
    second = dashboard_page_key(request=request, figures_key="k")
    assert first and second and first != second
    assert first.startswith("k:page:")
    assert coordinator.username not in first and "a" * 32 not in first
