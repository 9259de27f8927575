"""Browser journey: after the daily reminder run, a coordinator sees what is due
on the start page and what was sent in the reminder log."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from tests.e2e.test_accessibility import audit
from tests.reminders.helpers import from_today, make_obligation, make_policy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_sees_due_reviews_and_the_reminders_sent(
    institution, school_leader, coordinator, log_in
):
    make_policy(
        institution=institution,
        responsible=school_leader,
        due=from_today(-45),
        title="Rusmiddelpolitik for Munkevængets Skole",
    )
    make_policy(institution=institution, due=from_today(12), title="Klubbens politik")
    make_obligation(institution=institution, due=from_today(4))
    call_command("send_review_reminders")
    assert len(mail.outbox) == 4  # leader + coordinator (overdue); leader (soon); obligation

    page = log_in("koordinator")

    due = page.get_by_role("region", name="Forfalder snart og overskredet")
    rows = due.get_by_role("row")
    assert rows.count() == 4  # header + 3
    overdue = due.get_by_role("row", name="Rusmiddelpolitik for Munkevængets Skole")
    assert "Overskredet" in overdue.inner_text()
    assert "45 dage" in overdue.inner_text()
    assert audit(page, label="coordinator, start page with due items") == []

    page.get_by_role("link", name="Se de påmindelser, der er sendt").click()
    page.get_by_role("heading", level=1, name="Sendte påmindelser").wait_for()
    log_rows = page.get_by_role("row")
    assert log_rows.count() == 1 + 4
    assert page.get_by_role("cell", name="Sendt", exact=True).count() == 4
    assert audit(page, label="coordinator, reminder log") == []

    page.get_by_role("link", name="Rusmiddelpolitik for Munkevængets Skole").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert "/politikker/" in page.url
