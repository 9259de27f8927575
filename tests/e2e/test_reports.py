"""A steering-group member finds the status page and downloads the PDF report."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.activities.factories import ActivityFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_steering_member_downloads_the_status_report(
    live_server, page, log_in, steering_member, municipality, tmp_path
):
    ActivityFactory(
        municipality=municipality,
        title="Rusmiddelseminar for 8. klasse",
        start_date=date(2005, 3, 1),
        participants=65,
    )
    log_in("styregruppe")

    page.get_by_role("link", name="Status og rapporter").click()
    page.wait_for_url(f"{live_server.url}{reverse('reports:dashboard')}")
    assert page.get_by_role("heading", level=1).inner_text() == "Status for Kolding"
    page.get_by_label("Fra").fill("2004-09-01")
    page.get_by_label("Til").fill("2007-04-30")
    page.get_by_role("button", name="Vis perioden").click()
    page.wait_for_url("**start=2004-09-01**")
    # The chart and its table show the same figure.
    assert page.locator("svg[data-chart='arenas']").count() == 1
    assert "65" in page.locator("table.key-figures").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == "statusrapport-kolding-2004-09-01-2007-04-30.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(target.read_bytes())).pages)
    text = re.sub(r"\s+", " ", text)  # table cells wrap
    assert "Statusrapport for Kolding" in text
    assert "Rusmiddelseminar for 8. klasse" in text
