"""The policies' part in the reminders: adopted policies whose yearly review falls due.

An adopted policy whose review is due within the municipality's lead time
(``Municipality.review_lead_days``), today, or overdue reminds its responsible person
(the institution's leaders when nobody is named); once overdue, the municipality's
SSP coordinators too; once overdue by more than ``Municipality.review_grace_days``,
the steering group too. A new adoption starts a new cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.due import Audience, DueItem, ReminderSource, Stage, stage_for
from municipalities.models import Municipality
from policies.models import Policy

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

OBJECT_TYPE = "policies.policy"
KIND = "policy_review"
KIND_LABEL = _("Revision af rusmiddelpolitik")


def _audience(stage: str) -> tuple[str, ...]:
    if stage == Stage.ESCALATED:
        return (Audience.RESPONSIBLE, Audience.COORDINATORS, Audience.STEERING)
    if stage == Stage.OVERDUE:
        return (Audience.RESPONSIBLE, Audience.COORDINATORS)
    return (Audience.RESPONSIBLE,)


def due_items(*, today: date, user: AbstractBaseUser | None = None) -> list[DueItem]:
    """Adopted policies whose review is due soon, today or overdue; with ``user``, only
    those the user may see (2 queries)."""
    max_lead = Municipality.objects.aggregate(m=Max("review_lead_days"))["m"] or 0
    queryset = Policy.objects.all() if user is None else Policy.objects.visible_to(user)
    policies = (
        # A historical record (the booklet's adoptions) is true of its period only.
        queryset.current()
        .adopted()
        .filter(review_due_date__lte=today + timedelta(days=max_lead))
        .select_related("municipality", "institution", "responsible__membership")
        # Reminders and the start page show no section: leave their JSON unread.
        .defer("content")
        .order_by("review_due_date", "pk")
    )
    items = []
    for policy in policies:
        municipality = policy.municipality
        stage = stage_for(
            due_date=policy.review_due_date,
            today=today,
            lead_days=municipality.review_lead_days,
            grace_days=municipality.review_grace_days,
        )
        if stage is None:
            continue
        items.append(
            DueItem(
                kind=KIND,
                kind_label=KIND_LABEL,
                object_type=OBJECT_TYPE,
                object_id=policy.pk,
                cycle=policy.review_cycle,
                stage=stage,
                due_date=policy.review_due_date,
                today=today,
                municipality=municipality,
                title=policy.title,
                institution_name=policy.institution.name,
                path=reverse("policies:detail", kwargs={"pk": policy.pk}),
                audience=_audience(stage),
                email_template="review_reminder",
                institution_id=policy.institution_id,
                responsible=policy.responsible,
                obj=policy,
            )
        )
    return items


def describe(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Title and address of each policy in ``ids`` (one query; its sections left unread)."""
    return {
        pk: (policy.title, reverse("policies:detail", kwargs={"pk": pk}))
        for pk, policy in Policy.objects.only("title").in_bulk(list(ids)).items()
    }


SOURCE = ReminderSource(object_type=OBJECT_TYPE, due_items=due_items, describe=describe)
