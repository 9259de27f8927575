"""The two documents policy content quotes, and how a quotation names its place.

A passage quoted from a source carries a citation: the document and the page or
section it stands in. Everything else in a template or in the guide was written
for this product and is shown as an example to adapt. tests/policies/test_sources.py
checks every quoted passage word for word against the documents' text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EXAMPLE_LABEL = _("Eksempel – tilpas til jeres institution")


@dataclass(frozen=True)
class Source:
    key: str
    document: str  # as it names itself: not translated
    # The text extracted from the PDF, in the shared seeds folder beside the repository.
    seed_file: str


AARHUS = Source(
    "aarhus",
    "Aarhus Kommune: Inspiration til en rusmiddelpolitik/handleplan",
    "003_494f1b0a98352edf.txt",
)
BOOKLET = Source(
    "booklet",
    "Sundhedsstyrelsen: Rusmiddelforebyggelse i praksis – erfaringer fra projekt Narkoen ud "
    "af byen 2004–2007",
    "000_67ea1b67507711b9.txt",
)
SOURCES: dict[str, Source] = {source.key: source for source in (AARHUS, BOOKLET)}


@dataclass(frozen=True)
class Quote:
    """A passage as the source prints it, and where."""

    text: str | Promise
    source: Source
    where: str | Promise  # page or section, e.g. "s. 5, »I udarbejdelsen …«"

    @property
    def citation(self) -> str:
        return f"{self.source.document}, {self.where}"


def citation(source_key: str, where: str) -> str:
    return f"{SOURCES[source_key].document}, {where}"


def normalise(text: str) -> str:
    """Text for comparing a quotation with its source: line breaks after a hyphen or a
    slash mended (and,
    since the PDF text cannot tell "SSP-⏎konsulent" from "rus-⏎midler", hyphens inside
    words dropped on both sides), whitespace collapsed, list bullets and quotation
    marks dropped."""
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "", text)
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)
    text = re.sub(r"/[ \t]*\n\s*", "/", text)  # "træner/⏎instruktør"
    text = re.sub(r"[§•\"“”»«]", " ", text)
    return " ".join(text.split())


def passages(text: str) -> list[str]:
    """The passages of a quoted field: one per line, without the "- " of a list."""
    lines = (re.sub(r"^\s*-\s+", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line]
