from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reminders.engine import due_items_for


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Each role's start page: what needs attention, and where to go next."""
    # Policy reviews and partnership obligations due soon or overdue (the same
    # items the daily reminder emails are about), scoped to what the user may see.
    return render(request, "reports/start.html", {"due_items": due_items_for(request.user)})
