"""CSV export and import of activities, in the shape Danish spreadsheets expect:
UTF-8 with BOM, ``;`` as separator, dates as dd-mm-yyyy, Danish headers and
multi-valued columns joined with ", ".

An export re-imported gives the same activities: every import row is validated
with the fields and rules of ActivityForm, the form of the browser
(activities.forms.clean_row), with the reference data looked up in tables loaded once per
file, so validating a file costs the same few queries whatever its length.

The export streams: rows are produced from an iterator that reads the
activities in chunks, with each chunk's relations fetched in bulk as plain
values, so memory stays flat however many rows are exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from activities.forms import ROW_FIELDS, clean_row
from activities.models import Activity
from activities.services import M2M_FIELDS
from core import personal_data
from municipalities.access import is_national, membership_of, municipalities_visible_to
from municipalities.models import Arena, Institution, Principle, Programme, TargetGroup

BOM = "\ufeff"
SEPARATOR = ";"
JOINER = ", "
DATE_FORMAT = "%d-%m-%Y"
MAX_ROWS = 5000
# The longest text field of an activity holds 5,000 characters; a longer cell is
# refused with a message (Python's csv module would raise at 131,072).
MAX_CELL = 10_000
# The most comma-separated names one multi-valued cell may hold.
MAX_NAMES = 200
EXPORT_CHUNK = 1000

# (key, Danish header). The headers are the file format: they are not
# translated with the interface, so a file reads the same in any language.
COLUMNS = [
    ("municipality", "Kommune"),
    ("arena", "Indsatsområde"),
    ("title", "Aktivitet"),
    ("description", "Beskrivelse"),
    ("status", "Status"),
    ("target_groups", "Målgrupper"),
    ("target_group_text", "Målgruppe (fritekst)"),
    ("institutions", "Institutioner"),
    ("grade_from", "Fra klassetrin"),
    ("grade_to", "Til klassetrin"),
    ("participants", "Antal deltagere"),
    ("events", "Antal arrangementer/forløb"),
    ("programmes", "Programmer og materialer"),
    ("principles", "Effektive principper (numre)"),
    ("start_date", "Startdato"),
    ("end_date", "Slutdato"),
    ("source_note", "Kilde"),
    ("source_section", "Oprindelig overskrift"),
]
HEADERS = [header for _key, header in COLUMNS]
KEY_BY_HEADER = {header.casefold(): key for key, header in COLUMNS}


# A cell starting with one of these is a formula to a spreadsheet; the export
# quotes it with an apostrophe and the import takes the apostrophe away again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _untext(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _date(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


M2M_EXPORT = ("target_groups", "institutions", "programmes", "principles")
SCALAR_EXPORT = (
    "pk",
    "municipality__name",
    "arena__name",
    "title",
    "description",
    "status",
    "target_group_text",
    "grade_from",
    "grade_to",
    "participants",
    "events",
    "start_date",
    "end_date",
    "source_note",
    "source_section",
)


def _related_names(name: str, activity_ids: list[int]) -> dict[int, list[str]]:
    """{activity id: [names]} of one many-to-many relation, in the related model's
    order, for a chunk of activities: one query of plain values."""
    field = Activity._meta.get_field(name)
    through = field.remote_field.through
    related = field.related_model
    target = field.m2m_reverse_field_name()
    label = "number" if related._meta.model_name == "principle" else "name"
    ordering = [f"{target}__{key.lstrip('-')}" for key in related._meta.ordering] or [target]
    names: dict[int, list[str]] = {}
    rows = (
        through.objects.filter(activity_id__in=activity_ids)
        .order_by(*ordering)
        .values_list("activity_id", f"{target}__{label}")
    )
    for activity_id, value in rows:
        names.setdefault(activity_id, []).append(str(value))
    return names


def export_rows(queryset: models.QuerySet) -> Iterator[list[str]]:
    """The CSV rows (header first) of the activities in ``queryset``, read in
    chunks of EXPORT_CHUNK in the queryset's order: per chunk one query for
    the activities and one per relation, whatever the number of rows."""
    statuses = dict(Activity.Status.choices)
    yield HEADERS
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = ids[start : start + EXPORT_CHUNK]
        values = {
            row["pk"]: row
            for row in Activity.objects.filter(pk__in=chunk).order_by().values(*SCALAR_EXPORT)
        }
        related = {name: _related_names(name, chunk) for name in M2M_EXPORT}
        for pk in chunk:
            row = values.get(pk)
            if row is None:  # deleted meanwhile
                continue
            yield [
                row["municipality__name"],
                row["arena__name"],
                _text(row["title"]),
                _text(row["description"]),
                str(statuses.get(row["status"], row["status"])),
                JOINER.join(related["target_groups"].get(pk, ())),
                _text(row["target_group_text"]),
                JOINER.join(related["institutions"].get(pk, ())),
                _number(row["grade_from"]),
                _number(row["grade_to"]),
                _number(row["participants"]),
                _number(row["events"]),
                JOINER.join(related["programmes"].get(pk, ())),
                JOINER.join(related["principles"].get(pk, ())),
                _date(row["start_date"]),
                _date(row["end_date"]),
                _text(row["source_note"]),
                _text(row["source_section"]),
            ]


class _Echo:
    """A file-like object whose write() returns what it is given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(queryset: models.QuerySet) -> Iterator[bytes]:
    """The export as UTF-8 byte strings (BOM first, ``;``-separated), one per row,
    for a StreamingHttpResponse or a file."""
    writer = csv.writer(_Echo(), delimiter=SEPARATOR, lineterminator="\r\n")
    yield BOM.encode("utf-8")
    for row in export_rows(queryset):
        yield writer.writerow(row).encode("utf-8")


def write_csv(queryset: models.QuerySet, out) -> None:
    """Write the export of ``queryset`` to the binary stream ``out``."""
    for chunk in csv_chunks(queryset):
        out.write(chunk)


# --- Import ---------------------------------------------------------------------


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (not a row's content)."""


def read_rows(raw: bytes) -> list[dict[str, str]]:
    """Decode and split an uploaded file into rows keyed by column key.

    Raises CsvFormatError with a Danish message when the file is unreadable,
    has too many rows or a cell longer than MAX_CELL characters.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Excel versions save "CSV (semikolonsepareret)" as Windows-1252.
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise CsvFormatError(_("Filen er tom."))
    first_line = text.split("\n", 1)[0]
    delimiter = SEPARATOR if SEPARATOR in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        keys = [KEY_BY_HEADER.get(name.strip().casefold()) for name in header]
        missing = [
            label
            for key, label in COLUMNS
            if key in {"arena", "title", "start_date"} and key not in keys
        ]
        if missing:
            raise CsvFormatError(
                _("Filen mangler kolonnerne: %(columns)s. Brug eksportens kolonneoverskrifter.")
                % {"columns": ", ".join(missing)}
            )
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvFormatError(
                    _("Filen har mere end %(max)s rækker. Del den op i mindre filer.")
                    % {"max": MAX_ROWS}
                )
            row = {key: "" for key, _label in COLUMNS}
            for key, value in zip(keys, values, strict=False):
                if len(value) > MAX_CELL:
                    raise CsvFormatError(_too_long(reader.line_num))
                if key:
                    row[key] = _untext(value.strip())
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own cap
            raise CsvFormatError(_too_long(reader.line_num)) from exc
        raise CsvFormatError(
            _("Filen kan ikke læses som CSV (linje %(line)s). Gem den igen som CSV, og prøv igen.")
            % {"line": reader.line_num}
        ) from exc
    return rows


def _too_long(line: int) -> str:
    return _(
        "Række %(row)s har en celle med mere end %(max)s tegn. "
        "Gør teksten kortere, og indlæs filen igen."
    ) % {"row": line, "max": f"{MAX_CELL:,}".replace(",", ".")}


def _split(value: str, lookup: dict[str, models.Model], longest: int) -> tuple[list, list[str]]:
    """Split "a, b, c" into known objects. Names may themselves contain commas,
    so the longest run of parts (at most ``longest``, the most parts any known
    name has) that names a known object wins: linear in the number of parts."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    found, unknown = [], []
    i = 0
    while i < len(parts):
        for j in range(min(len(parts), i + longest), i, -1):
            candidate = JOINER.join(parts[i:j]).casefold()
            if candidate in lookup:
                found.append(lookup[candidate])
                i = j
                break
        else:
            unknown.append(parts[i])
            i += 1
    return found, unknown


def _parts(lookup: dict[str, object]) -> int:
    return max((name.count(",") + 1 for name in lookup), default=1)


def _lookup(objects: Iterable[models.Model], *attrs: str) -> dict[str, models.Model]:
    table = {}
    for obj in objects:
        for attr in attrs:
            table[str(getattr(obj, attr)).casefold()] = obj
    return table


@dataclass
class ImportRow:
    number: int
    values: dict[str, str]
    cleaned: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowValidator:
    """Validates raw rows for one user: clean_row for the plain values, the
    reference data looked up in tables loaded once (a handful of queries for
    any number of rows, none per row)."""

    def __init__(self, user):
        self.user = user
        self.national = is_national(user)
        membership = membership_of(user)
        self.own_municipality = None if self.national else membership.municipality
        municipalities = list(municipalities_visible_to(user))
        self.municipalities = _lookup(municipalities, "name", "slug")
        self.arenas = _lookup(Arena.objects.all(), "name", "code")
        self.target_groups = _lookup(TargetGroup.objects.all(), "name", "code")
        self.programmes = _lookup(Programme.objects.all(), "name", "code")
        self.principles = _lookup(Principle.objects.all(), "number", "name", "code")
        self.institutions: dict[int, dict[str, Institution]] = {}
        for institution in Institution.objects.filter(
            municipality__in=[m.pk for m in municipalities]
        ).only("pk", "name", "municipality_id"):
            table = self.institutions.setdefault(institution.municipality_id, {})
            table[institution.name.casefold()] = institution
        self.longest = {
            "target_groups": _parts(self.target_groups),
            "programmes": _parts(self.programmes),
            "principles": _parts(self.principles),
            "institutions": max((_parts(table) for table in self.institutions.values()), default=1),
        }
        self.statuses = {}
        for value, label in Activity.Status.choices:
            self.statuses[value.casefold()] = value
            self.statuses[str(label).casefold()] = value

    def validate(self, number: int, values: dict[str, str]) -> ImportRow:
        row = ImportRow(number=number, values=values)
        errors: list[tuple[str, str]] = []
        municipality = self._municipality(values.get("municipality", ""), errors)
        data = dict(values)
        status = values.get("status", "")
        data["status"] = self.statuses.get(status.casefold(), status) if status else "planned"
        row.cleaned, field_errors = clean_row(data)
        errors += field_errors
        arena = self.arenas.get(values.get("arena", "").casefold())
        if arena is None:
            errors.append(
                (
                    "arena",
                    _("Ukendt indsatsområde: %(value)s") % {"value": values["arena"]}
                    if values.get("arena")
                    else forms.Field.default_error_messages["required"],
                )
            )
        institutions = self.institutions.get(municipality.pk, {}) if municipality else {}
        relations = {}
        for key, table in (
            ("target_groups", self.target_groups),
            ("programmes", self.programmes),
            ("principles", self.principles),
            ("institutions", institutions),
        ):
            raw = values.get(key, "")
            if raw.count(",") >= MAX_NAMES:
                errors.append((key, _("Højst %(max)s navne i én celle.") % {"max": MAX_NAMES}))
                continue
            found, unknown = _split(raw, table, self.longest[key])
            relations[key] = list(dict.fromkeys(found))
            if unknown:
                errors.append((key, _("Ukendt: %(values)s") % {"values": ", ".join(unknown)}))
        # Every text column also passes its model field's own guard (the personal-data
        # check), the original heading included, which is on no form.
        for text_field in personal_data.text_fields(Activity):
            try:
                text_field.run_validators(values.get(text_field.name, ""))
            except ValidationError as error:
                if not any(name == text_field.name for name, _message in errors):
                    errors += [(text_field.name, message) for message in error.messages]
        for name, message in errors:
            label = LABELS.get(name, "")
            row.errors.append(f"{label}: {message}" if label else message)
        if not row.errors:
            row.cleaned.update(
                municipality=municipality,
                arena=arena,
                source_section=values.get("source_section", "")[:200],
                **relations,
            )
        return row

    def _municipality(self, name: str, errors: list[tuple[str, str]]):
        if not self.national:
            if name and self.municipalities.get(name.casefold()) != self.own_municipality:
                errors.append(
                    (
                        "municipality",
                        _("Du kan kun importere aktiviteter til din egen kommune (%(own)s).")
                        % {"own": self.own_municipality.name},
                    )
                )
            return self.own_municipality
        municipality = self.municipalities.get(name.casefold()) if name else None
        if municipality is None:
            errors.append(
                (
                    "municipality",
                    _("Ukendt kommune: %(value)s") % {"value": name}
                    if name
                    else _("Skriv kommunens navn i kolonnen Kommune."),
                )
            )
        return municipality


LABELS = {
    "municipality": _lazy("Kommune"),
    "arena": _lazy("Indsatsområde"),
    "target_groups": _lazy("Målgrupper"),
    "programmes": _lazy("Programmer og materialer"),
    "institutions": _lazy("Institutioner"),
    "principles": _lazy("Effektive principper"),
    "source_section": _lazy("Oprindelig overskrift"),
    **{name: field.label for name, field in ROW_FIELDS.items()},
}


def validate_rows(rows: list[dict[str, str]], user) -> list[ImportRow]:
    validator = RowValidator(user)
    # Row 1 is the header, so data rows start at 2, as in a spreadsheet.
    return [validator.validate(index, values) for index, values in enumerate(rows, start=2)]


def unsaved_activity(row: ImportRow) -> tuple[Activity, dict]:
    """The activity of a valid row, not saved yet, with its relations."""
    cleaned = row.cleaned
    activity = Activity(
        **{name: cleaned[name] for name in ROW_FIELDS},
        municipality=cleaned["municipality"],
        arena=cleaned["arena"],
        source_section=cleaned["source_section"],
    )
    relations = {name: cleaned.get(name, []) for name in M2M_FIELDS}
    return activity, relations
