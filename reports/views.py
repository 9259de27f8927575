from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Each role's start page: what needs attention, and where to go next."""
    return render(request, "reports/start.html", {})
