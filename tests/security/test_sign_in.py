"""The sign-in lock-out behind the TLS proxy: the client's address, the (username,
address) pair, a limit per address across usernames, and the way back in."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.forms import SetPasswordForm
from django.test import Client
from django.urls import reverse

from accounts.client_ip import client_ip
from tests.factories import PASSWORD, make_member

PROXY = "10.0.0.2"
WRONG = "forkert-adgangskode-1"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    return settings


def _login(client: Client, username: str, password: str, *, via: str, client_address=None):
    extra = {"REMOTE_ADDR": via}
    if client_address is not None:
        extra["HTTP_X_FORWARDED_FOR"] = client_address
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


class _Request:
    def __init__(self, remote: str, forwarded: str | None = None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_the_forwarded_address_counts_only_from_a_trusted_proxy(behind_proxy):
    assert client_ip(_Request(PROXY, "203.0.113.5")) == "203.0.113.5"
    # Anyone else's header is ignored: it is whatever the client wrote.
    assert client_ip(_Request("198.51.100.7", "203.0.113.5")) == "198.51.100.7"
    # The proxy appends; what the client put in front of it is not believed.
    assert client_ip(_Request(PROXY, "1.1.1.1, 203.0.113.5")) == "203.0.113.5"
    # Two trusted hops: the first untrusted address from the right.
    assert client_ip(_Request(PROXY, "203.0.113.5, 10.0.0.9")) == "203.0.113.5"
    assert client_ip(_Request(PROXY, "junk")) == PROXY


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_Request("127.0.0.1", "203.0.113.5")) == "127.0.0.1"


def test_behind_the_proxy_an_attacker_locks_only_their_own_pair(behind_proxy, coordinator):
    attacker = Client()
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT):
        _login(attacker, "koordinator", WRONG, via=PROXY, client_address="198.51.100.66")
    assert _login(attacker, "koordinator", PASSWORD, via=PROXY, client_address="198.51.100.66")
    response = _login(Client(), "koordinator", PASSWORD, via=PROXY, client_address="198.51.100.66")
    assert response.status_code == 429
    # The coordinator, arriving through the same proxy from their own address, gets in.
    response = _login(Client(), "koordinator", PASSWORD, via=PROXY, client_address="192.0.2.10")
    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"


def test_a_forged_forwarded_header_does_not_dodge_the_lock(behind_proxy, coordinator):
    # A client that talks to the app directly cannot pose as many addresses.
    for number in range(behind_proxy.AXES_FAILURE_LIMIT):
        _login(
            Client(), "koordinator", WRONG, via="198.51.100.66", client_address=f"1.2.3.{number}"
        )
    response = _login(
        Client(), "koordinator", PASSWORD, via="198.51.100.66", client_address="9.9.9.9"
    )
    assert response.status_code == 429


def test_one_address_spraying_a_password_over_many_names_is_throttled(behind_proxy, municipality):
    behind_proxy.AXES_ADDRESS_FAILURE_LIMIT = 6
    from municipalities.models import Role

    victims = [
        make_member(username=f"bruger{number}", role=Role.COORDINATOR, municipality=municipality)
        for number in range(8)
    ]
    sprayer = "198.51.100.99"
    for victim in victims[:6]:
        response = _login(Client(), victim.username, WRONG, via=PROXY, client_address=sprayer)
    # One failure per name, far below the per-name limit, yet the address is now refused ...
    assert response.status_code == 429
    response = _login(Client(), victims[7].username, PASSWORD, via=PROXY, client_address=sprayer)
    assert response.status_code == 429
    # ... while the same people sign in from their own addresses.
    response = _login(
        Client(), victims[7].username, PASSWORD, via=PROXY, client_address="192.0.2.1"
    )
    assert response.status_code == 302


def test_fewer_failures_from_an_address_than_its_limit_do_not_throttle(behind_proxy, municipality):
    behind_proxy.AXES_ADDRESS_FAILURE_LIMIT = 6
    from municipalities.models import Role

    users = [
        make_member(username=f"kollega{number}", role=Role.COORDINATOR, municipality=municipality)
        for number in range(6)
    ]
    town_hall = "192.0.2.50"
    for user in users[:5]:
        _login(Client(), user.username, WRONG, via=PROXY, client_address=town_hall)
    response = _login(Client(), users[5].username, PASSWORD, via=PROXY, client_address=town_hall)
    assert response.status_code == 302


def test_a_new_password_lifts_the_lock_out(behind_proxy, coordinator):
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT):
        _login(Client(), "koordinator", WRONG, via=PROXY, client_address="192.0.2.10")
    assert (
        _login(
            Client(), "koordinator", PASSWORD, via=PROXY, client_address="192.0.2.10"
        ).status_code
        == 429
    )
    new_password = "grøn-cykel-under-broen-7"
    form = SetPasswordForm(
        coordinator, {"new_password1": new_password, "new_password2": new_password}
    )
    assert form.is_valid(), form.errors
    form.save()
    response = _login(Client(), "koordinator", new_password, via=PROXY, client_address="192.0.2.10")
    assert response.status_code == 302


def test_a_locked_out_user_gets_back_in_through_the_password_reset_email(
    client, coordinator, settings
):
    import re

    from django.core import mail

    coordinator.email = "koordinator@kolding.dk"
    coordinator.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "koordinator", WRONG, via="192.0.2.10")
    locked = _login(Client(), "koordinator", PASSWORD, via="192.0.2.10")
    assert locked.status_code == 429
    assert reverse("password_reset") in locked.content.decode()

    response = client.post(reverse("password_reset"), {"email": "koordinator@kolding.dk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Ny adgangskode til Narkoen ud af byen"
    link = re.search(r"http://testserver(/konto/adgangskode/ny/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Vælg en ny adgangskode" in form_page.content.decode()
    new_password = "grøn-cykel-under-broen-7"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Adgangskoden er skiftet" in done.content.decode()
    response = _login(Client(), "koordinator", new_password, via="192.0.2.10")
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
