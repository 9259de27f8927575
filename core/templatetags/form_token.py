"""``{% form_token %}``: the hidden one-time token of a create form (core/idempotency.py)."""

from django import template
from django.utils.html import format_html

from core.idempotency import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context) -> str:
    # A form shown again with errors keeps its token: nothing was created with it yet.
    request = context.get("request")
    sent = request.POST.get(TOKEN_FIELD, "") if request is not None else ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, sent[:64] or new_token()
    )
