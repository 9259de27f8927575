"""The contract PDF (rendered in reports/) holds the four elements, the
obligations and the signatories."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from partnerships.models import Party
from tests.partnerships.factories import ContractFactory, ObligationFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def contract(institution):
    contract = ContractFactory(
        institution=institution,
        title="Partnerskab om rusmiddelpolitik",
        local_values_and_goals="Vi vil være en skole uden rusmidler.",
        guidelines_and_help="Samtale med den unge og forældrene; hjælp via SSP.",
        organisation="Politikken står i ordensreglementet.",
        key_person_training="Tre lærere på kursus i Hash-samtalen.",
    )
    ObligationFactory(contract=contract, description="Skriv politikken ind i virksomhedsplanen")
    SignatoryFactory(contract=contract, name="Karen Jensen", role="Skoleleder")
    SignatoryFactory(
        contract=contract, party=Party.MUNICIPALITY, name="Ole Madsen", role="SSP-konsulent"
    )
    return contract


def test_the_pdf_holds_the_four_elements_obligations_and_signatories(
    client_for, coordinator, contract
):
    response = client_for(coordinator).get(
        reverse("contract_documents:contract_pdf", args=[contract.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "1. Lokale værdier og mål",
        "Vi vil være en skole uden rusmidler.",
        "2. Retningslinjer, konsekvenser og bistand",
        "Samtale med den unge og forældrene",
        "3. Organisering",
        "Politikken står i ordensreglementet.",
        "4. Uddannelse af nøglepersoner",
        "Tre lærere på kursus i Hash-samtalen.",
        "Skriv politikken ind i virksomhedsplanen",
        "Karen Jensen, Skoleleder",
        "Ole Madsen, SSP-konsulent",
        "Munkevængets Skole",
    ):
        assert expected in text, expected


def test_the_institution_leader_downloads_its_own_contract(client_for, school_leader, contract):
    response = client_for(school_leader).get(
        reverse("contract_documents:contract_pdf", args=[contract.pk])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_another_municipality_gets_404_for_the_pdf(client_for, outsider, contract):
    response = client_for(outsider).get(
        reverse("contract_documents:contract_pdf", args=[contract.pk])
    )
    assert response.status_code == 404
