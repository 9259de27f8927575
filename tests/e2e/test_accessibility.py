"""Every page, for every role that may read it, checked with axe-core in Chromium.

The pages come from the URL access declarations (tests/<app>/access_cases.py), so a
page added by any app is audited as soon as it is declared. Any WCAG 2.1 A/AA
violation of impact serious or critical fails, as does a page without exactly one
h1, a main landmark, named navigation or a language.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from municipalities.models import Role
from tests.access import ACCOUNT_URLS, PUBLIC_URLS, World
from tests.conftest import login
from tests.factories import make_member
from tests.test_url_walk import _all_cases

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# AXE_TAGS=...,best-practice widens a one-off review beyond WCAG 2.1 A and AA.
WCAG_TAGS = os.environ.get("AXE_TAGS", "wcag2a,wcag2aa,wcag21a,wcag21aa").split(",")
# AXE_FAIL_ON=minor,moderate,serious,critical lists every finding (a one-off review).
BLOCKING_IMPACTS = set(os.environ.get("AXE_FAIL_ON", "serious,critical").split(","))
AXE = Axe()

# Each page's landmarks and headings, read in the browser after rendering.
STRUCTURE_JS = """() => ({
  lang: document.documentElement.getAttribute('lang') || '',
  title: document.title.trim(),
  h1: document.querySelectorAll('h1').length,
  main: document.querySelectorAll('main, [role=main]').length,
  unnamedNavs: [...document.querySelectorAll('nav, [role=navigation]')]
    .filter(n => !(n.getAttribute('aria-label') || n.getAttribute('aria-labelledby')))
    .map(n => n.outerHTML.slice(0, 80)),
})"""

Reader = tuple[str, object | None, bool]  # (label, user or anonymous, passed second factor)


@dataclass
class Visit:
    """One page and who looks at it: ``build(world)`` returns the URL and the readers."""

    id: str
    build: Callable[[World], tuple[str, list[Reader]]]
    status: int = 200


def _case_visit(case) -> Visit:
    def build(world: World) -> tuple[str, list[Reader]]:
        url = reverse(case.name, kwargs=case.setup(world)) + case.query
        return url, [(role, world.users[role], True) for role in case.readers]

    return Visit(case.name, build)


def _roles(world: World) -> list[Reader]:
    return [
        (role, world.users[role], True)
        for role in (
            Role.NATIONAL_ADMIN,
            Role.COORDINATOR,
            Role.INSTITUTION_LEADER,
            Role.INSTITUTION_EDITOR,
            Role.STEERING_MEMBER,
        )
    ]


def _two_factor_setup(world: World) -> tuple[str, list[Reader]]:
    newcomer = make_member(username="ny-national", role=Role.NATIONAL_ADMIN)
    newcomer.totpdevice_set.all().delete()
    return reverse("two_factor_setup"), [("national admin without a device", newcomer, False)]


def _public_policy(world: World) -> tuple[str, list[Reader]]:
    from policies import services
    from tests.policies.factories import adopted_policy

    policy = adopted_policy(
        institution=world.institution,
        user=world.users[Role.INSTITUTION_EDITOR],
        adopter=world.users[Role.INSTITUTION_LEADER],
    )
    link = services.public_link_create(policy=policy, user=world.users[Role.COORDINATOR])
    return reverse("policies:public", kwargs={"token": link.token}), [("parent", None, False)]


ACCOUNT_VISITS = [
    Visit("login", lambda world: (reverse("login"), [("anonymous", None, False)])),
    Visit(
        "about_data",
        lambda world: (
            reverse("about_data"),
            [("anonymous", None, False), (Role.COORDINATOR, world.users[Role.COORDINATOR], True)],
        ),
    ),
    Visit(
        "accessibility_statement",
        lambda world: (
            reverse("accessibility_statement"),
            [("anonymous", None, False), (Role.COORDINATOR, world.users[Role.COORDINATOR], True)],
        ),
    ),
    Visit("start", lambda world: (reverse("start"), _roles(world))),
    *(
        Visit(name, lambda world, name=name: (reverse(name), [("anonymous", None, False)]))
        for name in ("password_reset", "password_reset_done", "password_reset_complete")
    ),
    Visit(
        "password_reset_confirm",
        # An unknown link: the page that says the link cannot be used.
        lambda world: (
            reverse("password_reset_confirm", args=["MQ", "ugyldig-kode"]),
            [("anonymous", None, False)],
        ),
    ),
    Visit(
        "two_factor_verify",
        lambda world: (
            reverse("two_factor_verify"),
            [("national admin before the code", world.users[Role.NATIONAL_ADMIN], False)],
        ),
    ),
    Visit("two_factor_setup", _two_factor_setup),
    Visit("policies:public", _public_policy),
    Visit(
        "page_not_found",
        lambda world: ("/findes-ikke/", [(Role.COORDINATOR, world.users[Role.COORDINATOR], True)]),
        status=404,
    ),
]
VISITS = [_case_visit(case) for case in _all_cases() if case.get] + ACCOUNT_VISITS
# Public and account URLs that are not pages: they only take a POST and redirect.
NOT_PAGES = {"logout", "set_language"}


def test_every_public_and_account_page_is_audited():
    audited = {visit.id for visit in ACCOUNT_VISITS}
    missing = sorted((PUBLIC_URLS | ACCOUNT_URLS) - audited - NOT_PAGES)
    assert not missing, f"add these pages to ACCOUNT_VISITS: {missing}"


@pytest.fixture(autouse=True)
def _arenas():
    """The six arenas come from a data migration, which the flush after each
    transactional test removes; put them back as the migration does."""
    importlib.import_module("municipalities.migrations.0002_arenas").create_arenas(apps, None)


@pytest.fixture
def open_page(browser, browser_context_args, live_server):
    """``open_page(user, otp)`` → a page in a fresh browser context signed in as ``user``.

    The session comes from a test-client login (as tests.conftest.login does, second
    factor included), which is much faster than typing into the login form each time.
    """
    contexts = []

    def make(user, otp: bool = True):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        if user is not None:
            client = Client()
            if otp:
                login(client, user)
            else:
                client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def audit(page, *, label: str) -> list[str]:
    """The page's accessibility problems, one readable line each (empty when clean)."""
    where = f"{page.url} [{label}]"
    problems = []
    structure = page.evaluate(STRUCTURE_JS)
    if structure["lang"] not in ("da", "en"):
        problems.append(f"{where}: <html lang> is {structure['lang']!r}")
    if not structure["title"]:
        problems.append(f"{where}: empty <title>")
    if structure["h1"] != 1:
        problems.append(f"{where}: {structure['h1']} <h1> elements, expected exactly one")
    if structure["main"] != 1:
        problems.append(f"{where}: {structure['main']} main landmarks, expected exactly one")
    for nav in structure["unnamedNavs"]:
        problems.append(f"{where}: navigation without aria-label: {nav}")

    results = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
        problems.append(
            f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"targets: {targets[:10]}"
        )
    return problems


@pytest.mark.parametrize("visit", VISITS, ids=[visit.id for visit in VISITS])
def test_every_page_is_accessible_to_every_reader(visit: Visit, world, open_page, live_server):
    url, readers = visit.build(world)
    problems = []
    for label, user, otp in readers:
        page = open_page(user, otp)
        try:
            response = page.goto(live_server.url + url)
        except PlaywrightError as error:
            # Downloads (CSV, PDF) are files, not web pages.
            if "Download is starting" in str(error):
                continue
            raise
        assert response is not None and response.status == visit.status, (
            f"{url} [{label}] answered {response and response.status}, expected {visit.status}"
        )
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        problems += audit(page, label=str(label))
    assert not problems, "\n".join(["Accessibility problems:", *problems])


def test_a_refused_form_summarises_the_errors_and_takes_focus(open_page, live_server):
    page = open_page(None)
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    # The summary comes first in the form's part of the page and has the focus.
    page.wait_for_function("document.activeElement.id === 'error-summary'", timeout=5000)
    link = summary.get_by_role("link", name="Brugernavn: Dette felt er påkrævet.")
    assert link.get_attribute("href") == "#id_username"
    # ... and the error is repeated beside the field, tied to it for screen readers.
    field = page.locator("#id_username")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = field.get_attribute("aria-describedby")
    assert "påkrævet" in page.locator(f"#{described_by}").inner_text()

    # Following the link puts the keyboard in the field.
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_username"

    problems = audit(page, label="anonymous, refused login")
    assert not problems, "\n".join(problems)


# What the print stylesheet does to a page, read with print media emulated.
PRINT_JS = """() => {
  const shown = (e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
  const cell = document.querySelector('main th');
  return {
    chrome: [...document.querySelectorAll('header, nav, footer, .skip-link, main .btn, main form')]
      .filter(shown).map(e => e.outerHTML.slice(0, 80)),
    h1: [...document.querySelectorAll('h1')].filter(shown).length,
    tables: [...document.querySelectorAll('main table')].filter(shown).length,
    thead: document.querySelector('main thead')
      ? getComputedStyle(document.querySelector('main thead')).display : null,
    cellBorder: cell ? parseFloat(getComputedStyle(cell).borderTopWidth) : null,
  };
}"""


def test_lists_and_details_print_without_navigation_and_with_ruled_tables(
    world, open_page, live_server
):
    from tests.activities.factories import ActivityFactory

    activity = ActivityFactory(municipality=world.municipality, title="Forældremøde om hash")
    page = open_page(world.users[Role.COORDINATOR])
    page.emulate_media(media="print")
    for url in (reverse("activities:list"), reverse("activities:detail", args=[activity.pk])):
        page.goto(live_server.url + url)
        printed = page.evaluate(PRINT_JS)
        assert printed["chrome"] == [], f"{url} prints navigation or controls: {printed}"
        assert printed["h1"] == 1, url
        if url == reverse("activities:list"):
            assert printed["tables"] >= 1, url
        if printed["tables"]:
            # The header row repeats on every sheet and the cells are ruled.
            assert printed["thead"] == "table-header-group", url
            assert printed["cellBorder"] >= 1, url
