"""The two main tasks done with the keyboard alone: logging an activity and drafting
a policy. From page load, Tab reaches the skip link first and it moves focus to the
content; every stop shows a visible focus ring; the order follows the page; nothing
traps the focus; and the form is filled in and sent with keys only."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from municipalities.models import Institution
from policies.models import Policy
from tests.conftest import login
from tests.policies.factories import national_template

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What has the focus, where it sits in the document and how it is drawn.
FOCUSED_JS = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const rect = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    name: e.getAttribute('name') || '',
    type: e.getAttribute('type') || '',
    text: (e.innerText || e.value || '').trim().slice(0, 60),
    skipLink: e.classList.contains('skip-link'),
    inMain: !!e.closest('main'),
    inFooter: !!e.closest('footer'),
    position: Array.prototype.indexOf.call(document.getElementsByTagName('*'), e),
    focus: e.matches(':focus'),
    focusVisible: e.matches(':focus-visible'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    shown: rect.width > 0 && rect.height > 0,
  };
}"""
POSITIVE_TABINDEX_JS = '() => document.querySelectorAll(\'[tabindex]:not([tabindex^="-"]):not([tabindex="0"])\').length'  # noqa: E501
MAX_TABS = 300
DATE_TYPES = {"date", "time", "datetime-local", "month", "week"}


@pytest.fixture(autouse=True)
def _arenas():
    """The arenas come from a data migration, which transactional flushes remove."""
    importlib.import_module("municipalities.migrations.0002_arenas").create_arenas(apps, None)


@pytest.fixture
def signed_in_page(page, live_server):
    """``signed_in_page(user)`` → the test's page with ``user``'s session."""

    def make(user):
        client = login(Client(), user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return make


def focused(page) -> dict:
    return page.evaluate(FOCUSED_JS)


def assert_focus_is_visible(stop: dict) -> None:
    assert stop["shown"], f"focus on something not shown: {stop}"
    if stop["type"] in DATE_TYPES and not stop["focus"]:
        # The calendar button inside a date field: the browser draws its own ring there.
        return
    assert stop["focusVisible"], f"focus not :focus-visible: {stop}"
    assert stop["outlineStyle"] == "solid" and stop["outlineWidth"] >= 2, (
        f"no visible focus ring: {stop}"
    )


def skip_to_content(page) -> None:
    """From page load: the first Tab stop is the skip link, and it moves focus to main."""
    page.keyboard.press("Tab")
    stop = focused(page)
    assert stop["skipLink"], f"first Tab stop is not the skip link: {stop}"
    assert_focus_is_visible(stop)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


def assert_tab_order_is_logical_and_free(page) -> None:
    """Tab from the content onwards: stops follow the document order, each shows its
    focus, and Tab leaves through the footer and comes round to the skip link again."""
    assert page.evaluate(POSITIVE_TABINDEX_JS) == 0, "tabindex > 0 breaks the reading order"
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["skipLink"] or stop["tag"] == "body":
            break
        assert_focus_is_visible(stop)
        stops.append(stop)
    else:
        pytest.fail(f"focus trapped: {MAX_TABS} Tab presses never left the page: {stops[-5:]}")
    assert stops and stops[0]["inMain"], f"first stop after the skip link: {stops[:1]}"
    assert stops[-1]["inFooter"], f"Tab never reached the footer: last stop {stops[-1]}"
    positions = [stop["position"] for stop in stops]
    assert positions == sorted(positions), "Tab order jumps back: " + " → ".join(
        f"{stop['tag']}#{stop['id'] or stop['name']}" for stop in stops
    )


def tab_to(page, matches, *, limit: int = MAX_TABS) -> dict:
    """Press Tab until ``matches(stop)``; the stop reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if matches(stop):
            return stop
    pytest.fail("never reached the wanted element with Tab")


def test_an_activity_is_logged_with_the_keyboard_alone(signed_in_page, live_server, coordinator):
    page = signed_in_page(coordinator)
    url = live_server.url + reverse("activities:create")

    page.goto(url)
    skip_to_content(page)
    assert_tab_order_is_logical_and_free(page)

    # Send the empty form: the error summary takes the focus and leads to the field.
    page.goto(url)
    skip_to_content(page)
    tab_to(page, lambda stop: stop["tag"] == "button" and stop["text"] == "Gem aktivitet")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement.id === 'error-summary'", timeout=5000)
    tab_to(page, lambda stop: stop["tag"] == "a", limit=3)
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert target.startswith("#") and focused(page)["id"] == target[1:]

    # Fill in the form from the top of the content, keys only.
    page.goto(url)
    skip_to_content(page)
    stop = tab_to(page, lambda stop: stop["id"] == "id_arena")
    if stop["tag"] == "select":
        page.keyboard.press("ArrowDown")  # the first arena
    else:
        page.keyboard.press("Space")  # radio buttons: choose the focused one
    assert page.evaluate("document.activeElement.value"), "no arena chosen"
    tab_to(page, lambda stop: stop["id"] == "id_title", limit=5)
    page.keyboard.type("Temadag om hash for 8. klasse")
    tab_to(page, lambda stop: stop["tag"] == "button" and stop["text"] == "Gem aktivitet")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/aktiviteter/\d+/(#main)?$"))
    activity = Activity.objects.get(title="Temadag om hash for 8. klasse")
    assert activity.municipality == coordinator.membership.municipality
    assert activity.arena_id is not None


def test_a_policy_is_drafted_with_the_keyboard_alone(
    signed_in_page, live_server, school_editor, institution
):
    assert institution.kind == Institution.Kind.PRIMARY_SCHOOL
    national_template()
    page = signed_in_page(school_editor)

    page.goto(live_server.url + reverse("policies:create"))
    skip_to_content(page)
    assert_tab_order_is_logical_and_free(page)

    page.goto(live_server.url + reverse("policies:create"))
    skip_to_content(page)
    tab_to(page, lambda stop: stop["tag"] == "button" and stop["text"] == "Start kladden")
    page.keyboard.press("Enter")
    # The browser keeps the "#main" of the skip link through the redirect.
    page.wait_for_url(re.compile(r".*/politikker/\d+/trin/[\w-]+/(#main)?$"))
    policy = Policy.objects.get(institution=institution)
    step_url = page.url.split("#")[0]

    # The first step: rewrite the purpose and continue, keys only.
    page.goto(step_url)
    skip_to_content(page)
    assert_tab_order_is_logical_and_free(page)
    page.goto(step_url)
    skip_to_content(page)
    tab_to(page, lambda stop: stop["tag"] == "textarea")
    page.keyboard.press("Control+A")
    page.keyboard.type("Vi vil give eleverne viden og voksne, der handler ens.")
    tab_to(page, lambda stop: stop["tag"] == "button" and stop["text"] == "Gem og fortsæt")
    page.keyboard.press("Space")

    page.wait_for_url(lambda url: url.split("#")[0] != step_url)
    policy.refresh_from_db()
    assert (
        policy.content["purpose"]["text"]
        == "Vi vil give eleverne viden og voksne, der handler ens."
    )
