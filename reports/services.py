"""Writes of the reports app: the steering group's subscription to its status report,
and the scheduled delivery (exactly once per member and period).

Delivery claims before it sends, like the review reminders: the (subscription,
member, period) row is unique; a run inserts the rows it wants, then claims the
pending ones with one conditional UPDATE (rows locked by a concurrent run are
skipped), and only the run that claimed a row sends its email.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from municipalities import access
from municipalities.models import Membership, Municipality, Role
from reports.forms import period_query
from reports.models import ReportDelivery, ReportSubscription
from reports.selectors import period_label

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@transaction.atomic
def subscription_set(
    *, user, municipality: Municipality, frequency: str | None
) -> ReportSubscription | None:
    """Subscribe ``municipality``'s steering group (``frequency`` monthly or
    quarterly) or end the subscription (None). Coordinators of the municipality and
    national administrators only (403 otherwise)."""
    subscription = ReportSubscription.objects.filter(municipality=municipality).first()
    probe = subscription or ReportSubscription(municipality=municipality)
    access.require(user, access.SUBSCRIPTION_WRITE, probe)
    if frequency is None:
        if subscription is not None:
            subscription.active = False
            subscription.save(update_fields=["active", "updated_at"])
        return subscription
    if frequency not in ReportSubscription.Frequency.values:
        raise ValueError(frequency)
    probe.frequency = frequency
    probe.active = True
    if probe.pk is None:
        probe.created_by = user
    probe.save()
    return probe


def last_whole_period(frequency: str, today: date) -> tuple[date, date]:
    """The last calendar month or quarter that ended before ``today``."""
    first_of_month = today.replace(day=1)
    if frequency == ReportSubscription.Frequency.MONTHLY:
        end = first_of_month - timedelta(days=1)
        return end.replace(day=1), end
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    end = quarter_start - timedelta(days=1)
    return date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end


@dataclass
class DeliveryRun:
    today: date
    sent: list[ReportDelivery] = field(default_factory=list)
    failed: list[ReportDelivery] = field(default_factory=list)


def _members(subscriptions: list[ReportSubscription]) -> dict[int, list]:
    members: dict[int, list] = {}
    for membership in (
        Membership.objects.filter(
            role=Role.STEERING_MEMBER,
            municipality__in=[s.municipality_id for s in subscriptions],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    ):
        members.setdefault(membership.municipality_id, []).append(membership.user)
    return members


def _claim(wanted: list[ReportDelivery]) -> list[ReportDelivery]:
    ReportDelivery.objects.bulk_create(wanted, ignore_conflicts=True)
    claimable = [ReportDelivery.Status.PENDING, ReportDelivery.Status.FAILED]
    token = uuid.uuid4()
    keys = {(d.subscription_id, d.recipient_id, d.start, d.end) for d in wanted}
    candidates = [
        pk
        for pk, *key in ReportDelivery.objects.filter(
            subscription_id__in={d.subscription_id for d in wanted},
            status__in=claimable,
            attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", "subscription_id", "recipient_id", "start", "end")
        if tuple(key) in keys
    ]
    if not candidates:
        return []
    with transaction.atomic():
        # SKIP LOCKED: rows a concurrent run is claiming are its to send; the status is
        # checked again on the locked row, so one run claims each row.
        locked = (
            ReportDelivery.objects.select_for_update(skip_locked=True)
            .filter(pk__in=candidates, status__in=claimable)
            .values("pk")
        )
        ReportDelivery.objects.filter(pk__in=locked, status__in=claimable).update(
            status=ReportDelivery.Status.SENDING, claim_token=token, attempts=F("attempts") + 1
        )
    return list(
        ReportDelivery.objects.filter(claim_token=token)
        .select_related("subscription__municipality", "recipient")
        .order_by("pk")
    )


def delivery_email(delivery: ReportDelivery, *, connection=None) -> EmailMultiAlternatives:
    """The email: a link to the PDF behind the sign-in, never the report attached."""
    municipality = delivery.subscription.municipality
    link = (
        settings.SITE_URL.rstrip("/")
        + reverse("reports:municipality_pdf", args=[municipality.slug])
        + "?"
        + period_query(delivery.start, delivery.end)
    )
    with translation.override("da"):
        context = {
            "municipality": municipality,
            "recipient": delivery.recipient,
            "period": period_label(delivery.start, delivery.end),
            "link": link,
            "frequency": delivery.subscription.get_frequency_display(),
        }
        subject = " ".join(render_to_string("emails/status_report-subject.txt", context).split())
        text = render_to_string("emails/status_report-body.txt", context)
    return EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient.email],
        connection=connection,
    )


def scheduled_reports_send(*, today: date | None = None) -> DeliveryRun:
    """Send every active subscription's report for its last whole period to each
    steering-group member, once (see the module docstring). Run daily by beat; a day
    on which no new period has ended sends nothing new."""
    today = today or timezone.localdate()
    run = DeliveryRun(today=today)
    subscriptions = list(ReportSubscription.objects.filter(active=True))
    members = _members(subscriptions)
    wanted = []
    for subscription in subscriptions:
        start, end = last_whole_period(subscription.frequency, today)
        wanted += [
            ReportDelivery(subscription=subscription, recipient=user, start=start, end=end)
            for user in members.get(subscription.municipality_id, [])
        ]
    if not wanted:
        return run
    claimed = _claim(wanted)
    if not claimed:
        return run
    connection = get_connection()
    for delivery in claimed:
        try:
            delivery_email(delivery, connection=connection).send()
        except Exception as exc:  # noqa: BLE001 - any mail failure marks the row failed
            logger.warning("Status report delivery %s failed: %s", delivery.pk, exc)
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            run.failed.append(delivery)
        else:
            run.sent.append(delivery)
    if run.sent:
        ReportDelivery.objects.filter(pk__in=[d.pk for d in run.sent]).update(
            status=ReportDelivery.Status.SENT, sent_at=timezone.now(), claim_token=None
        )
    for delivery in run.failed:
        ReportDelivery.objects.filter(pk=delivery.pk).update(
            status=ReportDelivery.Status.FAILED, last_error=delivery.last_error, claim_token=None
        )
    return run
