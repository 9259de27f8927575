"""Create forms that create once, however often they are sent.

Every create form renders ``{% form_token %}`` (core/templatetags/form_token.py):
a hidden one-time token. The view runs its create through ``submit_once``: the
first submission claims the token in the same transaction as the create; a
repeat (or a concurrent twin, which waits on the unique index) gets the first
one's result instead of a second object.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import FormSubmission

TOKEN_FIELD = "form_token"
# Long enough for any resend of the same page; the table stays small.
KEEP = timedelta(days=2)


@dataclass
class Submitted:
    url: str
    repeated: bool


def new_token() -> str:
    return uuid.uuid4().hex


def _token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def _previous(token: uuid.UUID, request: HttpRequest) -> Submitted | None:
    url = (
        FormSubmission.objects.filter(token=token, user=request.user)
        .values_list("result_url", flat=True)
        .first()
    )
    return Submitted(url=url, repeated=True) if url is not None else None


def submit_once(request: HttpRequest, create: Callable[[], str]) -> Submitted:
    """Run ``create`` (which returns the URL of what it made) once per form token.

    A form sent without a token (a script, an old page) is simply created.
    """
    token = _token(request)
    if token is None:
        return Submitted(url=create(), repeated=False)
    if previous := _previous(token, request):
        return previous
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(token=token, user=request.user)
            url = create()
            submission.result_url = url
            submission.save(update_fields=["result_url"])
    except IntegrityError:
        # The same form, sent at the same moment, claimed the token and committed.
        if previous := _previous(token, request):
            return previous
        raise
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return Submitted(url=url, repeated=False)


def created_once(request: HttpRequest, create: Callable[[], str], *, success: str) -> HttpResponse:
    """``submit_once``, then the redirect with ``success`` (or, for a repeat,
    a note that the form had already been sent)."""
    submitted = submit_once(request, create)
    if submitted.repeated:
        messages.info(request, _("Formularen var allerede sendt. Her er det, der blev gemt."))
    else:
        messages.success(request, success)
    return redirect(submitted.url)
