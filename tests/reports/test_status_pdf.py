"""The PDF status reports: their figures equal the database's for the shipped
seed data, one municipality and national; the layout promises (page numbers,
running header, Danish dates); a constant number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone
from pypdf import PdfReader

from activities.models import Activity
from municipalities.models import Arena, Municipality
from partnerships.models import Obligation, PartnershipContract
from policies.models import Policy
from reports.selectors import DETAIL_GROUPS_PER_ARENA
from reports.status_reports import status_report_html, status_report_pdf
from tests.activities.factories import ActivityFactory
from tests.factories import InstitutionFactory
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
    # Counted by the period rules (docs/reports.md), written out here in plain ORM.
    adopted = (
        Policy.objects.filter(municipality=kolding)
        .filter(
            Q(adopted_at__date__range=(SEED_START, SEED_END))
            | Q(versions__adopted_at__date__range=(SEED_START, SEED_END))
        )
        .distinct()
    )
    assert _figure(text, "Politikker vedtaget i perioden") == adopted.count()
    in_force = (
        PartnershipContract.objects.filter(municipality=kolding, start_date__lte=SEED_END)
        .exclude(status="draft")
        .filter(Q(end_date__gte=SEED_START) | Q(end_date__isnull=True))
    )
    assert _figure(text, "Partnerskabskontrakter i kraft") == in_force.count()
    overdue = Obligation.objects.filter(
        contract__municipality=kolding, due_date__lt=SEED_END, status="open"
    )
    assert _figure(text, "Forpligtelser med overskredet frist") == overdue.count()
    # One section per arena, headed by its number of activities; every title listed.
    for arena in Arena.objects.all():
        n = activities.filter(arena=arena).count()
        if n:
            label = f"{arena.name}: {n} aktivitet" + ("er" if n != 1 else "")
            assert label in text
    # Identical activities (title and target group) share a row; the seed data's titles
    # are distinct, so every group is listed unless its arena has more than the cap.
    groups = (
        activities.values("arena_id", "title", "target_group_text")
        .annotate(times=Count("id"))
        .order_by("arena__position", "arena_id", "-times", "title", "target_group_text")
    )
    by_arena: dict[int, list[dict]] = {}
    for group in groups:
        by_arena.setdefault(group["arena_id"], []).append(group)
    assert sum(len(rows) for rows in by_arena.values()) > 0
    for rows in by_arena.values():
        # Without whitespace and hyphens: a long title wraps, and is hyphenated, in its
        # cell ("SSP- skolegrupperne", "Kom- mune").
        printed = re.sub(r"[\s\-\u00ad\u2010]", "", text)
        for group in rows[:DETAIL_GROUPS_PER_ARENA]:
            assert re.sub(r"[\s\-\u00ad\u2010]", "", group["title"])[:40] in printed
        left_out = rows[DETAIL_GROUPS_PER_ARENA:]
        if left_out:
            total = sum(group["times"] for group in left_out)
            assert f"… og {len(left_out)} andre aktiviteter (i alt {total} gange)" in text


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


def test_the_report_opens_on_its_summary_with_page_numbers_a_running_header_and_danish_dates(
    seeded,
):
    reader = PdfReader(
        BytesIO(status_report_pdf(municipality=seeded, start=SEED_START, end=SEED_END))
    )
    pages = [page.extract_text() for page in reader.pages]

    assert "Statusrapport for Kolding" in pages[0]
    assert "1. september 2004 – 30. april 2007" in pages[0]
    first = re.sub(r"\s+", " ", pages[0])
    assert "Det vigtigste" in first and "forrige periode af samme længde" in first
    assert len(pages) <= 6
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert f"Side {number} af {total}" in page
        assert "Statusrapport for Kolding" in page  # the running header


def test_the_html_behind_the_pdf_repeats_table_headers_and_explains_its_figures(seeded):
    html = status_report_html(municipality=seeded, start=SEED_START, end=SEED_END)

    assert "thead { display: table-header-group; }" in html
    assert "counter(page)" in html and "counter(pages)" in html
    assert "Sådan er tallene talt" in html  # the period rules as footnotes
    assert "er klassificeret efter de effektive principper" in html  # unknown, not "0 af 6"
    assert html.count("<svg") >= 3  # the same server-drawn charts as the dashboard


def test_overdue_reviews_and_obligations_are_marked_in_the_report(municipality, institution):
    today = timezone.localdate()
    make_policy(institution=institution, review_due=today - timedelta(days=10))
    contract = ContractFactory(institution=institution, status=PartnershipContract.Status.ACTIVE)
    ObligationFactory(contract=contract, due_date=today - timedelta(days=2))

    # The current year: overdue is counted today.
    text = _text(
        status_report_pdf(
            municipality=municipality, start=date(today.year, 1, 1), end=date(today.year, 12, 31)
        )
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
    make_policy(institution=institution, review_due=timezone.localdate())
    contract = ContractFactory(institution=institution, status=PartnershipContract.Status.ACTIVE)
    ObligationFactory(contract=contract, due_date=date.today())
    # 7 of status_summary (see reports.selectors.status_summary), then the listings:
    # 8 activity groups (title, target group) with their arenas, 9 target-group names of
    # groups without free text, 10 policies with institutions, 11 contracts in force, 12
    # undated contracts, 13 agreements in force, 14 undated agreements, 15 obligations.
    with django_assert_num_queries(15):
        html = status_report_html(
            municipality=municipality, start=date(2025, 1, 1), end=date(2025, 12, 31)
        )
    assert html.count("Forældremøde") == min(n, DETAIL_GROUPS_PER_ARENA)


def _rows(html: str) -> list[list[str]]:
    """The report's table rows as lists of cell texts."""
    return [
        [
            re.sub(r"\s+", " ", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def test_identical_activities_share_one_row_with_summed_figures(municipality, ref):
    for participants, events in [(10, 1), (20, 2), (30, 3)]:
        ActivityFactory(
            municipality=municipality,
            title="Hash-samtalen",
            target_group_text="8. klasse",
            participants=participants,
            events=events,
        )
    ActivityFactory(municipality=municipality, title="Hash-samtalen", target_group_text="9. klasse")
    ActivityFactory(
        municipality=municipality,
        title="Forældremøde om alkohol",
        target_group_text="",
        relations={"target_groups": [ref.parents, ref.pupils]},
        participants=40,
        events=1,
    )

    rows = _rows(
        status_report_html(
            municipality=municipality, start=date(2025, 1, 1), end=date(2025, 12, 31)
        )
    )

    activity_rows = [row for row in rows if len(row) == 4]
    assert activity_rows[0] == ["Hash-samtalen", "8. klasse", "3", "60"]
    assert ["Hash-samtalen", "9. klasse", "1", "–"] in activity_rows[1:]
    names = ", ".join(sorted([ref.parents.name, ref.pupils.name]))
    row = next(row for row in activity_rows if row[0] == "Forældremøde om alkohol")
    assert sorted(row[1].split(", ")) == names.split(", ")
    assert row[2:] == ["1", "40"]
    assert len(activity_rows) == 3


def test_each_arena_lists_its_largest_groups_and_counts_the_rest(municipality):
    for i in range(DETAIL_GROUPS_PER_ARENA + 5):
        ActivityFactory(municipality=municipality, title=f"Temadag {i:02d}")
    for _ in range(3):
        ActivityFactory(municipality=municipality, title="Temadag 99")

    html = status_report_html(
        municipality=municipality, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    rows = [row for row in _rows(html) if len(row) == 4]

    assert len(rows) == DETAIL_GROUPS_PER_ARENA
    assert rows[0][0] == "Temadag 99" and rows[0][2] == "3"  # the most held first
    assert rows[1][0] == "Temadag 00"  # then by title
    assert "… og 6 andre aktiviteter (i alt 6 gange)" in html
    assert f"Grundskolen: {DETAIL_GROUPS_PER_ARENA + 8} aktiviteter" in html


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


def test_the_policy_section_lists_what_needs_action_most_urgent_first(municipality, monkeypatch):
    today = timezone.localdate()
    lead = municipality.review_lead_days
    policies = {
        name: make_policy(
            institution=InstitutionFactory(municipality=municipality, name=name), **kw
        )
        for name, kw in {
            "Overskredet længst": {"review_due": today - timedelta(days=40)},
            "Overskredet kort": {"review_due": today - timedelta(days=2)},
            "Snart til revision": {"review_due": today + timedelta(days=lead - 1)},
            "Kladdeskolen": {"status": Policy.Status.DRAFT, "review_due": None},
            "Høringsskolen": {"status": Policy.Status.CONSULTATION, "review_due": None},
            "I orden": {"review_due": today + timedelta(days=lead + 30)},
            "Arkiveret skole": {"status": Policy.Status.ARCHIVED, "review_due": None},
        }.items()
    }
    assert len(policies) == 7

    text = _text(status_report_pdf(municipality=municipality, start=today, end=today))

    assert "5 politikker kræver handling – de mest presserende først" in text
    listing = text.split("de mest presserende først", 1)[1]
    order = [
        "Overskredet længst",
        "Overskredet kort",
        "Snart til revision",
        "Høringsskolen",
        "Kladdeskolen",
    ]
    positions = [listing.index(name) for name in order]
    assert positions == sorted(positions)
    assert "I orden" not in listing and "Arkiveret skole" not in text
    assert "andre politikker, der kræver handling" not in text

    # Only the most urgent are listed; the rest are counted.
    monkeypatch.setattr("reports.selectors.DETAIL_POLICIES", 2)
    text = _text(status_report_pdf(municipality=municipality, start=today, end=today))
    listing = text.split("de mest presserende først", 1)[1]
    assert "Overskredet længst" in listing and "Overskredet kort" in listing
    assert "Snart til revision" not in listing
    assert "… og 3 andre politikker, der kræver handling." in listing


def test_rendering_a_pdf_pauses_the_cyclic_collector_and_restores_it():
    import gc

    from weasyprint import HTML

    from core.pdf import html_to_pdf

    html = "<table>" + "<tr><td>Skole</td><td>1. marts 2026</td></tr>" * 200 + "</table>"
    collections: list[str] = []

    def record(phase, info):
        if phase == "start":
            collections.append(phase)

    gc.callbacks.append(record)
    try:
        HTML(string=html).write_pdf()
        unpaused = len(collections)
        collections.clear()
        pdf = html_to_pdf(html)
        paused = len(collections)
    finally:
        gc.callbacks.remove(record)

    assert unpaused > 20  # the collector runs again and again during a plain render
    assert paused <= 1  # at most once, when it is switched on again afterwards
    assert gc.isenabled()
    assert pdf.startswith(b"%PDF")
