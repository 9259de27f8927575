"""The reminder log: coordinators see what was sent in their municipality."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.engine import reminders_send
from reminders.models import Reminder
from tests.factories import InstitutionFactory
from tests.reminders.backends import RefusingBackend
from tests.reminders.helpers import TODAY, days, make_obligation, make_policy

pytestmark = pytest.mark.django_db

URL = "/politikker/paamindelser/"


def test_it_lists_what_was_sent_and_what_failed_in_the_own_municipality_only(
    institution, other_institution, school_leader, coordinator, outsider, client_for, settings
):
    make_policy(institution=institution, responsible=school_leader, due=days(-2), title="Vores")
    make_policy(institution=other_institution, due=days(-2), title="Vardes politik")
    settings.EMAIL_BACKEND = "tests.reminders.backends.RefusingBackend"
    RefusingBackend.refuse = {"skoleleder@example.dk"}
    try:
        reminders_send(today=TODAY)
    finally:
        RefusingBackend.refuse = set()

    content = client_for(coordinator).get(URL).content.decode()
    assert "Vores" in content
    assert "Vardes politik" not in content
    assert "SMTPRecipientsRefused" in content

    failed_only = client_for(coordinator).get(URL, {"status": "failed"}).content.decode()
    assert failed_only.count('<th scope="row"') == 1

    assert "Vores" not in client_for(outsider).get(URL).content.decode()


def test_institution_staff_may_not_open_the_log(school_editor, client_for):
    assert client_for(school_editor).get(URL).status_code == 403


def test_the_log_costs_the_same_queries_for_2_and_for_50_rows(
    institution, school_leader, coordinator, client_for, django_assert_num_queries
):
    client = client_for(coordinator)
    make_policy(institution=institution, responsible=school_leader, due=days(-2))
    make_obligation(institution=institution, due=days(3))
    reminders_send(today=TODAY)
    assert Reminder.objects.count() == 3
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(16):
        school = InstitutionFactory(municipality=institution.municipality)
        make_policy(institution=school, responsible=school_leader, due=days(-2))
        make_obligation(institution=school, due=days(3))
    reminders_send(today=TODAY)
    assert Reminder.objects.count() == 51
    mail.outbox.clear()

    # Page rows (with recipient, municipality), the count for the paginator,
    # the policies and the obligations named on the page: fixed however many.
    with django_assert_num_queries(len(few)):
        response = client.get(URL)
    assert response.content.decode().count('<th scope="row"') == 50
