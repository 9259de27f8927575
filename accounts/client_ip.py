"""The client's address, as the sign-in lock-out must see it behind a proxy.

Behind the TLS proxy every request comes from the proxy's address. The proxy
appends the address it received the request from to ``X-Forwarded-For``; a
client can put anything in front of it. So the header is read only when the
request comes from a configured trusted proxy (``TRUSTED_PROXIES``), and from
the right: the first address that is not one of our proxies is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client: ``REMOTE_ADDR``, or for a request that came
    through a trusted proxy, the last untrusted address in X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(_parse(remote or ""), networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _parse(hop)
        if address is None:
            # Garbage in the header: stop at the last address we can vouch for.
            return remote
        if not _trusted(address, networks):
            return str(address)
        remote = str(address)
    return remote
