from django.http import HttpRequest

from municipalities.access import membership_of


def membership(request: HttpRequest) -> dict:
    member = membership_of(request.user)
    return {"membership": member, "role": member.role if member else None}
