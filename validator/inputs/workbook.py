"""Read a report filled in the Excel template into the same Source the YAML loader produces.

The workbook's sheets (validator/inputs/workbook_layout.py) are read into the nested lakin/1 data, with every
value's raw text and place, so schema validation, normalisation and the rules work unchanged.

- **What the cell shows is what is read.** A number cell is rendered with its number format:
  `96.5` formatted `0.00` is the figure `96.50` (two decimals), `0.9677` formatted `0.00%` is
  `96.77%`. A text cell is read like a YAML string (`"39.524.039.000"`, `"97,00%"`, `"BB"`).
- **Places are cells.** Each row read gets a line number of its own (in reading order), and the
  source keeps line → (sheet, row), so problems and findings name `Capaian!F5`.
- **Formulas** are read as the value Excel saved with them and listed as notes; a formula without
  a saved value, an error value (`#DIV/0!`), merged cells, a missing sheet or an unknown header is
  a `workbook` problem.
- **Bounded.** The file is opened and its sheets streamed by validator/inputs/workbook_bounds.py,
  which refuses a workbook past its size limits before reading it; this module maps the cells read
  to report data.

openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Iterable

from validator.numbers import MAX_WHOLE_DIGITS
from validator.problems import Problem, ProblemError
from validator.inputs.source import MAX_BYTES, Key, Scalar, Source
from validator.inputs.workbook_bounds import Book, Grid, GridCell, cell_name, sheet_ref
from validator.inputs.workbook_layout import (BARIS, BOOL, BY_NAME, DATE, EMPTY_TEXT, ENUM, FIGURE, FORM_HEADERS, HELP_SHEET, INT,
                                   LIST, SYSTEM_BARIS, SYSTEM_TOTAL, TOTAL_VALUES, Col, Sheet, column_letter,
                                   header_key, header_names, sheet)

# --- places -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    """A formula cell whose saved value was used as the written figure."""

    cell: str
    formula: str
    value: str

    def text(self, lang: str = "en") -> str:
        if lang == "id":
            return f"{self.cell} berisi rumus {self.formula}; nilai tersimpannya {self.value} dipakai sebagai angka tertulis"
        return f"{self.cell} is a formula ({self.formula}); its cached value {self.value} was used"


@dataclass(frozen=True)
class WorkbookSource(Source):
    """A Source read from a workbook: also where each line is (sheet, row) and the formula notes."""

    rows: dict[int, tuple[str, int]] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()
    form_cells: dict[str, str] = field(default_factory=dict)            # laporan.tahun → Laporan!C3
    columns: dict[str, dict[str, int]] = field(default_factory=dict)    # sheet → data key → column

    def cell(self, line: int, column: int = 0) -> str:
        """The cell (or row) of a line and column of this source; "" when unknown."""
        where = self.rows.get(line)
        return cell_name(where[0], where[1], column) if where else ""

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems with their cell filled in; a missing field points at the cell it belongs in."""
        out = []
        for p in problems:
            if not p.cell and self.rows.get(p.line):
                p = replace(p, cell=self._missing(p) or self.cell(p.line, p.column))
            out.append(p)
        return out

    def _missing(self, p: Problem) -> str:
        match = re.match(r"missing required field '([^']+)'", p.message)
        if p.type != "schema" or not match:
            return ""
        target = f"{p.path}.{match.group(1)}" if p.path else match.group(1)
        for path, ref in self.form_cells.items():
            if path == target or path.startswith(target + "."):
                return ref
        sheet_name, row = self.rows[p.line]
        columns = self.columns.get(sheet_name, {})
        column = columns.get(match.group(1)) or next(
            (c for k, c in columns.items() if k.endswith("." + match.group(1))), None)
        return cell_name(sheet_name, row, column) if column else ""

    def light(self) -> "WorkbookSource":
        """What reporters need once the tables are built: the file, places and notes."""
        return WorkbookSource(self.file, None, {}, {}, self.rows, self.notes)


# --- number cells -----------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')


def format_spec(number_format: str | None) -> tuple[int | None, bool, bool]:
    """(decimals shown or None for General, percent, thousands grouping) of an Excel number format."""
    fmt = (number_format or "General").strip()
    if fmt.casefold() in ("general", "@", ""):
        return None, False, False
    section = _QUOTED.sub("", fmt.split(";")[0])
    percent = "%" in section
    grouped = bool(re.search(r"[0#?],[0#?]", section))
    if re.search(r"[eE][+-]", section) or not re.search(r"[0#?]", section):
        return None, percent, False
    match = re.search(r"\.([0#?]+)", section)
    return (len(match.group(1)) if match else 0), percent, grouped


def number_text(value: int | float, number_format: str | None = "General") -> str:
    """A number cell's value as written: as Indonesian Excel shows it with its number format
    (`96,77`, `39.524.039.000`, `97,00%`), with exactly the decimals the format shows.

    Where that text could be read two ways (`5.542`: 5542 in a money field, 5,542 elsewhere) it is
    written so that it cannot: `5542` without grouping, `5.542e0` for three decimals."""
    decimals, percent, grouped = format_spec(number_format)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(int(value))
    if not number.is_finite() or number.adjusted() >= MAX_WHOLE_DIGITS:
        return str(number)  # no report figure (1E+308): refused as a number where it is read, at its cell
    if percent:
        number *= 100
    if decimals is None:
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    else:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    plain = format(number, "f")
    if plain.startswith("-") and not plain.strip("-0."):
        plain = plain[1:]
    negative = plain.startswith("-")
    whole, _, frac = plain.lstrip("-").partition(".")
    grouping = grouped and len(whole) > 3 and (len(whole) > 6 or bool(frac))  # 5.542 alone is ambiguous
    if len(frac) == 3 and not grouping:
        return plain + "e0"
    if grouping:
        whole = f"{int(whole):,}".replace(",", ".")
    text = ("-" if negative else "") + whole + ("," + frac if frac else "")
    return text + "%" if percent else text


def number_tag(text: str) -> tuple[str, Any]:
    """The YAML tag and plain value of a rendered number: `150` is an int, `96,77` a string."""
    if re.fullmatch(r"-?\d+", text):
        return "int", int(text)
    return "str", text


# --- reading ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    value: Any    # what the schema sees
    text: str     # the raw text
    tag: str
    line: int
    column: int
    ref: str


@dataclass
class Row:
    sheet: str
    number: int
    line: int
    cells: dict[str, Cell]

    def get(self, key: str) -> Any:
        cell = self.cells.get(key)
        return None if cell is None else cell.value


def read_workbook(path: Path, display: str | None = None) -> WorkbookSource:
    """Read one workbook; raises ProblemError with located problems when it is unusable."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProblemError([Problem("file-not-found", name, exc.strerror or "cannot be read")]) from None
    if size > MAX_BYTES:
        raise ProblemError([Problem("too-large", name, f"{size:,} bytes; the limit is {MAX_BYTES:,}")])
    if size == 0:
        raise ProblemError([Problem("empty-file", name, "the file is empty")])
    book = _open(path, name)
    try:
        return _Reader(name, book).read()
    finally:
        book.close()


def _open(path: Path, name: str) -> Book:
    import warnings
    import zipfile

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions it skips
            return Book(path, name)
    except ProblemError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        reason = "not an .xlsx workbook (save it from Excel as \"Excel Workbook (*.xlsx)\")"
        if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
            reason = exc.strerror or str(exc)
        raise ProblemError([Problem("workbook", name, reason)]) from None
    except Exception as exc:  # openpyxl raises its own types for damaged parts  # noqa: BLE001
        raise ProblemError([Problem("workbook", name, f"the workbook cannot be read: {type(exc).__name__}: {exc}")]) from None


def _read_here(title: str) -> bool:
    """Whether a sheet is read: not the user's own (a leading `_`) nor the Petunjuk sheet."""
    return not title.startswith("_") and title.casefold() != HELP_SHEET.casefold()


class _Reader:
    def __init__(self, name: str, book: Book) -> None:
        self.name = name
        self.book = book
        self.problems: list[Problem] = []
        self.notes: list[Note] = []
        self.scalars: dict[Key, Scalar] = {}
        self.places: dict[Key, tuple[int, int]] = {}
        self.rows: dict[int, tuple[str, int]] = {}
        self.next_line = 1
        self.tables: dict[str, list[Row]] = {}     # sheet name (canonical) → rows
        self.forms: dict[str, dict[str, Cell]] = {}
        self.headers: dict[str, int] = {}          # sheet name → line of its header row
        self.data_sheets: dict[str, tuple[list[Cell], list[Row], int]] = {}  # generic tables
        self.form_cells: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}
        self.rejected: set[int] = set()

    # -- problems and places
    def problem(self, message: str, ref: str = "", line: int = 0, column: int = 0, kind: str = "workbook") -> None:
        self.problems.append(Problem(kind, self.name, message, line, column, cell=ref))

    def line_for(self, sheet_name: str, row: int) -> int:
        line = self.next_line
        self.next_line += 1
        self.rows[line] = (sheet_name, row)
        return line

    # -- the whole workbook
    def read(self) -> WorkbookSource:
        known = self.book.titles
        if "laporan" not in {title.casefold() for title in known}:
            raise ProblemError([Problem("workbook", self.name,
                                        "no sheet 'Laporan': this is not a lakin workbook (sheets: "
                                        + ", ".join(known[:8]) + ("…" if len(known) > 8 else "")
                                        + "); make one with `lakin template -o laporan.xlsx`")])
        sheets = self.book.read_sheets(_read_here)
        table_sheets = self._table_sheet_names(sheets)
        for ws in sheets:
            title = ws.title
            key = title.casefold()
            self._merged(ws)
            if key in BY_NAME:
                spec = BY_NAME[key]
                if spec.form:
                    self._read_form(ws, spec)
                else:
                    self._read_table(ws, spec)
            elif key in table_sheets:
                self._read_data_sheet(ws)
            elif _has_data(ws):
                hint = difflib.get_close_matches(key, list(BY_NAME), n=1)
                known = f"; did you mean {BY_NAME[hint[0]].name!r}?" if hint else (
                    "; a generic table's sheet must be listed in sheet 'Tabel' (column Lembar),"
                    " and a sheet of your own must have a name starting with '_'")
                self.problem(f"sheet {title!r} is not a sheet of the lakin template{known}", cell_name(title, 1, 1))
        data = self._build() if not self.problems else {}
        if self.problems:
            raise ProblemError(self.problems)
        return WorkbookSource(self.name, data, self.scalars, self.places, self.rows, tuple(self.notes),
                              self.form_cells, self.columns)

    def _table_sheet_names(self, sheets: list[Grid]) -> set[str]:
        """The data sheets of generic tables, as named in sheet Tabel (column Lembar)."""
        ws = next((ws for ws in sheets if ws.title.casefold() == "tabel"), None)
        if ws is None:
            return set()
        cols = header_names(sheet("Tabel"))
        index = {cols[header_key(c.value)].key: column for column, c in ws.rows.get(1, {}).items()
                 if c.value is not None and header_key(c.value) in cols}
        found = set()
        for number in sorted(ws.rows):
            if number < 2:
                continue
            row = ws.rows[number]
            cells = {k: row[i].value if i in row else None for k, i in index.items()}
            if cells.get("id") is None and cells.get("lembar") is None:
                continue
            lembar = str(cells.get("lembar") or "").strip() or f"Tabel {str(cells.get('id')).strip()}"
            found.add(lembar.casefold())
        return found

    def _merged(self, ws: Grid) -> None:
        for merged in sorted(ws.merged, key=lambda r: (r.min_row, r.min_col)):
            self.problem(f"merged cells {merged.coord}: unmerge them and write the value in every cell it belongs to",
                         f"{sheet_ref(ws.title)}!{merged.coord}")

    # -- cells
    def _cell(self, ws: Grid, row: int, column: int, col: Col, line: int) -> Cell | None:
        found = ws.cell(row, column) or _EMPTY
        value = found.value
        ref = cell_name(ws.title, row, column)
        formula = found.formula
        if formula is not None:
            if value is None:
                self.problem(f"the formula {formula} has no saved value (the workbook was not saved by Excel after it "
                             "was calculated): open and save it in Excel, or type the value", ref, line, column)
                return None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if found.data_type == "e" or (isinstance(value, str) and value.strip() in _ERRORS):
            self.problem(f"the cell shows the error {value}: write the value as the document states it", ref, line, column)
            return None
        cell = self._convert(value, found.number_format, col, ref, line, column)
        if cell is not None and formula is not None:
            self.notes.append(Note(ref, formula if formula.startswith("=") else "=" + formula, cell.text))
        return cell

    def _convert(self, value: Any, number_format: str, col: Col, ref: str, line: int, column: int) -> Cell | None:
        kind = col.type

        def make(plain: Any, text: str, tag: str) -> Cell:
            return Cell(plain, text, tag, line, column, ref)

        if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
            if kind == DATE and isinstance(value, (_dt.datetime, _dt.date)):
                text = value.strftime("%Y-%m-%d")
                return make(text, text, "str")
            shown = value.isoformat()[:10] if not isinstance(value, _dt.time) else value.isoformat()
            self.problem(f"Excel turned this value into a date ({shown}): format the cell as Text and type it again",
                         ref, line, column)
            return None
        if isinstance(value, bool):
            if kind == BOOL:
                return make(value, "true" if value else "false", "bool")
            text = "TRUE" if value else "FALSE"
            return make(text, text, "str")
        if isinstance(value, (int, float)):
            text = number_text(value, number_format)
            tag, plain = number_tag(text)
            if kind in (FIGURE,):
                return make(plain, text, tag)
            if kind in (INT, BARIS):
                return make(plain if tag == "int" else text, text, tag if tag == "int" else "str")
            if kind == BOOL and value in (0, 1):
                return make(bool(value), "true" if value else "false", "bool")
            if kind == ENUM:
                text = text.lower()
            if kind == LIST:
                return make([text], text, "str")
            return make(text, text, "str")
        text = str(value).strip()
        if text == EMPTY_TEXT:
            return make("", "", "str")
        if kind == INT and re.fullmatch(r"[-+]?\d+", text):
            return make(int(text), text, "int")
        if kind == BOOL and text.casefold() in _BOOLS:
            flag = _BOOLS[text.casefold()]
            return make(flag, "true" if flag else "false", "bool")
        if kind == ENUM:
            text = text.lower()
        if kind == LIST:
            return make([part.strip() for part in text.split(col.separator) if part.strip()], text, "str")
        return make(text, text, "str")

    # -- sheets
    def _read_form(self, ws: Grid, spec: Sheet) -> None:
        header = self.line_for(ws.title, 1)
        self.headers[spec.name] = header
        for column, wanted in enumerate(FORM_HEADERS, start=1):
            found = _value(ws, 1, column)
            if found is None or header_key(found) != header_key(wanted):
                self.problem(f"the header of column {column_letter(column)} must be {wanted!r} (found {found!r}); "
                             "row 1 of a form sheet is Kunci | Uraian | Nilai", cell_name(ws.title, 1, column), header, column)
        keys = {header_key(col.key): col for col in spec.cols}
        cells: dict[str, Cell] = {}
        for row in sorted(ws.rows):
            if row < 2:
                continue
            raw_key = _value(ws, row, 1)
            value = _value(ws, row, 3)
            if raw_key is None or not str(raw_key).strip():
                if value is not None and str(value).strip():
                    self.problem("a value without a key in column A (Kunci)", cell_name(ws.title, row, 1))
                continue
            line = self.line_for(ws.title, row)
            col = keys.get(header_key(raw_key))
            if col is None:
                hint = difflib.get_close_matches(str(raw_key).strip(), [c.key for c in spec.cols], n=1)
                self.problem(f"unknown key {str(raw_key).strip()!r} in sheet {spec.name}"
                             + (f"; did you mean {hint[0]!r}?" if hint else ""), cell_name(ws.title, row, 1), line, 1)
                continue
            if col.key in cells:
                self.problem(f"key {col.key!r} appears twice in sheet {spec.name}", cell_name(ws.title, row, 1), line, 1)
                continue
            self.form_cells[f"{spec.section}.{col.key}"] = cell_name(ws.title, row, 3)
            cell = self._cell(ws, row, 3, col, line)
            if cell is not None:
                cells[col.key] = cell
        self.forms[spec.name] = cells

    def _header(self, ws: Grid, names: dict[str, Col] | None, spec_name: str) -> tuple[dict[int, Any], int]:
        """Row 1: column index → Col (or the header text for a generic table)."""
        line = self.line_for(ws.title, 1)
        columns: dict[int, Any] = {}
        seen: dict[str, int] = {}
        self.rejected = set()  # columns whose header is already reported: their cells are not
        for index, cell in sorted(ws.rows.get(1, {}).items()):
            if cell.value is None or not str(cell.value).strip():
                continue
            text = str(cell.value).strip()
            found: Any = text
            if names is not None:
                found = names.get(header_key(text))
                if found is None:
                    labels = sorted({c.label for c in names.values()})
                    hint = difflib.get_close_matches(text, labels, n=1, cutoff=0.5)
                    self.problem(f"header {text!r} is not a column of sheet {spec_name}"
                                 + (f"; did you mean {hint[0]!r}?" if hint else f" (columns: {', '.join(labels)})"),
                                 cell_name(ws.title, 1, index), line, index)
                    self.rejected.add(index)
                    continue
            ident = found.key if isinstance(found, Col) else header_key(text)
            if ident in seen:
                self.problem(f"column {text!r} appears twice (also in column {column_letter(seen[ident])})",
                             cell_name(ws.title, 1, index), line, index)
                self.rejected.add(index)
                continue
            seen[ident] = index
            columns[index] = found
            if isinstance(found, Col):
                self.columns.setdefault(ws.title, {})[found.key] = index
        return columns, line

    def _rows(self, ws: Grid, columns: dict[int, Col]) -> list[Row]:
        rows: list[Row] = []
        for r in sorted(ws.rows):
            if r < 2:
                continue
            present = [c for c, cell in sorted(ws.rows[r].items()) if _filled(cell) or cell.formula is not None]
            if not present:
                continue
            line = self.line_for(ws.title, r)
            cells: dict[str, Cell] = {}
            for c in present:
                col = columns.get(c)
                if col is None and c in self.rejected:
                    continue
                if col is None:
                    self.problem("a value in a column without a header", cell_name(ws.title, r, c), line, c)
                    continue
                cell = self._cell(ws, r, c, col, line)
                if cell is not None:
                    cells[col.key] = cell
            if cells:
                rows.append(Row(ws.title, r, line, cells))
        return rows

    def _read_table(self, ws: Grid, spec: Sheet) -> None:
        columns, line = self._header(ws, header_names(spec), spec.name)
        self.headers[spec.name] = line
        self.tables[spec.name] = self._rows(ws, columns)

    def _read_data_sheet(self, ws: Grid) -> None:
        columns, line = self._header(ws, None, ws.title)
        header_cells: list[Cell] = []
        cols: dict[int, Col] = {}
        for index, text in columns.items():
            key = header_key(text)
            if key in (header_key(SYSTEM_BARIS), "baris"):
                cols[index] = Col("baris", SYSTEM_BARIS, BARIS)
            elif key == header_key(SYSTEM_TOTAL):
                cols[index] = Col(_ROW_KIND, SYSTEM_TOTAL, ENUM)  # a table may have a column named "total"
            else:
                header_cells.append(Cell(text, text, "str", line, index, cell_name(ws.title, 1, index)))
                cols[index] = Col(text, text, FIGURE, "nilai")
        self.data_sheets[ws.title.casefold()] = (header_cells, self._rows(ws, cols), line)

    # -- building the report data
    def _put(self, target: dict, name: str, key: Key, cell: Cell) -> None:
        target[name] = cell.value
        where = key + (name,)
        self.places[where] = (cell.line, cell.column)
        if isinstance(cell.value, list):
            for i, item in enumerate(cell.value):
                self.scalars[where + (i,)] = Scalar(item, cell.line, cell.column, "str", cell.ref)
                self.places[where + (i,)] = (cell.line, cell.column)
        else:
            self.scalars[where] = Scalar(cell.text, cell.line, cell.column, cell.tag, cell.ref)

    def _nest(self, key: Key, fields: Iterable[tuple[str, Cell]], line: int, into: dict | None = None) -> dict:
        """A mapping from (dotted name, cell) pairs, recording every scalar and place."""
        out = {} if into is None else into
        self.places.setdefault(key, (line, 1))
        for name, cell in fields:
            parts = name.split(".")
            if parts[0] == "tw":
                self._tw(out, key, int(parts[1]), cell)
                continue
            target, where = out, key
            for part in parts[:-1]:
                where = where + (part,)
                if part not in target:
                    target[part] = {}
                    self.places.setdefault(where, (cell.line, cell.column))
                target = target[part]
            self._put(target, parts[-1], where, cell)
        return out

    def _tw(self, out: dict, key: Key, index: int, cell: Cell) -> None:
        values = out.setdefault("tw", [])
        self.places.setdefault(key + ("tw",), (cell.line, cell.column))
        while len(values) <= index:
            position = len(values)
            values.append(None)
            self.scalars[key + ("tw", position)] = Scalar("", cell.line, 0, "null")
            self.places[key + ("tw", position)] = (cell.line, 0)
        values[index] = cell.value
        self.scalars[key + ("tw", index)] = Scalar(cell.text, cell.line, cell.column, cell.tag, cell.ref)
        self.places[key + ("tw", index)] = (cell.line, cell.column)

    def _fields(self, row: Row, skip: Iterable[str] = (), rename: dict[str, str] | None = None,
                only: Iterable[str] | None = None) -> list[tuple[str, Cell]]:
        spec = BY_NAME.get(row.sheet.casefold())
        order = [c.key for c in spec.cols] if spec else list(row.cells)
        keep = set(only) if only is not None else None
        out = []
        for name in order:
            if name in row.cells and name not in skip and (keep is None or name in keep):
                out.append(((rename or {}).get(name, name), row.cells[name]))
        return out

    def _list(self, rows: list[Row], key: Key, skip: Iterable[str] = ()) -> list[dict]:
        if rows:
            self.places.setdefault(key, (rows[0].line, 1))
        return [self._nest(key + (i,), self._fields(row, skip), row.line) for i, row in enumerate(rows)]

    def _section_place(self, key: Key, *sheet_names: str) -> None:
        for name in sheet_names:
            if name in self.headers:
                self.places.setdefault(key, (self.headers[name], 1))
                return

    def _build(self) -> dict:
        data: dict[str, Any] = {"format": "lakin/1"}
        self.places[()] = (1, 1)
        self.places[("format",)] = (self.headers.get("Laporan", 1), 1)
        self.scalars[("format",)] = Scalar("lakin/1", self.headers.get("Laporan", 1), 0, "str")
        self._section_place(("laporan",), "Laporan")
        data["laporan"] = self._nest(("laporan",), self._form_fields("Laporan"), self.headers.get("Laporan", 1))
        for name, build in (("perjanjian_kinerja", self._pk), ("capaian", self._capaian), ("sakip", self._sakip),
                            ("nka", self._nka), ("anggaran", self._anggaran), ("efisiensi", self._efisiensi),
                            ("rencana_aksi", self._rencana_aksi), ("triwulan", self._triwulan),
                            ("tabel", self._tabel), ("pernyataan", self._pernyataan),
                            ("narasi", self._narasi)):
            value = build((name,))
            if value:
                data[name] = value
        return data

    def _form_fields(self, name: str) -> list[tuple[str, Cell]]:
        cells = self.forms.get(name, {})
        return [(col.key, cells[col.key]) for col in sheet(name).cols if col.key in cells]

    def _rows_of(self, name: str) -> list[Row]:
        return self.tables.get(name, [])

    def _pk(self, key: Key) -> list:
        heads, children = self._rows_of("PK"), self._rows_of("PK Indikator") + self._rows_of("PK Anggaran")
        order: list[Any] = []
        head_of: dict[Any, Row] = {}
        for row in heads:
            versi = row.get("versi")
            if versi in head_of:
                self.problem(f"versi {versi!r} appears twice in sheet PK", cell_name(row.sheet, row.number, 1), row.line, 1,
                             kind="duplicate-code")
                continue
            order.append(versi)
            head_of[versi] = row
        for row in children:
            if row.get("versi") not in order:
                order.append(row.get("versi"))
        if not order:
            return []
        self._section_place(key, "PK", "PK Indikator", "PK Anggaran")
        versions = []
        for i, versi in enumerate(order):
            vkey = key + (i,)
            head = head_of.get(versi)
            indicators = [r for r in self._rows_of("PK Indikator") if r.get("versi") == versi]
            budget = [r for r in self._rows_of("PK Anggaran") if r.get("versi") == versi]
            if head is not None:
                pk = self._nest(vkey, self._fields(head), head.line)
            else:
                first = (indicators or budget)[0]
                pk = self._nest(vkey, [("versi", first.cells["versi"])] if "versi" in first.cells else [], first.line)
            pk["sasaran"] = self._sasaran(vkey + ("sasaran",), indicators, pk_line=self.places[vkey][0])
            if budget:
                anggaran = pk.setdefault("anggaran", {})
                self.places.setdefault(vkey + ("anggaran",), (budget[0].line, 1))
                anggaran["kegiatan"] = self._list(budget, vkey + ("anggaran", "kegiatan"), skip=("versi",))
            versions.append(pk)
        return versions

    def _sasaran(self, key: Key, rows: list[Row], pk_line: int) -> list:
        self.places.setdefault(key, (rows[0].line if rows else pk_line, 1))
        groups: dict[Any, list[Row]] = {}
        for row in rows:
            groups.setdefault(row.get("sasaran.kode"), []).append(row)
        out = []
        indicator_fields = [c.key for c in sheet("PK Indikator").cols if not c.key.startswith(("versi", "sasaran."))]
        for s, (_, members) in enumerate(groups.items()):
            skey = key + (s,)
            fields: list[tuple[str, Cell]] = []
            for name in ("sasaran.kode", "sasaran.nama", "sasaran.baris"):
                cell = next((m.cells[name] for m in members if name in m.cells), None)
                if cell is not None:
                    fields.append((name.split(".")[1], cell))
            goal = self._nest(skey, fields, members[0].line)
            goal["indikator"] = []
            self.places.setdefault(skey + ("indikator",), (members[0].line, 1))
            for member in members:
                own = self._fields(member, only=indicator_fields)
                if own:
                    goal["indikator"].append(self._nest(skey + ("indikator", len(goal["indikator"])), own, member.line))
            out.append(goal)
        return out

    def _attach(self, parents: list[dict], parent_key: Key, by: str, rows: list[Row], child: str, sheet_name: str,
                parent_sheet: str) -> None:
        """Child rows (riwayat, komponen) into the first parent whose `by` field matches."""
        index: dict[Any, int] = {}
        for i, parent in enumerate(parents):
            index.setdefault(parent.get(by), i)
        for row in rows:
            value = row.get(by)
            if value is None or value not in index:
                where = row.cells.get(by)
                self.problem(f"{by} {value!r} is not in sheet {parent_sheet}", where.ref if where else
                             cell_name(row.sheet, row.number, 1), row.line, where.column if where else 1)
                continue
            i = index[value]
            items = parents[i].setdefault(child, [])
            ckey = parent_key + (i, child)
            self.places.setdefault(ckey, (row.line, 1))
            items.append(self._nest(ckey + (len(items),), self._fields(row, skip=(by,)), row.line))

    def _capaian(self, key: Key) -> list:
        out = self._list(self._rows_of("Capaian"), key)
        self._attach(out, key, "indikator", self._rows_of("Riwayat"), "riwayat", "Riwayat", "Capaian")
        return out

    def _sakip(self, key: Key) -> list:
        out = self._list(self._rows_of("SAKIP"), key)
        self._attach(out, key, "tahun", self._rows_of("SAKIP Komponen"), "komponen", "SAKIP Komponen", "SAKIP")
        return out

    def _nka(self, key: Key) -> dict:
        self._section_place(key, "NKA", "NKA Tahun", "NKA Komponen")
        out = self._nest(key, self._form_fields("NKA"), self.places.get(key, (0, 0))[0])
        if self._rows_of("NKA Tahun"):
            out["tahun"] = self._list(self._rows_of("NKA Tahun"), key + ("tahun",))
        if self._rows_of("NKA Komponen"):
            out["komponen_ikpa"] = self._list(self._rows_of("NKA Komponen"), key + ("komponen_ikpa",))
        return out

    def _tree(self, rows: list[Row], key: Key) -> list:
        """Budget nodes from rows naming their parent's full code in `induk`."""
        roots: list[dict] = []
        if rows:
            self.places.setdefault(key, (rows[0].line, 1))
        known: dict[str, tuple[dict, Key]] = {}
        for row in rows:
            parent = str(row.get("induk") or "").strip()
            fields = self._fields(row, skip=("induk", "renja"))
            if parent:
                if parent not in known:
                    cell = row.cells["induk"]
                    self.problem(f"Kode Induk {parent!r} is not the full code of an earlier row of this sheet "
                                 "(write a parent above its children; full code = the codes from the top level, "
                                 "joined by dots)", cell.ref, cell.line, cell.column)
                    known[parent] = ({}, ("\x00detached", row.line))  # its children are not reported again
                node, nkey = known[parent]
                children = node.setdefault("rincian", [])
                self.places.setdefault(nkey + ("rincian",), (row.line, 1))
                here = nkey + ("rincian", len(children))
            else:
                children, here = roots, key + (len(roots),)
            item = self._nest(here, fields, row.line)
            children.append(item)
            code = str(row.get("kode") or "")
            known[f"{parent}.{code}" if parent else code] = (item, here)
        return roots

    def _budget_table(self, out: dict, name: str, rows: list[Row], key: Key, sheet_name: str) -> None:
        if not rows and name not in out:
            return
        table = out.setdefault(name, {})
        self.places.setdefault(key, (rows[0].line if rows else self.headers.get(sheet_name, 0), 1))
        plain = [r for r in rows if r.get("total") in (None, "rincian")]
        totals = [r for r in rows if r.get("total") not in (None, "rincian")]
        table["rincian"] = self._list(plain, key + ("rincian",), skip=("total",))
        self.places.setdefault(key + ("rincian",), (self.places[key][0], 1))
        self._total(table, key, totals)

    def _total(self, table: dict, key: Key, totals: list[Row]) -> None:
        for n, row in enumerate(totals):
            cell = row.cells["total"]
            if row.get("total") != "total":
                self.problem(f"{SYSTEM_TOTAL} must be one of: {', '.join(TOTAL_VALUES)} (found {cell.text!r})",
                             cell.ref, cell.line, cell.column)
            elif n and any(r.get("total") == "total" for r in totals[:n]):
                self.problem("a second total row: a table has at most one", cell.ref, cell.line, cell.column)
            else:
                table["total"] = self._nest(key + ("total",), self._fields(row, skip=("total",)), row.line)

    def _anggaran(self, key: Key) -> dict:
        self._section_place(key, "Anggaran", "Realisasi Rincian", "Jenis Belanja", "Per Indikator", "Renja")
        out = self._nest(key, self._form_fields("Anggaran"), self.places.get(key, (0, 0))[0])
        lrk = self._rows_of("Realisasi Rincian")
        if lrk or "realisasi_rincian" in out:
            meta = out.setdefault("realisasi_rincian", {})
            self.places.setdefault(key + ("realisasi_rincian",), (lrk[0].line if lrk else 0, 1))
            meta["rincian"] = self._tree(lrk, key + ("realisasi_rincian", "rincian"))
            self.places.setdefault(key + ("realisasi_rincian", "rincian"), self.places[key + ("realisasi_rincian",)])
        self._budget_table(out, "jenis_belanja", self._rows_of("Jenis Belanja"), key + ("jenis_belanja",), "Jenis Belanja")
        self._budget_table(out, "per_indikator", self._rows_of("Per Indikator"), key + ("per_indikator",), "Per Indikator")
        renja = self._renja(key + ("renja",))
        if renja:
            out["renja"] = renja
        return out

    def _renja(self, key: Key) -> list:
        heads, rows = self._rows_of("Renja"), self._rows_of("Renja Rincian")
        order: list[Any] = []
        head_of: dict[Any, Row] = {}
        for row in heads:
            no = row.get("no")
            if no in head_of:
                self.problem(f"No Renja {no!r} appears twice in sheet Renja", cell_name(row.sheet, row.number, 1),
                             row.line, 1, kind="duplicate-code")
                continue
            order.append(no)
            head_of[no] = row
        for row in rows:
            if row.get("renja") not in order:
                order.append(row.get("renja"))
        if not order:
            return []
        self.places.setdefault(key, ((heads or rows)[0].line, 1))
        out = []
        for i, no in enumerate(order):
            rkey = key + (i,)
            head = head_of.get(no)
            members = [r for r in rows if r.get("renja") == no]
            table = self._nest(rkey, self._fields(head, skip=("no",)) if head else [], (head or members[0]).line)
            table["rincian"] = self._tree(members, rkey + ("rincian",))
            self.places.setdefault(rkey + ("rincian",), (self.places[rkey][0], 1))
            out.append(table)
        return out

    def _efisiensi(self, key: Key) -> dict:
        self._section_place(key, "Efisiensi", "Efisiensi Keluaran")
        out = self._nest(key, self._form_fields("Efisiensi"), self.places.get(key, (0, 0))[0])
        if self._rows_of("Efisiensi Keluaran"):
            out["keluaran"] = self._list(self._rows_of("Efisiensi Keluaran"), key + ("keluaran",))
        return out

    def _rencana_aksi(self, key: Key) -> dict:
        self._section_place(key, "Rencana Aksi", "RA Indikator", "RA Keluaran", "RA TW Keluaran")
        out = self._nest(key, self._form_fields("Rencana Aksi"), self.places.get(key, (0, 0))[0])
        if self._rows_of("RA Indikator"):
            out["indikator"] = self._list(self._rows_of("RA Indikator"), key + ("indikator",))
        if self._rows_of("RA Keluaran"):
            out["keluaran"] = self._tree(self._rows_of("RA Keluaran"), key + ("keluaran",))
        if self._rows_of("RA TW Keluaran"):
            items = self._list(self._rows_of("RA TW Keluaran"), key + ("tw_keluaran",))
            for i, item in enumerate(items):
                if "tw" not in item:
                    item["tw"] = []
                    self.places.setdefault(key + ("tw_keluaran", i, "tw"), self.places[key + ("tw_keluaran", i)])
            out["tw_keluaran"] = items
        return out

    def _triwulan(self, key: Key) -> dict:
        self._section_place(key, "TW Progres", "TW Keluaran")
        out: dict = {}
        if self._rows_of("TW Progres"):
            out["progres"] = self._list(self._rows_of("TW Progres"), key + ("progres",))
        rows = self._rows_of("TW Keluaran")
        plain = [r for r in rows if r.get("total") in (None, "rincian")]
        if plain:
            out["keluaran"] = self._list(plain, key + ("keluaran",), skip=("total",))
        self._total(out, key, [r for r in rows if r.get("total") not in (None, "rincian")])
        return out

    def _tabel(self, key: Key) -> list:
        metas = self._rows_of("Tabel")
        if not metas:
            for row in self._rows_of("Tabel Relasi") + self._rows_of("Tabel Pita"):
                cell = row.cells.get("id")
                self.problem(f"table {row.get('id')!r} is not in sheet Tabel", cell.ref if cell else "", row.line, 1)
            return []
        self._section_place(key, "Tabel")
        out = self._list(metas, key, skip=("lembar",))
        self._attach_values(out, key, "relasi", self._rows_of("Tabel Relasi"))
        self._attach_pita(out, key, self._rows_of("Tabel Pita"))
        for i, (row, table) in enumerate(zip(metas, out)):
            tkey = key + (i,)
            lembar = str(row.get("lembar") or "").strip() or f"Tabel {str(row.get('id') or '').strip()}"
            found = self.data_sheets.get(lembar.casefold())
            if found is None:
                cell = row.cells.get("lembar") or row.cells.get("id")
                self.problem(f"no sheet {lembar!r} with the data of table {row.get('id')!r}"
                             + ("" if "lembar" in row.cells else " (name the sheet in column Lembar)"),
                             cell.ref if cell else cell_name(row.sheet, row.number, 1), row.line, cell.column if cell else 1)
                continue
            headers, rows, line = found
            table["kolom"] = [h.value for h in headers]
            self.places[tkey + ("kolom",)] = (line, 1)
            for j, h in enumerate(headers):
                self.scalars[tkey + ("kolom", j)] = Scalar(h.text, h.line, h.column, "str", h.ref)
                self.places[tkey + ("kolom", j)] = (h.line, h.column)
            plain = [r for r in rows if r.get(_ROW_KIND) in (None, "rincian")]
            table["rincian"] = [self._nest(tkey + ("rincian", n), self._data_fields(r, headers), r.line)
                                for n, r in enumerate(plain)]
            self.places.setdefault(tkey + ("rincian",), (plain[0].line if plain else line, 1))
            totals = [r for r in rows if r.get(_ROW_KIND) not in (None, "rincian")]
            for n, total in enumerate(totals):
                cell = total.cells[_ROW_KIND]
                if total.get(_ROW_KIND) != "total":
                    self.problem(f"{SYSTEM_TOTAL} must be one of: {', '.join(TOTAL_VALUES)} (found {cell.text!r})",
                                 cell.ref, cell.line, cell.column)
                elif n:
                    self.problem("a second total row: a table has at most one", cell.ref, cell.line, cell.column)
                else:
                    table["total"] = self._nest(tkey + ("total",), self._data_fields(total, headers), total.line)
        return out

    @staticmethod
    def _data_fields(row: Row, headers: list[Cell]) -> list[tuple[str, Cell]]:
        names = [h.value for h in headers] + ["baris"]
        return [(name, row.cells[name]) for name in names if name in row.cells]

    def _table_index(self, tables: list[dict]) -> dict[Any, int]:
        index: dict[Any, int] = {}
        for i, table in enumerate(tables):
            index.setdefault(table.get("id"), i)
        return index

    def _attach_values(self, tables: list[dict], key: Key, name: str, rows: list[Row]) -> None:
        index = self._table_index(tables)
        for row in rows:
            if name not in row.cells:
                continue
            table_id = row.get("id")
            if table_id not in index:
                cell = row.cells.get("id") or row.cells[name]
                self.problem(f"table {table_id!r} is not in sheet Tabel", cell.ref, cell.line, cell.column)
                continue
            i = index[table_id]
            items = tables[i].setdefault(name, [])
            cell = row.cells[name]
            self.places.setdefault(key + (i, name), (cell.line, cell.column))
            items.append(cell.value)
            self.scalars[key + (i, name, len(items) - 1)] = Scalar(cell.text, cell.line, cell.column, cell.tag, cell.ref)
            self.places[key + (i, name, len(items) - 1)] = (cell.line, cell.column)

    def _attach_pita(self, tables: list[dict], key: Key, rows: list[Row]) -> None:
        index = self._table_index(tables)
        for row in rows:
            table_id = row.get("id")
            if table_id not in index:
                cell = row.cells.get("id") or next(iter(row.cells.values()))
                self.problem(f"table {table_id!r} is not in sheet Tabel", cell.ref, cell.line, cell.column)
                continue
            i = index[table_id]
            band = str(row.get("pita") or "")
            pita = tables[i].setdefault("pita", {})
            self.places.setdefault(key + (i, "pita"), (row.line, 1))
            items = pita.setdefault(band, [])
            self.places.setdefault(key + (i, "pita", band), (row.line, 1))
            items.append(self._nest(key + (i, "pita", band, len(items)), self._fields(row, skip=("id", "pita")), row.line))

    def _pernyataan(self, key: Key) -> list:
        return self._list(self._rows_of("Pernyataan"), key)

    def _narasi(self, key: Key) -> list:
        return self._list(self._rows_of("Narasi"), key)


_ROW_KIND = "\x00jenis_baris"  # the Jenis Baris column of a generic table's data sheet
_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"})
_BOOLS = {"ya": True, "y": True, "true": True, "benar": True, "1": True, "yes": True,
          "tidak": False, "t": False, "false": False, "salah": False, "0": False, "no": False, "n": False}


_EMPTY = GridCell(None, "General", "n")


def _value(ws: Grid, row: int, column: int) -> Any:
    found = ws.cell(row, column)
    return None if found is None else found.value


def _filled(cell: GridCell) -> bool:
    return cell.value is not None and str(cell.value).strip() != ""


def _has_data(ws: Grid) -> bool:
    """Whether a sheet holds anything below its first row (an empty extra sheet is ignored)."""
    return any(_filled(cell) for number, row in ws.rows.items() if number >= 2 for cell in row.values())
