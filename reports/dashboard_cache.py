"""The dashboard's figures and charts, cached per (municipality, period) for a few minutes.

A municipality's summary costs five aggregate queries over its activities plus four
charts drawn by pygal (~170 ms for the largest municipality), and rendering its tables
and charts as HTML another ~10 ms; the dashboard is read far more often than the figures
change. So the entry holds the summary, the charts and the rendered body of the page
(``reports/dashboard_body.html``), and a request only renders the page around it. The
page says when the figures were computed and offers to compute them again. The PDF
never uses this cache: it always computes afresh.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from municipalities.access import membership_of
from municipalities.models import Municipality
from reports.charts import Chart, summary_charts
from reports.forms import period_query
from reports.selectors import PERIOD_RULES, StatusSummary, status_summary

logger = logging.getLogger(__name__)

# Bump when StatusSummary, Chart or the templates change, so old entries are never used.
KEY_VERSION = 4


@dataclass(frozen=True)
class DashboardFigures:
    summary: StatusSummary
    charts: list[Chart]
    computed_at: datetime
    # reports/dashboard_body.html rendered for summary and charts (no user or request).
    body: str


def dashboard_cache_key(*, municipality: Municipality | None, start: date, end: date) -> str:
    """The key names the municipality's id (never shared between municipalities), the
    period, today's date (overdue figures change at midnight) and the language (the
    charts' and rows' labels are translated)."""
    owner = f"m{municipality.pk}" if municipality is not None else "national"
    return (
        f"reports:dashboard:v{KEY_VERSION}:{owner}:{start.isoformat()}:{end.isoformat()}:"
        f"{timezone.localdate().isoformat()}:{translation.get_language()}"
    )


def dashboard_figures_get(
    *, municipality: Municipality | None, start: date, end: date, refresh: bool = False
) -> DashboardFigures:
    """The summary and charts of ``municipality`` (None: national) for [start, end], from
    the cache when they are at most ``STATUS_CACHE_SECONDS`` old, unless ``refresh``.
    A cache that is down only costs the computation, never the page."""
    key = dashboard_cache_key(municipality=municipality, start=start, end=end)
    if not refresh:
        try:
            cached = cache.get(key)
        except Exception:  # e.g. Redis unreachable
            logger.warning("Dashboard cache unavailable; computing the figures", exc_info=True)
            cached = None
        if isinstance(cached, DashboardFigures):
            return cached
    summary = status_summary(municipality=municipality, start=start, end=end)
    charts = summary_charts(summary)
    body = render_to_string(
        "reports/dashboard_body.html",
        # period_query: the national comparison links to each municipality's page
        # for the same period.
        {
            "summary": summary,
            "charts": charts,
            "period_query": period_query(start, end),
            "rules": PERIOD_RULES,
        },
    )
    figures = DashboardFigures(
        summary=summary, charts=charts, computed_at=timezone.now(), body=str(body)
    )
    try:
        # The stamp lets a cached page tell whether it shows these figures.
        cache.set_many(
            {key: figures, _stamp_key(key): figures.computed_at}, settings.STATUS_CACHE_SECONDS
        )
    except Exception:
        logger.warning("Dashboard cache unavailable; figures not stored", exc_info=True)
    return figures


def _stamp_key(figures_key: str) -> str:
    return f"{figures_key}:at"


# -- whole pages ----------------------------------------------------------------------
# A municipality's dashboard is read again and again by the same few people. Besides
# the figures, the page shows the user's name and role, carries their CSRF token and
# echoes the period they asked for; so a rendered page is kept per user and browser,
# and only while the figures it shows are the current ones. Access is checked before
# the cache is asked.


def dashboard_page_key(*, request: HttpRequest, figures_key: str) -> str | None:
    """The key of the page ``request`` asks for, or None when it must be rendered
    (no CSRF cookie yet: rendering sets one)."""
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf_cookie:
        return None
    user = request.user
    membership = membership_of(user)
    frame = "\n".join(
        str(part)
        for part in (
            user.pk,
            user.username,
            user.get_full_name(),
            membership.role if membership else "",
            membership.municipality_id if membership else "",
            membership.institution_id if membership else "",
            csrf_cookie,
            request.get_full_path(),
        )
    )
    # Hashed: no names or tokens in cache keys.
    return f"{figures_key}:page:{hashlib.sha256(frame.encode()).hexdigest()[:40]}"


def dashboard_page_get(*, page_key: str, figures_key: str) -> str | None:
    """The cached page, if it shows the figures currently cached (one cache round trip)."""
    try:
        found = cache.get_many([page_key, _stamp_key(figures_key)])
    except Exception:
        logger.warning("Dashboard cache unavailable; rendering the page", exc_info=True)
        return None
    page, stamp = found.get(page_key), found.get(_stamp_key(figures_key))
    if isinstance(page, tuple) and stamp is not None and page[0] == stamp:
        return page[1]
    return None


def dashboard_page_set(*, page_key: str, computed_at: datetime, html: str) -> None:
    try:
        cache.set(page_key, (computed_at, html), settings.STATUS_CACHE_SECONDS)
    except Exception:
        logger.warning("Dashboard cache unavailable; page not stored", exc_info=True)
