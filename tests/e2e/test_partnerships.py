"""The coordinator's journey: a partnership contract from draft to signed PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from partnerships.models import PartnershipContract

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ELEMENTS = {
    "1. Lokale værdier og mål": "Munkevænget er en skole, hvor rusmidler ikke hører til.",
    "2. Retningslinjer, konsekvenser og bistand": "Samtale med den unge, så forældrene, så SSP.",
    "3. Organisering": "Politikken skrives ind i ordensreglementet og virksomhedsplanen.",
    "4. Uddannelse af nøglepersoner": "To lærere tager kurset Hash-samtalen i efteråret.",
}


def field(page, label: str):
    """The form field labelled exactly ``label`` (crispy adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_a_coordinator_creates_signs_and_downloads_a_contract(
    live_server, page, log_in, coordinator, institution
):
    log_in("koordinator")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Partnerskaber"
    ).click()
    page.get_by_role("link", name="Ny partnerskabskontrakt").click()

    field(page, "Institution").select_option(label=institution.name)
    field(page, "Titel").fill("Drug Stop Munkevænget")
    field(page, "Kommunens part").fill("SSP Kolding")
    for label, text in ELEMENTS.items():
        field(page, label).fill(text)
    field(page, "Politikken har ikke eksklusion som mål").check()
    field(page, "Politikken siger, hvordan der tilbydes behandling").check()
    page.get_by_role("button", name="Gem kontrakten").click()
    page.get_by_role("heading", level=1, name="Drug Stop Munkevænget").wait_for()

    page.get_by_role("link", name="Tilføj forpligtelse").click()
    field(page, "Part").select_option(label="Institutionen")
    field(page, "Forpligtelse").fill("Skriv politikken ind i ordensreglementet")
    field(page, "Ansvarlig").fill("Karen Jensen")
    field(page, "Frist").fill("2030-06-30")
    page.get_by_role("button", name="Gem forpligtelsen").click()
    page.get_by_text("Forpligtelsen er tilføjet.").wait_for()

    page.get_by_role("link", name="Tilføj forpligtelse").click()
    field(page, "Part").select_option(label="Kommunen")
    field(page, "Forpligtelse").fill("Betal kursus i Hash-samtalen for to lærere")
    page.get_by_role("button", name="Gem forpligtelsen").click()
    page.get_by_text("Forpligtelsen er tilføjet.").wait_for()

    page.get_by_role("link", name="Tilføj underskriver").click()
    field(page, "Part").select_option(label="Institutionen")
    field(page, "Navn").fill("Karen Jensen")
    field(page, "Stilling").fill("Skoleleder")
    page.get_by_role("button", name="Tilføj underskriver").click()
    page.get_by_text("Underskriveren er tilføjet.").wait_for()

    page.get_by_role("link", name="Tilføj underskriver").click()
    field(page, "Part").select_option(label="Kommunen")
    field(page, "Navn").fill("Ole Madsen")
    field(page, "Stilling").fill("SSP-konsulent")
    page.get_by_role("button", name="Tilføj underskriver").click()
    page.get_by_text("Underskriveren er tilføjet.").wait_for()

    page.get_by_role("button", name="Markér som underskrevet").click()
    page.get_by_text("Kontraktens status er nu „Underskrevet“.").wait_for()
    assert PartnershipContract.objects.get().status == PartnershipContract.Status.SIGNED

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent kontrakten som PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for label, body in ELEMENTS.items():
        assert label in text
        assert body in text
    assert "Karen Jensen, Skoleleder" in text
    assert "Ole Madsen, SSP-konsulent" in text
    assert "Skriv politikken ind i ordensreglementet" in text
