"""The booklet's text, normalised, for tests that check data against it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
BOOKLET = SEEDS / "000_67ea1b67507711b9.txt"

_LINE_END_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(?=\w)")


def normalise(text: str, *, keep_hyphens: bool = False) -> str:
    """One space for any whitespace; a hyphen at a line's end is mended (“forebyg-⏎gelse”
    → “forebyggelse”), or kept as a real hyphen (“SIG NEJ-⏎kampagne” → “SIG NEJ-kampagne”)."""
    text = _LINE_END_HYPHEN.sub(r"\1-" if keep_hyphens else r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def _booklet(keep_hyphens: bool) -> str:
    return normalise(BOOKLET.read_text(encoding="utf-8"), keep_hyphens=keep_hyphens)


def in_booklet(passage: str) -> bool:
    """Whether ``passage`` is the booklet's words (whitespace and line-end hyphens aside)."""
    passage = normalise(passage)
    return passage in _booklet(False) or passage in _booklet(True)
