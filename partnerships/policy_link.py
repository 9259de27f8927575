"""The institution's drug policy, seen from a contract.

The policies app is a sibling domain: partnerships must not import its views,
and must keep working whether or not its Policy model is installed. So the
link goes through the reverse relation ``institution.policies`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldError
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse

from municipalities.models import Institution


@dataclass
class PolicyStatus:
    title: str
    status: str
    url: str | None


def latest_policy_status(institution: Institution) -> PolicyStatus | None:
    """The status of ``institution``'s newest policy, or None if it has none
    (or the policies app has no Policy model yet)."""
    related = getattr(institution, "policies", None)
    if related is None:
        return None
    try:
        policy = related.order_by("-pk").first()
    except (FieldError, DatabaseError):
        return None
    if policy is None:
        return None
    display = getattr(policy, "get_status_display", None)
    status = display() if callable(display) else str(getattr(policy, "status", ""))
    url = None
    for name in ("policies:detail", "policies:policy_detail"):
        try:
            url = reverse(name, kwargs={"pk": policy.pk})
            break
        except NoReverseMatch:
            continue
    return PolicyStatus(title=str(policy), status=status, url=url)
