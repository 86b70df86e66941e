"""Workbooks built to exhaust a reader, small on disk: the example workbook with one part rewritten
by a stream, so that nothing holds what the file unpacks to. Used by tests/test_workbook_bounds.py
and benchmarks/workbooks.py.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator

import openpyxl

MARK = 7_654_321  # the value that finds a sheet's part in the zip


def rewritten(source: Path, target: Path, parts: dict[str, Callable[[Any], None]],
              extra: dict[str, bytes | Callable[[Any], None]] | None = None, level: int = 1) -> Path:
    """A copy of a workbook whose named parts are written by `parts[name](stream)`, plus `extra` parts."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as new:
        for info in old.infolist():
            if info.filename in parts:
                with new.open(info.filename, "w", force_zip64=True) as stream:
                    parts[info.filename](stream)
            else:
                new.writestr(info.filename, old.read(info.filename))
        for name, data in (extra or {}).items():
            with new.open(name, "w", force_zip64=True) as stream:
                stream.write(data) if isinstance(data, bytes) else data(stream)
    return target


def with_sheet(contoh: Path, folder: Path, title: str, hidden: bool = False,
               change: Callable[[Any], None] = lambda wb: None) -> tuple[Path, str, bytes]:
    """The example workbook, after `change`, plus a sheet `title` holding MARK in A1: (file, the
    sheet's part, its XML)."""
    wb = openpyxl.load_workbook(contoh)
    change(wb)
    ws = wb.create_sheet(title)
    ws["A1"] = MARK
    if hidden:
        ws.sheet_state = "hidden"
    path = folder / "base.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet") and f"<v>{MARK}</v>".encode() in archive.read(name):
                return path, name, archive.read(name)
    raise AssertionError("the marked sheet is not in the file")


def with_shared_string(contoh: Path, folder: Path, text: Callable[[Any], None]) -> Path:
    """The example workbook with a shared-strings part (as Excel writes; openpyxl writes inline
    strings) holding one string written by `text(stream)`, shown in Laporan!C5."""
    base = folder / "base.xlsx"
    wb = openpyxl.load_workbook(contoh)
    wb["Laporan"]["C5"] = MARK
    wb.save(base)
    archive = zipfile.ZipFile(base)
    laporan = next(n for n in archive.namelist() if n.startswith("xl/worksheets/") and b"<v>%d</v>" % MARK in archive.read(n))
    types, rels = archive.read("[Content_Types].xml"), archive.read("xl/_rels/workbook.xml.rels")
    ns = b"http://schemas.openxmlformats.org/"

    def strings(stream) -> None:
        stream.write(b'<sst xmlns="' + ns + b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
        text(stream)
        stream.write(b"</t></si></sst>")
    return rewritten(base, folder / "laporan.xlsx", {
        laporan: lambda s: s.write(re.sub(rb'<c r="C5"([^>]*?) t="n"><v>%d</v>' % MARK, rb'<c r="C5"\1 t="s"><v>0</v>',
                                          archive.read(laporan))),
        "[Content_Types].xml": lambda s: s.write(types.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                                 b'sharedStrings+xml"/></Types>')),
        "xl/_rels/workbook.xml.rels": lambda s: s.write(rels.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="'
                                                        + ns + b'officeDocument/2006/relationships/sharedStrings" '
                                                        b'Target="sharedStrings.xml"/></Relationships>'))},
        {"xl/sharedStrings.xml": strings})


def sheet_data(xml: bytes, rows: Callable[[], Iterator[bytes]]) -> Callable[[Any], None]:
    """A writer of the sheet `xml` with its <sheetData> content replaced by `rows()`."""
    head, rest = xml.split(b"<sheetData>", 1)
    tail = rest.split(b"</sheetData>", 1)[1]

    def write(stream) -> None:
        stream.write(head + b"<sheetData>")
        for chunk in rows():
            stream.write(chunk)
        stream.write(b"</sheetData>" + tail)
    return write


def repeated_rows(count: int, cells: int = 100) -> Callable[[], Iterator[bytes]]:
    """`count` identical rows of `cells` cells holding 1, without cell references (which Excel allows)."""
    row = b"<row>" + b"<c><v>1</v></c>" * cells + b"</row>"
    return lambda: (row for _ in range(count))




def repeated_cells_in_own_sheet(contoh: Path, folder: Path, rows: int = 40_000) -> tuple[Path, str]:
    """The outside review's first file: a hidden sheet of the user's own holding `rows` × 100
    repeated cells (60 MB unpacked for 40,000 rows, under 1 MB packed); (file, the sheet's part)."""
    base, part, xml = with_sheet(contoh, folder, "_catatan", hidden=True)
    return rewritten(base, folder / "laporan.xlsx", {part: sheet_data(xml, repeated_rows(rows))}), part


def generic_table(contoh: Path, folder: Path, rows: int, columns: int) -> Path:
    """A generic table (listed in sheet Tabel) of `rows` rows of `columns` figures under a header row."""
    def change(wb) -> None:
        wb["Tabel"].append(["T1", "Tabel T1", "Tabel besar"])
    base, part, xml = with_sheet(contoh, folder, "Tabel T1", change=change)

    def body() -> Iterator[bytes]:
        yield b'<row r="1">' + b"".join(b'<c t="inlineStr"><is><t>k%d</t></is></c>' % i for i in range(columns)) + b"</row>"
        for r in range(2, rows + 2):
            yield (b'<row r="%d"><c t="inlineStr"><is><t>baris %d</t></is></c>' % (r, r)
                   + b"".join(b"<c><v>%d</v></c>" % (r * c) for c in range(1, columns)) + b"</row>")
    return rewritten(base, folder / "laporan.xlsx", {part: sheet_data(xml, body)}, level=9)


def repeated_text(size: int) -> Callable[[Any], None]:
    """A writer of `size` bytes of one letter, a MiB at a time."""
    def write(stream) -> None:
        chunk = b"a" * (1 << 20)
        for _ in range(size >> 20):
            stream.write(chunk)
    return write
