"""The booklet's partnership examples load faithfully and idempotently."""

from __future__ import annotations

import pytest

from activities.models import PROJECT_END, PROJECT_START
from municipalities.models import Institution
from municipalities.seed import load_reference_data
from partnerships.models import AgreementMember, NightlifeAgreement, PartnershipContract
from partnerships.seed import load_partnership_examples
from tests.booklet import in_booklet

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


def test_the_shipped_contracts_and_agreements_are_historical_records_of_the_project_period():
    load_reference_data()
    load_partnership_examples()
    rows = list(PartnershipContract.objects.filter(seed_key__gt="")) + list(
        NightlifeAgreement.objects.all()
    )
    assert len(rows) == 13
    for row in rows:
        assert row.is_historical
        assert (row.start_date, row.end_date) == (PROJECT_START, PROJECT_END)
    assert not PartnershipContract.objects.current().filter(seed_key__gt="").exists()
    assert not NightlifeAgreement.objects.current().exists()


def test_hilleroeds_contributions_are_the_booklets_paragraph_split_between_the_parties():
    load_reference_data()
    load_partnership_examples()
    for contract in PartnershipContract.objects.filter(municipality__slug="hilleroed"):
        school, municipality = contract.institution_contribution, contract.municipality_contribution
        assert school != municipality
        assert school.startswith("Partnerskabskontrakten er gensidigt forpligtende. Skolen")
        assert municipality.startswith("Drug Stop 3400 bidrager")
        assert "Drug Stop 3400 bidrager" not in school
        assert in_booklet(school) and in_booklet(municipality)
        assert in_booklet(f"{school} {municipality}")


def test_agreement_members_are_the_parties_the_booklet_names_not_presenters_or_the_board():
    load_reference_data()
    load_partnership_examples()
    slagelse = NightlifeAgreement.objects.get(municipality__slug="slagelse")
    assert set(slagelse.members.values_list("kind", flat=True)) == {"venue", "police"}
    assert "bevillingsnævn" in slagelse.description
    randers = NightlifeAgreement.objects.get(municipality__slug="randers")
    names = set(randers.members.values_list("name", flat=True))
    assert not names & {"Kommunekoordinatoren", "Repræsentanter fra bevillingsnævnet"}
    assert set(randers.members.values_list("kind", flat=True)) == {
        "venue",
        "municipality",
        "police",
    }


def test_a_corrected_data_file_updates_an_unedited_contract_but_not_an_edited_one():
    load_reference_data()
    load_partnership_examples()
    first, second = PartnershipContract.objects.filter(municipality__slug="hilleroed")[:2]
    PartnershipContract.objects.filter(pk=first.pk).update(municipality_contribution="gammel")
    PartnershipContract.objects.filter(pk=second.pk).update(
        municipality_contribution="redigeret", version=2
    )
    load_partnership_examples()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.municipality_contribution.startswith("Drug Stop 3400 bidrager")
    assert second.municipality_contribution == "redigeret"
