from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def with_style_nonce(context, svg: SafeString) -> SafeString:
    """An inline SVG whose <style> element may run under the Content-Security-Policy:
    it gets the page's nonce (none in a PDF, which no browser renders)."""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", None) if request is not None else None
    if not nonce:
        return svg
    # The SVG was built by pygal from an XML tree and is already safe.
    return mark_safe(svg.replace("<style", f'<style nonce="{nonce}"'))  # noqa: S308
