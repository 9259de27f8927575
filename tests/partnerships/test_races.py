"""Edit conflicts on agreements and obligations; contracts created once however
often the form is sent (twice in a row, or twice at the same moment)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from core.idempotency import TOKEN_FIELD
from partnerships.models import NightlifeAgreement, PartnershipContract
from tests.conftest import login
from tests.partnerships.factories import AgreementFactory, ContractFactory, ObligationFactory

AGREEMENT = {
    "name": "Restauratørsamarbejdet",
    "description": "Fælles indsats i nattelivet.",
    "shared_rules": "Nej til stoffer",
    "quarantine_months": "6",
    "quarantine_text": "Seks måneders karantæne",
    "staff_training": "Kursus for dørmænd",
    "campaign_material": "Plakater",
    "status": NightlifeAgreement.Status.ACTIVE,
    "start_date": "",
    "end_date": "",
}


@pytest.mark.django_db
def test_an_agreement_conflict_shows_every_field_the_other_person_changed(
    client_for, coordinator, municipality
):
    agreement = AgreementFactory(municipality=municipality)
    client = client_for(coordinator)
    url = reverse("partnerships:agreement_update", args=[agreement.pk])
    theirs = {
        **AGREEMENT,
        "description": "Deres beskrivelse",
        "staff_training": "Deres uddannelse",
        "campaign_material": "Deres kampagne",
        "quarantine_months": "12",
    }
    assert client.post(url, {**theirs, "version": 1}).status_code == 302
    response = client.post(url, {**AGREEMENT, "name": "Mit navn", "version": 1})
    assert response.status_code == 200
    changes = {change.label: change.current for change in response.context["conflict"].changes}
    form = response.context["form"]
    assert changes[str(form["description"].label)] == "Deres beskrivelse"
    assert changes[str(form["staff_training"].label)] == "Deres uddannelse"
    assert changes[str(form["campaign_material"].label)] == "Deres kampagne"
    assert changes[str(form["quarantine_months"].label)] == "12"
    html = response.content.decode()
    assert "Deres kampagne" in html and "Mit navn" in html
    # The form moved to the saved version: saving again works.
    assert form["version"].value() == "2"
    again = client.post(url, {**AGREEMENT, "name": "Mit navn", "version": 2})
    assert again.status_code == 302
    agreement.refresh_from_db()
    assert agreement.name == "Mit navn"


@pytest.mark.django_db
def test_an_obligation_conflict_keeps_my_text_and_shows_theirs(
    client_for, coordinator, institution
):
    obligation = ObligationFactory(contract=ContractFactory(institution=institution))
    client = client_for(coordinator)
    url = reverse("partnerships:obligation_update", args=[obligation.pk])
    base = {"party": "institution", "owner_name": "Anne", "due_date": ""}
    client.post(url, {**base, "description": "Deres forpligtelse", "version": 1})
    response = client.post(url, {**base, "description": "Min forpligtelse", "version": 1})
    html = response.content.decode()
    assert "Deres forpligtelse" in html and "Min forpligtelse" in html
    assert response.context["form"]["version"].value() == "2"


CONTRACT = {
    "title": "Drug Stop Kolding",
    "municipal_party": "SSP Kolding",
    "local_values_and_goals": "Værdier",
}


@pytest.mark.django_db
def test_the_contract_form_sent_twice_creates_one_contract(client_for, coordinator, institution):
    client = client_for(coordinator)
    assert (
        f'name="{TOKEN_FIELD}"'
        in client.get(reverse("partnerships:contract_create")).content.decode()
    )
    data = {**CONTRACT, "institution": institution.pk, TOKEN_FIELD: "a" * 32}
    first = client.post(reverse("partnerships:contract_create"), data)
    second = client.post(reverse("partnerships:contract_create"), data, follow=True)
    assert PartnershipContract.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "Formularen var allerede sendt" in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_contract_form_sent_twice_at_once_creates_one_contract(coordinator, institution):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    data = {**CONTRACT, "institution": institution.pk, TOKEN_FIELD: "b" * 32}
    start = threading.Barrier(2)
    answers: list[int] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            client = login(Client(), coordinator)
            start.wait()
            answers.append(client.post(reverse("partnerships:contract_create"), data).status_code)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert answers == [302, 302]
    assert PartnershipContract.objects.count() == 1
