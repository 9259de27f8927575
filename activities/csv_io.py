"""CSV export and import of activities, in the shape Danish spreadsheets expect:
UTF-8 with BOM, ``;`` as separator, dates as dd-mm-yyyy, Danish headers and
multi-valued columns joined with ", ".

An export re-imported gives the same activities: every import row is validated
by ActivityForm, the form of the browser, so it obeys the same rules.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from activities.forms import ActivityForm
from activities.models import Activity
from municipalities.access import is_national, membership_of, municipalities_visible_to
from municipalities.models import Arena, Institution, Principle, Programme, TargetGroup

BOM = "\ufeff"
SEPARATOR = ";"
JOINER = ", "
DATE_FORMAT = "%d-%m-%Y"
MAX_ROWS = 5000

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


def export_queryset(queryset: models.QuerySet) -> models.QuerySet:
    """The export's queries: one for the activities, one per relation."""
    return queryset.select_related("municipality", "arena").prefetch_related(
        "target_groups", "institutions", "programmes", "principles"
    )


def activity_row(activity: Activity) -> list[str]:
    return [
        activity.municipality.name,
        activity.arena.name,
        _text(activity.title),
        _text(activity.description),
        activity.get_status_display(),
        JOINER.join(group.name for group in activity.target_groups.all()),
        _text(activity.target_group_text),
        JOINER.join(institution.name for institution in activity.institutions.all()),
        _number(activity.grade_from),
        _number(activity.grade_to),
        _number(activity.participants),
        _number(activity.events),
        JOINER.join(programme.name for programme in activity.programmes.all()),
        JOINER.join(str(principle.number) for principle in activity.principles.all()),
        _date(activity.start_date),
        _date(activity.end_date),
        _text(activity.source_note),
        _text(activity.source_section),
    ]


def write_csv(activities: Iterable[Activity], out) -> None:
    """Write the activities to the text stream ``out`` (BOM first)."""
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for activity in activities:
        writer.writerow(activity_row(activity))


# --- Import ---------------------------------------------------------------------


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (not a row's content)."""


def read_rows(raw: bytes) -> list[dict[str, str]]:
    """Decode and split an uploaded file into rows keyed by column key.

    Raises CsvFormatError with a Danish message when the file is unreadable.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Excel versions save "CSV (semikolonsepareret)" as Windows-1252.
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise CsvFormatError(_("Filen er tom."))
    first_line = text.splitlines()[0]
    delimiter = SEPARATOR if SEPARATOR in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
        row = {key: "" for key, _label in COLUMNS}
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = _untext(value.strip())
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise CsvFormatError(
                _("Filen har mere end %(max)s rækker. Del den op i mindre filer.")
                % {"max": MAX_ROWS}
            )
    return rows


def _split(value: str, lookup: dict[str, models.Model]) -> tuple[list[models.Model], list[str]]:
    """Split "a, b, c" into known objects. Names may themselves contain commas,
    so the longest run of parts that names a known object wins."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    found, unknown = [], []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = JOINER.join(parts[i:j]).casefold()
            if candidate in lookup:
                found.append(lookup[candidate])
                i = j
                break
        else:
            unknown.append(parts[i])
            i += 1
    return found, unknown


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
    form: ActivityForm | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowValidator:
    """Turns raw rows into validated ActivityForms for one user.

    Reference data is loaded once (a handful of queries for any number of rows).
    """

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
        self.statuses = {}
        for value, label in Activity.Status.choices:
            self.statuses[value.casefold()] = value
            self.statuses[str(label).casefold()] = value
        self.institutions: dict[int, dict[str, Institution]] = {}
        for institution in Institution.objects.filter(municipality__in=municipalities):
            table = self.institutions.setdefault(institution.municipality_id, {})
            table[institution.name.casefold()] = institution

    def validate(self, number: int, values: dict[str, str]) -> ImportRow:
        row = ImportRow(number=number, values=values)
        lookup_errors: dict[str, str] = {}
        municipality = self._municipality(values.get("municipality", ""), lookup_errors)
        data = {
            key: values.get(key, "")
            for key in (
                "title",
                "description",
                "target_group_text",
                "grade_from",
                "grade_to",
                "participants",
                "events",
                "start_date",
                "end_date",
                "source_note",
            )
        }
        arena = self.arenas.get(values.get("arena", "").casefold())
        if arena is None and values.get("arena"):
            lookup_errors["arena"] = _("Ukendt indsatsområde: %(value)s") % {
                "value": values["arena"]
            }
        data["arena"] = arena.pk if arena else ""
        status = values.get("status", "")
        data["status"] = self.statuses.get(status.casefold(), status) if status else "planned"
        institutions = self.institutions.get(municipality.pk, {}) if municipality else {}
        for key, table in (
            ("target_groups", self.target_groups),
            ("programmes", self.programmes),
            ("principles", self.principles),
            ("institutions", institutions),
        ):
            found, unknown = _split(values.get(key, ""), table)
            data[key] = [obj.pk for obj in found]
            if unknown:
                lookup_errors[key] = _("Ukendt: %(values)s") % {"values": ", ".join(unknown)}
        if self.national and municipality:
            data["municipality"] = municipality.pk
        form = ActivityForm(
            data=data,
            user=self.user,
            municipality=None if self.national else self.own_municipality,
        )
        form.is_valid()
        for key, message in lookup_errors.items():
            if key in form.fields:
                form.add_error(key, message)
            else:
                form.add_error(None, message)
        row.form = form
        # The original heading is not on the form; the model field's guard checks it.
        source_section = Activity._meta.get_field("source_section")
        try:
            source_section.run_validators(values.get("source_section", ""))
        except ValidationError as error:
            for message in error.messages:
                row.errors.append(f"{source_section.verbose_name.capitalize()}: {message}")
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                row.errors.append(f"{label}: {error}" if label else str(error))
        return row

    def _municipality(self, name: str, errors: dict[str, str]):
        if not self.national:
            if name and self.municipalities.get(name.casefold()) != self.own_municipality:
                errors["municipality"] = _(
                    "Du kan kun importere aktiviteter til din egen kommune (%(own)s)."
                ) % {"own": self.own_municipality.name}
            return self.own_municipality
        municipality = self.municipalities.get(name.casefold()) if name else None
        if municipality is None:
            errors["municipality"] = (
                _("Ukendt kommune: %(value)s") % {"value": name}
                if name
                else _("Skriv kommunens navn i kolonnen Kommune.")
            )
        return municipality


def validate_rows(rows: list[dict[str, str]], user) -> list[ImportRow]:
    validator = RowValidator(user)
    # Row 1 is the header, so data rows start at 2, as in a spreadsheet.
    return [validator.validate(index, values) for index, values in enumerate(rows, start=2)]


def unsaved_activity(row: ImportRow) -> tuple[Activity, dict]:
    """The activity of a valid row, not saved yet, with its relations."""
    form = row.form
    activity = form.save(commit=False)
    activity.municipality = form.chosen_municipality
    activity.source_section = row.values.get("source_section", "")[:200]
    return activity, form.relations()
