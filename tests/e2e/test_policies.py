"""An institution drafts its drug policy in the browser, a leader adopts it, and it is
shared as a PDF and through a public link that can be revoked."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from policies.content import SECTIONS as STEPS
from tests.policies.factories import national_template

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _heading(page):
    return page.get_by_role("heading", level=1)


def _next(page):
    page.get_by_role("button", name="Gem og fortsæt").click()


def test_an_editor_drafts_a_policy_a_leader_adopts_it_and_it_is_shared(
    live_server, page, log_in, browser, school_editor, school_leader, institution
):
    national_template()
    log_in("redaktoer")
    page.get_by_role("link", name="Rusmiddelpolitikker", exact=True).click()
    page.get_by_role("link", name="Ny rusmiddelpolitik").click()
    expect(page.get_by_label("Institution")).to_have_value(str(institution.pk))
    page.get_by_role("button", name="Start kladden").click()

    # 1. Purpose: the template's text is there; the guide stands beside it.
    expect(_heading(page)).to_have_text("Formål")
    expect(page.locator(".guide")).to_contain_text("Hvorfor er det vigtigt")
    expect(page.get_by_text("Trin 1 af 10")).to_be_visible()
    purpose = page.get_by_label("Formålet med rusmiddelpolitikken")
    expect(purpose).to_have_value(re.compile("udskyde alkoholdebuten"))
    purpose.fill("Munkevængets Skole vil udskyde alkoholdebuten og forhindre brug af hash.")
    _next(page)

    # 2. Substances: an empty choice is refused with the error summary.
    expect(_heading(page)).to_have_text("Definition af rusmidler")
    for name in ("Nikotin", "Alkohol", "Cannabis", "Kokain", "Morfinpræparater"):
        page.get_by_label(name).uncheck()
    _next(page)
    expect(page.locator("#error-summary")).to_contain_text("Vælg mindst ét rusmiddel.")
    page.get_by_label("Alkohol").check()
    page.get_by_label("Cannabis").check()
    _next(page)

    expect(_heading(page)).to_have_text("Holdninger")
    _next(page)

    # 4. Guidelines: the template's prompts must be replaced.
    expect(_heading(page)).to_have_text("Retningslinjer")
    _next(page)
    expect(page.locator("#error-summary")).to_contain_text("firkantede parenteser")
    page.get_by_label("Forældre: På lejrskoler og ture med overnatning").fill(
        "Forældre, der deltager, er ædru."
    )
    page.get_by_label("Forældre: På udflugter").fill("Forældre, der deltager, er ædru.")
    _next(page)
    expect(_heading(page)).to_have_text("Forebyggelse")

    # Halfway: log out, log in again, and resume where the work stopped.
    page.get_by_role("button", name="Log ud").click()
    log_in("redaktoer")
    page.get_by_role("link", name="Rusmiddelpolitikker", exact=True).click()
    page.get_by_role("link", name=f"Rusmiddelpolitik for {institution.name}").click()
    page.get_by_role("link", name="Fortsæt hvor du slap").click()
    expect(_heading(page)).to_have_text("Forebyggelse")

    page.get_by_label("Undervisning i 0.–3. klasse").fill("Trivsel og venskaber.")
    _next(page)
    expect(_heading(page)).to_have_text("Akut beredskab")
    _next(page)
    expect(_heading(page)).to_have_text("Støtte og behandling")
    page.get_by_label("Sådan tilbyder vi støtte og behandling").fill(
        "Eleven og forældrene tilbydes samtaler og henvisning til ungerådgivningen."
    )
    _next(page)
    expect(_heading(page)).to_have_text("Samarbejdspartnere og kontakter")
    page.get_by_label("Telefon (1)").fill("75 50 00 00")
    _next(page)
    expect(_heading(page)).to_have_text("Formidling og den levende politik")
    _next(page)
    expect(_heading(page)).to_have_text("Evaluering og revision")
    _next(page)

    # Check your answers; a change link returns here.
    expect(_heading(page)).to_have_text("Tjek dine svar")
    page.get_by_role("link", name="Ændr Holdninger").click()
    page.get_by_label("Vores holdninger til rusmidler").fill(
        "Det er normalt og attraktivt at være stoffri."
    )
    page.get_by_role("button", name="Gem og tilbage til dine svar").click()
    expect(_heading(page)).to_have_text("Tjek dine svar")
    expect(page.get_by_text("Det er normalt og attraktivt at være stoffri.")).to_be_visible()
    expect(page.get_by_role("button", name="Vedtag politikken")).to_have_count(0)
    page.get_by_role("button", name="Send i høring").click()
    expect(page.locator("#policy-status")).to_have_text("I høring")
    page.get_by_role("button", name="Log ud").click()

    # The leader adopts it.
    log_in("skoleleder")
    page.get_by_role("link", name="Rusmiddelpolitikker", exact=True).click()
    page.get_by_role("link", name=f"Rusmiddelpolitik for {institution.name}").click()
    page.get_by_role("link", name="Tjek dine svar").first.click()
    page.get_by_role("button", name="Vedtag politikken").click()
    expect(page.get_by_text("Politikken er vedtaget som version 1.")).to_be_visible()
    expect(page.locator("#policy-status")).to_have_text("Vedtaget")

    # The PDF holds every section.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent politikken som PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    for step in STEPS:
        assert str(step.title) in text, step.key
    assert "Munkevængets Skole vil udskyde alkoholdebuten" in text
    assert "Det er normalt og attraktivt at være stoffri." in text

    # A public link shows the adopted version to anyone, until it is revoked.
    page.get_by_role("button", name="Opret offentligt link").click()
    public_url = page.locator("a.public-link").get_attribute("href")
    assert public_url.startswith(reverse("policies:public", args=["x"])[:-2])
    anonymous = browser.new_context()
    visitor = anonymous.new_page()
    visitor.goto(live_server.url + public_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        f"Rusmiddelpolitik for {institution.name}"
    )
    expect(visitor.get_by_text("Munkevængets Skole vil udskyde alkoholdebuten")).to_be_visible()
    page.get_by_role("button", name="Tilbagekald link").click()
    expect(page.get_by_text("Linket er tilbagekaldt")).to_be_visible()
    response = visitor.goto(live_server.url + public_url)
    assert response.status == 404
    anonymous.close()
