"""Production settings: its own key, no-store, the Content-Security-Policy, the 400 page,
errors that reach someone without personal data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sentry_sdk
from django.core import mail
from django.test import Client
from django.urls import reverse
from sentry_sdk.transport import Transport

from core.error_reports import scrub_event
from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "SENTRY_DSN"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_its_own_secret_key():
    result = _manage("check", DJANGO_PRODUCTION="1", DJANGO_ALLOWED_HOSTS="narkoen.example.dk")
    assert result.returncode != 0
    assert "needs its own DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_the_public_development_key():
    from django.conf import settings

    result = _manage(
        "check",
        DJANGO_PRODUCTION="1",
        DJANGO_SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="narkoen.example.dk",
    )
    assert result.returncode != 0
    assert "needs its own DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_names_the_development_key():
    result = _manage("check", "--deploy", DJANGO_DEBUG="0")
    assert "security.W009" in result.stdout + result.stderr


def test_check_deploy_warns_when_errors_would_reach_no_one():
    result = _manage("check", "--deploy", DJANGO_DEBUG="0")
    assert "core.W001" in result.stdout + result.stderr


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_signed_in_pages_and_downloads_are_not_stored(client_for, coordinator, municipality):
    client = client_for(coordinator)
    for url in (
        reverse("start"),
        reverse("activities:list"),
        reverse("activities:export"),
        reverse("reports:municipality_pdf", args=[municipality.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
    assert client.get(reverse("activities:export"))["Content-Type"].startswith("text/csv")


def test_the_signed_out_login_page_may_be_cached(client, db):
    # Proves the header is chosen, not set on everything.
    assert not _no_store(client.get(reverse("about_data")))


def test_pages_carry_a_content_security_policy_without_inline_script(client_for, coordinator):
    response = client_for(coordinator).get(reverse("start"))
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_no_template_has_inline_script_or_style_attributes():
    import re

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if path.parts[-2] in ("pdf", "emails") or path.name in ("400.html", "500.html"):
            continue  # rendered by WeasyPrint or a mail client, never under the CSP
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", text):
            offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\sstyle=\"|\son[a-z]+=\"", text):
            offenders.append(f"{path.name}: style or event-handler attribute")
    assert offenders == []


def test_a_bad_request_gets_a_translated_page(client, db):
    response = client.get("/", HTTP_HOST="angriber.example")
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/", HTTP_HOST="angriber.example")
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.security.urls_failing"
    settings.ADMINS = [("Drift", "drift@narkoen.example.dk")]
    return Client(raise_request_exception=False)


def test_a_server_error_is_emailed_to_the_admins_and_the_page_says_so(failing_site, db):
    response = failing_site.get("/fejl/")
    assert response.status_code == 500
    assert "Vi er blevet gjort opmærksom på det" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["drift@narkoen.example.dk"]
    assert "RuntimeError" in mail.outbox[0].body


class _Captured(Transport):
    events: list[dict] = []

    def capture_envelope(self, envelope) -> None:
        for item in envelope.items:
            event = item.get_event()
            if event is not None:
                self.events.append(event)


def test_the_error_tracker_receives_the_error_without_personal_data(
    failing_site, coordinator, settings
):
    from core.error_reports import init_sentry

    _Captured.events = []
    init_sentry("http://public@127.0.0.1:9/1", environment="test")
    client = sentry_sdk.get_client()
    client.transport = _Captured(client.options)
    try:
        login(failing_site, coordinator)
        failing_site.get("/fejl/?elev=0101901234", HTTP_COOKIE="sessionid=hemmelig")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    assert len(_Captured.events) == 1
    event = _Captured.events[0]
    text = repr(event)
    assert "RuntimeError" in text
    assert "010190-1234" not in text and "0101901234" not in text
    assert "hemmelig" not in text
    assert "koordinator" not in text
    assert event.get("user", {}) in ({}, {"id": str(coordinator.pk)}, {"id": coordinator.pk})
    assert all(
        "vars" not in frame
        for value in event["exception"]["values"]
        for frame in value["stacktrace"]["frames"]
    )


def test_the_scrubber_drops_bodies_cookies_and_user_details():
    event = {
        "request": {
            "url": "https://narkoen.example.dk/aktiviteter/?q=010190-1234",
            "method": "POST",
            "data": {"description": "Jens Hansen, 8.b"},
            "cookies": {"sessionid": "hemmelig"},
            "headers": {"Cookie": "sessionid=hemmelig", "User-Agent": "Firefox"},
            "query_string": "q=010190-1234",
        },
        "user": {"id": 7, "email": "koordinator@kolding.dk", "ip_address": "192.0.2.1"},
        "message": "Kunne ikke gemme 010190-1234",
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"] == {
        "url": "https://narkoen.example.dk/aktiviteter/",
        "method": "POST",
        "headers": {"User-Agent": "Firefox"},
    }
    assert scrubbed["user"] == {"id": 7}
    assert "010190-1234" not in scrubbed["message"]
