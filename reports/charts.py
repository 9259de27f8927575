"""Charts of a status summary, drawn on the server as SVG by pygal.

The same SVG string goes into the web page and into the PDF, so both show the
same picture. No JavaScript (pygal's tooltips would load from a CDN); every
chart has a data table beside it in the templates for screen-reader users.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pygal
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from reports.selectors import StatusSummary

# Dark blue on white: the bars and their printed values keep WCAG AA contrast.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    opacity="1",
    opacity_hover="1",
    colors=("#0b3d62", "#6c9bc4"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=11,
    value_colors=("#ffffff",),
    title_font_size=15,
    legend_font_size=12,
)


MAX_MUNICIPALITY_BARS = 20


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the same figures as a table (``columns`` head the
    values of each ``rows`` entry: (label, [values]))."""

    slug: str
    title: str
    svg: SafeString
    label_heading: str
    columns: list[str]
    rows: list[tuple[str, list[int]]]


def _config(**extra) -> dict:
    return {
        "js": [],  # no scripts from a CDN
        "disable_xml_declaration": True,
        "style": STYLE,
        "width": 760,
        "explicit_size": False,
        "print_values": True,
        "value_formatter": lambda value: number_format(value, decimal_pos=0, force_grouping=True),
        "show_y_guides": False,
        "margin": 8,
        **extra,
    }


def _value_axis(values: list[int]) -> list[int]:
    """Whole-number ticks for counts (pygal would otherwise label 0.2, 0.4, …)."""
    top = max(values, default=0)
    step = max(1, math.ceil(top / 8))
    return list(range(0, max(top, 1) + step, step))


# pygal always embeds its configuration for its (unused, see "js") scripts and three
# comments: ~3.8 kB per chart that no one reads.
_UNUSED_SVG_PARTS = re.compile(r"<script\b[^>]*>.*?</script>|<!--.*?-->", re.S)


def _accessible(svg: str, slug: str, title: str) -> SafeString:
    """Name the SVG for assistive technology; the table beside it holds the data."""
    svg = _UNUSED_SVG_PARTS.sub("", svg)
    # A presentation attribute instead of a style attribute, which the page's
    # Content-Security-Policy refuses.
    svg = svg.replace('style="opacity: 0"', 'opacity="0"')
    label = escape(title)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" focusable="false" data-chart="{slug}" ',
        1,
    )
    # pygal builds the SVG with an XML tree, so database labels inside it are escaped.
    return mark_safe(svg)  # noqa: S308


def _horizontal(slug: str, title: str, label_heading: str, rows: list[tuple[str, int]]) -> Chart:
    chart = pygal.HorizontalBar(
        **_config(
            show_legend=False,
            height=max(140, 24 * len(rows) + 60),
            truncate_label=45,
            y_labels=_value_axis([count for _label, count in rows]),
        )
    )
    chart.title = title
    # pygal draws the first label at the bottom; reverse so the chart reads top-down.
    chart.x_labels = [label for label, _count in reversed(rows)]
    chart.add(_("Aktiviteter"), [count for _label, count in reversed(rows)])
    return Chart(
        slug=slug,
        title=title,
        svg=_accessible(chart.render(is_unicode=True), slug, title),
        label_heading=label_heading,
        columns=[_("Aktiviteter")],
        rows=[(label, [count]) for label, count in rows],
    )


def summary_charts(summary: StatusSummary) -> list[Chart]:
    """The charts of a summary, in the order the page and the PDF show them. A chart
    with nothing but zeros is left out: the text says so in words."""
    charts = [
        _horizontal(
            "arenas",
            _("Aktiviteter pr. indsatsområde"),
            _("Indsatsområde"),
            [(row.label, row.activities) for row in summary.arenas],
        ),
        _horizontal(
            "target-groups",
            _("Aktiviteter pr. målgruppe"),
            _("Målgruppe"),
            [(row.label, row.activities) for row in summary.target_groups],
        ),
    ]
    # Only when some activities say which principles they follow: zeros would read as failure.
    if summary.principles_known:
        charts.append(
            _horizontal(
                "principles",
                _("Klassificerede aktiviteter pr. effektivt princip"),
                _("Princip"),
                [(f"{row.number}. {row.name}", row.activities) for row in summary.principles],
            )
        )
    if summary.quarters and summary.activities:
        title = _("Aktiviteter pr. kvartal")
        chart = pygal.Bar(
            **_config(
                show_legend=True,
                legend_at_bottom=True,
                height=320,
                x_label_rotation=-45 if len(summary.quarters) > 6 else 0,
                print_values=len(summary.quarters) <= 16,
                y_labels=_value_axis([row.running for row in summary.quarters]),
            )
        )
        chart.title = title
        chart.x_labels = [row.label for row in summary.quarters]
        running, started = _("I gang i kvartalet"), _("Startet i kvartalet")
        chart.add(running, [row.running for row in summary.quarters])
        chart.add(started, [row.started for row in summary.quarters])
        charts.append(
            Chart(
                slug="quarters",
                title=title,
                svg=_accessible(chart.render(is_unicode=True), "quarters", title),
                label_heading=_("Kvartal"),
                columns=[running, started],
                rows=[(row.label, [row.running, row.started]) for row in summary.quarters],
            )
        )
    # With many municipalities the comparison table says it better than a bar per name.
    if summary.is_national and len(summary.municipalities) <= MAX_MUNICIPALITY_BARS:
        charts.append(
            _horizontal(
                "municipalities",
                _("Aktiviteter pr. kommune"),
                _("Kommune"),
                [(row.name, row.activities) for row in summary.municipalities],
            )
        )
    return [chart for chart in charts if any(any(values) for _label, values in chart.rows)]
