"""The document model: what every reader (PDF, Word, extracted text) turns a Laporan Kinerja into.

Recognisers read only this model, never a file format, so a report reads the same whatever it was
sent as. Every piece of text keeps its place (page and line) and its text exactly as written, so a
draft's figures cite where they stand and findings can quote the source line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass(frozen=True, slots=True, order=True)
class Place:
    """Where text stands: the page (PDF, Word; None for plain text) and the 1-based line, counted
    in the text file, or on the page for PDF and Word."""

    page: int | None
    line: int

    @property
    def baris(self) -> str:
        """The `baris` a draft writes for this place: the line for text, else page and line."""
        return str(self.line) if self.page is None else f"hal. {self.page}, baris {self.line}"


@dataclass(slots=True)
class Cell:
    """One table cell as written. `doubt` says why the reader is unsure of it (a column guessed
    from position, a merged or split cell, a number broken over two lines); empty when sure."""

    text: str
    place: Place
    doubt: str = ""
    span: int = 1  # columns a merged cell covers
    bold: bool = False


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    place: Place

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(slots=True)
class Table:
    """A table in reading order. `caption` is its title as found near it (above it, or below it
    as extracted text often prints it); `doubt` is set when the reader rebuilt its shape."""

    rows: list[Row]
    place: Place
    caption: str = ""
    doubt: str = ""


@dataclass(slots=True)
class Paragraph:
    """A run of body text or a heading (`level` 1 for a chapter, 2 for a section …, 0 for body)."""

    text: str
    place: Place
    level: int = 0
    bold: bool = False


Block = Union[Paragraph, Table]


@dataclass(slots=True)
class Document:
    """A read document: its blocks in reading order and its source lines for quoting."""

    name: str  # the file as the user named it
    kind: str  # "pdf", "docx" or "text"
    blocks: list[Block] = field(default_factory=list)
    lines: dict[Place, str] = field(default_factory=dict)

    def quote(self, place: Place) -> str:
        """The source line at `place`, as written ('' when the reader kept none)."""
        return self.lines.get(place, "")

    def paragraphs(self) -> Iterator[Paragraph]:
        return (block for block in self.blocks if isinstance(block, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (block for block in self.blocks if isinstance(block, Table))
