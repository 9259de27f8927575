"""Scheduled delivery: the coordinator subscribes the steering group; each member gets
one email per period with a link to the access-checked PDF, never an attachment."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from municipalities.models import Role
from reports.models import ReportDelivery, ReportSubscription
from reports.services import last_whole_period, scheduled_reports_send, subscription_set
from tests.activities.factories import ActivityFactory
from tests.factories import make_member
from tests.reminders.backends import DownOnceBackend


def test_the_last_whole_month_and_quarter():
    assert last_whole_period("monthly", date(2026, 12, 1)) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert last_whole_period("monthly", date(2026, 1, 15)) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert last_whole_period("quarterly", date(2026, 12, 1)) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert last_whole_period("quarterly", date(2026, 1, 2)) == (
        date(2025, 10, 1),
        date(2025, 12, 31),
    )


def test_a_coordinator_subscribes_the_steering_group_from_the_status_page(
    client_for, coordinator, municipality
):
    client = client_for(coordinator)
    page = client.get(reverse("reports:municipality", args=[municipality.slug]))
    assert "Rapporten til styregruppen" in page.content.decode()

    response = client.post(
        reverse("reports:municipality_subscription", args=[municipality.slug]),
        {"frequency": "quarterly"},
    )

    assert response.status_code == 302
    subscription = ReportSubscription.objects.get(municipality=municipality)
    assert (subscription.frequency, subscription.active) == ("quarterly", True)
    client.post(
        reverse("reports:municipality_subscription", args=[municipality.slug]),
        {"frequency": ""},
    )
    subscription.refresh_from_db()
    assert subscription.active is False


def test_a_steering_member_may_not_subscribe(steering_member, municipality):
    with pytest.raises(PermissionDenied):
        subscription_set(user=steering_member, municipality=municipality, frequency="monthly")
    assert not ReportSubscription.objects.exists()


def test_each_member_gets_one_email_per_period_however_often_the_run_repeats(
    coordinator, steering_member, municipality, other_municipality, settings
):
    settings.SITE_URL = "https://narkoen.example.dk"
    second = make_member(username="styre2", role=Role.STEERING_MEMBER, municipality=municipality)
    make_member(username="styre-varde", role=Role.STEERING_MEMBER, municipality=other_municipality)
    subscription_set(user=coordinator, municipality=municipality, frequency="monthly")

    first = scheduled_reports_send(today=date(2026, 12, 1))
    again = scheduled_reports_send(today=date(2026, 12, 1))
    later_same_month = scheduled_reports_send(today=date(2026, 12, 20))

    assert len(first.sent) == 2 and again.sent == [] and later_same_month.sent == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([steering_member.email, second.email])
    message = mail.outbox[0]
    assert message.attachments == []
    pdf_url = reverse("reports:municipality_pdf", args=[municipality.slug])
    assert f"https://narkoen.example.dk{pdf_url}?start=2026-11-01&end=2026-11-30" in message.body
    assert "november 2026" in message.subject
    assert ReportDelivery.objects.filter(status=ReportDelivery.Status.SENT).count() == 2

    # A new month: a new period, one email each again.
    next_month = scheduled_reports_send(today=date(2027, 1, 1))
    assert len(next_month.sent) == 2 and len(mail.outbox) == 4


def test_a_failed_email_is_retried_by_the_next_run_and_sent_once(
    coordinator, steering_member, municipality, settings
):
    subscription_set(user=coordinator, municipality=municipality, frequency="quarterly")
    settings.EMAIL_BACKEND = "tests.reminders.backends.DownOnceBackend"
    DownOnceBackend.failures = 1

    failed = scheduled_reports_send(today=date(2026, 12, 1))

    assert failed.sent == [] and len(failed.failed) == 1
    assert mail.outbox == []
    retried = scheduled_reports_send(today=date(2026, 12, 1))
    assert len(retried.sent) == 1 and len(mail.outbox) == 1
    assert scheduled_reports_send(today=date(2026, 12, 1)).sent == []


def test_the_figures_download_as_a_spreadsheet(client_for, steering_member, municipality, ref):
    ActivityFactory(municipality=municipality, start_date=date(2025, 3, 1), participants=12)

    response = client_for(steering_member).get(
        reverse("reports:municipality_xlsx", args=[municipality.slug]),
        {"start": "2025-01-01", "end": "2025-12-31"},
    )

    assert response.status_code == 200
    assert "statustal-kolding-2025-01-01-2025-12-31.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert "Nøgletal" in workbook.sheetnames and "Sådan er tallene talt" in workbook.sheetnames
    figures = {row[0]: row[1:] for row in workbook["Nøgletal"].iter_rows(values_only=True)}
    assert figures["Aktiviteter i perioden"][:3] == (1, 0, 1)
    assert figures["Deltagere talt"][0] == 12
