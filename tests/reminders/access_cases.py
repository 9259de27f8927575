"""Who may open the reminder log (see tests/access.py)."""

from __future__ import annotations

from municipalities.models import Role
from tests.access import UrlCase

CASES = [
    UrlCase(
        name="reminders:reminder_list",
        readers=(Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.STEERING_MEMBER),
        # A list scoped to the user's own municipality: the outsider sees theirs.
        scoped_object=False,
    ),
]
