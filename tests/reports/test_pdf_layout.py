"""Every PDF the product makes, from realistic data and from stress data, checked from
the PDF itself (tests/pdf_layout.py): no word beyond the page, no two words overlapping,
no table row split across pages. A deliberately too-wide column must fail the check."""

from __future__ import annotations

from datetime import date

import pytest
import weasyprint
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity
from municipalities.models import Institution, Municipality, Role
from partnerships.models import Obligation, PartnershipContract, Party
from reports.status_reports import status_report_pdf
from tests.activities.factories import ActivityFactory
from tests.factories import InstitutionFactory, MunicipalityFactory, make_member
from tests.partnerships.factories import ContractFactory
from tests.pdf_layout import layout_faults
from tests.policies.factories import adopted_policy, complete_draft
from tests.reports.helpers import make_policy

PROJECT = (date(2004, 9, 1), date(2007, 4, 30))

LONG_NAME = "Rusmiddelforebyggelseskoordinationsudvalgets Ungdomsskoleafdeling"
LONG_TEXT = (
    "Skolens ledelse, lærere, pædagoger og forældrebestyrelsen drøfter hvert år, hvordan "
    "rusmiddelforebyggelsen kan styrkes gennem undervisningsforløb, forældremøder, "
    "samarbejde med SSP-konsulenten og klubberne, og hvordan nye medarbejdere introduceres "
    "til handleplanen og den akutte beredskabsplan ved mistanke om misbrug. "
)


@pytest.fixture
def rendered(monkeypatch):
    """Every (html, pdf) WeasyPrint renders during the test, whoever calls it."""
    pages: list[str] = []
    original = weasyprint.HTML.__init__

    def remember(self, *args, string=None, **kwargs):
        pages.append(string)
        original(self, *args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "__init__", remember)
    return pages


def _check(pdf: bytes, html: str, name: str) -> None:
    assert pdf.startswith(b"%PDF"), name
    faults = layout_faults(pdf, html)
    assert faults == [], f"{name}: {faults[:10]}"


def test_every_pdf_from_the_shipped_data_has_a_clean_layout(db, client_for, rendered):
    call_command("seed_model_municipalities")
    kolding = Municipality.objects.get(slug="kolding")
    hilleroed = Municipality.objects.get(slug="hilleroed")
    coordinator = make_member(username="k", role=Role.COORDINATOR, municipality=kolding)
    school = Institution.objects.filter(municipality=kolding).first() or InstitutionFactory(
        municipality=kolding
    )
    policy = adopted_policy(institution=school, user=coordinator)
    contract = PartnershipContract.objects.filter(municipality=hilleroed).first()
    hilleroed_coordinator = make_member(username="h", role=Role.COORDINATOR, municipality=hilleroed)

    checked = []
    for municipality in (kolding, hilleroed, None):
        for start, end in (PROJECT, (date(2026, 1, 1), date(2026, 12, 31))):
            pdf = status_report_pdf(municipality=municipality, start=start, end=end)
            checked.append((f"status {municipality} {start.year}", pdf, rendered[-1]))
    client = client_for(coordinator)
    for name in ("pdf", "card"):
        response = client.get(reverse(f"policy_documents:{name}", args=[policy.pk]))
        checked.append((name, response.content, rendered[-1]))
    response = client_for(hilleroed_coordinator).get(
        reverse("contract_documents:contract_pdf", args=[contract.pk])
    )
    checked.append(("contract", response.content, rendered[-1]))

    for name, pdf, html in checked:
        _check(pdf, html, name)
    assert len(checked) == 9


def _stress_data() -> tuple[Municipality, object, object, PartnershipContract]:
    """98 municipalities with long names, one of them with 100 institutions, long
    activity titles, policies needing action, a contract and obligations with long texts."""
    for i in range(97):
        MunicipalityFactory(slug=f"stress-{i}", name=f"Ringkøbing-Skjern-Nordvestjyllands {i}")
    big = MunicipalityFactory(slug="stress-big", name="Lolland-Guldborgsund-Vordingborgs Kommune")
    institutions = Institution.objects.bulk_create(
        [
            Institution(
                municipality=big,
                name=f"{LONG_NAME} nr. {i} – Skovbrynets Heldagsskole og Fritidsklub",
                kind=Institution.Kind.PRIMARY_SCHOOL if i % 2 else Institution.Kind.YOUTH_CLUB,
            )
            for i in range(100)
        ]
    )
    for i, institution in enumerate(institutions[:40]):
        make_policy(
            institution=institution,
            review_due=date(2026, 1, 1 + i % 28) if i % 3 else None,
            status="adopted" if i % 3 else "draft",
        )
    for i in range(60):
        ActivityFactory(
            municipality=big,
            title=f"Temadag {i}: {LONG_TEXT[:150]}",
            target_group_text="Elever i 7.–10. klasse, deres forældre og lærerne på skolerne",
            start_date=date(2026, 1 + i % 12, 1),
            participants=1000 + i,
        )
    contract = ContractFactory(
        institution=institutions[0],
        title=f"Partnerskabskontrakt om {LONG_NAME}",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        status=PartnershipContract.Status.ACTIVE,
        local_values_and_goals=LONG_TEXT * 8,
        guidelines_and_help=LONG_TEXT * 6,
    )
    Obligation.objects.bulk_create(
        [
            Obligation(
                contract=contract,
                party=Party.INSTITUTION if i % 2 else Party.MUNICIPALITY,
                description=f"{i}. {LONG_TEXT * 2}",
                owner_name=f"Anne-Mette Bruun-Østergaard Kristiansen {i}",
                due_date=date(2026, 1 + i % 12, 10),
            )
            for i in range(25)
        ]
    )
    coordinator = make_member(username="stress", role=Role.COORDINATOR, municipality=big)
    policy = complete_draft(institution=institutions[1], user=coordinator)
    policy.content = {
        key: value if key == "evaluation" else _lengthened(value)
        for key, value in policy.content.items()
    }
    policy.save()
    from policies import services

    services.policy_adopt(policy=policy, user=coordinator, expected_version=policy.version)
    policy.refresh_from_db()
    return big, coordinator, policy, contract


def _lengthened(value, key: str = ""):
    """Each section's free texts ("text") four times as long; short fields (ladder
    steps, contacts) get long Danish words instead, within their limits."""
    if isinstance(value, str):
        if key == "text" and value:
            return f"{value} {LONG_TEXT * 4}"
        if " " in value and len(value) < 60:
            return f"{value} (Rusmiddelforebyggelseskoordinator)"
        return value
    if isinstance(value, list):
        return [_lengthened(item, key) for item in value]
    if isinstance(value, dict):
        return {name: _lengthened(item, name) for name, item in value.items()}
    return value


def test_every_pdf_from_stress_data_has_a_clean_layout(db, client_for, rendered):
    big, coordinator, policy, contract = _stress_data()
    assert Municipality.objects.count() == 98
    assert Activity.objects.filter(municipality=big).count() == 60

    checked = []
    for municipality in (big, None):
        pdf = status_report_pdf(
            municipality=municipality, start=date(2026, 1, 1), end=date(2026, 12, 31)
        )
        checked.append((f"status {municipality}", pdf, rendered[-1]))
    client = client_for(coordinator)
    for name, url in (
        ("policy", reverse("policy_documents:pdf", args=[policy.pk])),
        ("card", reverse("policy_documents:card", args=[policy.pk])),
        ("contract", reverse("contract_documents:contract_pdf", args=[contract.pk])),
    ):
        response = client.get(url)
        assert response.status_code == 200, name
        checked.append((name, response.content, rendered[-1]))

    for name, pdf, html in checked:
        _check(pdf, html, name)


def test_a_too_wide_column_fails_the_check():
    row = "<tr><td style='white-space: nowrap'>{}</td><td>Kolding</td></tr>"
    html = (
        "<html><body><table style='width: 100%'><tbody>"
        + row.format(" ".join(["Rusmiddelforebyggelseskoordination"] * 12))
        + "</tbody></table></body></html>"
    )
    faults = layout_faults(weasyprint.HTML(string=html).write_pdf(), html)

    assert any(fault.startswith("off the page") for fault in faults)


def test_a_split_row_and_overlapping_words_fail_the_check():
    tall = "<br>".join(["Linje"] * 80)
    html = (
        "<html><body><table><tbody><tr><td>" + tall + "</td><td>Kolding</td></tr>"
        "</tbody></table>"
        "<p style='position: absolute; top: 0; left: 0'>Oven i</p>"
        "<p style='position: absolute; top: 0; left: 0'>Oven i</p></body></html>"
    )
    faults = layout_faults(weasyprint.HTML(string=html).write_pdf(), html)

    assert any(fault.startswith("row split") for fault in faults)
    assert any(fault.startswith("overlap") for fault in faults)
