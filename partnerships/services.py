"""Workflows of partnership contracts and nightlife agreements.

A contract moves draft → signed → active → completed, and may be ended early
once signed. Signing needs the two commitments (no exclusion; treatment is
offered), the four elements and at least one signatory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from core.concurrency import lock, save_versioned
from core.services import model_update
from municipalities import access
from municipalities.models import Institution, Municipality, Programme
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


# What an edit may change (the parties and the status have their own workflows).
CONTRACT_FIELDS = (*CONTENT_FIELDS, "start_date", "end_date")
OBLIGATION_FIELDS = ("party", "description", "owner_name", "due_date")
AGREEMENT_FIELDS = (
    "name",
    "description",
    "shared_rules",
    "quarantine_months",
    "quarantine_text",
    "staff_training",
    "training_programme",
    "campaign_material",
    "status",
    "start_date",
    "end_date",
)


@transaction.atomic
def contract_create(
    *,
    user,
    institution: Institution,
    title: str,
    municipal_party: str = "",
    local_values_and_goals: str = "",
    guidelines_and_help: str = "",
    organisation: str = "",
    key_person_training: str = "",
    institution_contribution: str = "",
    municipality_contribution: str = "",
    commits_no_exclusion: bool = False,
    commits_treatment_offer: bool = False,
    treatment_offer: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    activities: Iterable[Activity] = (),
) -> PartnershipContract:
    """Create a draft contract between ``institution`` and its municipality."""
    contract = PartnershipContract(
        municipality=institution.municipality,
        institution=institution,
        created_by=user,
        status=Status.DRAFT,
        title=title,
        municipal_party=municipal_party,
        local_values_and_goals=local_values_and_goals,
        guidelines_and_help=guidelines_and_help,
        organisation=organisation,
        key_person_training=key_person_training,
        institution_contribution=institution_contribution,
        municipality_contribution=municipality_contribution,
        commits_no_exclusion=commits_no_exclusion,
        commits_treatment_offer=commits_treatment_offer,
        treatment_offer=treatment_offer,
        start_date=start_date,
        end_date=end_date,
    )
    access.require(user, access.CONTRACT_WRITE, contract)
    contract.full_clean()
    contract.save()
    contract.activities.set(activities)
    return contract


def _refuse_unknown(data: Mapping[str, Any], fields: Iterable[str]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")


@transaction.atomic
def contract_update(
    *,
    contract: PartnershipContract,
    user,
    data: Mapping[str, Any],
    expected_version: int | None,
    activities: Iterable[Activity] | None = None,
) -> PartnershipContract:
    """Save an edit (``data``: some of CONTRACT_FIELDS) made on version
    ``expected_version``; raises EditConflict.

    Once signed, the wording of the agreement is fixed: only the term and the
    linked activities change.
    """
    access.require(user, access.CONTRACT_WRITE, contract)
    _refuse_unknown(data, CONTRACT_FIELDS)
    if not contract.is_draft and set(data) & set(CONTENT_FIELDS):
        raise ValidationError(_("En underskrevet kontrakts indhold kan ikke ændres."))
    model_update(instance=contract, fields=CONTRACT_FIELDS, data=data)
    contract.full_clean()
    # The row is locked (and compared) before the activity links are written.
    save_versioned(contract, expected_version=expected_version)
    if activities is not None:
        contract.activities.set(activities)
    return contract


@transaction.atomic
def contract_transition(
    *,
    contract: PartnershipContract,
    user,
    target: str,
    on: date | None = None,
    reason: str = "",
) -> PartnershipContract:
    """Move ``contract`` to ``target`` if the step is allowed.

    Raises ValidationError naming what is missing. The row is locked, so two
    people pressing the button at once cannot both move it.
    """
    access.require(user, access.CONTRACT_WRITE, contract)
    current = lock(PartnershipContract, contract.pk)
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


def contract_sign(
    *, contract: PartnershipContract, user, on: date | None = None
) -> PartnershipContract:
    """Sign a draft contract (see ``signing_problems`` for the conditions)."""
    return contract_transition(contract=contract, user=user, target=Status.SIGNED, on=on)


@transaction.atomic
def signatory_add(
    *,
    contract: PartnershipContract,
    user,
    party: str,
    name: str,
    role: str = "",
    signed_on: date | None = None,
) -> Signatory:
    """Add a signatory; the list is fixed once the contract is signed."""
    access.require(user, access.CONTRACT_WRITE, contract)
    if not contract.is_draft:
        raise ValidationError(_("Underskrivere kan kun tilføjes, mens kontrakten er en kladde."))
    signatory = Signatory(contract=contract, party=party, name=name, role=role, signed_on=signed_on)
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def signatory_remove(*, signatory: Signatory, user) -> None:
    access.require(user, access.CONTRACT_WRITE, signatory.contract)
    if not signatory.contract.is_draft:
        raise ValidationError(_("Underskrivere kan kun fjernes, mens kontrakten er en kladde."))
    signatory.delete()


@transaction.atomic
def obligation_create(
    *,
    contract: PartnershipContract,
    user,
    party: str,
    description: str,
    owner_name: str = "",
    due_date: date | None = None,
) -> Obligation:
    """Add an obligation of one party to ``contract``."""
    access.require(user, access.CONTRACT_WRITE, contract)
    obligation = Obligation(
        contract=contract,
        party=party,
        description=description,
        owner_name=owner_name,
        due_date=due_date,
        created_by=user,
    )
    obligation.full_clean()
    obligation.save()
    return obligation


@transaction.atomic
def obligation_update(
    *, obligation: Obligation, user, data: Mapping[str, Any], expected_version: int | None
) -> Obligation:
    """Save an edit (``data``: some of OBLIGATION_FIELDS); raises EditConflict."""
    access.require(user, access.CONTRACT_WRITE, obligation.contract)
    _refuse_unknown(data, OBLIGATION_FIELDS)
    model_update(instance=obligation, fields=OBLIGATION_FIELDS, data=data)
    obligation.full_clean()
    return save_versioned(obligation, expected_version=expected_version)


@transaction.atomic
def obligation_set_status(
    *, obligation: Obligation, user, status: str, on: date | None = None
) -> Obligation:
    """Mark an obligation done, cancelled or open again."""
    access.require(user, access.CONTRACT_WRITE, obligation.contract)
    if status not in Obligation.Status.values:
        raise ValidationError(_("Ukendt status."))
    current = lock(Obligation, obligation.pk)
    current.status = status
    current.completed_on = (
        None if status == Obligation.Status.OPEN else (on or timezone.localdate())
    )
    current.version += 1
    current.save(update_fields=["status", "completed_on", "version"])
    return current


@transaction.atomic
def agreement_create(
    *,
    municipality: Municipality,
    user,
    name: str,
    description: str = "",
    shared_rules: str = "",
    quarantine_months: int | None = None,
    quarantine_text: str = "",
    staff_training: str = "",
    training_programme: Programme | None = None,
    campaign_material: str = "",
    status: str = NightlifeAgreement.Status.DRAFT,
    start_date: date | None = None,
    end_date: date | None = None,
) -> NightlifeAgreement:
    """Create a nightlife cooperation agreement in ``municipality``."""
    agreement = NightlifeAgreement(
        municipality=municipality,
        created_by=user,
        name=name,
        description=description,
        shared_rules=shared_rules,
        quarantine_months=quarantine_months,
        quarantine_text=quarantine_text,
        staff_training=staff_training,
        training_programme=training_programme,
        campaign_material=campaign_material,
        status=status,
        start_date=start_date,
        end_date=end_date,
    )
    access.require(user, access.AGREEMENT_WRITE, agreement)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: NightlifeAgreement,
    user,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> NightlifeAgreement:
    """Save an edit (``data``: some of AGREEMENT_FIELDS); raises EditConflict."""
    access.require(user, access.AGREEMENT_WRITE, agreement)
    _refuse_unknown(data, AGREEMENT_FIELDS)
    model_update(instance=agreement, fields=AGREEMENT_FIELDS, data=data)
    agreement.full_clean()
    return save_versioned(agreement, expected_version=expected_version)


@transaction.atomic
def member_add(*, agreement: NightlifeAgreement, user, name: str, kind: str) -> AgreementMember:
    """Add a member (a venue, the police, the municipality …) to ``agreement``."""
    access.require(user, access.AGREEMENT_WRITE, agreement)
    member = AgreementMember(agreement=agreement, name=name, kind=kind)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_remove(*, member: AgreementMember, user) -> None:
    access.require(user, access.AGREEMENT_WRITE, member.agreement)
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
