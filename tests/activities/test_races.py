"""Two people on one activity at the same moment, and forms sent twice.

The concurrent cases run on PostgreSQL with real threads, each with its own
database connection (transactional tests), the way two gunicorn workers would.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from activities import services
from activities.models import Activity
from core.idempotency import TOKEN_FIELD
from municipalities.models import Role
from tests.activities.factories import ActivityFactory
from tests.activities.test_editing import form_data
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")


def _in_other_connection(work, *, hold: float = 0.6) -> tuple[threading.Thread, threading.Event]:
    """Run ``work`` in a transaction on another connection and keep it open for
    ``hold`` seconds after it ran (its row locks held), then commit."""
    started = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with transaction.atomic():
                work()
                started.set()
                time.sleep(hold)
        except BaseException as exc:  # noqa: BLE001 - re-raised by the caller's assertion
            errors.append(exc)
            started.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.errors = errors  # type: ignore[attr-defined]
    thread.start()
    assert started.wait(timeout=30)
    return thread, started


def _edit_data(reference, activity: Activity, **overrides) -> dict:
    return form_data(reference, version=str(activity.version), **overrides)


def test_an_edit_saved_while_the_activity_is_being_deleted_keeps_the_typed_text(
    coordinator, municipality, reference
):
    _needs_postgresql()
    activity = ActivityFactory(municipality=municipality, relations={"principles": []})
    other = make_member(username="kollega", role=Role.COORDINATOR, municipality=municipality)
    deleting, _ = _in_other_connection(
        lambda: services.activity_delete(activity=activity, user=other)
    )
    client = login(_client(), coordinator)
    typed = "Min lange beskrivelse, skrevet mens en anden slettede"
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        _edit_data(reference, activity, description=typed),
    )
    deleting.join(timeout=30)
    assert deleting.errors == []
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Aktiviteten er slettet af {other.get_full_name()}" in html
    assert typed in html
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_a_delete_while_an_edit_is_saving_waits_and_leaves_no_orphan_rows(
    client_for, coordinator, municipality, reference
):
    _needs_postgresql()
    activity = ActivityFactory(municipality=municipality)
    edited = Activity.objects.get(pk=activity.pk)
    edited.title = "Ændret samtidig"

    def save() -> None:
        services.activity_update(
            activity=edited,
            user=coordinator,
            relations={"principles": reference.principles[:3]},
            expected_version=activity.version,
        )

    saving, _ = _in_other_connection(save)
    response = client_for(coordinator).post(reverse("activities:delete", args=[activity.pk]))
    saving.join(timeout=30)
    assert saving.errors == []
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not Activity.principles.through.objects.filter(activity_id=activity.pk).exists()


def test_a_save_after_a_delete_shows_who_deleted_it_and_offers_to_restore(
    client_for, coordinator, municipality, reference
):
    activity = ActivityFactory(municipality=municipality, title="Temadag")
    client = client_for(coordinator)
    form = client.get(reverse("activities:edit", args=[activity.pk])).context["form"]
    client.post(reverse("activities:delete", args=[activity.pk]))
    typed = "Det, jeg nåede at skrive"
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        form_data(reference, version=form["version"].value(), description=typed),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Aktiviteten er slettet af {coordinator.get_full_name()}" in html
    assert typed in html
    record = Activity.history.get(id=activity.pk, history_type="-")
    restore = reverse("activities:restore", args=[record.history_id])
    assert f'action="{restore}"' in html
    client.post(restore)
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_after_an_edit_conflict_the_next_save_goes_through(
    client_for, coordinator, municipality, reference
):
    activity = ActivityFactory(municipality=municipality, title="Oprindelig", description="Gammel")
    client = client_for(coordinator)
    stale = activity.version
    # Someone else saves first.
    client.post(
        reverse("activities:edit", args=[activity.pk]),
        _edit_data(reference, activity, title="Den andens titel", description="Den andens tekst"),
    )
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        form_data(reference, version=str(stale), title="Min titel", description="Min tekst"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "En anden har gemt ændringer" in html
    # My text stays in the form; the other person's is shown for every field that differs.
    assert "Min tekst" in html and "Den andens tekst" in html and "Den andens titel" in html
    form = response.context["form"]
    assert int(form["version"].value()) == stale + 1
    again = client.post(
        reverse("activities:edit", args=[activity.pk]),
        form_data(reference, version=form["version"].value(), title="Min titel"),
    )
    assert again.status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "Min titel"


def _client():
    from django.test import Client

    return Client()


def test_the_create_form_sent_twice_creates_one_activity(client_for, coordinator, reference):
    client = client_for(coordinator)
    html = client.get(reverse("activities:create")).content.decode()
    assert f'name="{TOKEN_FIELD}"' in html
    data = form_data(reference, **{TOKEN_FIELD: "5b0d6a3c9b7e4f0a8c1d2e3f4a5b6c7d"})
    first = client.post(reverse("activities:create"), data)
    second = client.post(reverse("activities:create"), data)
    assert Activity.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_create_form_sent_twice_at_once_creates_one_activity(coordinator, reference):
    _needs_postgresql()
    data = form_data(reference, **{TOKEN_FIELD: "0f1e2d3c4b5a69788796a5b4c3d2e1f0"})
    start = threading.Barrier(2)
    answers: list[int] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            client = login(_client(), coordinator)
            start.wait()
            answers.append(client.post(reverse("activities:create"), data).status_code)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert answers == [302, 302]
    assert Activity.objects.count() == 1
