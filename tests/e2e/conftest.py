"""Browser tests: Playwright driving the system Chromium against the live server."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browser here; use Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK", "accept_downloads": True}


@pytest.fixture
def log_in(live_server, page):
    """``log_in(username)`` signs in through the real login form."""

    def do(username: str, password: str = PASSWORD):
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url(f"{live_server.url}{reverse('start')}")
        return page

    return do
