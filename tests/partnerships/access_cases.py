"""Who may open and change every partnerships URL (walked by tests/test_url_walk.py)."""

from __future__ import annotations

from municipalities.models import Role
from partnerships.models import NightlifeAgreement, PartnershipContract
from tests.access import ALL_ROLES, UrlCase
from tests.partnerships.factories import (
    AgreementFactory,
    ContractFactory,
    MemberFactory,
    ObligationFactory,
    SignatoryFactory,
)

WRITERS = (Role.NATIONAL_ADMIN, Role.COORDINATOR)
# Nightlife agreements are municipality-level: closed to institution staff.
MUNICIPALITY_READERS = (Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.STEERING_MEMBER)


def _contract(world) -> dict:
    return {"pk": ContractFactory(institution=world.institution).pk}


def _contract_state(world, kwargs):
    contract = PartnershipContract.objects.get(pk=kwargs["pk"])
    return (
        contract.status,
        contract.version,
        contract.title,
        contract.signatories.count(),
        contract.obligations.count(),
    )


def _obligation(world) -> dict:
    contract = ContractFactory(institution=world.institution)
    return {"pk": ObligationFactory(contract=contract).pk}


def _obligation_state(world, kwargs):
    from partnerships.models import Obligation

    obligation = Obligation.objects.get(pk=kwargs["pk"])
    return (obligation.status, obligation.description, obligation.version)


def _signatory(world) -> dict:
    contract = ContractFactory(institution=world.institution)
    return {"pk": SignatoryFactory(contract=contract).pk}


def _signatory_state(world, kwargs):
    from partnerships.models import Signatory

    return Signatory.objects.filter(pk=kwargs["pk"]).exists()


def _agreement(world) -> dict:
    return {"pk": AgreementFactory(municipality=world.municipality).pk}


def _agreement_state(world, kwargs):
    agreement = NightlifeAgreement.objects.get(pk=kwargs["pk"])
    return (agreement.name, agreement.version, agreement.members.count())


def _member(world) -> dict:
    agreement = AgreementFactory(municipality=world.municipality)
    return {"pk": MemberFactory(agreement=agreement).pk}


def _member_state(world, kwargs):
    from partnerships.models import AgreementMember

    return AgreementMember.objects.filter(pk=kwargs["pk"]).exists()


def _contract_post(world, kwargs):
    return {
        "institution": world.institution.pk,
        "title": "Ændret titel",
        "municipal_party": "SSP",
        "version": 1,
    }


def _contract_count(world, kwargs):
    return PartnershipContract.objects.count()


def _agreement_count(world, kwargs):
    return NightlifeAgreement.objects.count()


CASES = [
    UrlCase(name="partnerships:overview", readers=ALL_ROLES, scoped_object=False),
    UrlCase(name="partnerships:contract_list", readers=ALL_ROLES, scoped_object=False),
    UrlCase(
        name="partnerships:contract_create",
        readers=WRITERS,
        writers=WRITERS,
        scoped_object=False,
        post_data=_contract_post,
        snapshot=_contract_count,
    ),
    UrlCase(
        name="partnerships:contract_detail",
        setup=_contract,
        readers=ALL_ROLES,
        snapshot=_contract_state,
    ),
    UrlCase(
        name="partnerships:contract_update",
        setup=_contract,
        readers=WRITERS,
        writers=WRITERS,
        post_data=_contract_post,
        snapshot=_contract_state,
    ),
    UrlCase(
        name="partnerships:contract_transition",
        setup=_contract,
        readers=(),
        writers=WRITERS,
        get=False,
        post_data=lambda world, kwargs: {"target": "signed"},
        snapshot=_contract_state,
    ),
    UrlCase(
        name="partnerships:signatory_create",
        setup=_contract,
        readers=WRITERS,
        writers=WRITERS,
        post_data=lambda world, kwargs: {"party": "institution", "name": "Ny", "role": "Leder"},
        snapshot=_contract_state,
    ),
    UrlCase(
        name="partnerships:signatory_delete",
        setup=_signatory,
        readers=(),
        writers=WRITERS,
        get=False,
        snapshot=_signatory_state,
    ),
    UrlCase(
        name="partnerships:obligation_create",
        setup=_contract,
        readers=WRITERS,
        writers=WRITERS,
        post_data=lambda world, kwargs: {"party": "institution", "description": "Ny opgave"},
        snapshot=_contract_state,
    ),
    UrlCase(
        name="partnerships:obligation_update",
        setup=_obligation,
        readers=WRITERS,
        writers=WRITERS,
        post_data=lambda world, kwargs: {
            "party": "institution",
            "description": "Ændret",
            "version": 1,
        },
        snapshot=_obligation_state,
    ),
    UrlCase(
        name="partnerships:obligation_status",
        setup=_obligation,
        readers=(),
        writers=WRITERS,
        get=False,
        post_data=lambda world, kwargs: {"status": "done"},
        snapshot=_obligation_state,
    ),
    UrlCase(name="partnerships:agreement_list", readers=MUNICIPALITY_READERS, scoped_object=False),
    UrlCase(
        name="partnerships:agreement_create",
        readers=WRITERS,
        writers=WRITERS,
        scoped_object=False,
        post_data=lambda world, kwargs: {"name": "Ny aftale", "status": "draft", "version": 1},
        snapshot=_agreement_count,
    ),
    UrlCase(
        name="partnerships:agreement_detail",
        setup=_agreement,
        readers=MUNICIPALITY_READERS,
        snapshot=_agreement_state,
    ),
    UrlCase(
        name="partnerships:agreement_update",
        setup=_agreement,
        readers=WRITERS,
        writers=WRITERS,
        post_data=lambda world, kwargs: {"name": "Ændret", "status": "active", "version": 1},
        snapshot=_agreement_state,
    ),
    UrlCase(
        name="partnerships:member_create",
        setup=_agreement,
        readers=WRITERS,
        writers=WRITERS,
        post_data=lambda world, kwargs: {"name": "Politiet", "kind": "police"},
        snapshot=_agreement_state,
    ),
    UrlCase(
        name="partnerships:member_delete",
        setup=_member,
        readers=(),
        writers=WRITERS,
        get=False,
        snapshot=_member_state,
    ),
    UrlCase(
        name="contract_documents:contract_pdf",
        setup=_contract,
        readers=ALL_ROLES,
        snapshot=_contract_state,
    ),
]
