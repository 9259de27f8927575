"""The status figures as a spreadsheet (xlsx) for the steering group's own follow-up.

The same StatusSummary as the status page and the PDF, one sheet per table."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.selectors import PERIOD_RULES, StatusSummary, period_label

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = max(
        [14, *(min(60, len(str(row[0]))) for row in [header, *rows] if row)]
    )


def status_workbook(summary: StatusSummary) -> bytes:
    """The summary's figures as an xlsx file (in the active language)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    name = str(summary.municipality) if summary.municipality else _("Hele landet")
    _sheet(
        workbook,
        _("Nøgletal"),
        [_("Nøgletal"), _("Perioden"), _("Forrige periode"), _("Ændring")],
        [
            [_("Kommune"), name, "", ""],
            [_("Periode"), period_label(summary.start, summary.end), "", ""],
            [
                _("Forrige periode"),
                period_label(summary.previous_start, summary.previous_end),
                "",
                "",
            ],
            *[[f.label, f.value, f.previous, f.change] for f in summary.key_figures],
            [_("Udaterede kontrakter og aftaler (tælles ikke)"), summary.undated, "", ""],
            [_("Aktiviteter klassificeret efter princip"), summary.with_principle, "", ""],
            [_("Aktiviteter med målgruppe"), summary.with_target_group, "", ""],
            [_("Aktiviteter med oplyst deltagerantal"), summary.activities_with_participants],
        ],
    )
    _sheet(
        workbook,
        _("Det vigtigste"),
        [_("Det vigtigste")],
        [[finding] for finding in summary.findings],
    )
    for title, rows in (
        (_("Indsatsområder"), summary.arenas),
        (_("Målgrupper"), summary.target_groups),
    ):
        _sheet(
            workbook,
            title,
            [title, _("Aktiviteter"), _("Deltagere"), _("Arrangementer")],
            [[row.label, row.activities, row.participants, row.events] for row in rows],
        )
    _sheet(
        workbook,
        _("Principper"),
        [_("Princip"), _("Klassificerede aktiviteter")],
        [[f"{p.number}. {p.name}", p.activities] for p in summary.principles],
    )
    _sheet(
        workbook,
        _("Kvartaler"),
        [_("Kvartal"), _("I gang i kvartalet"), _("Startet i kvartalet")],
        [[q.label, q.running, q.started] for q in summary.quarters],
    )
    _sheet(
        workbook,
        _("Huller"),
        [
            _("Indsatsområde"),
            _("Målgruppe"),
            _("Kommuner med aktiviteter"),
            _("Uden aktiviteter her"),
        ],
        [
            [h.arena, h.target_group, h.municipalities_with, ", ".join(h.lacking)]
            for h in summary.holes
        ],
    )
    if summary.is_national:
        _sheet(
            workbook,
            _("Kommuner"),
            [
                _("Kommune"),
                _("Aktiviteter"),
                _("Deltagere"),
                _("Indsatsområder"),
                _("Institutioner"),
                _("Institutioner med gældende politik"),
                _("Overskredne revisioner"),
                _("Kontrakter i kraft"),
                _("Udaterede"),
                _("Overskredne forpligtelser"),
            ],
            [
                [
                    r.name,
                    r.activities,
                    r.participants,
                    r.arenas_covered,
                    r.institutions,
                    r.with_valid_policy,
                    r.overdue_reviews,
                    r.contracts_in_force,
                    r.undated,
                    r.overdue_obligations,
                ]
                for r in summary.municipalities
            ],
        )
    _sheet(
        workbook,
        _("Sådan er tallene talt"),
        [_("Tal"), _("Regel")],
        [[str(name), str(rule)] for name, rule in PERIOD_RULES],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
