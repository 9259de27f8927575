import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_signs_in_and_sees_the_danish_start_page(
    live_server, page, log_in, coordinator
):
    log_in("koordinator")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkommen")


def test_the_language_switch_turns_the_page_english(live_server, page, log_in, coordinator):
    log_in("koordinator")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + reverse("start"))
    assert page.locator("html").get_attribute("lang") == "en"
