"""The shape of each policy section and how it reads on a page.

Sections are stored as JSON (see Policy.SECTION fields); this module names
their parts and turns a section into labelled items for the "check your
answers" page, the document, the PDF and the comparison of two versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from policies.steps import EIGHT_QUESTIONS, STEPS, STEPS_BY_KEY

SUBSTANCES: tuple[tuple[str, Promise], ...] = (
    ("nicotine", _("Nikotin")),
    ("alcohol", _("Alkohol")),
    ("cannabis", _("Cannabis (hash, skunk)")),
    ("cocaine", _("Kokain")),
    ("opioids", _("Morfinpræparater og andre opioider")),
    ("doping", _("Doping (idrætsforeninger)")),
    ("other", _("Andre rusmidler")),
)
SUBSTANCE_LABELS = dict(SUBSTANCES)

GUIDELINE_GROUPS: tuple[tuple[str, Promise], ...] = (
    ("students", _("Elever og unge")),
    ("staff", _("Personale")),
    ("parents", _("Forældre")),
)
GUIDELINE_SETTINGS: tuple[tuple[str, Promise], ...] = (
    ("school_or_club", _("På skolen eller i klubben")),
    ("school_parties", _("Til skolefester og arrangementer")),
    ("camp_schools", _("På lejrskoler og ture med overnatning")),
    ("excursions", _("På udflugter")),
)

GRADE_BANDS: tuple[tuple[str, Promise], ...] = (
    ("teaching_0_3", _("0.–3. klasse")),
    ("teaching_4_6", _("4.–6. klasse")),
    ("teaching_7_10", _("7.–10. klasse")),
)

PREVENTION_TEXTS: tuple[tuple[str, Promise], ...] = (
    *GRADE_BANDS,
    ("other_programmes", _("Andre programmer og materialer")),
    ("parents", _("Inddragelse af forældre")),
    ("staff_training", _("Opkvalificering af medarbejdere")),
)

LADDER_FIELDS: tuple[tuple[str, Promise], ...] = (
    ("trigger", _("Når")),
    ("who_acts", _("Hvem handler")),
    ("contact", _("Hvem kontaktes")),
    ("within", _("Hvor hurtigt")),
)
CONTACT_FIELDS: tuple[tuple[str, Promise], ...] = (
    ("service", _("Tjeneste eller fagperson")),
    ("description", _("Hvad kan de hjælpe med")),
    ("phone", _("Telefon")),
)


@dataclass
class Item:
    label: str
    value: str


def _text(data: dict, key: str) -> str:
    value = data.get(key) or ""
    return value.strip() if isinstance(value, str) else str(value)


def section_items(key: str, data: dict | None) -> list[Item]:
    """The section as a list of labelled values, in reading order; empty parts left out."""
    data = data or {}
    items: list[Item] = []

    def add(label, value: str) -> None:
        if value:
            items.append(Item(str(label), value))

    if key in ("purpose", "attitudes"):
        add(STEPS_BY_KEY[key].title, _text(data, "text"))
    elif key == "substances":
        names = [str(SUBSTANCE_LABELS[code]) for code in data.get("substances", [])]
        if "other" in data.get("substances", []) and _text(data, "other"):
            names[-1] = f"{names[-1]}: {_text(data, 'other')}"
        add(_("Politikken omfatter"), ", ".join(names))
        add(_("Definition"), _text(data, "text"))
    elif key == "guidelines":
        grid = data.get("grid", {})
        for group, group_label in GUIDELINE_GROUPS:
            for setting, setting_label in GUIDELINE_SETTINGS:
                add(f"{group_label} – {setting_label}", _text(grid.get(group, {}), setting))
        add(_("Konsekvenser"), _text(data, "consequences"))
    elif key == "prevention":
        for field, label in GRADE_BANDS:
            add(_("Undervisning %(band)s") % {"band": label}, _text(data, field))
        add(_("Programmer og materialer"), ", ".join(data.get("programme_names", [])))
        for field, label in PREVENTION_TEXTS[3:]:
            add(label, _text(data, field))
    elif key == "preparedness":
        add(_("Indledning"), _text(data, "text"))
        for number, step in enumerate(data.get("steps", []), start=1):
            parts = [f"{label}: {step.get(field, '')}" for field, label in LADDER_FIELDS[1:]]
            add(
                _("Trin %(number)s") % {"number": number},
                f"{step.get('trigger', '')} – " + "; ".join(parts),
            )
    elif key == "support":
        add(_("Støtte og behandling"), _text(data, "text"))
        if data.get("not_exclusion"):
            add(
                _("Eksklusion"),
                str(_("Politikken har ikke til formål at føre til eksklusion.")),
            )
    elif key == "partners":
        add(_("Lokale samarbejdspartnere"), _text(data, "text"))
        for contact in data.get("contacts", []):
            value = contact.get("service", "")
            if contact.get("description"):
                value += f" – {contact['description']}"
            if contact.get("phone"):
                value += f" – {_('tlf.')} {contact['phone']}"
            add(_("Kontakt"), value)
    elif key == "communication":
        for number, question in enumerate(EIGHT_QUESTIONS, start=1):
            add(f"{number}. {question}", _text(data, f"q{number}"))
    elif key == "evaluation":
        add(_("Ansvarlig for revision"), _text(data, "responsible"))
        add(_("Hvem inddrages"), _text(data, "participants"))
        months = data.get("review_interval_months")
        if months:
            add(_("Revision"), str(_("hver %(months)s. måned") % {"months": months}))
    return items


def section_lines(key: str, data: dict | None) -> list[str]:
    """One line per item, for comparing two versions."""
    return [f"{item.label}: {item.value}" for item in section_items(key, data)]


def sections_for_display(content: dict) -> list[dict]:
    """Every section of a snapshot as a titled list of items (evaluation included)."""
    return [
        {
            "key": step.key,
            "title": step.title,
            "items": section_items(step.key, content.get(step.key)),
        }
        for step in STEPS
    ]
