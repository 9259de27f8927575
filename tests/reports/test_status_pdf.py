"""The PDF status reports: their figures equal the database's for the shipped
seed data, one municipality and national; the layout promises (page numbers,
running header, Danish dates); a constant number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from pypdf import PdfReader

from activities.models import Activity
from municipalities.models import Arena, Municipality
from partnerships.models import Obligation, PartnershipContract
from policies.models import Policy
from reports.status_reports import status_report_html, status_report_pdf
from tests.activities.factories import ActivityFactory
from tests.partnerships.factories import ContractFactory, ObligationFactory
from tests.reports.conftest import SEED_END, SEED_START
from tests.reports.helpers import da_int, make_policy

NUMBER = r"(\d[\d.]*)"


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def _figure(text: str, label: str) -> int:
    match = re.search(re.escape(label) + r" " + NUMBER, text)
    assert match, f"{label!r} not in the report"
    return da_int(match.group(1))


@pytest.fixture
def seeded(db):
    call_command("seed_model_municipalities")
    return Municipality.objects.get(slug="kolding")


def test_a_municipalitys_report_shows_the_databases_figures_for_the_seed_data(seeded):
    kolding = seeded
    activities = Activity.objects.filter(municipality=kolding).in_period(SEED_START, SEED_END)
    totals = activities.aggregate(
        n=Count("id"), participants=Sum("participants"), events=Sum("events")
    )
    assert totals["n"] > 0

    text = _text(status_report_pdf(municipality=kolding, start=SEED_START, end=SEED_END))

    assert _figure(text, "Aktiviteter i perioden") == totals["n"]
    assert _figure(text, "Deltagere talt") == (totals["participants"] or 0)
    assert _figure(text, "Arrangementer og forløb") == (totals["events"] or 0)
    assert (
        _figure(text, "Vedtagne politikker")
        == Policy.objects.filter(municipality=kolding).adopted().count()
    )
    assert (
        _figure(text, "Politikker med overskredet revision")
        == Policy.objects.filter(municipality=kolding).overdue().count()
    )
    assert (
        _figure(text, "Partnerskabskontrakter i kraft")
        == PartnershipContract.objects.filter(
            municipality=kolding, status__in=["signed", "active"]
        ).count()
    )
    assert (
        _figure(text, "Forpligtelser med overskredet frist")
        == Obligation.objects.filter(contract__municipality=kolding).overdue().count()
    )
    # One section per arena, headed by its number of activities; every title listed.
    for arena in Arena.objects.all():
        n = activities.filter(arena=arena).count()
        if n:
            label = f"{arena.name}: {n} aktivitet" + ("er" if n != 1 else "")
            assert label in text
    for title in activities.values_list("title", flat=True):
        assert " ".join(title.split())[:40] in text


def test_the_national_report_compares_the_municipalities_with_the_databases_figures(seeded):
    all_activities = Activity.objects.in_period(SEED_START, SEED_END)

    text = _text(status_report_pdf(municipality=None, start=SEED_START, end=SEED_END))

    assert "National statusrapport" in text
    assert _figure(text, "Aktiviteter i perioden") == all_activities.count()
    assert _figure(text, "Deltagere talt") == all_activities.aggregate(p=Sum("participants"))["p"]
    municipalities = Municipality.objects.filter(is_model_municipality=True)
    assert municipalities.count() == 14
    for municipality in Municipality.objects.all():
        own = all_activities.filter(municipality=municipality).aggregate(
            n=Count("id"), p=Sum("participants")
        )
        match = re.search(re.escape(str(municipality)) + rf" {NUMBER} {NUMBER} \d af 6", text)
        assert match, municipality
        assert da_int(match.group(1)) == own["n"], municipality
        assert da_int(match.group(2)) == (own["p"] or 0), municipality


def test_the_report_has_a_cover_page_numbers_a_running_header_and_danish_dates(seeded):
    reader = PdfReader(
        BytesIO(status_report_pdf(municipality=seeded, start=SEED_START, end=SEED_END))
    )
    pages = [page.extract_text() for page in reader.pages]

    assert "Statusrapport" in pages[0] and "Kolding" in pages[0]
    assert "1. september 2004 – 30. april 2007" in pages[0]
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert f"Side {number} af {total}" in page
        assert "Statusrapport for Kolding" in page  # the running header


def test_the_html_behind_the_pdf_repeats_table_headers_and_marks_gaps_in_words(seeded):
    html = status_report_html(municipality=seeded, start=SEED_START, end=SEED_END)

    assert "thead { display: table-header-group; }" in html
    assert "counter(page)" in html and "counter(pages)" in html
    assert "Hul</td>" in html  # coverage gaps, not only colour
    assert html.count("<svg") >= 4  # the same server-drawn charts as the dashboard


def test_overdue_reviews_and_obligations_are_marked_in_the_report(municipality, institution):
    make_policy(institution=institution, review_due=date.today() - timedelta(days=10))
    contract = ContractFactory(institution=institution, status=PartnershipContract.Status.ACTIVE)
    ObligationFactory(contract=contract, due_date=date.today() - timedelta(days=2))

    text = _text(
        status_report_pdf(municipality=municipality, start=date(2025, 1, 1), end=date(2025, 12, 31))
    )

    assert text.count("(overskredet)") == 2
    assert _figure(text, "Politikker med overskredet revision") == 1
    assert _figure(text, "Forpligtelser med overskredet frist") == 1


@pytest.mark.parametrize("n", [1, 200])
def test_the_reports_query_count_does_not_grow_with_the_data(
    municipality, institution, django_assert_num_queries, n
):
    for i in range(n):
        ActivityFactory(municipality=municipality, start_date=date(2025, 1 + i % 12, 1))
    make_policy(institution=institution, review_due=date.today())
    contract = ContractFactory(institution=institution, status=PartnershipContract.Status.ACTIVE)
    ObligationFactory(contract=contract, due_date=date.today())
    # 5 of status_summary (see reports.services.status_summary), then the listings:
    # 6 activities with arenas, 7 their target groups (prefetch), 8 policies with
    # institutions, 9 contracts with institutions, 10 open obligations with contracts.
    with django_assert_num_queries(10):
        html = status_report_html(
            municipality=municipality, start=date(2025, 1, 1), end=date(2025, 12, 31)
        )
    assert html.count("Forældremøde") == n


def test_the_command_writes_a_municipal_and_a_national_report(seeded, tmp_path):
    municipal, national = tmp_path / "kolding.pdf", tmp_path / "national.pdf"

    call_command(
        "status_report",
        "--municipality",
        "kolding",
        "--from",
        "2004-09-01",
        "--to",
        "2007-04-30",
        "--output",
        str(municipal),
    )
    call_command(
        "status_report",
        "--all",
        "--from",
        "2004-09-01",
        "--to",
        "2007-04-30",
        "--output",
        str(national),
    )

    assert "Statusrapport for Kolding" in _text(municipal.read_bytes())
    assert "Kommunerne sammenlignet" in _text(national.read_bytes())
