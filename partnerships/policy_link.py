"""The institution's drug policy, seen from a contract.

The policies app is a sibling domain: partnerships reads its Policy only through the
reverse relation ``institution.policies`` and links to its page by URL name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from municipalities.models import Institution


@dataclass
class PolicyStatus:
    title: str
    status: str
    url: str


def latest_policy_status(institution: Institution) -> PolicyStatus | None:
    """The status of ``institution``'s newest policy, or None if it has none."""
    # Title and status only: a policy's sections are several kB of JSON.
    policy = institution.policies.order_by("-pk").only("pk", "title", "status").first()
    if policy is None:
        return None
    return PolicyStatus(
        title=policy.title,
        status=policy.get_status_display(),
        url=reverse("policies:detail", kwargs={"pk": policy.pk}),
    )
