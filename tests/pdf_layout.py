"""Layout checks read from a PDF itself (``pdftotext -bbox``, poppler-utils): every word
box inside the page, no two words overlapping, and no table row split across pages."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Word boxes from pdftotext include the font's ascent and descent, so the boxes of two
# lines set tight touch a little; only a real overlap (in both directions) counts.
OVERLAP_PT = 1.0
EDGE_PT = 0.5


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: list[Word]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)


def _pdftotext(pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", *options, "-enc", "UTF-8", str(source), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pdf_pages(pdf: bytes) -> list[Page]:
    """Each page with its word boxes (in points, origin top left)."""
    out = _pdftotext(pdf, "-bbox")
    pages = []
    for number, (width, height, body) in enumerate(_PAGE.findall(out), start=1):
        words = [
            Word(number, html_lib.unescape(text), float(a), float(b), float(c), float(d))
            for a, b, c, d, text in _WORD.findall(body)
        ]
        pages.append(Page(number, float(width), float(height), words))
    return pages


def words_off_page(pages: list[Page]) -> list[str]:
    return [
        f"page {w.page}: {w.text!r} at x {w.x0:.0f}–{w.x1:.0f}, y {w.y0:.0f}–{w.y1:.0f}"
        for page in pages
        for w in page.words
        if w.x0 < -EDGE_PT
        or w.y0 < -EDGE_PT
        or w.x1 > page.width + EDGE_PT
        or w.y1 > page.height + EDGE_PT
    ]


def overlapping_words(pages: list[Page]) -> list[str]:
    faults = []
    for page in pages:
        words = sorted(page.words, key=lambda w: w.x0)
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if b.x0 >= a.x1 - OVERLAP_PT:
                    break
                dx = min(a.x1, b.x1) - max(a.x0, b.x0)
                dy = min(a.y1, b.y1) - max(a.y0, b.y0)
                if dx > OVERLAP_PT and dy > OVERLAP_PT:
                    faults.append(f"page {page.number}: {a.text!r} overlaps {b.text!r}")
    return faults


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def table_rows(html: str) -> list[list[str]]:
    """The body rows of every table in ``html`` as the squashed text of their cells."""
    html = re.sub(r"<thead\b.*?</thead>", "", html, flags=re.S)
    rows = []
    for row in _ROW.findall(html):
        cells = [_squash(html_lib.unescape(_TAG.sub(" ", cell))) for cell in _CELL.findall(row)]
        cells = [cell for cell in cells if cell]
        if cells:
            rows.append(cells)
    return rows


def split_rows(pdf: bytes, html: str) -> list[str]:
    """Rows whose cells are not all found whole on one and the same page. The text comes
    in drawing order (``-raw``), in which each cell's lines follow one another."""
    texts = [_squash(page) for page in _pdftotext(pdf, "-raw").split("\f")]
    faults = []
    for cells in table_rows(html):
        if not any(all(cell in text for cell in cells) for text in texts):
            faults.append(" | ".join(cell[:30] for cell in cells))
    return faults


def layout_faults(pdf: bytes, html: str) -> list[str]:
    pages = pdf_pages(pdf)
    return [
        *(f"off the page: {f}" for f in words_off_page(pages)),
        *(f"overlap: {f}" for f in overlapping_words(pages)),
        *(f"row split across pages: {f}" for f in split_rows(pdf, html)),
    ]
