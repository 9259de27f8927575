"""Pages of the partnerships app: who sees what, forms, locking, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import NightlifeAgreement, Obligation, PartnershipContract
from tests.factories import InstitutionFactory
from tests.partnerships.factories import (
    AgreementFactory,
    ContractFactory,
    MemberFactory,
    ObligationFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db


def test_the_institution_editor_sees_only_its_own_institutions_contract(
    client_for, school_editor, institution, municipality
):
    own = ContractFactory(institution=institution, title="Munkevængets kontrakt")
    neighbour = ContractFactory(
        institution=InstitutionFactory(municipality=municipality, name="Nabo Skole"),
        title="Naboskolens kontrakt",
    )
    client = client_for(school_editor)
    page = client.get(reverse("partnerships:contract_list")).content.decode()
    assert "Munkevængets kontrakt" in page
    assert "Naboskolens kontrakt" not in page
    assert client.get(reverse("partnerships:contract_detail", args=[own.pk])).status_code == 200
    detail = client.get(reverse("partnerships:contract_detail", args=[neighbour.pk]))
    assert detail.status_code == 404


def test_the_institution_editor_cannot_see_nightlife_agreements(
    client_for, school_editor, municipality
):
    agreement = AgreementFactory(municipality=municipality)
    client = client_for(school_editor)
    assert client.get(reverse("partnerships:agreement_list")).status_code == 403
    detail = client.get(reverse("partnerships:agreement_detail", args=[agreement.pk]))
    assert detail.status_code == 404


def test_the_steering_group_reads_agreements_but_cannot_add_members(
    client_for, steering_member, municipality
):
    agreement = AgreementFactory(municipality=municipality, name="Gå sikkert i byen")
    client = client_for(steering_member)
    page = client.get(reverse("partnerships:agreement_detail", args=[agreement.pk]))
    assert "Gå sikkert i byen" in page.content.decode()
    url = reverse("partnerships:member_create", args=[agreement.pk])
    assert client.post(url, {"name": "Politiet", "kind": "police"}).status_code == 403
    assert agreement.members.count() == 0


def test_a_coordinator_creates_a_contract_as_a_draft(client_for, coordinator, institution):
    response = client_for(coordinator).post(
        reverse("partnerships:contract_create"),
        {
            "institution": institution.pk,
            "title": "Drug Stop Kolding",
            "municipal_party": "SSP Kolding",
            "local_values_and_goals": "Værdier",
            "version": "",
        },
    )
    contract = PartnershipContract.objects.get()
    assert response.status_code == 302
    assert contract.status == PartnershipContract.Status.DRAFT
    assert contract.municipality == institution.municipality
    assert contract.created_by == coordinator


def test_a_coordinator_cannot_make_a_contract_with_another_municipalitys_school(
    client_for, coordinator, other_institution
):
    response = client_for(coordinator).post(
        reverse("partnerships:contract_create"),
        {"institution": other_institution.pk, "title": "X", "municipal_party": "Y"},
    )
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not PartnershipContract.objects.exists()


def test_a_missing_title_is_reported_next_to_the_field(client_for, coordinator, institution):
    response = client_for(coordinator).post(
        reverse("partnerships:contract_create"),
        {"institution": institution.pk, "title": "", "municipal_party": "SSP"},
    )
    page = response.content.decode()
    assert "Der er fejl i formularen" in page
    assert 'href="#id_title"' in page


def test_a_concurrent_edit_is_refused_and_shows_the_saved_text(
    client_for, coordinator, institution
):
    contract = ContractFactory(institution=institution, title="Original")
    client = client_for(coordinator)
    url = reverse("partnerships:contract_update", args=[contract.pk])
    base = {
        "municipal_party": "SSP",
        "local_values_and_goals": "A",
        "guidelines_and_help": "B",
        "organisation": "C",
        "key_person_training": "D",
    }
    first = client.post(url, {**base, "title": "Først gemt", "version": 1})
    assert first.status_code == 302
    second = client.post(url, {**base, "title": "Min titel", "version": 1})
    assert second.status_code == 200
    page = second.content.decode()
    assert "En anden har gemt ændringer" in page
    assert "Først gemt" in page
    contract.refresh_from_db()
    assert contract.title == "Først gemt"


def test_signing_through_the_page_explains_what_is_missing(client_for, coordinator, institution):
    contract = ContractFactory(institution=institution, commits_treatment_offer=False)
    client = client_for(coordinator)
    response = client.post(
        reverse("partnerships:contract_transition", args=[contract.pk]),
        {"target": "signed"},
        follow=True,
    )
    page = response.content.decode()
    assert "Tilføj mindst én underskriver." in page
    assert "hvordan der tilbydes behandling" in page
    contract.refresh_from_db()
    assert contract.status == PartnershipContract.Status.DRAFT


def test_the_overview_lists_overdue_and_due_soon_obligations(
    client_for, coordinator, institution, other_institution
):
    today = timezone.localdate()
    contract = ContractFactory(institution=institution)
    ObligationFactory(
        contract=contract, description="Forsinket opgave", due_date=today - timedelta(2)
    )
    ObligationFactory(contract=contract, description="Snart opgave", due_date=today + timedelta(5))
    ObligationFactory(
        contract=contract, description="Senere opgave", due_date=today + timedelta(90)
    )
    ObligationFactory(
        contract=ContractFactory(institution=other_institution),
        description="Varde opgave",
        due_date=today - timedelta(2),
    )
    response = client_for(coordinator).get(reverse("partnerships:overview"))
    assert [o.description for o in response.context["overdue"]] == ["Forsinket opgave"]
    assert [o.description for o in response.context["due_soon"]] == ["Snart opgave"]
    assert "Varde opgave" not in response.content.decode()


def test_an_obligation_is_marked_done_from_the_overview(client_for, coordinator, institution):
    obligation = ObligationFactory(
        contract=ContractFactory(institution=institution),
        due_date=timezone.localdate() - timedelta(1),
    )
    response = client_for(coordinator).post(
        reverse("partnerships:obligation_status", args=[obligation.pk]),
        {"status": "done", "next": "overview"},
    )
    assert response["Location"] == reverse("partnerships:overview")
    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.DONE


def test_the_detail_page_shows_history(client_for, coordinator, institution):
    contract = ContractFactory(institution=institution)
    response = client_for(coordinator).get(
        reverse("partnerships:contract_detail", args=[contract.pk])
    )
    assert "Historik" in response.content.decode()
    assert response.context["history"]


def test_a_contract_whose_institution_has_no_policy_says_so(client_for, coordinator, institution):
    from partnerships.policy_link import latest_policy_status

    contract = ContractFactory(institution=institution)
    response = client_for(coordinator).get(
        reverse("partnerships:contract_detail", args=[contract.pk])
    )
    assert response.status_code == 200
    # No policy yet: the link is empty rather than failing.
    assert latest_policy_status(institution) is None
    assert "Ingen politik registreret endnu." in response.content.decode()


def test_a_coordinator_creates_a_nightlife_agreement_in_its_municipality(
    client_for, coordinator, municipality
):
    response = client_for(coordinator).post(
        reverse("partnerships:agreement_create"),
        {
            "name": "Tryg i natten",
            "status": "active",
            "shared_rules": "Nej til stoffer\nNej til vold",
            "quarantine_months": 24,
        },
    )
    agreement = NightlifeAgreement.objects.get()
    assert response.status_code == 302
    assert agreement.municipality == municipality
    assert agreement.rule_list() == ["Nej til stoffer", "Nej til vold"]


# -- query counts -------------------------------------------------------------


def _contracts(institution, count: int) -> None:
    for _ in range(count):
        contract = ContractFactory(institution=institution)
        ObligationFactory(contract=contract)
        SignatoryFactory(contract=contract)


# Every signed-in page: (1) the user with membership, municipality and institution
# (accounts.backends; the session itself comes from the cache). The session is not
# saved: it was refreshed at login (SessionRefreshMiddleware).
PAGE_QUERIES = 1

# Contract list: (+1) the institution choices of the filter, (+2) the
# paginator's count, (+3) the page of contracts with their institution,
# municipality and the counts of open obligations and signatories (one query).
CONTRACT_LIST_QUERIES = PAGE_QUERIES + 3


@pytest.mark.parametrize("rows", [1, 200])
def test_the_contract_list_costs_the_same_queries_for_1_and_200_rows(
    client_for, coordinator, institution, django_assert_num_queries, rows
):
    _contracts(institution, rows)
    client = client_for(coordinator)
    with django_assert_num_queries(CONTRACT_LIST_QUERIES):
        response = client.get(reverse("partnerships:contract_list"))
    assert response.status_code == 200


# Agreement list: (+1) the paginator's count, (+2) the page of agreements with
# their municipality and member counts.
AGREEMENT_LIST_QUERIES = PAGE_QUERIES + 2


@pytest.mark.parametrize("rows", [1, 200])
def test_the_agreement_list_costs_the_same_queries_for_1_and_200_rows(
    client_for, coordinator, municipality, django_assert_num_queries, rows
):
    for _ in range(rows):
        MemberFactory(agreement=AgreementFactory(municipality=municipality))
    client = client_for(coordinator)
    with django_assert_num_queries(AGREEMENT_LIST_QUERIES):
        response = client.get(reverse("partnerships:agreement_list"))
    assert response.status_code == 200


# Overview: (+1) overdue obligations with contract, institution and
# municipality, (+2) obligations due soon, likewise.
OVERVIEW_QUERIES = PAGE_QUERIES + 2


@pytest.mark.parametrize("rows", [1, 200])
def test_the_overview_costs_the_same_queries_for_1_and_200_obligations(
    client_for, coordinator, institution, django_assert_num_queries, rows
):
    contract = ContractFactory(institution=institution)
    today = timezone.localdate()
    for index in range(rows):
        ObligationFactory(contract=contract, due_date=today + timedelta(days=index % 40 - 20))
    client = client_for(coordinator)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("partnerships:overview"))
    assert response.status_code == 200


def test_the_contract_shows_the_status_of_the_institutions_newest_policy(
    client_for, coordinator, institution
):
    policies = pytest.importorskip("policies.models")
    policies.Policy.objects.create(
        municipality=institution.municipality, institution=institution, title="Gammel politik"
    )
    newest = policies.Policy.objects.create(
        municipality=institution.municipality,
        institution=institution,
        title="Rusmiddelpolitik 2026",
        status=policies.Policy.Status.ADOPTED,
    )
    contract = ContractFactory(institution=institution)
    page = (
        client_for(coordinator)
        .get(reverse("partnerships:contract_detail", args=[contract.pk]))
        .content.decode()
    )
    assert "Rusmiddelpolitik 2026" in page
    assert "Vedtaget" in page
    assert f'href="{reverse("policies:detail", args=[newest.pk])}"' in page


def test_an_obligation_text_with_a_cpr_number_is_refused(client_for, coordinator, institution):
    contract = ContractFactory(institution=institution)
    response = client_for(coordinator).post(
        reverse("partnerships:obligation_create", args=[contract.pk]),
        {"party": "institution", "description": "Samtale med elev 010203-1234"},
    )
    assert response.status_code == 200
    assert "CPR-nummer" in response.content.decode()
    assert not contract.obligations.exists()
