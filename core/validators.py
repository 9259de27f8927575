"""Validators shared by the domain apps.

The platform holds no personal data about young people; the one guard for free
text lives in core.personal_data (attached to every model text field).
"""

from core.personal_data import CPR_MESSAGE, looks_like_cpr, validate_no_cpr

__all__ = ["CPR_MESSAGE", "looks_like_cpr", "validate_no_cpr"]
