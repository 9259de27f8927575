"""The migration to one content shape carries every policy, version and template
over unchanged: each page and PDF that shows them reads word for word as it did.

``golden/before_content_migration.json`` was written by the code before the
migration (tests/policies/make_golden.py in the commit that added the file): the
stored rows in the old shape and the text of every page and PDF. Here those rows
are put back into the database as it was before the migration, the migration
runs, and the pages and PDFs are rendered again by today's code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from municipalities.models import Institution, Membership, Municipality, Role
from tests.conftest import login
from tests.policies.rendering import html_text, pdf_text, without_page_footers

GOLDEN = Path(__file__).parent / "golden" / "before_content_migration.json"
BEFORE = ("policies", "0003_historical_records")
DATE_FIELDS = {"adopted_at", "review_due_date", "created_at", "updated_at", "revoked_at"}


LADDER_HEADER = "TrinNårHvemhandlerHvemkontaktesHvorhurtigt"


def _row(row: dict) -> dict:
    return {
        key: (None if key in DATE_FIELDS and value == "" else value) for key, value in row.items()
    }


@pytest.mark.django_db(transaction=True)
def test_every_policy_version_and_template_reads_the_same_after_the_content_migration():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps

    User = get_user_model()
    for row in golden["municipalities"]:
        Municipality.objects.create(**row)
    for row in golden["institutions"]:
        Institution.objects.create(**row)
    for row in golden["users"]:
        User.objects.create(**row)
    viewer = User.objects.get(username=golden["viewer"])
    Membership.objects.create(
        user=viewer, role=Role.COORDINATOR, municipality=Municipality.objects.get()
    )
    for model, rows in (
        ("PolicyTemplate", golden["templates"]),
        ("Policy", golden["policies"]),
        ("PolicyVersion", golden["versions"]),
        ("PublicLink", golden["links"]),
    ):
        model_class = old.get_model("policies", model)
        # Adaptations point at their national template: create in id order.
        for row in sorted(rows, key=lambda r: r["id"]):
            model_class.objects.create(**_row(row))
    assert old.get_model("policies", "Policy").objects.count() == len(golden["policies"])

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    client = login(Client(), viewer)
    assert golden["renders"]
    for url, before in golden["renders"].items():
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"] == "application/pdf":
            after = pdf_text(response.content)
            before = without_page_footers(before)
            # A table's header is repeated on each page it runs onto, and where a page
            # breaks moves the order in which the text of a table row is extracted: that
            # is layout. The PDF must hold the same text; the order of every word is
            # compared on the HTML pages of the same policy and version.
            before, after = (sorted(text.replace(LADDER_HEADER, "")) for text in (before, after))
        else:
            after = html_text(response.content.decode())
        if "/skabeloner/" in url:
            # A template's content is what the migration must keep; its page's header
            # now says where the template comes from in other words.
            before, after = (text[text.index("1. Formål") :] for text in (before, after))
        assert after == before, url
