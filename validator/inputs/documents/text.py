"""Read text extracted from a PDF or Word file (.txt, .md) into the document model.

Two shapes are common and both are read: text that kept its table rows (cells separated by tabs,
markdown `#` headings, `<b>` marks, as in the reference texts), and plain text. A form feed, which
`pdftotext` writes between pages, starts a new page, so places then carry page and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from validator.inputs.documents.model import Cell, Document, Paragraph, Place, Row, Table
from validator.problems import Problem, ProblemError

MAX_BYTES = 20 * 1024 * 1024  # a 200-page report extracts to well under 2 MB

_TAG = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|br)\b[^>]*>", re.IGNORECASE)
_BOLD = re.compile(r"^\s*<(?:b|strong)>.*</(?:b|strong)>\s*$", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SPACED_WORD = re.compile(r"^(?:\S )+\S$")  # "P E R J A N J I A N"


def read_text_document(path: Path, display: str | None = None) -> Document:
    """Read an extracted-text file; raises ProblemError with a located problem when unusable."""
    name = display or str(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError as exc:
        raise ProblemError([Problem("file-not-found", name, exc.strerror or "cannot be read")]) from None
    if raw is None:
        raise ProblemError([Problem("too-large", name, f"more than {MAX_BYTES:,} bytes of text")])
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemError([Problem("encoding", name, f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the text as UTF-8", line)]) from None
    return parse_text_document(text, name)


def parse_text_document(text: str, name: str) -> Document:
    """The document model of extracted text: headings, paragraphs (one per line) and tables."""
    document = Document(name, "text")
    paged = "\f" in text
    table: Table | None = None
    for place, raw in _places(text, paged):
        document.lines[place] = raw
        line = raw.replace("\u00a0", " ").rstrip()
        if not line.strip():
            table = None
            continue
        if "\t" in line:
            row = _row(line, place)
            if table is None:
                table = Table([], place)
                document.blocks.append(table)
            table.rows.append(row)
            continue
        table = None
        document.blocks.append(_paragraph(line, place))
    return document


def _places(text: str, paged: bool):
    """Each line with its place; pages split at form feeds when the text has them."""
    if not paged:
        for number, line in enumerate(text.splitlines(), 1):
            yield Place(None, number), line
        return
    for page, content in enumerate(text.split("\f"), 1):
        for number, line in enumerate(content.splitlines(), 1):
            yield Place(page, number), line


def _row(line: str, place: Place) -> Row:
    cells = []
    for written in line.split("\t"):
        cells.append(Cell(clean(written), place, bold=bool(_BOLD.match(written))))
    return Row(cells, place)


def _paragraph(line: str, place: Place) -> Paragraph:
    heading = _HEADING.match(line)
    if heading:
        return Paragraph(clean(heading.group(2)), place, level=len(heading.group(1)), bold=True)
    return Paragraph(clean(line), place, bold=bool(_BOLD.match(line)))


def clean(written: str) -> str:
    """Text without markup marks, with spaced-out titles closed up and spaces folded; figures are
    not touched (a figure's characters are never removed, only the tags around it)."""
    text = _TAG.sub("", written).replace("\u00a0", " ").strip()
    words = re.split(r"\s{2,}", text)
    if len(words) > 0 and all(_SPACED_WORD.match(word) for word in words if word) and len(text) > 4:
        text = " ".join(word.replace(" ", "") for word in words)
    return re.sub(r"\s+", " ", text)
