from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from municipalities.access import STATUS_READ, can, capabilities_of, membership_of


def membership(request: HttpRequest) -> dict:
    """The user's membership and capabilities (``caps.ACTIVITY_WRITE``) for every template."""
    return {
        "membership": membership_of(request.user),
        "caps": SimpleLazyObject(lambda: capabilities_of(request.user)),
        "may_see_status": can(request.user, STATUS_READ),
    }
