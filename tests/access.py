"""The access rules of every URL, declared once and checked by tests/test_url_walk.py.

Each app lists its URLs in ``tests/<app>/access_cases.py`` as ``CASES``. A URL
pattern that is neither in PUBLIC_URLS nor in some CASES makes the walk fail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from municipalities.models import Role

ALL_ROLES = (
    Role.NATIONAL_ADMIN,
    Role.COORDINATOR,
    Role.INSTITUTION_LEADER,
    Role.INSTITUTION_EDITOR,
    Role.STEERING_MEMBER,
)

# Reachable without logging in, on purpose.
PUBLIC_URLS = {
    "login",
    "logout",
    "set_language",
    "about_data",
    "accessibility_statement",
    # Public, unguessable, revocable links to an adopted policy (for parents).
    "policies:public",
    # Password reset by email (also the way back in after a lock-out).
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Logged in, but not scoped to a municipality (the user's own account pages).
ACCOUNT_URLS = {"two_factor_verify", "two_factor_setup", "start"}


@dataclass
class World:
    """Municipality A with its people and institution; B with the outsider."""

    municipality: Any
    other_municipality: Any
    institution: Any
    other_institution: Any
    users: dict[str, Any]


@dataclass
class UrlCase:
    """How one URL must answer each role.

    ``setup(world)`` creates whatever the URL needs in municipality A and
    returns the kwargs for ``reverse``. ``snapshot(world, kwargs)`` returns the
    state a refused POST must leave unchanged. ``readers`` may GET (200);
    ``writers`` may POST; everyone else signed in to municipality A gets 403
    on POST (and on GET unless they are readers). The outsider gets 404 on
    object URLs.
    """

    name: str
    setup: Callable[[World], dict] = lambda world: {}
    readers: tuple[str, ...] = ALL_ROLES
    writers: tuple[str, ...] = ()
    scoped_object: bool = True
    post_data: Callable[[World, dict], dict] = lambda world, kwargs: {}
    snapshot: Callable[[World, dict], Any] | None = None
    get: bool = True
    query: str = ""
    extra: dict = field(default_factory=dict)
