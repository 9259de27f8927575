"""The sections of a drug policy, each declared once.

A policy, a template and an adopted version store their content in one shape,
a JSON object ``{section_key: section_data}`` (``Policy.content``,
``PolicyTemplate.content``, ``PolicyVersion.content``). Each section below is
declared with its key, its title, the guide's questions and a typed spec: the
fields it holds (from which the step forms are built, see policies/forms.py),
how it is validated (the same rules for a step form and for adoption) and how
it reads on a page, a PDF and in the comparison of two versions.

The questions are those of Aarhus Kommune's "Inspiration til en
rusmiddelpolitik/handleplan" and the booklet "Rusmiddelforebyggelse i praksis"
(Narkoen ud af byen, Sundhedsstyrelsen).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from policies.sources import AARHUS, BOOKLET, EXAMPLE_LABEL, Quote, citation

# Templates mark what each institution must write itself as "[ ... ]".
PLACEHOLDER_RE = re.compile(r"\[[^\]]{3,}\]")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{2,19}$")
PLACEHOLDER_MESSAGE = _(
    "Erstat teksten i firkantede parenteser med jeres egen tekst, eller slet den."
)

Path = tuple[str | int, ...]
Error = tuple[Path, str]


# --- Field declarations ----------------------------------------------------------------
# What a section holds. policies/forms.py turns each into a form field; the
# validation below reads the same declarations.


@dataclass(frozen=True)
class Text:
    """A text; ``rows`` 0 is a single line."""

    name: str
    label: Promise
    rows: int = 4
    max_length: int = 5000
    required: Promise | None = None  # the message when it is empty
    help_text: Promise | str = ""
    inputmode: str = ""

    def default(self) -> str:
        return ""


@dataclass(frozen=True)
class Choices:
    """Several codes chosen from a fixed list."""

    name: str
    label: Promise
    choices: tuple[tuple[str, Promise], ...]
    required: Promise | None = None

    def default(self) -> list:
        return []


@dataclass(frozen=True)
class Check:
    """A confirmation."""

    name: str
    label: Promise
    required: Promise | None = None

    def default(self) -> bool:
        return False


@dataclass(frozen=True)
class Number:
    name: str
    label: Promise
    minimum: int
    maximum: int
    initial: int
    help_text: Promise | str = ""
    messages: dict = field(default_factory=dict)

    def default(self) -> int:
        return self.initial


@dataclass(frozen=True)
class Programmes:
    """Programmes from the reference data, stored as codes and, for display, names."""

    name: str
    label: Promise

    def default(self) -> list:
        return []


@dataclass(frozen=True)
class Grid:
    """A text per (row, column), stored as ``{row: {column: text}}``."""

    name: str
    rows: tuple[tuple[str, Promise], ...]
    columns: tuple[tuple[str, Promise], ...]
    max_length: int = 2000
    heading: Promise | str = ""

    def default(self) -> dict:
        return {row: {column: "" for column, _label in self.columns} for row, _label in self.rows}


@dataclass(frozen=True)
class Rows:
    """A list of rows of short texts, in order; blank rows are dropped."""

    name: str
    columns: tuple[Text, ...]
    row_label: Promise
    heading: Promise | str = ""
    intro: Promise | str = ""
    min_rows: int = 4
    max_rows: int = 12

    def default(self) -> list:
        return []


@dataclass(frozen=True)
class Person:
    """A person the policy names (a relation of the Policy, not part of its content:
    reminders query it). The frozen version keeps the name in ``name``."""

    name: str
    label: Promise
    help_text: Promise | str = ""
    required: Promise | None = None

    def default(self) -> str:
        return ""


Field = Text | Choices | Check | Number | Programmes | Grid | Rows | Person


@dataclass
class Item:
    label: str
    value: str
    # Where in the section the value is stored ("text", "grid.students.excursions").
    path: str = ""
    # For a template: the source a quoted value comes from, or the example label.
    provenance: str = ""


# --- Sections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    fields: tuple[Field, ...]
    # The guide beside the form: the sources' questions and passages, each with its
    # source, and what this product adds, shown as an example.
    questions: tuple[Quote, ...] = ()
    guidance: tuple[Quote, ...] = ()
    example: Promise | str = ""
    # Rules across fields: (section data) -> [(path, message)].
    rules: Callable[[dict], list[Error]] | None = None
    # Labelled values for display, in reading order.
    describe: Callable[[Section, dict], list[Item]] | None = None
    # How the section reads on a page and in a PDF.
    display: str = "policies/sections/_items.html"

    @property
    def person(self) -> Person | None:
        return next((f for f in self.fields if isinstance(f, Person)), None)

    def load(self, data: dict | None) -> dict:
        """The stored section with every declared field present (stored values untouched)."""
        data = dict(data or {})
        for declared in self.fields:
            if isinstance(declared, Person):
                continue
            data.setdefault(declared.name, declared.default())
        return data

    def errors(self, data: dict | None, *, allow_placeholders: bool = False) -> list[Error]:
        """Everything that keeps the section from being complete, with where it is."""
        data = self.load(data)
        errors: list[Error] = []
        for declared in self.fields:
            value = data.get(declared.name)
            path: Path = (declared.name,)
            if isinstance(declared, Text):
                text = _strip(value)
                if declared.required and not text:
                    errors.append((path, str(declared.required)))
                elif len(text) > declared.max_length:
                    errors.append((path, _too_long(declared.max_length)))
            elif isinstance(declared, Choices):
                codes = [code for code, _label in declared.choices]
                if declared.required and not value:
                    errors.append((path, str(declared.required)))
                elif any(code not in codes for code in value or []):
                    errors.append((path, str(_("Vælg blandt mulighederne."))))
            elif isinstance(declared, Check):
                if declared.required and value is not True:
                    errors.append((path, str(declared.required)))
            elif isinstance(declared, Number):
                if not isinstance(value, int) or not declared.minimum <= value <= declared.maximum:
                    errors.append((path, str(declared.messages.get("required", ""))))
            elif isinstance(declared, Grid):
                for row, _label in declared.rows:
                    for column, _label2 in declared.columns:
                        text = _strip((value or {}).get(row, {}).get(column))
                        if len(text) > declared.max_length:
                            errors.append(
                                ((declared.name, row, column), _too_long(declared.max_length))
                            )
            elif isinstance(declared, Rows):
                for index, row in enumerate(value or []):
                    for column in declared.columns:
                        if len(_strip(row.get(column.name))) > column.max_length:
                            errors.append(
                                ((declared.name, index, column.name), _too_long(column.max_length))
                            )
        if self.rules:
            errors.extend(self.rules(data))
        if not allow_placeholders:
            errors.extend(
                (path, str(PLACEHOLDER_MESSAGE))
                for path, text in _strings(data)
                if PLACEHOLDER_RE.search(text)
            )
        return errors

    def items(self, data: dict | None) -> list[Item]:
        """The section as labelled values in reading order; empty parts left out."""
        data = self.load(data)
        items = self.describe(self, data) if self.describe else _describe_fields(self, data)
        return [item for item in items if item.value]


def _strip(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _too_long(limit: int) -> str:
    return str(_("Højst %(limit)s tegn.") % {"limit": limit})


def _strings(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _describe_fields(section: Section, data: dict) -> list[Item]:
    items = []
    for declared in section.fields:
        if isinstance(declared, Text):
            items.append(Item(str(declared.label), _strip(data.get(declared.name)), declared.name))
    return items


# --- The sections' own parts ---------------------------------------------------------------

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
# Aarhus Kommune's action plan: the areas to work in, for pupils, parents and school/club.
ACTION_PLAN_AREAS: tuple[tuple[str, Promise], ...] = (
    ("prevention", _("Forebyggelse som hovedfokus")),
    ("communication", _("Formidling af viden/information og samarbejde som hovedfokus")),
    ("general", _("Fokus generelt")),
)
ACTION_PLAN_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("students", _("Elever")),
    ("parents", _("Forældre")),
    ("school_or_club", _("Skole/Klub")),
)
LADDER_COLUMNS: tuple[Text, ...] = (
    Text("trigger", _("Når"), rows=0, max_length=500),
    Text("who_acts", _("Hvem handler"), rows=0, max_length=500),
    Text("contact", _("Hvem kontaktes"), rows=0, max_length=500),
    Text("within", _("Hvor hurtigt"), rows=0, max_length=500),
)
CONTACT_COLUMNS: tuple[Text, ...] = (
    Text("service", _("Tjeneste eller fagperson"), rows=0, max_length=500),
    Text("description", _("Hvad kan de hjælpe med"), rows=0, max_length=500),
    Text("phone", _("Telefon"), rows=0, max_length=20, inputmode="tel"),
)

# The guide's eight questions that keep a policy alive (DRUGBOX – den levende rusmiddelpolitik).
EIGHT_QUESTIONS: tuple[Promise, ...] = (
    _("Hvordan sikres ledelsesmæssigt ejerskab og opbakning?"),
    _("Hvordan sikres det, at alle relevante parter har kendskab til rusmiddelpolitikken?"),
    _(
        "Hvordan sikres det, at nye elever, forældre og medarbejdere præsenteres for "
        "rusmiddelpolitikken?"
    ),
    _(
        "Hvordan er det muligt at tænke rusmiddelforebyggelse ind i årlige arrangementer "
        "og årsplaner?"
    ),
    _(
        "Hvordan understøttes en kultur, hvor der er rum for at italesætte rusmiddelproblematikker "
        "og diskutere forskellige holdninger til rusmidler?"
    ),
    _("Hvordan sikres det, at forebyggelsen af rusmidler er en systematisk del af undervisningen?"),
    _(
        "Hvordan sikres det, at medarbejderne føler sig rustede til at handle på eventuelle "
        "rusmiddelproblematikker?"
    ),
    _("Hvordan sikres det, at rusmiddelpolitikken anvendes ved konkrete problemstillinger?"),
)


# Where in the sources the guide's passages stand.
DISCUSS = "»I udarbejdelsen af en rusmiddelpolitik drøftes følgende«"
LIVING = (
    "»Hvordan kan vi formidle vores rusmiddelpolitik og sætte gang i initiativerne og indsatserne?«"
)
EVALUATION = "»Regelmæssig evaluering og justering«"
PRINCIPLES = "»6 effektive principper«"
AARS_CLUB = "»Fritids- og foreningslivet«, »Rusmiddelpolitik i ungdomsklub«"
EIGHT_QUESTIONS_QUOTED: tuple[Quote, ...] = tuple(
    Quote(question, AARHUS, LIVING + " (DRUGBOX – den levende rusmiddelpolitik)")
    for question in EIGHT_QUESTIONS
)
PREVENTION_AND_PREPAREDNESS = Quote(
    _(
        "Hvordan kan vi arbejde forebyggende, og hvordan kan vi opbygge et klart beredskab til "
        "akutte problematikker?"
    ),
    AARHUS,
    DISCUSS,
)
NO_EXCLUSION = Quote(
    _(
        "Rusmiddelpolitikken udformes lokalt og skal indeholde regler og konsekvenser, men må ikke "
        "have som mål at føre til eksklusion, og der skal være taget stilling til, hvordan man "
        "tilbyder behandling, hvor det er påkrævet."
    ),
    BOOKLET,
    "»Koordinering gennem partnerskaber«, »Partnerskabskontrakten«",
)


def _substances_rules(data: dict) -> list[Error]:
    if "other" in data["substances"] and not _strip(data["other"]):
        return [(("other",), str(_("Skriv hvilke andre rusmidler politikken omfatter.")))]
    return []


def _substances_items(section: Section, data: dict) -> list[Item]:
    names = [str(SUBSTANCE_LABELS.get(code, code)) for code in data["substances"]]
    if "other" in data["substances"] and _strip(data["other"]):
        names[-1] = f"{names[-1]}: {_strip(data['other'])}"
    return [
        Item(str(_("Politikken omfatter")), ", ".join(names), "substances"),
        Item(str(_("Definition")), _strip(data["text"]), "text"),
    ]


def _guidelines_rules(data: dict) -> list[Error]:
    if not _strip(data["grid"].get("students", {}).get("school_or_club")):
        return [
            (
                ("grid", "students", "school_or_club"),
                str(
                    _("Skriv mindst retningslinjerne for elever og unge på skolen eller i klubben.")
                ),
            )
        ]
    return []


def _guidelines_items(section: Section, data: dict) -> list[Item]:
    items = [
        Item(
            f"{group_label} – {setting_label}",
            _strip(data["grid"].get(group, {}).get(setting)),
            f"grid.{group}.{setting}",
        )
        for group, group_label in GUIDELINE_GROUPS
        for setting, setting_label in GUIDELINE_SETTINGS
    ]
    items.append(Item(str(_("Konsekvenser")), _strip(data["consequences"]), "consequences"))
    return items


def _prevention_rules(data: dict) -> list[Error]:
    if not any(_strip(data[band]) for band, _label in GRADE_BANDS):
        return [
            (
                ("teaching_7_10",),
                str(_("Beskriv den forebyggende undervisning for mindst ét klassetrin.")),
            )
        ]
    return []


def _prevention_items(section: Section, data: dict) -> list[Item]:
    items = [
        Item(str(_("Undervisning %(band)s") % {"band": label}), _strip(data[band]), band)
        for band, label in GRADE_BANDS
    ]
    items.append(
        Item(
            str(_("Programmer og materialer")),
            ", ".join(data.get("programme_names", [])),
            "programmes",
        )
    )
    items.extend(
        Item(str(label), _strip(data[name]), name)
        for name, label in (
            ("other_programmes", _("Andre programmer og materialer")),
            ("parents", _("Inddragelse af forældre")),
            ("staff_training", _("Opkvalificering af medarbejdere")),
        )
    )
    items.extend(
        Item(
            f"{area_label} – {column_label}",
            _strip(data["action_plan"].get(area, {}).get(column)),
            f"action_plan.{area}.{column}",
        )
        for area, area_label in ACTION_PLAN_AREAS
        for column, column_label in ACTION_PLAN_COLUMNS
    )
    return items


def _ladder_rules(data: dict) -> list[Error]:
    steps = data["steps"]
    if not steps:
        return [
            (
                ("steps", 0, "trigger"),
                str(_("Beskriv mindst ét trin: hvornår, hvem handler og hvem kontaktes.")),
            )
        ]
    return [
        (("steps", index, name), str(_("Udfyld feltet, eller tøm hele trinet.")))
        for index, step in enumerate(steps)
        for name in ("trigger", "who_acts", "contact")
        if not _strip(step.get(name))
    ]


def _ladder_items(section: Section, data: dict) -> list[Item]:
    items = [Item(str(_("Indledning")), _strip(data["text"]), "text")]
    for number, step in enumerate(data["steps"], start=1):
        parts = [f"{column.label}: {step.get(column.name, '')}" for column in LADDER_COLUMNS[1:]]
        items.append(
            Item(
                str(_("Trin %(number)s") % {"number": number}),
                f"{step.get('trigger', '')} – " + "; ".join(parts),
                "steps",
            )
        )
    return items


def _support_items(section: Section, data: dict) -> list[Item]:
    items = [Item(str(_("Støtte og behandling")), _strip(data["text"]), "text")]
    if data["not_exclusion"]:
        items.append(
            Item(
                str(_("Eksklusion")),
                str(_("Politikken har ikke til formål at føre til eksklusion.")),
                "not_exclusion",
            )
        )
    return items


def _contacts_rules(data: dict) -> list[Error]:
    contacts = data["contacts"]
    if not contacts:
        return [
            (
                ("contacts", 0, "service"),
                str(_("Angiv mindst én tjeneste eller fagperson, man kan kontakte.")),
            )
        ]
    errors: list[Error] = []
    for index, contact in enumerate(contacts):
        if not _strip(contact.get("service")):
            errors.append(
                (
                    ("contacts", index, "service"),
                    str(_("Skriv tjenestens eller fagpersonens navn.")),
                )
            )
        phone = _strip(contact.get("phone"))
        if phone and not PHONE_RE.match(phone):
            errors.append(
                (
                    ("contacts", index, "phone"),
                    str(_("Skriv et gyldigt telefonnummer, fx 75 50 00 00 eller 114.")),
                )
            )
    return errors


def _contacts_items(section: Section, data: dict) -> list[Item]:
    items = [Item(str(_("Lokale samarbejdspartnere")), _strip(data["text"]), "text")]
    for contact in data["contacts"]:
        value = contact.get("service", "")
        if contact.get("description"):
            value += f" – {contact['description']}"
        if contact.get("phone"):
            value += f" – {_('tlf.')} {contact['phone']}"
        items.append(Item(str(_("Kontakt")), value, "contacts"))
    return items


def _communication_items(section: Section, data: dict) -> list[Item]:
    return [
        Item(f"{number}. {question}", _strip(data[f"q{number}"]), f"q{number}")
        for number, question in enumerate(EIGHT_QUESTIONS, start=1)
    ]


def _evaluation_items(section: Section, data: dict) -> list[Item]:
    items = [
        Item(str(_("Ansvarlig for revision")), _strip(data.get("responsible")), "responsible"),
        Item(str(_("Hvem inddrages")), _strip(data["participants"]), "participants"),
    ]
    months = data["review_interval_months"]
    if months:
        items.append(
            Item(
                str(_("Revision")),
                str(_("hver %(months)s. måned") % {"months": months}),
                "review_interval_months",
            )
        )
    return items


SECTIONS: tuple[Section, ...] = (
    Section(
        "purpose",
        _("Formål"),
        fields=(
            Text(
                "text",
                _("Formålet med rusmiddelpolitikken"),
                rows=8,
                required=_("Skriv politikkens formål."),
            ),
        ),
        questions=(
            Quote(
                _("Hvorfor er det vigtigt med en rusmiddelpolitik, og hvad skal vi bruge den til?"),
                AARHUS,
                DISCUSS,
            ),
        ),
        guidance=(
            Quote(
                _(
                    "At skabe et fælles afsæt at handle ud fra, som er retningsvisende, "
                    "afklarer ansvar, skaber tryghed og sikrer koordineret reaktion og "
                    "ensrettede handlinger."
                ),
                AARHUS,
                "»Hvad opnår man ved at have en rusmiddelpolitik?«",
            ),
            Quote(
                _(
                    "Desuden er det vigtigt at skabe en proces, hvor den unge, forældrene og "
                    "skolen/klubben involveres i arbejdet med rusmiddelpolitikken. Dette for at "
                    "skabe ejerskab og forståelse."
                ),
                AARHUS,
                "»Inspiration til en rusmiddelpolitik/handleplan«",
            ),
        ),
        describe=lambda section, data: [Item(str(section.title), _strip(data["text"]), "text")],
    ),
    Section(
        "substances",
        _("Definition af rusmidler"),
        fields=(
            Choices(
                "substances",
                _("Hvilke rusmidler omfatter politikken?"),
                SUBSTANCES,
                required=_("Vælg mindst ét rusmiddel."),
            ),
            Text(
                "other",
                _("Andre rusmidler: hvilke?"),
                rows=0,
                max_length=300,
                help_text=_("Udfyldes, hvis du har valgt »Andre rusmidler«."),
            ),
            Text(
                "text",
                _("Vores definition af rusmidler"),
                required=_("Skriv, hvad I forstår ved rusmidler."),
            ),
        ),
        questions=(
            Quote(
                _("Hvad er rusmidler? Hvad snakker vi om, når vi siger rusmidler?"),
                AARHUS,
                DISCUSS,
            ),
        ),
        guidance=(
            Quote(
                _(
                    "Rusmidler er stoffer, der påvirker den psykiske tilstand. Det drejer sig om: "
                    "Nikotin, alkohol, cannabis, kokain, morfin præparater osv."
                ),
                AARHUS,
                "»Definition af rusmidler«",
            ),
            Quote(
                _(
                    "Rusmiddelpolitikken tog udgangspunkt i et materiale udarbejdet af DGI og blev "
                    "tilpasset til den enkelte forening, fx ved at udvide indsatsen til også at "
                    "omfatte doping."
                ),
                BOOKLET,
                "»Fritids- og foreningslivet«, »Rusmiddelpolitik i idrætsforening«",
            ),
        ),
        rules=_substances_rules,
        describe=_substances_items,
    ),
    Section(
        "attitudes",
        _("Holdninger"),
        fields=(
            Text(
                "text",
                _("Vores holdninger til rusmidler"),
                rows=8,
                required=_("Skriv jeres holdninger til rusmidler."),
            ),
        ),
        questions=(
            Quote(
                _("Er vores holdninger underbygget med de nyeste viden om rusmidler?"),
                AARHUS,
                DISCUSS,
            ),
        ),
        guidance=(
            Quote(
                _(
                    "Det er både normalt og attraktivt at være stoffri og uden stort "
                    "alkoholforbrug. Denne opfattelse skal de unge støttes i."
                ),
                BOOKLET,
                PRINCIPLES,
            ),
            Quote(
                _("Forebyggelsen skal bygge på viden og ikke skrækhistorier"),
                BOOKLET,
                PRINCIPLES,
            ),
        ),
        describe=lambda section, data: [Item(str(section.title), _strip(data["text"]), "text")],
    ),
    Section(
        "guidelines",
        _("Retningslinjer"),
        fields=(
            Grid("grid", GUIDELINE_GROUPS, GUIDELINE_SETTINGS),
            Text(
                "consequences",
                _("Konsekvenser, når retningslinjerne ikke overholdes"),
                max_length=3000,
            ),
        ),
        questions=(
            Quote(
                _(
                    "Har vi klare, definerede og videreformidlede retningslinjer ift. brug af "
                    "rusmidler for elever, personale og forældre, når de er på skolen, i klubben, "
                    "til skolefester, på lejrskoler eller på udflugter?"
                ),
                AARHUS,
                DISCUSS,
            ),
        ),
        guidance=(NO_EXCLUSION,),
        rules=_guidelines_rules,
        describe=_guidelines_items,
    ),
    Section(
        "prevention",
        _("Forebyggelse"),
        fields=(
            Text("teaching_0_3", _("Undervisning i 0.–3. klasse"), rows=2, max_length=2000),
            Text("teaching_4_6", _("Undervisning i 4.–6. klasse"), rows=2, max_length=2000),
            Text(
                "teaching_7_10",
                _("Undervisning i 7.–10. klasse (eller for de unge)"),
                rows=2,
                max_length=2000,
            ),
            Programmes("programmes", _("Programmer og materialer")),
            Text("other_programmes", _("Andre programmer og materialer"), rows=0, max_length=500),
            Text(
                "parents",
                _("Inddragelse af forældre"),
                max_length=3000,
                required=_("Skriv, hvordan forældrene inddrages."),
            ),
            Text("staff_training", _("Opkvalificering af medarbejdere"), max_length=3000),
            Grid(
                "action_plan",
                ACTION_PLAN_AREAS,
                ACTION_PLAN_COLUMNS,
                heading=_("Handleplan: elever, forældre og skole/klub"),
            ),
        ),
        questions=(PREVENTION_AND_PREPAREDNESS, EIGHT_QUESTIONS_QUOTED[5]),
        guidance=(
            Quote(
                _(
                    "I arbejdet med forebyggelse er det vigtigt at have et generelt fokus på emnet "
                    "og en handleplan. Dette kan lykkes ved f.eks. at sikre en systematisk "
                    "undervisning og ved at iværksætte forskellige initiativer på forskellige "
                    "niveauer."
                ),
                AARHUS,
                "»Hvorfor er det hensigtsmæssigt at have en rusmiddelpolitik med en konkret "
                "handleplan?«",
            ),
            Quote(
                _(
                    "Handleplanen er det konkrete og retningsanvisende værktøj, der skal gøre det "
                    "let og overskueligt for medarbejdere at anvende."
                ),
                AARHUS,
                "»Handleplan«",
            ),
        ),
        rules=_prevention_rules,
        describe=_prevention_items,
    ),
    Section(
        "preparedness",
        _("Akut beredskab"),
        fields=(
            Text("text", _("Indledning til beredskabet"), max_length=3000),
            Rows(
                "steps",
                LADDER_COLUMNS,
                row_label=_("Trin"),
                heading=_("Handleplan: fra bekymring til handling"),
                intro=_(
                    "Skriv trinene i den rækkefølge, de tages. Tomme trin springes over. Der "
                    "kommer flere tomme trin, når du gemmer."
                ),
            ),
        ),
        questions=(PREVENTION_AND_PREPAREDNESS,),
        guidance=(
            Quote(
                _(
                    "Der kan opstå situationer, hvor den unge møder påvirket op til undervisning "
                    "eller en gruppe unge har en uhensigtsmæssig festkultur. Såfremt der ikke er "
                    "klare retningslinjer i forhold til rusmidler, eller hvordan man som "
                    "medarbejder eller forældre skal agere, kan det være vanskeligt, "
                    "langsommeligt og utrygt at handle i forhold til situationen."
                ),
                AARHUS,
                "»Akut beredskab«",
            ),
            Quote(
                _(
                    "I alvorlige og/eller akutte tilfælde tages der kontakt til "
                    "socialforvaltningen i overensstemmelse med reglerne for underretning."
                ),
                BOOKLET,
                AARS_CLUB,
            ),
        ),
        example=_(
            "Skriv for hvert trin: når hvad sker, hvem handler, hvem kontaktes, og hvor hurtigt. "
            "Ungdomsklubben i Aars tager først kontakt med den unge, så med forældrene, så med "
            "streetwalker eller SSP og i alvorlige tilfælde med socialforvaltningen."
        ),
        rules=_ladder_rules,
        describe=_ladder_items,
        display="policies/sections/_preparedness.html",
    ),
    Section(
        "support",
        _("Støtte og behandling"),
        fields=(
            Text(
                "text",
                _("Sådan tilbyder vi støtte og behandling"),
                rows=6,
                required=_("Beskriv, hvordan I tilbyder støtte og behandling."),
            ),
            Check(
                "not_exclusion",
                _(
                    "Vi bekræfter, at politikken ikke har som mål at føre til eksklusion, og at "
                    "den beskriver, hvordan vi tilbyder behandling, hvor det er påkrævet."
                ),
                required=_("Bekræft, at politikken ikke sigter mod eksklusion."),
            ),
        ),
        questions=(
            Quote(
                _("Tilbud om støtte til elever med problematisk rusmiddelforbrug"),
                BOOKLET,
                "»Ungdomsuddannelserne«, »En rusmiddelpolitik kan omfatte«",
            ),
        ),
        guidance=(NO_EXCLUSION,),
        describe=_support_items,
    ),
    Section(
        "partners",
        _("Samarbejdspartnere og kontakter"),
        fields=(
            Text(
                "text",
                _("Lokale samarbejdspartnere (fx elevråd, skolebestyrelse, forældreråd)"),
                max_length=3000,
            ),
            Rows(
                "contacts",
                CONTACT_COLUMNS,
                row_label=_("Kontakt"),
                heading=_("Kontakter ved bekymring"),
                intro=_("Tjenester og fagpersoner med telefonnummer. Skriv aldrig navne på unge."),
            ),
        ),
        questions=(
            Quote(
                _(
                    "Hvem skal vi samarbejde med? Lokalt på skolen eller i klubben: Elever, "
                    "forældre? Centralt: f.eks. Børn og Unge, Ungecenteret"
                ),
                AARHUS,
                DISCUSS,
            ),
        ),
        guidance=(
            Quote(
                _(
                    "Forældrene kan få telefonnumre og navne på SSP-konsulenten, "
                    "telefonrådgivning og andre steder, de kan spørge om råd og hjælp, hvis det "
                    "bliver aktuelt."
                ),
                BOOKLET,
                "»Grundskolen«, »Inddragelse af forældrene«",
            ),
        ),
        rules=_contacts_rules,
        describe=_contacts_items,
        display="policies/sections/_partners.html",
    ),
    Section(
        "communication",
        _("Formidling og den levende politik"),
        fields=tuple(
            Text(
                f"q{number}",
                f"{number}. {question}",
                rows=2,
                max_length=2000,
                required=_("Besvar spørgsmålet."),
            )
            for number, question in enumerate(EIGHT_QUESTIONS, start=1)
        ),
        questions=(Quote(_("Kun en aktiv rusmiddelpolitik gør en reel forskel."), AARHUS, LIVING),),
        guidance=(
            Quote(
                _(
                    "For at bringe liv til rusmiddelpolitikken er det hensigtsmæssigt allerede i "
                    "udformningen af politikken at overveje, hvordan det sikres, at det bliver en "
                    "synlig politik."
                ),
                AARHUS,
                LIVING,
            ),
        ),
        describe=_communication_items,
    ),
    Section(
        "evaluation",
        _("Evaluering og revision"),
        fields=(
            Person(
                "responsible",
                _("Ansvarlig for, at politikken revideres"),
                help_text=_("Personen får en påmindelse, når revisionen nærmer sig."),
                required=_("Vælg, hvem der er ansvarlig for revisionen."),
            ),
            Text(
                "participants",
                _("Hvem inddrages i evalueringen?"),
                rows=2,
                max_length=2000,
                required=_("Skriv, hvem der inddrages i evalueringen."),
            ),
            Number(
                "review_interval_months",
                _("Revision hver (måneder)"),
                minimum=1,
                maximum=60,
                initial=12,
                help_text=_("Fx 12 måneder."),
                messages={
                    "required": _("Skriv, hvor mange måneder der går mellem revisionerne."),
                    "min_value": _("Mindst 1 måned."),
                    "max_value": _("Højst 60 måneder."),
                    "invalid": _("Skriv et helt antal måneder, fx 12."),
                },
            ),
        ),
        questions=(
            Quote(
                _(
                    "Hvem har ansvaret for at rusmiddelpolitikken udvikles, og hvem skal "
                    "involveres i processen?"
                ),
                AARHUS,
                EVALUATION,
            ),
            Quote(
                _(
                    "Hvor tit skal der kigges på rusmiddelpolitikken og evt. justeres? Hvem skal "
                    "sørge for det?"
                ),
                AARHUS,
                EVALUATION,
            ),
        ),
        guidance=(
            Quote(
                _("Årlig revision af politikken."),
                BOOKLET,
                AARS_CLUB + ", »Elementer i rusmiddelpolitikken«",
            ),
        ),
        describe=_evaluation_items,
    ),
)

SECTION_KEYS: tuple[str, ...] = tuple(section.key for section in SECTIONS)
SECTIONS_BY_KEY: dict[str, Section] = {section.key: section for section in SECTIONS}
REVIEW = "review"


def section_index(key: str) -> int:
    return SECTION_KEYS.index(key)


def next_section(key: str) -> str:
    index = section_index(key)
    return SECTION_KEYS[index + 1] if index + 1 < len(SECTION_KEYS) else REVIEW


def previous_section(key: str) -> str | None:
    index = section_index(key)
    return SECTION_KEYS[index - 1] if index > 0 else None


# --- The content as a whole ---------------------------------------------------------------


def missing_sections(content: dict, *, people: dict[str, bool] | None = None) -> list[str]:
    """Keys of the sections that are not complete. ``people`` says, per Person field,
    whether the policy names someone (the Policy holds that relation, not the content)."""
    people = people or {}
    missing = []
    for section in SECTIONS:
        person = section.person
        if section.errors(content.get(section.key)) or (
            person is not None and person.required and not people.get(person.name)
        ):
            missing.append(section.key)
    return missing


def provenance(path: str, sources: dict) -> str:
    """For a template's value at ``path`` ("purpose.text"): its source if it is quoted,
    else the label that marks text written for this product as an example."""
    cited = sources.get(path)
    if cited:
        return str(_("Kilde: %(citation)s") % {"citation": citation(**cited)})
    return str(EXAMPLE_LABEL)


def for_display(content: dict, *, sources: dict | None = None) -> list[dict]:
    """Every section as a titled list of items, with the template that shows it.

    ``sources`` (a template's ``{path: citation}``) marks each item as quoted, with
    its source, or as an example to adapt; a policy's own text is not marked."""
    sections = []
    for section in SECTIONS:
        items = section.items(content.get(section.key))
        if sources is not None:
            for item in items:
                item.provenance = provenance(f"{section.key}.{item.path}", sources)
        sections.append(
            {
                "key": section.key,
                "title": section.title,
                "items": items,
                "data": section.load(content.get(section.key)),
                "display": section.display,
                "provenance": {item.path: item.provenance for item in items},
            }
        )
    return sections


def mark_template_text(sections: list[dict], template_content: dict, sources: dict) -> None:
    """In a policy's sections (``for_display``), mark each value still as its template
    has it with where it comes from: the source it quotes, or that it is an example."""
    for section in sections:
        template_items = {
            item.path: item.value
            for item in SECTIONS_BY_KEY[section["key"]].items(template_content.get(section["key"]))
        }
        for item in section["items"]:
            if item.value and template_items.get(item.path) == item.value:
                item.provenance = provenance(f"{section['key']}.{item.path}", sources)
        section["provenance"] = {item.path: item.provenance for item in section["items"]}


def changed_sections(old: dict | None, new: dict | None) -> list[Section]:
    """The sections whose stored data differ between two contents (for history)."""
    old, new = old or {}, new or {}
    return [section for section in SECTIONS if old.get(section.key) != new.get(section.key)]


def section_lines(key: str, data: dict | None) -> list[str]:
    """One line per item, for comparing two versions."""
    return [f"{item.label}: {item.value}" for item in SECTIONS_BY_KEY[key].items(data)]


def diff(old: dict, new: dict) -> list[dict]:
    """Two contents compared section by section, line by line."""
    sections = []
    for section in SECTIONS:
        before = section_lines(section.key, old.get(section.key))
        after = section_lines(section.key, new.get(section.key))
        rows = [
            {"change": {"- ": "removed", "+ ": "added"}.get(line[:2], "same"), "text": line[2:]}
            for line in difflib.ndiff(before, after)
            if not line.startswith("? ")
        ]
        sections.append({"title": section.title, "rows": rows, "changed": before != after})
    return sections
