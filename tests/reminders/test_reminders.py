"""Yearly policy-review reminders and obligation reminders: who gets what, once."""

from __future__ import annotations

import math

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from municipalities.models import Role
from partnerships.models import PartnershipContract
from policies.models import Policy
from reminders.engine import due_items, due_items_for, plan_reminders, reminders_send
from reminders.models import Reminder
from reminders.tasks import ReminderDeliveryError, send_review_reminders
from tests.factories import InstitutionFactory, make_member
from tests.reminders.backends import DownOnceBackend, RefusingBackend
from tests.reminders.helpers import (
    TODAY,
    days,
    from_today,
    make_obligation,
    make_policy,
    readopt,
    recipients,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(institution, school_leader):
    return make_policy(institution=institution, responsible=school_leader, due=days(20))


def test_it_reminds_the_responsible_person_within_the_lead_time(policy, coordinator, settings):
    settings.SITE_URL = "https://narkoen.example.dk"
    run = reminders_send(today=TODAY)

    assert [r.stage for r in run.sent] == [Reminder.Stage.UPCOMING]
    assert recipients(mail.outbox) == ["skoleleder@example.dk"]
    message = mail.outbox[0]
    assert message.subject == (
        "Rusmiddelpolitikken for Munkevængets Skole skal revideres senest 22. marts 2026"
    )
    assert "om 20 dage" in message.body
    assert "fordi du er ansvarlig for revisionen" in message.body
    link = f"https://narkoen.example.dk/politikker/{policy.pk}/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert '<html lang="da">' in html


def test_it_does_not_remind_before_the_lead_time(institution, school_leader):
    make_policy(institution=institution, responsible=school_leader, due=days(31))

    reminders_send(today=TODAY)

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_the_lead_time_is_the_municipalitys_own(institution, school_leader):
    institution.municipality.review_lead_days = 10
    institution.municipality.save()
    make_policy(institution=institution, responsible=school_leader, due=days(11))

    reminders_send(today=TODAY)
    assert mail.outbox == []

    reminders_send(today=days(1))
    assert recipients(mail.outbox) == ["skoleleder@example.dk"]


def test_it_reminds_on_the_due_date(institution, school_leader, coordinator):
    make_policy(institution=institution, responsible=school_leader, due=TODAY)

    run = reminders_send(today=TODAY)

    assert [r.stage for r in run.sent] == [Reminder.Stage.DUE]
    assert recipients(mail.outbox) == ["skoleleder@example.dk"]
    assert mail.outbox[0].subject.endswith("skal revideres i dag")


def test_an_overdue_review_also_reminds_the_coordinators(
    institution, school_leader, coordinator, steering_member
):
    make_policy(institution=institution, responsible=school_leader, due=days(-3))

    reminders_send(today=TODAY)

    assert recipients(mail.outbox) == ["koordinator@example.dk", "skoleleder@example.dk"]
    coordinator_mail = next(m for m in mail.outbox if m.to == ["koordinator@example.dk"])
    assert "er overskredet" in coordinator_mail.subject
    assert "er nu 3 dage forsinket" in coordinator_mail.body
    assert "fordi du er SSP-koordinator i Kolding" in coordinator_mail.body


def test_beyond_the_grace_period_the_steering_group_is_told_too(
    institution, school_leader, coordinator, steering_member, outsider
):
    # Grace 30 days (the default): 30 days late is still "overdue", 31 escalates.
    make_policy(institution=institution, responsible=school_leader, due=days(-30))
    reminders_send(today=TODAY)
    assert "styregruppe@example.dk" not in recipients(mail.outbox)

    mail.outbox.clear()
    reminders_send(today=days(1))

    assert recipients(mail.outbox) == [
        "koordinator@example.dk",
        "skoleleder@example.dk",
        "styregruppe@example.dk",
    ]
    steering_mail = next(m for m in mail.outbox if m.to == ["styregruppe@example.dk"])
    assert "medlem af SSP-styregruppen i Kolding" in steering_mail.body
    # The other municipality's coordinator hears nothing.
    assert "udenfor@example.dk" not in recipients(mail.outbox)


def test_each_stage_is_sent_once_per_cycle(policy):
    reminders_send(today=TODAY)
    reminders_send(today=TODAY)
    reminders_send(today=days(5))  # still "due soon": already reminded

    assert len(mail.outbox) == 1
    assert Reminder.objects.get().status == Reminder.Status.SENT


def test_a_new_adoption_starts_a_new_cycle(policy):
    reminders_send(today=TODAY)
    assert len(mail.outbox) == 1

    readopt(policy, due=days(365))
    reminders_send(today=TODAY)
    assert len(mail.outbox) == 1  # the new date is far off

    reminders_send(today=days(345))
    assert len(mail.outbox) == 2
    assert sorted(Reminder.objects.values_list("cycle", flat=True)) == [1, 2]


def test_without_a_named_responsible_the_institution_leaders_are_reminded(
    institution, school_leader, school_editor
):
    make_policy(institution=institution, responsible=None, due=days(10))

    reminders_send(today=TODAY)

    assert recipients(mail.outbox) == ["skoleleder@example.dk"]
    assert "fordi du er leder på Munkevængets Skole" in mail.outbox[0].body


def test_policies_not_in_force_are_not_reminded(institution, school_leader):
    make_policy(institution=institution, responsible=school_leader, due=days(-5), status="archived")
    draft = make_policy(institution=institution, responsible=school_leader, due=days(-5))
    draft.review_due_date = None  # never adopted
    draft.save()

    reminders_send(today=TODAY)

    assert mail.outbox == []


def test_english_users_get_the_email_in_english(policy, school_leader):
    school_leader.membership.language = "en"
    school_leader.membership.save()

    reminders_send(today=TODAY)

    message = mail.outbox[0]
    assert '<html lang="en">' in message.alternatives[0][0]
    # The sentences follow once the English catalogue is filled in (one pass,
    # later); Django's own formats already speak English.
    assert "March 22, 2026" in message.subject
    assert "March 22, 2026" in message.body


def test_a_mail_failure_is_recorded_and_only_the_failed_reminder_is_sent_again(
    institution, school_leader, coordinator, settings
):
    make_policy(institution=institution, responsible=school_leader, due=days(-2))
    settings.EMAIL_BACKEND = "tests.reminders.backends.RefusingBackend"
    RefusingBackend.refuse = {"skoleleder@example.dk"}

    run = reminders_send(today=TODAY)

    assert recipients(mail.outbox) == ["koordinator@example.dk"]
    failed = Reminder.objects.get(recipient=school_leader)
    assert (failed.status, failed.attempts) == (Reminder.Status.FAILED, 1)
    assert "SMTPRecipientsRefused" in failed.last_error
    assert [r.pk for r in run.failed] == [failed.pk]

    RefusingBackend.refuse = set()
    reminders_send(today=TODAY)

    assert recipients(mail.outbox) == ["koordinator@example.dk", "skoleleder@example.dk"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (Reminder.Status.SENT, 2, "")
    assert Reminder.objects.get(recipient=coordinator).attempts == 1


@pytest.fixture
def eager_retries():
    """Let eager tasks retry in-process as a worker would (Celery only re-runs an
    eager task's retries when it does not propagate its exceptions)."""
    from config.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def test_the_task_retries_a_mail_server_outage_without_sending_twice(
    institution, school_leader, coordinator, settings, eager_retries
):
    make_policy(institution=institution, responsible=school_leader, due=from_today(-2))
    settings.EMAIL_BACKEND = "tests.reminders.backends.DownOnceBackend"
    DownOnceBackend.failures = 1  # the first message fails, the rest go through

    result = send_review_reminders.delay()  # eager: the retry runs at once

    assert result.successful()
    assert recipients(mail.outbox) == ["koordinator@example.dk", "skoleleder@example.dk"]
    assert sorted(Reminder.objects.values_list("status", "attempts")) == [
        (Reminder.Status.SENT, 1),
        (Reminder.Status.SENT, 2),
    ]


def test_the_task_gives_up_after_its_retries_and_keeps_the_failure(
    institution, school_leader, settings, eager_retries
):
    make_policy(institution=institution, responsible=school_leader, due=from_today(3))
    settings.EMAIL_BACKEND = "tests.reminders.backends.RefusingBackend"
    RefusingBackend.refuse = {"skoleleder@example.dk"}
    try:
        result = send_review_reminders.delay()
    finally:
        RefusingBackend.refuse = set()

    assert isinstance(result.result, ReminderDeliveryError)
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.attempts == 1 + send_review_reminders.max_retries
    assert mail.outbox == []


def test_the_task_is_configured_to_back_off_exponentially():
    assert send_review_reminders.name == "reminders.tasks.send_review_reminders"
    assert send_review_reminders.autoretry_for == (ReminderDeliveryError,)
    assert send_review_reminders.retry_backoff == 60


def test_obligations_due_soon_or_overdue_remind_the_coordinators(
    institution, coordinator, school_leader, steering_member
):
    soon = make_obligation(institution=institution, due=days(14))
    make_obligation(institution=institution, due=days(15))  # not yet
    late = make_obligation(institution=institution, due=days(-40))
    make_obligation(institution=institution, due=days(-1), status="done")
    make_obligation(institution=institution, due=days(-1), contract_status="draft")

    run = reminders_send(today=TODAY)

    assert recipients(mail.outbox) == ["koordinator@example.dk", "koordinator@example.dk"]
    assert sorted((r.object_id, r.stage) for r in run.sent) == sorted(
        [(soon.pk, Reminder.Stage.UPCOMING), (late.pk, Reminder.Stage.OVERDUE)]
    )
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0].startswith("En forpligtelse i partnerskabet med Munkevængets Skole er ")
    body = next(m.body for m in mail.outbox if "overskredet" in m.subject)
    assert "Uddanne to nøglepersoner i Hash-samtalen" in body
    assert f"/partnerskaber/kontrakter/{late.contract_id}/" in body


def test_a_new_due_date_for_an_obligation_starts_a_new_cycle(institution, coordinator):
    obligation = make_obligation(institution=institution, due=days(3))
    reminders_send(today=TODAY)
    obligation.due_date = days(10)
    obligation.save()

    reminders_send(today=TODAY)

    assert len(mail.outbox) == 2


def _many_policies(count: int, municipality, responsible) -> None:
    for n in range(count):
        school = InstitutionFactory(municipality=municipality)
        make_member(
            username=f"leder{n}",
            role=Role.INSTITUTION_LEADER,
            municipality=municipality,
            institution=school,
        )
        # A mix of stages: due soon, due today, overdue, escalated.
        make_policy(
            institution=school,
            responsible=responsible if n % 2 else None,
            due=days([10, 0, -5, -40][n % 4]),
        )


# 1 max lead days, 2 due policies, 3 due obligations, 4 memberships of the
# municipalities concerned, 5 insert the claims (ON CONFLICT DO NOTHING),
# 6 select the claimable ones, 7-9 savepoint, claim UPDATE, release (the test's
# transaction makes the atomic block a savepoint), 10 select the claimed rows,
# 11 mark them sent.
SEND_QUERIES = 11


@pytest.mark.parametrize("count", [1, 60])
def test_the_number_of_queries_does_not_grow_with_the_number_of_policies(
    count, municipality, coordinator, steering_member, school_leader, django_assert_max_num_queries
):
    _many_policies(count, municipality, school_leader)
    planned = plan_reminders(due_items(today=TODAY))
    # The claims are inserted in one statement per batch: on PostgreSQL a batch
    # holds thousands of rows, on SQLite (999 parameters) only 66.
    fields = [f for f in Reminder._meta.concrete_fields if not f.primary_key]
    batch = connection.ops.bulk_batch_size(fields, planned)
    extra_batches = math.ceil(len(planned) / batch) - 1

    with django_assert_max_num_queries(SEND_QUERIES + extra_batches):
        run = reminders_send(today=TODAY)

    assert len(run.sent) == len(planned) >= count
    assert not run.failed


def test_the_command_shows_what_it_would_send_and_then_sends_it(policy, capsys):
    call_command("send_review_reminders", "--dry-run", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "1 reminder(s) would be sent" in out
    assert "skoleleder@example.dk (responsible)" in out
    assert mail.outbox == []
    assert not Reminder.objects.exists()

    call_command("send_review_reminders", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "sent: policy_review" in out
    assert "1 sent, 0 failed" in out
    assert len(mail.outbox) == 1

    call_command("send_review_reminders", "--dry-run", "--date", TODAY.isoformat())
    assert "0 reminder(s) would be sent" in capsys.readouterr().out


# --- The start page list ----------------------------------------------------


def test_due_items_are_scoped_to_what_the_user_may_see(
    policy, institution, other_institution, coordinator, outsider, school_editor
):
    other_school = InstitutionFactory(municipality=institution.municipality, name="Bakkeskolen")
    make_policy(institution=other_school, due=days(-3), title="Bakkeskolens politik")
    make_policy(institution=other_institution, due=days(-3), title="Varde-politik")
    make_obligation(institution=institution, due=days(5))

    titles = [item.title for item in due_items_for(coordinator, today=TODAY)]
    assert titles == [
        "Bakkeskolens politik",
        "Uddanne to nøglepersoner i Hash-samtalen",
        "Rusmiddelpolitik",
    ]
    assert [item.title for item in due_items_for(outsider, today=TODAY)] == ["Varde-politik"]
    # School staff see their own institution's policy and contract obligation.
    assert [item.title for item in due_items_for(school_editor, today=TODAY)] == [
        "Uddanne to nøglepersoner i Hash-samtalen",
        "Rusmiddelpolitik",
    ]


def test_the_start_page_lists_what_is_due_soon_and_overdue(
    institution, school_leader, coordinator, client_for
):
    policy = make_policy(institution=institution, responsible=school_leader, due=from_today(20))
    make_policy(institution=institution, due=from_today(-400), title="Gammel politik")
    make_policy(institution=institution, due=from_today(60), title="Ny politik")

    response = client_for(coordinator).get("/")

    content = response.content.decode()
    assert "Forfalder snart og overskredet" in content
    assert "Gammel politik" in content
    assert "Rusmiddelpolitik" in content
    assert f'href="/politikker/{policy.pk}/"' in content
    assert "Ny politik" not in content


def test_the_start_page_list_costs_the_same_queries_for_1_and_for_40_items(
    institution, school_leader, coordinator, client_for, django_assert_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    make_policy(institution=institution, responsible=school_leader, due=from_today(3))
    make_obligation(institution=institution, due=from_today(-3))
    with CaptureQueriesContext(connection) as one_each:
        client.get("/")
    for n in range(20):
        school = InstitutionFactory(municipality=institution.municipality)
        make_policy(institution=school, responsible=school_leader, due=from_today(n - 10))
        make_obligation(institution=school, due=from_today(n - 10))

    # The list adds three queries however long it is: the longest lead time,
    # the due policies (with municipality, institution, responsible) and the
    # due obligations (with contract, municipality, institution).
    with django_assert_num_queries(len(one_each)):
        response = client.get("/")
    assert response.content.decode().count('<th scope="row"') == 42


def test_historical_records_never_trigger_a_reminder_or_an_escalation(
    institution, school_leader, coordinator
):
    # A policy the booklet reports as adopted and an obligation of a historical
    # contract, both long overdue: true of their period only, so nobody is asked today.
    policy = make_policy(institution=institution, responsible=school_leader, due=days(-400))
    obligation = make_obligation(institution=institution, due=days(-400))
    Policy.objects.filter(pk=policy.pk).update(is_historical=True)
    PartnershipContract.objects.filter(pk=obligation.contract_id).update(is_historical=True)

    assert due_items(today=TODAY) == []
    assert due_items_for(coordinator, today=TODAY) == []
    run = reminders_send(today=TODAY)
    assert run.sent == [] and mail.outbox == []
    assert not Policy.objects.overdue(today=TODAY).exists()
    policy.refresh_from_db()
    assert not policy.is_due_for_review(today=TODAY)

    # The same rows, not historical, would be reminded and escalated.
    Policy.objects.filter(pk=policy.pk).update(is_historical=False)
    PartnershipContract.objects.filter(pk=obligation.contract_id).update(is_historical=False)
    stages = {item.kind: item.stage for item in due_items(today=TODAY)}
    assert stages == {
        Reminder.Kind.POLICY_REVIEW: Reminder.Stage.ESCALATED,
        Reminder.Kind.OBLIGATION: Reminder.Stage.OVERDUE,
    }
