"""Response headers that keep signed-in data off shared municipal PCs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

DOWNLOAD_TYPES = ("application/pdf", "text/csv", "application/vnd.openxmlformats")


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page for a signed-in user and on every
    download (CSV, PDF, spreadsheets), so neither the browser's cache nor a proxy
    keeps a copy for the next person at the PC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Type", "").startswith(DOWNLOAD_TYPES) or (
            "attachment" in response.get("Content-Disposition", "")
        )
        if signed_in or download:
            add_never_cache_headers(response)
        return response
