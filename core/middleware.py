import time

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from municipalities.access import is_national
from municipalities.sessions import session_for_auth


class RequireTwoFactorMiddleware:
    """National administrators and the Django admin need a verified second factor.

    A national administrator without a verified TOTP device is sent to set one up
    (first time) or to enter a code (every login) before any other page.
    """

    ALLOWED_PREFIXES = ("/konto/", "/static/", "/i18n/", "/om/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        needs_otp = user.is_authenticated and (
            is_national(user) or (request.path.startswith("/admin/") and user.is_staff)
        )
        if (
            needs_otp
            and not user.is_verified()
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
        return self.get_response(request)


class DanishFirstMiddleware:
    """Danish unless the user chose otherwise with the language switch.

    The browser's Accept-Language is ignored on purpose: municipal staff work in
    Danish, and a shared or English-configured computer should not switch the
    interface by itself. The explicit choice lives in the language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


def stamp_session_refreshed(sender, request, user, **kwargs) -> None:
    """At login the session is new and saved anyway: count that as its first refresh."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionRefreshMiddleware.KEY] = int(time.time())


class SessionRefreshMiddleware:
    """Keeps a signed-in session alive while it is used, without writing it on every request.

    Sessions end after ``SESSION_COOKIE_AGE`` of inactivity. Django's
    ``SESSION_SAVE_EVERY_REQUEST`` would achieve that with a database write (and a
    commit) on every page view; this saves the session, and so pushes its expiry on,
    at most once every ``SESSION_REFRESH_SECONDS``. The inactivity limit is therefore
    exact to within that interval. Sessions without data (anonymous visitors) are
    never created here.
    """

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        now = int(time.time())
        last = session.get(self.KEY)
        if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS:
            session[self.KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response


def _user_of(request: HttpRequest):
    if not hasattr(request, "_cached_user"):
        # Django's get_user, with the session at hand for MembershipBackend.get_user.
        session = request.session if hasattr(request.session, "user_for") else None
        token = session_for_auth.set(session)
        try:
            request._cached_user = get_user(request)
        finally:
            session_for_auth.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's AuthenticationMiddleware; the user comes from the session's own query
    when the session engine loaded it (municipalities.sessions)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))
