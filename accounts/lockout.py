"""The sign-in lock-out (django-axes), with a second limit per address.

Axes locks a (username, address) pair after ``AXES_FAILURE_LIMIT`` failures.
That alone lets one address try one password against every username
(password spraying), so an address is also throttled after
``AXES_ADDRESS_FAILURE_LIMIT`` failures across all usernames within the cool-off
time. That limit is higher: colleagues in one town hall share an address.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.client_ip import client_ip


def address_failures(address: str | None) -> int:
    """Failed sign-ins from ``address`` within the cool-off time, over all usernames."""
    if not address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit: an address over its
    limit counts as locked for every username (axes compares ``get_failures``
    with the failure limit both before and after a failed attempt)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(client_ip(request)) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


class ClearLockoutOnPasswordChange:
    """A password "validator" that only listens: when a user's password changes
    (a reset email, the admin), their lock-out is lifted, so a locked-out user
    gets back in through a password-reset email. Django calls ``password_changed``
    of every configured validator after a new password is saved."""

    def validate(self, password: str, user=None) -> None:
        return None

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.get_username():
            AccessAttempt.objects.filter(username=user.get_username()).delete()

    def get_help_text(self) -> str:
        return str(_("En ny adgangskode ophæver en midlertidig spærring af kontoen."))
