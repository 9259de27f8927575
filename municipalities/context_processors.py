from django.http import HttpRequest

from municipalities.access import can_see_status, membership_of


def membership(request: HttpRequest) -> dict:
    member = membership_of(request.user)
    return {
        "membership": member,
        "role": member.role if member else None,
        "may_see_status": can_see_status(request.user),
    }
