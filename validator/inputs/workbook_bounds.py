"""Open a workbook within fixed bounds: a hostile or broken .xlsx is one located problem within
seconds, in a few hundred MB of memory at most.

An .xlsx is a zip of XML parts, and a 2 MB file can unpack to gigabytes: an outside review made a
hidden sheet of repeated cells that took 5.8 GB and 114 s, and a 1 GB string cell in a 1 MB file.
So a workbook is read in three steps, each bounded:

1. **The zip directory, before any part is read** (`check_archive`): the number of parts, each
   part's and all parts' unpacked size, and each large part's compression ratio. Python's zipfile
   never inflates a part past the size the directory declares (a longer part fails its checksum),
   so the declared sizes are the sizes that will be read.
2. **The workbook's sheet list and styles** (openpyxl, which builds objects from these parts
   whole: a tighter limit bounds them) and **its shared strings** (streamed here, each string as
   it is read: openpyxl's reader took three times as long), read once.
3. **Each report sheet streamed one cell at a time** (`Book.read_sheets`), a formula and its saved
   value in one pass; only cells with a value are kept, and every sheet read is bounded in rows,
   columns, cells and cell text. Sheets of the user's own (a leading `_`, hidden or not) and the
   Petunjuk sheet are never parsed: their bytes count in the limits of step 1.

The first limit crossed is the only problem reported: a file past a limit is not worth reading on.
openpyxl's streaming sheet parser (`WorkSheetParser`) reads each cell, as openpyxl's read-only mode
does; the loop around it is ours, so that no row is ever held whole.
"""

from __future__ import annotations

import posixpath
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from validator.inputs.workbook_layout import column_letter
from validator.problems import Problem, ProblemError

MiB = 1024 * 1024

#: Parts in the zip. Report 000's workbook has 122; each sheet adds up to four (the sheet, its
#: relations, its header comments and their drawing), so 1,000 leaves room for 200 more sheets.
MAX_PARTS = 1_000
#: Unpacked bytes of any one part. The largest part of report 000's workbook is 88 KB (the
#: Petunjuk sheet); a sheet holding MAX_CELLS short figures is about 4 MiB, and a sheet of your own
#: may hold an export twice that size. 8 MiB of the tiniest shared strings (330,000 of them) are
#: read in about 1 s and 25 MB.
MAX_PART_BYTES = 8 * MiB
#: Unpacked bytes of a part openpyxl builds objects from whole: the package's list of parts, the
#: workbook part and its relations, and the styles (one object per cell format). The largest of
#: these in report 000's workbook is 8 KB; 1 MiB holds about 15,000 cell formats, built in about
#: 0.5 s and 25 MB (245,000 of them took 29 s and 450 MB).
MAX_WHOLE_PART_BYTES = 1 * MiB
#: Unpacked bytes of all parts together (report 000's workbook: 0.6 MiB), so that many parts each
#: within their limit add up to seconds, not minutes, of parsing; a 10 MiB file of incompressible
#: pictures stays within it.
MAX_TOTAL_BYTES = 32 * MiB
#: Unpacked ÷ packed size of a part over RATIO_FROM bytes. Sheet XML packs 5 to 20 times (17 at
#: most in report 000's workbook); repeated cells built to exhaust memory pack about 1,000 times.
MAX_RATIO = 100
RATIO_FROM = 1 * MiB
#: Rows and columns of a report sheet: the longest sheet of the sample reports has 53 rows and the
#: widest template sheet 16 columns; one stray value at row 1,048,576 is refused, not read.
MAX_SHEET_ROWS = 10_000
MAX_SHEET_COLUMNS = 100
#: Cells with a value (and merged ranges) in all report sheets together: 40 times the 2,300 of
#: report 000, the largest sample report. The reader keeps each value with its text and cell, about
#: 1 KB each: a valid workbook at the limit is checked in about 100 MB more than report 000.
MAX_CELLS = 100_000
#: Characters of one cell's text: Excel's own limit for a cell.
MAX_CELL_TEXT = 32_767

_DEFLATE_OR_STORED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # the only methods Excel writes


def _too_large(name: str, message: str, cell: str = "") -> ProblemError:
    return ProblemError([Problem("too-large", name, message, cell=cell)])


def _damaged(name: str, what: str, cell: str = "") -> ProblemError:
    return ProblemError([Problem("workbook", name, f"{what} (a damaged file): save it again from Excel", cell=cell)])


def sheet_ref(sheet_name: str) -> str:
    """A sheet's name as a cell reference writes it: `Capaian`, `'PK Indikator'`."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet_name):
        return sheet_name
    return "'" + sheet_name.replace("'", "''") + "'"


def cell_name(sheet_name: str, row: int, column: int = 0) -> str:
    """`Capaian!F5`, `'PK Indikator'!E5`; a whole row (column 0) is `Capaian!5:5`."""
    where = f"{column_letter(column)}{row}" if column > 0 else f"{row}:{row}"
    return f"{sheet_ref(sheet_name)}!{where}"


# --- step 1: the zip directory ----------------------------------------------------------------

def check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook whose parts would unpack past the limits, before reading any of them."""
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise _too_large(name, f"the workbook has {len(members):,} parts; the limit is {MAX_PARTS:,}")
    total = 0
    for info in members:
        if info.compress_type not in _DEFLATE_OR_STORED:
            raise _damaged(name, f"{_part_name(archive, info.filename)} is packed with method {info.compress_type}, "
                                 "which Excel never uses")
        if info.file_size > MAX_PART_BYTES:
            raise _too_large(name, f"{_part_name(archive, info.filename)} unpacks to {info.file_size:,} bytes; the limit "
                                   f"for one part is {MAX_PART_BYTES:,}: delete what it does not need, or keep that data "
                                   "in another file")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * info.compress_size:
            raise _too_large(name, f"{_part_name(archive, info.filename)} unpacks to {info.file_size:,} bytes from "
                                   f"{info.compress_size:,}, more than {MAX_RATIO} times its packed size, which no "
                                   "workbook saved by Excel does")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _too_large(name, f"the workbook unpacks to {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,}")
    for part in ("[Content_Types].xml", "xl/styles.xml"):  # the names openpyxl reads them by
        check_whole_part(archive, part, name)


def check_whole_part(archive: zipfile.ZipFile, part: str, name: str) -> None:
    """Refuse a part that openpyxl would build objects from whole when it is past MAX_WHOLE_PART_BYTES."""
    size = archive.getinfo(part).file_size if part in archive.NameToInfo else 0
    if size > MAX_WHOLE_PART_BYTES:
        raise _too_large(name, f"part {part} unpacks to {size:,} bytes; the limit for it is {MAX_WHOLE_PART_BYTES:,} "
                               "(a workbook saved by Excel has a few KB there): save it again from Excel")


def _part_name(archive: zipfile.ZipFile, part: str) -> str:
    """`sheet '_catatan' (xl/worksheets/sheet40.xml)` for a sheet's part, else `part <name>`. The
    sheet's title is looked up in the workbook part and its relations when both are small."""
    try:
        from openpyxl.xml.functions import fromstring

        book, rels = (archive.getinfo(p) for p in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"))
        if book.file_size <= RATIO_FROM and rels.file_size <= RATIO_FROM:
            targets = {r.get("Id"): r.get("Target") or "" for r in fromstring(archive.read(rels))}
            for sheet in fromstring(archive.read(book)).iter("{*}sheet"):
                target = targets.get(next((v for k, v in sheet.attrib.items() if k.endswith("}id")), ""), "")
                if (target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)) == part:
                    return f"sheet {sheet.get('name')!r} ({part})"
    except Exception:  # noqa: BLE001 - only a nicer name in a message: the part's own name serves
        pass
    return f"part {part}"


# --- steps 2 and 3: the workbook and its sheets -----------------------------------------------

@dataclass(frozen=True, slots=True)
class GridCell:
    """A cell with a value or a formula, as the reader needs it."""

    value: Any             # the saved value (None for a formula saved without one)
    number_format: str
    data_type: str         # openpyxl's: n number, s text, b boolean, e error, d date
    formula: str | None = None


@dataclass
class Grid:
    """One sheet's cells that hold something, by row and column."""

    title: str
    rows: dict[int, dict[int, GridCell]] = field(default_factory=dict)
    merged: list[Any] = field(default_factory=list)  # openpyxl CellRange
    max_row: int = 0      # over every cell element, empty ones included
    max_column: int = 0

    def cell(self, row: int, column: int) -> GridCell | None:
        return self.rows.get(row, {}).get(column)


class Book:
    """An opened workbook: its sheet titles, and its report sheets streamed on request."""

    def __init__(self, path: Path, name: str) -> None:
        from openpyxl.packaging.relationship import get_rels_path
        from openpyxl.reader.excel import ExcelReader, _find_workbook_part
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.xml.constants import SHARED_STRINGS

        self.name = name
        reader = ExcelReader(str(path), read_only=True, data_only=True, keep_links=False)  # reads the directory only
        self.archive = reader.archive
        try:
            check_archive(reader.archive, name)
            reader.read_manifest()
            book_part = _find_workbook_part(reader.package).PartName[1:]
            for part in (book_part, get_rels_path(book_part)):
                check_whole_part(reader.archive, part, name)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            strings = reader.package.find(SHARED_STRINGS)
            self.strings = self._shared_strings(strings.PartName[1:]) if strings else []
            self.formats = _number_formats(reader.wb)
            self.sheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                           if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        except BaseException:
            self.archive.close()
            raise
        self.wb = reader.wb
        self.cells = 0

    @property
    def titles(self) -> list[str]:
        return [title for title, _ in self.sheets]

    def read_sheets(self, wanted: Callable[[str], bool]) -> list[Grid]:
        """The sheets whose title is `wanted`, in workbook order; raises ProblemError at the first limit."""
        return [self._stream(title, part) for title, part in self.sheets if wanted(title)]

    def close(self) -> None:
        self.archive.close()

    def _shared_strings(self, part: str) -> list[str]:
        """Each shared string as Excel shows it: the text of its runs, phonetic guides left out."""
        from openpyxl.xml.constants import SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse

        item, text, run = (f"{{{SHEET_MAIN_NS}}}{t}" for t in ("si", "t", "r"))
        strings: list[str] = []
        open_elements: list[Any] = []
        parts = 0  # elements inside the open string
        with self.archive.open(part) as source:
            try:
                for event, element in iterparse(source, events=("start", "end")):
                    if event == "start":
                        open_elements.append(element)
                        parts += 1
                        if parts > MAX_CELL_TEXT:
                            raise _too_large(self.name, f"shared string {len(strings) + 1:,} holds more than "
                                                        f"{MAX_CELL_TEXT:,} parts")
                        continue
                    open_elements.pop()
                    if element.tag != item:
                        continue
                    pieces = []
                    for child in element:
                        if child.tag == text:
                            pieces.append(child.text or "")
                        elif child.tag == run:
                            pieces.extend(t.text or "" for t in child if t.tag == text)
                    strings.append("".join(pieces).replace("x005F_", ""))  # as openpyxl reads them
                    parts = 0
                    if open_elements:
                        open_elements[-1].remove(element)
            except SyntaxError as exc:
                raise _damaged(self.name, f"{part} is not well-formed XML ({exc})") from None
        return strings

    def _stream(self, title: str, part: str) -> Grid:
        from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser
        from openpyxl.xml.constants import SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse

        row_tag, cell_tag, merge_tag = (f"{{{SHEET_MAIN_NS}}}{t}" for t in ("row", "c", "mergeCell"))
        parser = WorkSheetParser(None, self.strings, data_only=True, epoch=self.wb.epoch,
                                 date_formats=self.wb._date_formats, timedelta_formats=self.wb._timedelta_formats)
        grid = Grid(title)
        open_elements: list[Any] = []
        cell_depth = parts = 0  # depth of the open <c> (0: none) and the elements inside it
        cell_ref: str | None = None  # the open cell's reference, for a problem
        with self.archive.open(part) as source, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about a date serial out of range: read as an error value
            try:
                for event, element in iterparse(source, events=("start", "end")):
                    if event == "start":
                        open_elements.append(element)
                        if cell_depth:
                            parts += 1
                            if parts > MAX_CELL_TEXT:
                                raise _too_large(self.name, f"the cell holds more than {MAX_CELL_TEXT:,} parts",
                                                 f"{sheet_ref(title)}!{cell_ref or ''}")
                        elif element.tag == cell_tag:
                            cell_depth, parts = len(open_elements), 0
                            cell_ref = element.get("r")
                        elif element.tag == row_tag:
                            parser.row_counter = _row_number(element.get("r"), parser.row_counter, self.name, title)
                            parser.col_counter = 0
                        continue
                    open_elements.pop()
                    if cell_depth and len(open_elements) >= cell_depth:
                        continue  # inside a cell: kept until the cell ends
                    if element.tag == cell_tag:
                        cell_depth = 0
                        self._cell(grid, parser, element, FORMULA_TAG)
                    elif element.tag == merge_tag:
                        self._merge(grid, element.get("ref") or "")
                    if open_elements:
                        open_elements[-1].remove(element)  # nothing read stays in memory
            except SyntaxError as exc:  # xml.etree's ParseError; defusedxml's refusals are ValueErrors
                raise _damaged(self.name, f"sheet {title!r} is not well-formed XML ({exc})") from None
            except (ValueError, KeyError) as exc:
                raise _damaged(self.name, f"sheet {title!r} cannot be read ({exc})") from None
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise _damaged(self.name, f"sheet {title!r} cannot be unpacked ({exc})") from None
        return grid

    def _cell(self, grid: Grid, parser: Any, element: Any, formula_tag: str) -> None:
        try:
            found = parser.parse_cell(element)
            formula = parser.parse_formula(element) if element.find(formula_tag) is not None else None
        except (ValueError, IndexError, KeyError, TypeError, OverflowError):
            where = element.get("r") or f"{column_letter(parser.col_counter + 1)}{parser.row_counter}"
            raise _damaged(self.name, "the cell cannot be read", f"{sheet_ref(grid.title)}!{where}") from None
        row, column, value = found["row"], found["column"], found["value"]
        if row > grid.max_row or column > grid.max_column:
            if row > MAX_SHEET_ROWS or column > MAX_SHEET_COLUMNS:
                raise self._beyond(grid, max(row, grid.max_row), max(column, grid.max_column))
            grid.max_row, grid.max_column = max(row, grid.max_row), max(column, grid.max_column)
        if value is None and formula is None:
            return
        if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
            raise _too_large(self.name, f"the cell holds {len(value):,} characters; a cell holds at most "
                                        f"{MAX_CELL_TEXT:,} (as in Excel)", cell_name(grid.title, row, column))
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise self._too_many(cell_name(grid.title, row, column))
        style = found["style_id"]
        if style >= len(self.formats):
            raise _damaged(self.name, f"the cell's style {style} is not in the workbook", cell_name(grid.title, row, column))
        text = None if formula is None else getattr(formula, "text", None) or str(formula)
        grid.rows.setdefault(row, {})[column] = GridCell(value, self.formats[style], found["data_type"], text)

    def _beyond(self, grid: Grid, row: int, column: int) -> ProblemError:
        return ProblemError([Problem(
            "workbook", self.name,
            f"the sheet reaches row {row:,}, column {column_letter(column)}; a report sheet has at most "
            f"{MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS} columns: delete the rows and columns past the data "
            "(or move notes to a sheet named with a leading '_')", cell=cell_name(grid.title, row, column))])

    def _merge(self, grid: Grid, ref: str) -> None:
        from openpyxl.worksheet.cell_range import CellRange

        try:
            merged = CellRange(ref)
        except (ValueError, TypeError):
            raise _damaged(self.name, f"the merged range {ref[:40]!r} cannot be read", cell_name(grid.title, 1, 1)) from None
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise self._too_many(f"{sheet_ref(grid.title)}!{merged.coord}")
        grid.merged.append(merged)

    def _too_many(self, where: str) -> ProblemError:
        return _too_large(self.name, f"the report sheets hold more than {MAX_CELLS:,} filled cells; the limit is "
                                     f"{MAX_CELLS:,}: keep notes and exports in a sheet named with a leading '_'", where)


def _row_number(text: str | None, previous: int, name: str, title: str) -> int:
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        raise _damaged(name, f"sheet {title!r} has a row numbered {text[:20]!r}") from None


def _number_formats(wb: Any) -> list[str]:
    """Each cell style's number format, as openpyxl's read-only cells look it up."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    out = []
    for style in wb._cell_styles:
        number = style.numFmtId
        if number < BUILTIN_FORMATS_MAX_SIZE:
            out.append(BUILTIN_FORMATS.get(number, "General"))
        else:
            custom = number - BUILTIN_FORMATS_MAX_SIZE
            out.append(wb._number_formats[custom] if custom < len(wb._number_formats) else "General")
    return out
