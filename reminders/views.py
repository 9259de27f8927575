"""The reminder log: what the daily reminder task sent, to whom, and what failed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from municipalities import access
from reminders.engine import reminder_rows
from reminders.models import Reminder

PAGE_SIZE = 50


@login_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    # Municipality-level roles; institution staff see their own items on the start page.
    access.require(request.user, access.REMINDER_LOG_READ)
    status = request.GET.get("status", "")
    reminders = Reminder.objects.visible_to(request.user).select_related(
        "recipient", "municipality"
    )
    if status in Reminder.Status.values:
        reminders = reminders.filter(status=status)
    page = Paginator(reminders, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "reminders/reminder_list.html",
        {
            "page": page,
            "rows": reminder_rows(list(page.object_list)),
            "status": status,
            "statuses": Reminder.Status.choices,
        },
    )
