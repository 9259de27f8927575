"""Errors reach someone: the optional error tracker (sentry-sdk), without personal data.

ADMINS (DJANGO_ADMINS) receive Django's error emails; with SENTRY_DSN set, errors also go
to Sentry (or a compatible tracker). What is sent is scrubbed: no user details, cookies,
request bodies, query strings or local variables, and CPR-shaped numbers are blanked in
every string of the event.
"""

from __future__ import annotations

from typing import Any

SCRUBBED = "[fjernet]"
_REQUEST_KEYS_KEPT = ("url", "method")
_HEADERS_KEPT = ("User-Agent", "Accept-Language", "Referer", "Host")


def _blank_cpr(value: Any) -> Any:
    from core.personal_data import looks_like_cpr

    if isinstance(value, str):
        return SCRUBBED if looks_like_cpr(value) else value
    if isinstance(value, dict):
        return {key: _blank_cpr(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_blank_cpr(item) for item in value]
    return value


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """sentry-sdk ``before_send``: strip what could identify a person."""
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        scrubbed = {key: request[key] for key in _REQUEST_KEYS_KEPT if key in request}
        scrubbed["headers"] = {key: value for key, value in headers.items() if key in _HEADERS_KEPT}
        if "url" in scrubbed:
            scrubbed["url"] = scrubbed["url"].split("?", 1)[0]
        event["request"] = scrubbed
    user = event.get("user")
    if isinstance(user, dict):
        # The numeric id lets an operator find the account; no name, email or address.
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    return _blank_cpr(event)


def init_sentry(dsn: str, *, environment: str) -> None:
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        # What send_default_pii=False meant, in the SDK's current terms (it superseded that
        # flag): no user identity, no request bodies, no local variables, no SQL parameters.
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        traces_sample_rate=0.0,
    )
