"""A coordinator's main journeys with activities, in the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from activities import csv_io
from activities.models import Activity
from tests.activities.factories import make_reference

# serialized_rollback: the arenas come from a data migration and must survive
# the flush that transactional tests end with.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def reference(db):
    return make_reference()


def test_a_coordinator_logs_finds_edits_duplicates_and_exports_an_activity(
    live_server, page, log_in, coordinator, institution, reference, tmp_path: Path
):
    log_in("koordinator")
    page.get_by_role("link", name="Aktiviteter", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktiviteter")

    page.get_by_role("link", name="Ny aktivitet").click()
    page.get_by_label("Indsatsområde").select_option(label="Grundskolen")
    page.locator("#id_title").fill("Forældremøde om hash i 8. klasse")
    page.get_by_label("Forældre", exact=True).check()
    page.get_by_label(institution.name).check()
    page.get_by_label("Antal deltagere").fill("48")
    page.get_by_label("5. Inddrag familien").check()
    expect(page.get_by_text("Forklaring på princip 5.")).to_be_visible()
    page.get_by_role("button", name="Gem aktivitet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forældremøde om hash i 8. klasse")
    expect(page.get_by_text("Aktiviteten er gemt.")).to_be_visible()

    # Found through the free-text filter, and not through a non-matching one.
    page.goto(live_server.url + reverse("activities:list"))
    page.get_by_label("Søg").fill("hash")
    page.get_by_role("button", name="Vis aktiviteter").click()
    expect(page.get_by_role("link", name="Forældremøde om hash i 8. klasse")).to_be_visible()
    page.get_by_label("Søg").fill("natteravne")
    page.get_by_role("button", name="Vis aktiviteter").click()
    expect(page.get_by_text("Ingen aktiviteter passer til filtrene.")).to_be_visible()
    page.get_by_label("Søg").fill("hash")
    page.get_by_role("button", name="Vis aktiviteter").click()
    page.get_by_role("link", name="Forældremøde om hash i 8. klasse").click()

    page.get_by_role("link", name="Redigér").click()
    page.locator("#id_title").fill("Forældreaften om hash i 8. klasse")
    page.get_by_label("Antal deltagere").fill("-2")
    page.get_by_role("button", name="Gem aktivitet").click()
    # The bad count is explained next to the field and in the summary; nothing is lost.
    expect(page.locator("#error-summary")).to_contain_text("Antal deltagere")
    expect(page.locator("#id_title")).to_have_value("Forældreaften om hash i 8. klasse")
    page.get_by_label("Antal deltagere").fill("52")
    page.get_by_role("button", name="Gem aktivitet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forældreaften om hash i 8. klasse")

    page.get_by_role("link", name="Kopiér til ny aktivitet").click()
    expect(page.locator("#id_title")).to_have_value("Forældreaften om hash i 8. klasse")
    page.locator("#id_title").fill("Forældreaften om hash i 8. klasse, næste år")
    page.get_by_role("button", name="Gem aktivitet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Forældreaften om hash i 8. klasse, næste år"
    )
    assert Activity.objects.count() == 2
    copy = Activity.objects.get(title__endswith="næste år")
    assert list(copy.institutions.all()) == [institution]
    assert copy.participants == 52

    page.goto(live_server.url + reverse("activities:list"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Eksportér listen som CSV").click()
    target = tmp_path / "export.csv"
    download_info.value.save_as(target)
    content = target.read_bytes()
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(csv_io.HEADERS)
    assert "Forældreaften om hash i 8. klasse, næste år" in text
    assert "Forældre" in text and institution.name in text


def test_an_import_with_a_bad_row_shows_the_rows_error_and_saves_nothing(
    live_server, page, log_in, coordinator, reference, tmp_path: Path
):
    csv_file = tmp_path / "aktiviteter.csv"
    csv_file.write_text(
        "\ufeff"
        + "\r\n".join(
            [
                ";".join(csv_io.HEADERS),
                ";Grundskolen;Temadag om alkohol;;Planlagt;Elever;;;;;;;;1;01-09-2025;;;",
                ";Grundskolen;Forældremøde;;Planlagt;Forældre;;;9;7;;;;;02-09-2025;;;",
            ]
        ),
        encoding="utf-8",
    )
    log_in("koordinator")
    page.goto(live_server.url + reverse("activities:list"))
    page.get_by_role("link", name="Importér fra CSV").click()
    page.get_by_label("CSV-fil").set_input_files(str(csv_file))
    page.get_by_role("button", name="Vis forhåndsvisning").click()

    expect(page.get_by_text("1 række har fejl. Intet er gemt.")).to_be_visible()
    # The error table names the file's line (the header is line 1).
    bad_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="3"))
    expect(bad_row).to_contain_text("Til klassetrin")
    expect(bad_row).to_contain_text(re.compile("lavere"))
    expect(page.get_by_role("button", name=re.compile("^Gem"))).to_have_count(0)
    assert not Activity.objects.exists()
