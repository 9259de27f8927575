"""The partnerships' part in the reminders: obligations of signed or active contracts.

An open obligation due within ``OBLIGATION_LEAD_DAYS``, today, or overdue reminds the
municipality's SSP coordinators. A new due date starts a new cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.due import Audience, DueItem, ReminderSource, stage_for
from partnerships.models import Obligation, PartnershipContract

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

OBJECT_TYPE = "partnerships.obligation"
KIND = "obligation"
KIND_LABEL = _("Forpligtelse i partnerskab")
# Obligations are small, concrete promises: two weeks' notice (as partnerships' due_soon).
OBLIGATION_LEAD_DAYS = 14


def due_items(*, today: date, user: AbstractBaseUser | None = None) -> list[DueItem]:
    """Open obligations due soon, today or overdue; with ``user``, only those the user
    may see (1 query)."""
    queryset = Obligation.objects.all() if user is None else Obligation.objects.visible_to(user)
    obligations = (
        queryset.current()
        .open()
        .filter(
            due_date__isnull=False,
            due_date__lte=today + timedelta(days=OBLIGATION_LEAD_DAYS),
            # A draft binds nobody yet; a finished contract's promises are history.
            contract__status__in=[
                PartnershipContract.Status.SIGNED,
                PartnershipContract.Status.ACTIVE,
            ],
        )
        .select_related("contract__municipality", "contract__institution")
        .order_by("due_date", "pk")
    )
    items = []
    for obligation in obligations:
        contract = obligation.contract
        stage = stage_for(
            due_date=obligation.due_date,
            today=today,
            lead_days=OBLIGATION_LEAD_DAYS,
            grace_days=None,
        )
        if stage is None:
            continue
        items.append(
            DueItem(
                kind=KIND,
                kind_label=KIND_LABEL,
                object_type=OBJECT_TYPE,
                object_id=obligation.pk,
                # A new due date starts a new cycle.
                cycle=obligation.due_date.toordinal(),
                stage=stage,
                due_date=obligation.due_date,
                today=today,
                municipality=contract.municipality,
                title=str(obligation),
                institution_name=contract.institution.name,
                path=reverse("partnerships:contract_detail", kwargs={"pk": contract.pk}),
                audience=(Audience.COORDINATORS,),
                email_template="obligation_reminder",
                institution_id=contract.institution_id,
                obj=obligation,
            )
        )
    return items


def describe(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Description and contract address of each obligation in ``ids`` (one query)."""
    obligations = Obligation.objects.only("description", "contract_id").in_bulk(list(ids))
    return {
        pk: (
            str(obligation),
            reverse("partnerships:contract_detail", kwargs={"pk": obligation.contract_id}),
        )
        for pk, obligation in obligations.items()
    }


SOURCE = ReminderSource(object_type=OBJECT_TYPE, due_items=due_items, describe=describe)
