"""Workflows of partnership contracts and nightlife agreements.

A contract moves draft → signed → active → completed, and may be ended early
once signed. Signing needs the two commitments (no exclusion; treatment is
offered), the four elements and at least one signatory.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from municipalities.concurrency import save_versioned
from municipalities.models import Institution, Municipality
from partnerships.models import (
    AgreementMember,
    NightlifeAgreement,
    Obligation,
    PartnershipContract,
    Signatory,
)

Status = PartnershipContract.Status

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SIGNED},
    Status.SIGNED: {Status.ACTIVE, Status.ENDED_EARLY},
    Status.ACTIVE: {Status.COMPLETED, Status.ENDED_EARLY},
    Status.COMPLETED: set(),
    Status.ENDED_EARLY: set(),
}

# Fields that describe the agreement itself: fixed once it is signed.
CONTENT_FIELDS = (
    "title",
    "municipal_party",
    *PartnershipContract.ELEMENT_FIELDS,
    "institution_contribution",
    "municipality_contribution",
    "commits_no_exclusion",
    "commits_treatment_offer",
    "treatment_offer",
)


def allowed_targets(contract: PartnershipContract) -> list[str]:
    """The statuses ``contract`` may move to next, in the order of the status list."""
    targets = ALLOWED_TRANSITIONS[contract.status]
    return [value for value in Status.values if value in targets]


def signing_problems(contract: PartnershipContract) -> list[str]:
    """Why ``contract`` cannot be signed yet (empty when it can)."""
    problems = []
    for element in contract.elements():
        if not element["text"].strip():
            problems.append(_("Beskriv „%(element)s“.") % {"element": element["label"]})
    if not contract.commits_no_exclusion:
        problems.append(_("Bekræft, at rusmiddelpolitikken ikke har eksklusion som mål."))
    if not contract.commits_treatment_offer:
        problems.append(_("Bekræft, at politikken siger, hvordan der tilbydes behandling."))
    if not contract.signatories.exists():
        problems.append(_("Tilføj mindst én underskriver."))
    return problems


@transaction.atomic
def contract_create(
    *,
    institution: Institution,
    values: dict[str, Any],
    activities: Iterable[Activity] = (),
    created_by=None,
) -> PartnershipContract:
    """Create a draft contract between ``institution`` and its municipality."""
    contract = PartnershipContract(
        municipality=institution.municipality,
        institution=institution,
        created_by=created_by,
        status=Status.DRAFT,
        **values,
    )
    contract.full_clean()
    contract.save()
    contract.activities.set(activities)
    return contract


@transaction.atomic
def contract_update(
    *,
    contract: PartnershipContract,
    values: dict[str, Any],
    expected_version: int | None,
    activities: Iterable[Activity] | None = None,
) -> PartnershipContract:
    """Save an edit made on version ``expected_version``; raises EditConflict.

    Once signed, the wording of the agreement is fixed: only the term and the
    linked activities change.
    """
    for name, value in values.items():
        if name in CONTENT_FIELDS and not contract.is_draft:
            raise ValidationError(_("En underskrevet kontrakts indhold kan ikke ændres."))
        setattr(contract, name, value)
    contract.full_clean()
    save_versioned(contract, expected_version=expected_version)
    if activities is not None:
        contract.activities.set(activities)
    return contract


@transaction.atomic
def contract_transition(
    *,
    contract: PartnershipContract,
    target: str,
    on: date | None = None,
    reason: str = "",
) -> PartnershipContract:
    """Move ``contract`` to ``target`` if the step is allowed.

    Raises ValidationError naming what is missing. The row is locked, so two
    people pressing the button at once cannot both move it.
    """
    current = PartnershipContract.objects.select_for_update().get(pk=contract.pk)
    if target not in ALLOWED_TRANSITIONS[current.status]:
        raise ValidationError(
            _("En kontrakt med status „%(current)s“ kan ikke blive „%(target)s“.")
            % {"current": current.get_status_display(), "target": Status(target).label}
        )
    on = on or timezone.localdate()
    fields = ["status", "version", "updated_at"]
    if target == Status.SIGNED:
        problems = signing_problems(current)
        if problems:
            raise ValidationError(problems)
        current.signed_on = on
        fields.append("signed_on")
    if target == Status.ACTIVE and current.start_date is None:
        current.start_date = on
        fields.append("start_date")
    if target in (Status.COMPLETED, Status.ENDED_EARLY):
        if target == Status.ENDED_EARLY and not reason.strip():
            raise ValidationError(_("Skriv, hvorfor kontrakten afbrydes."))
        current.ended_on = on
        current.end_reason = reason.strip()
        fields += ["ended_on", "end_reason"]
    current.status = target
    current.version += 1
    current.save(update_fields=fields)
    return current


def contract_sign(*, contract: PartnershipContract, on: date | None = None) -> PartnershipContract:
    """Sign a draft contract (see ``signing_problems`` for the conditions)."""
    return contract_transition(contract=contract, target=Status.SIGNED, on=on)


@transaction.atomic
def signatory_add(*, contract: PartnershipContract, values: dict[str, Any]) -> Signatory:
    """Add a signatory; the list is fixed once the contract is signed."""
    if not contract.is_draft:
        raise ValidationError(_("Underskrivere kan kun tilføjes, mens kontrakten er en kladde."))
    signatory = Signatory(contract=contract, **values)
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def signatory_remove(*, signatory: Signatory) -> None:
    if not signatory.contract.is_draft:
        raise ValidationError(_("Underskrivere kan kun fjernes, mens kontrakten er en kladde."))
    signatory.delete()


@transaction.atomic
def obligation_create(*, contract: PartnershipContract, values: dict[str, Any]) -> Obligation:
    """Add an obligation of one party to ``contract``."""
    obligation = Obligation(contract=contract, **values)
    obligation.full_clean()
    obligation.save()
    return obligation


@transaction.atomic
def obligation_update(
    *, obligation: Obligation, values: dict[str, Any], expected_version: int | None
) -> Obligation:
    """Save an edit of an obligation; raises EditConflict."""
    for name, value in values.items():
        setattr(obligation, name, value)
    obligation.full_clean()
    return save_versioned(obligation, expected_version=expected_version)


@transaction.atomic
def obligation_set_status(
    *, obligation: Obligation, status: str, on: date | None = None
) -> Obligation:
    """Mark an obligation done, cancelled or open again."""
    if status not in Obligation.Status.values:
        raise ValidationError(_("Ukendt status."))
    current = Obligation.objects.select_for_update().get(pk=obligation.pk)
    current.status = status
    current.completed_on = (
        None if status == Obligation.Status.OPEN else (on or timezone.localdate())
    )
    current.version += 1
    current.save(update_fields=["status", "completed_on", "version"])
    return current


@transaction.atomic
def agreement_create(*, municipality: Municipality, values: dict[str, Any]) -> NightlifeAgreement:
    """Create a nightlife cooperation agreement in ``municipality``."""
    agreement = NightlifeAgreement(municipality=municipality, **values)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: NightlifeAgreement, values: dict[str, Any], expected_version: int | None
) -> NightlifeAgreement:
    """Save an edit of an agreement; raises EditConflict."""
    for name, value in values.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    return save_versioned(agreement, expected_version=expected_version)


@transaction.atomic
def member_add(*, agreement: NightlifeAgreement, name: str, kind: str) -> AgreementMember:
    """Add a member (a venue, the police, the municipality …) to ``agreement``."""
    member = AgreementMember(agreement=agreement, name=name, kind=kind)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_remove(*, member: AgreementMember) -> None:
    member.delete()


__all__ = [
    "ALLOWED_TRANSITIONS",
    "agreement_create",
    "agreement_update",
    "allowed_targets",
    "contract_create",
    "contract_sign",
    "contract_transition",
    "contract_update",
    "member_add",
    "member_remove",
    "obligation_create",
    "obligation_set_status",
    "obligation_update",
    "signatory_add",
    "signatory_remove",
    "signing_problems",
]
