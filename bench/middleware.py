"""Adds the time Django spent on a request (all middleware, view, template) as a
Server-Timing header, so the load generator can report server time apart from
time spent waiting for a free worker."""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def server_timing(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response

    return middleware
