"""English is complete: every Danish string of the interface has an English translation.

The catalogue is regenerated from the current source with ``makemessages`` (GNU gettext)
in a copy of the project, so a string added anywhere without a translation fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

PROJECT = Path(settings.BASE_DIR)
NOT_SOURCE = (
    ".venv",
    ".git",
    "media",
    "staticfiles",
    "node_modules",
    "__pycache__",
    ".*_cache",
    "*.sqlite3",
)

# Words of the Danish interface that must not appear on an English page.
DANISH_UI_WORDS = (
    "Adgangskode",
    "Brugernavn",
    "Log ind",
    "Gå til indholdet",
    "Tilgængelighedserklæring",
    "Om data og kilder",
    "Hovedmenu",
)


@pytest.fixture(scope="module")
def fresh_english_catalogue(tmp_path_factory) -> polib.POFile:
    """locale/en/LC_MESSAGES/django.po as makemessages would leave it for the current source."""
    copy = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE), symlinks=True)
    catalogue = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if catalogue.exists() and not catalogue.read_text(encoding="utf-8").strip():
        # msgmerge cannot merge into an empty file (no header, so no charset): an empty
        # catalogue translates nothing, which is what a fresh one says as well.
        catalogue.unlink()
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--ignore=.venv",
            "--ignore=staticfiles",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    return polib.pofile(str(catalogue))


def _untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def test_the_catalogue_covers_the_interface(fresh_english_catalogue):
    # Guards against makemessages silently finding nothing (wrong directory, no gettext).
    msgids = {entry.msgid for entry in fresh_english_catalogue}
    assert {"Log ud", "Gå til indholdet", "Tilgængelighedserklæring"} <= msgids


def test_every_danish_string_has_an_english_translation(fresh_english_catalogue):
    live = [entry for entry in fresh_english_catalogue if not entry.obsolete]
    missing = [entry.msgid for entry in live if _untranslated(entry)]
    fuzzy = [entry.msgid for entry in live if entry.fuzzy and not _untranslated(entry)]
    report = [f"{len(missing)} untranslated and {len(fuzzy)} fuzzy of {len(live)} strings."]
    report += [f"untranslated: {msgid!r}" for msgid in missing]
    report += [f"fuzzy (check and remove the flag): {msgid!r}" for msgid in fuzzy]
    assert not missing and not fuzzy, "\n".join(report)


def test_the_login_page_in_english_has_no_danish_words(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="en">' in html
    found = [word for word in DANISH_UI_WORDS if word in html]
    assert not found, f"Danish words on the English login page: {found}"
