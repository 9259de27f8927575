"""The status page and the PDF show the same summary: key figures, findings and rules."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from reports.selectors import PERIOD_RULES
from reports.status_reports import status_report_pdf
from tests.activities.factories import ActivityFactory

PERIOD = {"start": "2005-01-01", "end": "2005-12-31"}


def test_the_status_page_and_the_pdf_show_the_same_findings(
    client_for, steering_member, municipality, ref
):
    ActivityFactory(
        municipality=municipality,
        arena=ref.school,
        start_date=date(2005, 3, 1),
        relations={"target_groups": [ref.parents]},
    )
    ActivityFactory(municipality=municipality, arena=ref.school, start_date=date(2004, 3, 1))

    response = client_for(steering_member).get(reverse("reports:dashboard"), PERIOD)
    summary = response.context["summary"]
    html = response.content.decode()
    pdf = status_report_pdf(
        municipality=municipality, start=date(2005, 1, 1), end=date(2005, 12, 31)
    )
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))
    squashed = re.sub(r"[\s\u2010-]", "", text)

    assert 3 <= len(summary.findings) <= 6
    for finding in summary.findings:
        assert finding in html
        assert re.sub(r"[\s\u2010-]", "", finding) in squashed
    for name, _rule in PERIOD_RULES:
        assert str(name) in html and str(name) in text
    assert "Forældre er målgruppe for 1 af 1 aktiviteter." in summary.findings
    assert "Antallet af aktiviteter faldt fra" not in html  # 1 before, 1 now: no change


def test_the_coverage_page_offers_the_project_period(client_for, coordinator, municipality):
    html = client_for(coordinator).get(reverse("activities:coverage")).content.decode()

    assert "period_from=2004-09-01&amp;period_to=2007-04-30" in html
