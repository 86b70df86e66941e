"""Read a Laporan Kinerja document (PDF, Word, extracted text) into the document model."""

from __future__ import annotations

from pathlib import Path

from validator.inputs.documents.model import Document

DOCUMENT_SUFFIXES = (".txt", ".md")


def read_document(path: Path, display: str | None = None) -> Document:
    """The document model of the file at `path`, by its suffix."""
    from validator.inputs.documents.text import read_text_document

    return read_text_document(path, display)
