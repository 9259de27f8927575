"""Contract status transitions and the conditions for signing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import PartnershipContract
from tests.partnerships.factories import ContractFactory, SignatoryFactory

Status = PartnershipContract.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_contract(institution):
    contract = ContractFactory(institution=institution)
    SignatoryFactory(contract=contract, name="Karen Skoleleder")
    return contract


def test_a_complete_draft_with_a_signatory_can_be_signed(ready_contract, coordinator):
    contract = services.contract_sign(
        user=coordinator, contract=ready_contract, on=date(2026, 3, 1)
    )
    assert contract.status == Status.SIGNED
    assert contract.signed_on == date(2026, 3, 1)
    assert contract.version == 2


def test_signing_needs_at_least_one_signatory(institution, coordinator):
    contract = ContractFactory(institution=institution)
    with pytest.raises(ValidationError) as error:
        services.contract_sign(user=coordinator, contract=contract)
    assert "Tilføj mindst én underskriver." in error.value.messages
    contract.refresh_from_db()
    assert contract.status == Status.DRAFT


@pytest.mark.parametrize("commitment", ["commits_no_exclusion", "commits_treatment_offer"])
def test_signing_needs_both_commitments(ready_contract, commitment, coordinator):
    setattr(ready_contract, commitment, False)
    ready_contract.save()
    with pytest.raises(ValidationError) as error:
        services.contract_sign(user=coordinator, contract=ready_contract)
    assert len(error.value.messages) == 1
    ready_contract.refresh_from_db()
    assert ready_contract.status == Status.DRAFT


def test_signing_needs_all_four_elements(ready_contract, coordinator):
    ready_contract.key_person_training = "  "
    ready_contract.save()
    with pytest.raises(ValidationError) as error:
        services.contract_sign(user=coordinator, contract=ready_contract)
    assert any("Uddannelse af nøglepersoner" in message for message in error.value.messages)


def test_the_contract_moves_through_its_whole_life(ready_contract, coordinator):
    contract = services.contract_sign(user=coordinator, contract=ready_contract)
    contract = services.contract_transition(
        user=coordinator, contract=contract, target=Status.ACTIVE, on=date(2026, 4, 1)
    )
    assert contract.status == Status.ACTIVE
    assert contract.start_date == date(2026, 4, 1)
    contract = services.contract_transition(
        user=coordinator, contract=contract, target=Status.COMPLETED
    )
    assert contract.status == Status.COMPLETED
    assert contract.ended_on is not None
    assert services.allowed_targets(contract) == []


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.DRAFT, Status.ACTIVE),
        (Status.DRAFT, Status.COMPLETED),
        (Status.SIGNED, Status.COMPLETED),
        (Status.SIGNED, Status.DRAFT),
        (Status.COMPLETED, Status.ACTIVE),
        (Status.ENDED_EARLY, Status.ACTIVE),
    ],
)
def test_it_refuses_transitions_that_skip_or_reverse_steps(institution, start, target, coordinator):
    contract = ContractFactory(institution=institution, status=start)
    with pytest.raises(ValidationError):
        services.contract_transition(user=coordinator, contract=contract, target=target)
    contract.refresh_from_db()
    assert contract.status == start


def test_ending_early_needs_a_reason(institution, coordinator):
    contract = ContractFactory(institution=institution, status=Status.ACTIVE)
    with pytest.raises(ValidationError):
        services.contract_transition(user=coordinator, contract=contract, target=Status.ENDED_EARLY)
    contract = services.contract_transition(
        user=coordinator,
        contract=contract,
        target=Status.ENDED_EARLY,
        reason="Skolen er lagt sammen.",
    )
    assert contract.status == Status.ENDED_EARLY
    assert contract.end_reason == "Skolen er lagt sammen."


def test_signatories_are_fixed_once_signed(ready_contract, coordinator):
    services.contract_sign(user=coordinator, contract=ready_contract)
    ready_contract.refresh_from_db()
    with pytest.raises(ValidationError):
        services.signatory_add(
            user=coordinator, contract=ready_contract, party="municipality", name="X", role="Y"
        )


def test_the_wording_of_a_signed_contract_cannot_change(ready_contract, coordinator):
    contract = services.contract_sign(user=coordinator, contract=ready_contract)
    with pytest.raises(ValidationError):
        services.contract_update(
            user=coordinator,
            contract=contract,
            data={"local_values_and_goals": "Nyt"},
            expected_version=contract.version,
        )
    services.contract_update(
        user=coordinator,
        contract=contract,
        data={"end_date": date(2027, 6, 30)},
        expected_version=2,
    )
    contract.refresh_from_db()
    assert contract.end_date == date(2027, 6, 30)
    assert contract.local_values_and_goals.startswith("Skolen er")
