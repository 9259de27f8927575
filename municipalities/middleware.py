from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from municipalities.access import is_national


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
