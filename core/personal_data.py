"""No personal data about young people: one guard for every free-text field.

The platform keeps counts, grades and groups, never data about a named young
person. Free text is where a CPR number or a pupil's name could slip in, so
every text field of every model of the project refuses it:

* ``install()`` (called from ``CoreConfig.ready``) attaches the validators to
  every ``CharField``, ``TextField`` and ``JSONField`` of the project's models
  that is not listed in ``NOT_FREE_TEXT``. ``full_clean`` (model forms, the
  admin) therefore refuses the text with an error next to the field.
* a ``pre_save`` signal runs the same validators for saves that skip
  ``full_clean`` (services, imports, commands), so nothing is stored even if a
  form forgot to ask.
* a system check (``core.checks``) fails when a text field of a project model
  is not guarded, so a new field or app cannot forget it.

The fields where staff describe a case (``CASE_FIELDS``) also refuse a name
given with a class ("Jens Hansen, 8.b"); their help text (shown under the
field) reminds the writer not to write names, and the system check requires it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

# A CPR number is DDMMYY followed by four digits. People write it in many ways:
# 010190-1234, 0101901234, 010190 1234, 01.01.90-1234, 01-01-90-1234,
# 0101 90 1234, 01/01/90-1234. The date parts may be separated by a dot, dash,
# slash or space; the serial by a dash (or en dash) and/or spaces. Not part of a
# longer run of digits, so account and phone numbers with more digits pass.
_SEP = r"[ .\-/]?"
_CPR_PATTERN = re.compile(
    rf"(?<![\d])(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}})[ ]?[-–]?[ ]?(\d{{4}})(?![\d])"
)

CPR_MESSAGE = _(
    "Teksten ser ud til at indeholde et CPR-nummer. Aktiviteter og politikker må ikke "
    "rumme personoplysninger om unge: skriv antal, klassetrin og grupper i stedet."
)
PUPIL_MESSAGE = _(
    "Teksten ser ud til at nævne en elev med navn og klasse. Beskriv hvad der blev gjort, "
    "uden navne: skriv fx »en elev i 8. klasse«."
)

# A class as Danish schools name it: 8.b, 8. b, 8b, 10.x, 0.a (grade 0-10, one letter).
_CLASS = r"(?:10|[0-9])\.?[ ]?[a-zæøå]"
_WORD = r"[A-ZÆØÅ][a-zæøåéü]+"
# Two or more capitalised words (a first and a last name), then within a few
# characters a class: "Jens Hansen, 8.b", "Jens Hansen (8.b)", "Jens Hansen fra 8b".
_PUPIL_PATTERN = re.compile(
    rf"(?<![\wæøå])(?P<name>{_WORD}(?:[ \-]{_WORD})+)[ ]*[,(]?[ ]*(?:(?:fra|i|i klasse)[ ]+)?"
    rf"(?P<klasse>{_CLASS})(?![\wæøå])"
)
# Capitalised words that name an institution or a place rather than a person.
_NOT_A_NAME = {
    "skole",
    "skolen",
    "skoles",
    "kommune",
    "kommunes",
    "klub",
    "klubben",
    "gymnasium",
    "efterskole",
    "friskole",
    "privatskole",
    "ungdomsskole",
    "ungdomsskolen",
    "sfo",
    "fritidsklub",
    "ungdomsklub",
    "handelsskole",
    "realskole",
}

# Text fields that are not free text: written by the system, never typed by a person.
NOT_FREE_TEXT: dict[str, str] = {
    "activities.Activity.seed_key": "key of the shipped data set",
    "partnerships.PartnershipContract.seed_key": "key of the shipped data set",
    "partnerships.NightlifeAgreement.seed_key": "key of the shipped data set",
    "policies.Policy.current_step": "a step key",
    "policies.PublicLink.token": "a random token",
    "policies.Reminder.object_type": "a model label",
    "policies.Reminder.last_error": "the mail server's error message",
    "reminders.Reminder.object_type": "a model label",
    "reminders.Reminder.last_error": "the mail server's error message",
    "reports.ReportJob.error": "the program's error message",
    "core.StoredFile.name": "a storage path chosen by the program",
    # A CSV upload waiting for validation: every row is held to the guard (csv_io) before
    # anything becomes an activity; the job keeps the raw rows only until then.
    "activities.ImportJob.rows": "the uploaded rows, before validation",
    "activities.ImportJob.errors": "the validation's messages about the uploaded rows",
    "activities.ImportJob.failure": "the program's error message",
    "activities.ImportJob.filename": "the uploaded file's name",
    "municipalities.UserSession.session_key": "a random key",
    "municipalities.UserSession.session_data": "signed session data",
}

# Fields where staff describe what happened in a case: also no names with a class.
CASE_FIELDS: set[str] = {
    "policies.LivingPolicyEvent.description",
}

TEXT_FIELD_TYPES = (models.CharField, models.TextField, models.JSONField)
# Shapes that cannot hold a sentence: identifiers, addresses.
NOT_TEXT_TYPES = (models.SlugField, models.EmailField, models.URLField)


def _plausible_birth_date(day: int, month: int, year: int) -> bool:
    # The century is not in the number; a date valid in either century counts
    # (29 February needs a leap year in one of them).
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def looks_like_cpr(text: str | None) -> bool:
    """True when ``text`` contains a CPR number in any common spelling whose
    first six digits are a real date."""
    if not text:
        return False
    for match in _CPR_PATTERN.finditer(text):
        day, month, year = (int(part) for part in match.groups()[:3])
        if _plausible_birth_date(day, month, year):
            return True
    return False


def names_pupil_with_class(text: str | None) -> bool:
    """True when ``text`` names someone (first and last name) together with a class."""
    if not text:
        return False
    for match in _PUPIL_PATTERN.finditer(text):
        words = re.split(r"[ \-]", match.group("name"))
        if not any(word.casefold() in _NOT_A_NAME for word in words):
            return True
    return False


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (dict keys too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def validate_no_cpr(value: Any) -> None:
    """Field validator: refuse text (or JSON holding text) with a CPR number."""
    if any(looks_like_cpr(text) for text in _strings(value)):
        raise ValidationError(CPR_MESSAGE, code="cpr")


def validate_no_pupil_name(value: Any) -> None:
    """Field validator for case descriptions: refuse a pupil named with a class."""
    if any(names_pupil_with_class(text) for text in _strings(value)):
        raise ValidationError(PUPIL_MESSAGE, code="pupil_name")


def errors_in(value: Any, *, case: bool = False) -> list[ValidationError]:
    """The guard's errors for ``value`` (for forms that do not save a model directly)."""
    errors = []
    validators = [validate_no_cpr, validate_no_pupil_name] if case else [validate_no_cpr]
    for validator in validators:
        try:
            validator(value)
        except ValidationError as error:
            errors.append(error)
    return errors


# --- Which models and fields -------------------------------------------------


def _is_project_app(app_config) -> bool:
    base = Path(settings.BASE_DIR).resolve()
    path = Path(app_config.path).resolve()
    return base in path.parents and ".venv" not in path.parts


def project_models() -> list[type[models.Model]]:
    return [
        model
        for app_config in apps.get_app_configs()
        if _is_project_app(app_config)
        for model in app_config.get_models()
    ]


def field_label(model: type[models.Model], field: models.Field) -> str:
    return f"{model._meta.label}.{field.name}"


def _base_label(model: type[models.Model], field: models.Field) -> str:
    # simple_history's copies carry the original model's rules.
    original = getattr(model, "instance_type", None)
    return field_label(original or model, field)


def text_fields(model: type[models.Model]) -> Iterable[models.Field]:
    """The model's concrete fields that can hold free text."""
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, TEXT_FIELD_TYPES)
            and not isinstance(field, NOT_TEXT_TYPES)
            and not field.choices
        ) and _base_label(model, field) not in NOT_FREE_TEXT:
            yield field


def is_guarded(field: models.Field) -> bool:
    return validate_no_cpr in field.validators


def is_case_field(model: type[models.Model], field: models.Field) -> bool:
    return _base_label(model, field) in CASE_FIELDS


def _is_history(model: type[models.Model]) -> bool:
    return getattr(model, "instance_type", None) is not None


def enforce(sender: type[models.Model], instance: models.Model, **kwargs) -> None:
    """pre_save: refuse to store free text with personal data, whatever the caller."""
    if _is_history(sender):
        # A history row copies a row that passed; old rows must stay deletable.
        return
    errors: dict[str, list[ValidationError]] = {}
    update_fields = kwargs.get("update_fields")
    for field in text_fields(sender):
        if update_fields is not None and field.name not in update_fields:
            continue
        found = errors_in(getattr(instance, field.attname), case=is_case_field(sender, field))
        if found:
            errors[field.name] = found
    if errors:
        raise ValidationError(errors)


def check(instance: models.Model) -> None:
    """Refuse ``instance`` if its free text holds personal data (for saves that send no
    pre_save signal, such as ``bulk_create``)."""
    enforce(type(instance), instance)


_installed = False


def install() -> None:
    """Attach the guard to every free-text field of the project's models."""
    global _installed
    if _installed:
        return
    for model in project_models():
        for field in text_fields(model):
            if not is_guarded(field):
                field.validators.append(validate_no_cpr)
            if is_case_field(model, field) and validate_no_pupil_name not in field.validators:
                field.validators.append(validate_no_pupil_name)
        pre_save.connect(enforce, sender=model, dispatch_uid=f"personal-data-{model._meta.label}")
    _installed = True
