"""The booklet's partnership examples load faithfully and idempotently."""

from __future__ import annotations

import pytest

from municipalities.models import Institution
from municipalities.seed import load_reference_data
from partnerships.models import AgreementMember, NightlifeAgreement, PartnershipContract
from partnerships.seed import load_partnership_examples

pytestmark = pytest.mark.django_db

SIX = {"slagelse", "randers", "svendborg", "soenderborg", "varde", "vesthimmerland"}


def test_it_loads_the_six_municipalities_nightlife_agreements():
    load_reference_data()
    counts = load_partnership_examples()
    assert counts["nightlife_agreements"] == 6
    assert counts["nightlife_agreements_skipped"] == 0
    slugs = set(NightlifeAgreement.objects.values_list("municipality__slug", flat=True))
    assert slugs == SIX


def test_the_randers_agreement_has_two_years_quarantine_and_13_restaurateurs():
    load_reference_data()
    load_partnership_examples()
    randers = NightlifeAgreement.objects.get(municipality__slug="randers")
    assert randers.quarantine_months == 24
    assert randers.members.filter(name__startswith="13 restauratører").exists()
    assert randers.members.filter(kind=AgreementMember.Kind.POLICE).exists()


def test_slagelses_licensing_association_has_its_three_principles():
    load_reference_data()
    load_partnership_examples()
    slagelse = NightlifeAgreement.objects.get(municipality__slug="slagelse")
    assert slagelse.rule_list() == [
        "Nej til stoffer",
        "Nej til vold og hærværk",
        "Nej til udskænkning til mindreårige",
    ]


def test_loading_twice_changes_nothing():
    load_reference_data()
    first = load_partnership_examples()
    history_before = NightlifeAgreement.history.count() + AgreementMember.history.count()
    second = load_partnership_examples()
    assert first == second
    assert NightlifeAgreement.objects.count() == 6
    assert NightlifeAgreement.history.count() + AgreementMember.history.count() == history_before


def test_an_agreement_edited_in_the_app_is_not_overwritten():
    load_reference_data()
    load_partnership_examples()
    agreement = NightlifeAgreement.objects.get(municipality__slug="svendborg")
    agreement.name = "Tryg i natten 2.0"
    agreement.version = 2
    agreement.save()
    load_partnership_examples()
    agreement.refresh_from_db()
    assert agreement.name == "Tryg i natten 2.0"


def test_hilleroeds_seven_school_contracts_are_loaded_without_invented_names():
    # The booklet counts seven contracts with primary schools but names none.
    load_reference_data()
    counts = load_partnership_examples()
    assert counts["hilleroed_contracts"] == 7
    contracts = PartnershipContract.objects.filter(municipality__slug="hilleroed")
    assert contracts.count() == 7
    for contract in contracts.select_related("institution"):
        assert "ikke navngivet i hæftet" in contract.institution.name
        assert contract.institution.kind == Institution.Kind.PRIMARY_SCHOOL
        assert contract.local_values_and_goals.startswith("Lokale værdier og mål")
        assert contract.key_person_training == "Uddannelse af nøglepersoner"
        assert contract.commits_no_exclusion and contract.commits_treatment_offer
    # Loading again adds nothing.
    load_partnership_examples()
    assert PartnershipContract.objects.filter(municipality__slug="hilleroed").count() == 7


def test_missing_municipalities_are_skipped_with_a_message(caplog):
    counts = load_partnership_examples()
    assert counts["nightlife_agreements"] == 0
    assert counts["nightlife_agreements_skipped"] == 6
    assert "does not exist" in caplog.text
