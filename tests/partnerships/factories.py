"""Factories for partnership contracts and nightlife agreements."""

from __future__ import annotations

import factory

from partnerships.models import (
    AgreementMember,
    NightlifeAgreement,
    Obligation,
    PartnershipContract,
    Party,
    Signatory,
)
from tests.factories import InstitutionFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipContract

    institution = factory.SubFactory(InstitutionFactory)
    municipality = factory.LazyAttribute(lambda o: o.institution.municipality)
    title = factory.Sequence(lambda n: f"Partnerskabskontrakt {n}")
    municipal_party = "SSP-sekretariatet"
    local_values_and_goals = "Skolen er et rusmiddelfrit sted, hvor alle tager ansvar."
    guidelines_and_help = "Samtale med eleven, derefter forældrene; hjælp via SSP."
    organisation = "Politikken skrives ind i ordensreglementet og virksomhedsplanen."
    key_person_training = "To lærere tager kurset Hash-samtalen."
    commits_no_exclusion = True
    commits_treatment_offer = True


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    contract = factory.SubFactory(ContractFactory)
    party = Party.INSTITUTION
    name = factory.Sequence(lambda n: f"Skoleleder {n}")
    role = "Skoleleder"


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    contract = factory.SubFactory(ContractFactory)
    party = Party.INSTITUTION
    description = factory.Sequence(lambda n: f"Forpligtelse {n}")
    owner_name = "Anne Lærer"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NightlifeAgreement

    municipality = factory.SubFactory("tests.factories.MunicipalityFactory")
    name = factory.Sequence(lambda n: f"Restauratørsamarbejde {n}")
    shared_rules = "Nej til stoffer\nNej til vold og hærværk"
    status = NightlifeAgreement.Status.ACTIVE


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementMember

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Diskotek {n}")
    kind = AgreementMember.Kind.VENUE
