"""Validators shared by the domain apps.

The platform holds no personal data about young people: counts, grades and
groups only. Free text is where a CPR number could slip in, so forms refuse
text that looks like one.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# DDMMYY-XXXX or DDMMYYXXXX, not part of a longer run of digits.
_CPR_PATTERN = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})-?(\d{4})(?!\d)")

CPR_MESSAGE = _(
    "Teksten ser ud til at indeholde et CPR-nummer. Aktiviteter og politikker må ikke "
    "rumme personoplysninger om unge: skriv antal, klassetrin og grupper i stedet."
)


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
    """True when ``text`` contains something shaped like a Danish CPR number
    (DDMMYY-XXXX or DDMMYYXXXX) whose first six digits are a real date."""
    if not text:
        return False
    for match in _CPR_PATTERN.finditer(text):
        day, month, year = (int(part) for part in match.groups()[:3])
        if _plausible_birth_date(day, month, year):
            return True
    return False


def validate_no_cpr(value: str | None) -> None:
    """Form/model field validator: refuse text that looks like a CPR number."""
    if looks_like_cpr(value):
        raise ValidationError(CPR_MESSAGE, code="cpr")
