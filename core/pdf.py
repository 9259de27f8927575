"""The one way this project turns an HTML template into a PDF and serves it."""

from __future__ import annotations

import gc
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


@contextmanager
def _cyclic_gc_paused():
    """WeasyPrint builds hundreds of thousands of short-lived objects for a long report,
    and Python's cyclic collector keeps walking them: ~20 % of a large status report's
    time. Paused for one render (the process's other threads only defer collection);
    reference counting still frees what the render drops, the rest is collected when
    the collector runs again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(html: str) -> bytes:
    # PDF templates carry their CSS inline and fetch nothing: resolving
    # relative paths against the project folder never makes a network request.
    with _cyclic_gc_paused():
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))


def pdf_attachment(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
