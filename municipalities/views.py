from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from municipalities.access import membership_of
from municipalities.models import Arena, Municipality, Principle, Programme, TargetGroup


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembering the choice for signed-in users
    (emails are then written in it too)."""
    response = django_set_language(request)
    membership = membership_of(request.user)
    language = request.POST.get("language")
    if membership and language in dict(settings.LANGUAGES):
        membership.language = language
        membership.save(update_fields=["language"])
    return response


def about_data(request: HttpRequest) -> HttpResponse:
    """The source of the shipped data and the reference vocabularies."""
    context = {
        "municipalities": Municipality.objects.filter(is_model_municipality=True),
        "arenas": Arena.objects.all(),
        "principles": Principle.objects.all(),
        "target_groups": TargetGroup.objects.all(),
        "programmes": Programme.objects.all(),
    }
    return render(request, "municipalities/about_data.html", context)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "municipalities/accessibility_statement.html")
