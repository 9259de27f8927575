"""Text of the pages and PDFs that show a policy's content, for comparing renders."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader

# Dates are formatted by the active language's style, which may change; the
# content under test is what the sections say.
DATE_RE = re.compile(
    r"\b\d{1,2}\.? ?(?:[A-Za-zæøåÆØÅ]+\.?) \d{4}\b|\b\d{1,2}[-./]\d{1,2}[-./]\d{4}\b"
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0  # inside <main>
        self.skip = 0  # inside the history section or a script/style

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
        elif self.skip:
            if tag == "section":
                self.skip += 1
        elif tag == "section" and attrs.get("aria-labelledby") == "history-title":
            self.skip = 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif self.skip and tag == "section":
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def normalise(text: str) -> str:
    return DATE_RE.sub("DATO", " ".join(text.split()))


# Marks of where a template's text comes from (a source, or an example to adapt).
PROVENANCE_RE = re.compile(r'<(small|p|span) class="provenance[^"]*">.*?</\1>', re.S)


def html_text(html: str) -> str:
    """The words of the page's <main>, without the change history and the marks of
    where a template's text comes from."""
    html = PROVENANCE_RE.sub("", html)
    parser = _Text()
    parser.feed(html)
    return normalise(" ".join(parser.parts))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    # The print date is today's.
    return without_page_footers(re.sub(r"Udskrevet DATO\.", "", normalise(text)))


def without_page_footers(text: str) -> str:
    """A PDF's characters in reading order, for comparing two layouts: without "Side 1 / 4"
    (footers fall where the layout breaks pages), without hyphenation marks (‐) and without
    whitespace (a narrow cell may break a word anywhere)."""
    text = re.sub(r"Side \d+ / \d+", " ", text).replace("\u2010", "")
    return "".join(text.split())
