"""Write the Excel template of a lakin/1 report, empty or filled from report data.

`lakin template` writes the empty workbook (or, with `--contoh`, one filled with the bundled
example); `lakin convert laporan.yaml -o laporan.xlsx` fills it from a report. The layout is
validator/inputs/workbook_layout.py; the reader that turns the workbook back into report data is
validator/inputs/workbook.py.

A figure is written as a number cell when the cell shows exactly the text it was written with, as
the reader renders it (`"39.524.039.000"` → 39524039000 formatted `#,##0`; `"96,77"` → 96.77
formatted `0.00`; `"97,00%"` → 0.97 formatted `0.00%`; `150` → 150), and as a text cell otherwise
(`82.1`, `"Rp. 39.524.039.000,-"`, `"54,166,493,000"`, `"5.542"`, `"BB"`, `"-"`), so every figure
keeps its text, precision and value through YAML → XLSX → YAML, and so its findings' fingerprints.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import resources
from typing import Any

from validator.numbers import Kind, NumberProblem, read_figure
from validator.inputs.source import Key, Source, parse_text
from validator.inputs.workbook_layout import (BARIS, BOOL, CODE, DATE, EMPTY_TEXT, ENUM, FIGURE, FORM_HEADERS, HELP_SHEET, INT, LIST,
                                   LIST_SHEET, LISTS, SHEETS, SYSTEM_BARIS, SYSTEM_TOTAL, TEXT, Col, Sheet,
                                   column_letter, table_sheet_name)
from validator.inputs.workbook import number_tag, number_text

JENIS = ("tahunan", "triwulan")
EXAMPLES = {"tahunan": "contoh-tahunan.yaml", "triwulan": "contoh-triwulan.yaml"}
MAX_DIGITS = 15  # Excel keeps 15 significant digits


@dataclass(frozen=True)
class Leaf:
    """A value to write: its raw text as the report wrote it, its YAML tag and plain value."""

    text: str
    tag: str
    plain: Any


# --- figures: number cell or text -------------------------------------------------------------

def figure_cell(text: str, tag: str = "str") -> tuple[int | float, str] | None:
    """(value, number format) of a number cell that shows exactly `text` and reads back with the
    same YAML type (`tag`: an int stays an int, a string a string); None when the figure must be a
    text cell. A YAML float (`82.1`) is always text: a number cell shows `82,1`."""
    if tag not in ("int", "str"):
        return None
    try:
        fig = read_figure(text, Kind.DECIMAL)
    except NumberProblem:
        return None
    if fig is None or fig.value is None:
        return None
    value, decimals = fig.value, fig.decimals or 0
    if len(value.as_tuple().digits) > MAX_DIGITS or decimals > 10:
        return None
    places = "." + "0" * decimals if decimals else ""
    for grouping in ("0", "#,##0"):
        if "%" in text:
            cell: int | float = float(value / 100)
            fmt = "0" + places + "%"
        else:
            cell = int(value) if decimals == 0 else float(value)
            fmt = grouping + places
        shown = number_text(cell, fmt)
        if shown == text and number_tag(shown)[0] == tag:
            return cell, fmt
    return None


# --- report data → rows per sheet -------------------------------------------------------------

def _path(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in name.split("."))


class _Flat:
    """Flattens report data into the rows of each sheet (the inverse of inputs.workbook._Reader)."""

    def __init__(self, source: Source) -> None:
        self.data = source.data
        self.scalars = source.scalars
        self.forms: dict[str, dict[str, Leaf]] = {}
        self.tables: dict[str, list[dict[str, Leaf]]] = {}
        self.data_sheets: list[tuple[str, list[str], list[dict[str, Leaf]]]] = []

    def leaf(self, key: Key, value: Any) -> Leaf | None:
        if value is None or isinstance(value, (dict, list)):
            return None
        scalar = self.scalars.get(key)
        if scalar is not None:
            return Leaf(scalar.text, scalar.tag, value)
        if isinstance(value, bool):
            return Leaf("true" if value else "false", "bool", value)
        tag = "int" if isinstance(value, int) else "float" if isinstance(value, float) else "str"
        return Leaf(str(value), tag, value)

    def fields(self, obj: dict, key: Key, names: list[str], rename: dict[str, str] | None = None) -> dict[str, Leaf]:
        out: dict[str, Leaf] = {}
        for name in names:
            parts = _path((rename or {}).get(name, name))
            value: Any = obj
            for part in parts:
                if isinstance(value, dict):
                    value = value.get(part)
                elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                    value = value[part]
                else:
                    value = None
                if value is None:
                    break
            leaf = self.leaf(key + parts, value)
            if leaf is None and isinstance(value, list) and all(isinstance(v, str) for v in value):
                leaf = Leaf(", ".join(value), "str", value)
            if leaf is not None:
                out[name] = leaf
        return out

    def add(self, sheet_name: str, row: dict[str, Leaf]) -> None:
        self.tables.setdefault(sheet_name, []).append(row)

    def cols(self, sheet_name: str, skip: tuple[str, ...] = ()) -> list[str]:
        spec = next(s for s in SHEETS if s.name == sheet_name)
        return [c.key for c in spec.cols if c.key not in skip]

    def run(self) -> "_Flat":
        d = self.data
        self.forms["Laporan"] = self.fields(d.get("laporan") or {}, ("laporan",), self.cols("Laporan"))
        self._pk(d.get("perjanjian_kinerja") or [])
        for i, cap in enumerate(d.get("capaian") or []):
            key = ("capaian", i)
            self.add("Capaian", self.fields(cap, key, self.cols("Capaian")))
            for j, old in enumerate(cap.get("riwayat") or []):
                row = {"indikator": self.leaf(key + ("indikator",), cap.get("indikator"))}
                row.update(self.fields(old, key + ("riwayat", j), self.cols("Riwayat", ("indikator",))))
                self.add("Riwayat", {k: v for k, v in row.items() if v is not None})
        for i, year in enumerate(d.get("sakip") or []):
            key = ("sakip", i)
            self.add("SAKIP", self.fields(year, key, self.cols("SAKIP")))
            for j, comp in enumerate(year.get("komponen") or []):
                row = {"tahun": self.leaf(key + ("tahun",), year.get("tahun"))}
                row.update(self.fields(comp, key + ("komponen", j), self.cols("SAKIP Komponen", ("tahun",))))
                self.add("SAKIP Komponen", {k: v for k, v in row.items() if v is not None})
        nka = d.get("nka") or {}
        self.forms["NKA"] = self.fields(nka, ("nka",), self.cols("NKA"))
        for i, row in enumerate(nka.get("tahun") or []):
            self.add("NKA Tahun", self.fields(row, ("nka", "tahun", i), self.cols("NKA Tahun")))
        for i, row in enumerate(nka.get("komponen_ikpa") or []):
            self.add("NKA Komponen", self.fields(row, ("nka", "komponen_ikpa", i), self.cols("NKA Komponen")))
        self._anggaran(d.get("anggaran") or {})
        eff = d.get("efisiensi") or {}
        self.forms["Efisiensi"] = self.fields(eff, ("efisiensi",), self.cols("Efisiensi"))
        for i, row in enumerate(eff.get("keluaran") or []):
            self.add("Efisiensi Keluaran", self.fields(row, ("efisiensi", "keluaran", i), self.cols("Efisiensi Keluaran")))
        ra = d.get("rencana_aksi") or {}
        self.forms["Rencana Aksi"] = self.fields(ra, ("rencana_aksi",), self.cols("Rencana Aksi"))
        for i, row in enumerate(ra.get("indikator") or []):
            self.add("RA Indikator", self.fields(row, ("rencana_aksi", "indikator", i), self.cols("RA Indikator")))
        self._tree("RA Keluaran", ra.get("keluaran") or [], ("rencana_aksi", "keluaran"), "", {})
        for i, row in enumerate(ra.get("tw_keluaran") or []):
            self.add("RA TW Keluaran", self.fields(row, ("rencana_aksi", "tw_keluaran", i), self.cols("RA TW Keluaran")))
        tw = d.get("triwulan") or {}
        for i, row in enumerate(tw.get("progres") or []):
            self.add("TW Progres", self.fields(row, ("triwulan", "progres", i), self.cols("TW Progres")))
        self._with_total("TW Keluaran", tw.get("keluaran") or [], tw.get("total"), ("triwulan",), "keluaran")
        self._tabel(d.get("tabel") or [])
        for i, row in enumerate(d.get("pernyataan") or []):
            self.add("Pernyataan", self.fields(row, ("pernyataan", i), self.cols("Pernyataan")))
        for i, row in enumerate(d.get("narasi") or []):
            self.add("Narasi", self.fields(row, ("narasi", i), self.cols("Narasi")))
        return self

    def _pk(self, versions: list[dict]) -> None:
        goal_cols = {"sasaran.kode": "kode", "sasaran.nama": "nama", "sasaran.baris": "baris"}
        ind_cols = self.cols("PK Indikator", ("versi", *goal_cols))
        for i, pk in enumerate(versions):
            key = ("perjanjian_kinerja", i)
            self.add("PK", self.fields(pk, key, self.cols("PK")))
            versi = self.leaf(key + ("versi",), pk.get("versi"))
            for s, goal in enumerate(pk.get("sasaran") or []):
                skey = key + ("sasaran", s)
                base = {"versi": versi, **self.fields(goal, skey, list(goal_cols), goal_cols)}
                indicators = goal.get("indikator") or []
                if not indicators:
                    self.add("PK Indikator", {k: v for k, v in base.items() if v is not None})
                for j, ind in enumerate(indicators):
                    row = dict(base)
                    row.update(self.fields(ind, skey + ("indikator", j), ind_cols))
                    self.add("PK Indikator", {k: v for k, v in row.items() if v is not None})
            for j, keg in enumerate((pk.get("anggaran") or {}).get("kegiatan") or []):
                row = {"versi": versi, **self.fields(keg, key + ("anggaran", "kegiatan", j), self.cols("PK Anggaran", ("versi",)))}
                self.add("PK Anggaran", {k: v for k, v in row.items() if v is not None})

    def _tree(self, sheet_name: str, nodes: list[dict], key: Key, parent: str, extra: dict[str, Leaf]) -> None:
        names = self.cols(sheet_name, ("induk", "renja"))
        for i, node in enumerate(nodes):
            here = key + (i,)
            row = dict(extra)
            if parent:
                row["induk"] = Leaf(parent, "str", parent)
            row.update(self.fields(node, here, names))
            self.add(sheet_name, row)
            code = str(node.get("kode") or "")
            self._tree(sheet_name, node.get("rincian") or [], here + ("rincian",),
                       f"{parent}.{code}" if parent else code, extra)

    def _with_total(self, sheet_name: str, rows: list[dict], total: dict | None, key: Key, name: str) -> None:
        names = self.cols(sheet_name, ("total",))
        for i, row in enumerate(rows):
            self.add(sheet_name, self.fields(row, key + (name, i), names))
        if total:
            self.add(sheet_name, {"total": Leaf("total", "str", "total"), **self.fields(total, key + ("total",), names)})

    def _anggaran(self, ang: dict) -> None:
        self.forms["Anggaran"] = self.fields(ang, ("anggaran",), self.cols("Anggaran"))
        lrk = ang.get("realisasi_rincian") or {}
        self._tree("Realisasi Rincian", lrk.get("rincian") or [], ("anggaran", "realisasi_rincian", "rincian"), "", {})
        for name, sheet_name in (("jenis_belanja", "Jenis Belanja"), ("per_indikator", "Per Indikator")):
            table = ang.get(name) or {}
            self._with_total(sheet_name, table.get("rincian") or [], table.get("total"), ("anggaran", name), "rincian")
        for i, renja in enumerate(ang.get("renja") or []):
            key = ("anggaran", "renja", i)
            no = Leaf(str(i + 1), "int", i + 1)
            self.add("Renja", {"no": no, **self.fields(renja, key, self.cols("Renja", ("no",)))})
            self._tree("Renja Rincian", renja.get("rincian") or [], key + ("rincian",), "", {"renja": no})

    def _tabel(self, tables: list[dict]) -> None:
        taken = {s.name.casefold() for s in SHEETS} | {HELP_SHEET.casefold(), LIST_SHEET.casefold()}
        for i, table in enumerate(tables):
            key = ("tabel", i)
            lembar = table_sheet_name(str(table.get("id") or i + 1), taken)
            taken.add(lembar.casefold())
            meta = self.fields(table, key, self.cols("Tabel", ("lembar",)))
            meta["lembar"] = Leaf(lembar, "str", lembar)
            self.add("Tabel", meta)
            for j, relasi in enumerate(table.get("relasi") or []):
                self.add("Tabel Relasi", {"id": self.leaf(key + ("id",), table.get("id")),
                                          "relasi": self.leaf(key + ("relasi", j), relasi)})
            for band, items in (table.get("pita") or {}).items():
                for j, item in enumerate(items or []):
                    row = {"id": self.leaf(key + ("id",), table.get("id")), "pita": Leaf(band, "str", band)}
                    row.update(self.fields(item, key + ("pita", band, j), ["kategori", "di_atas", "sampai"]))
                    self.add("Tabel Pita", row)
            columns = [str(c) for c in table.get("kolom") or []]
            rows = [(r, key + ("rincian", n), False) for n, r in enumerate(table.get("rincian") or [])]
            if table.get("total"):
                rows.append((table["total"], key + ("total",), True))
            for row, _, _ in rows:  # keys a row has but kolom does not declare are kept as columns
                columns += [k for k in row if k != "baris" and k not in columns]
            out = []
            for row, rkey, is_total in rows:
                cells = {name: leaf for name in columns + ["baris"]
                         if (leaf := self.leaf(rkey + (name,), row.get(name))) is not None}
                if is_total:
                    cells[SYSTEM_TOTAL] = Leaf("total", "str", "total")
                out.append(cells)
            self.data_sheets.append((lembar, columns, out))


# --- writing ----------------------------------------------------------------------------------

_HEADER_FILL, _FORM_FILL, _TOTAL_FILL = "1F4E78", "D9E1F2", "FFF2CC"
_DECIMAL_KINDS = {"uang", "desimal", "bobot"}
_LABEL = "label"  # a generic table's first column


class _Writer:
    def __init__(self, jenis: str) -> None:
        import openpyxl

        self.openpyxl = openpyxl
        self.jenis = jenis
        self.wb = openpyxl.Workbook()
        self.lists: dict[str, str] = {}

    def build(self, flat: _Flat | None) -> bytes:
        wb = self.wb
        help_ws = wb.active
        help_ws.title = HELP_SHEET
        self._lists()
        wanted = [s for s in SHEETS if self.jenis in s.jenis
                  or (flat and (flat.tables.get(s.name) or (s.form and flat.forms.get(s.name))))]
        for spec in wanted:
            ws = wb.create_sheet(spec.name, index=len(wb.sheetnames) - 1)
            if spec.form:
                self._form(ws, spec, flat.forms.get(spec.name, {}) if flat else {})
            else:
                self._table(ws, spec, flat.tables.get(spec.name, []) if flat else [])
            if spec.name == "Tabel Pita" and flat:
                for name, columns, rows in flat.data_sheets:
                    self._data_sheet(wb.create_sheet(name, index=len(wb.sheetnames) - 1), columns, rows)
        self._help(help_ws, wanted, flat)
        wb.active = 0
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    # -- lists and validation
    def _lists(self) -> None:
        ws = self.wb.create_sheet(LIST_SHEET)
        for index, (name, (values, _)) in enumerate(LISTS.items(), start=1):
            letter = column_letter(index)
            ws.cell(row=1, column=index, value=name)
            for r, value in enumerate(values, start=2):
                ws.cell(row=r, column=index, value=value).number_format = "@"
            self.lists[name] = f"'{LIST_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        ws.sheet_state = "hidden"

    def _validation(self, col: Col):
        from openpyxl.worksheet.datavalidation import DataValidation

        prompt = (col.help_id or col.label)[:250]
        title = col.label[:31]
        if col.choices:
            strict = not LISTS[col.choices][1]
            dv = DataValidation(type="list", formula1="=" + self.lists[col.choices], allow_blank=True,
                                errorStyle="stop" if strict else "warning")
            dv.error = ("Pilih dari daftar. / Choose from the list." if strict else
                        "Nilai di luar daftar; tetap simpan? / Not in the list; keep it?")
        elif col.type == INT:
            low, high = ("2000", "2100") if col.key.endswith(("tahun", "dari", "sampai")) else ("1", "1000000")
            if col.key == "triwulan":
                low, high = "1", "4"
            dv = DataValidation(type="whole", operator="between", formula1=low, formula2=high, allow_blank=True)
            dv.error = f"Bilangan bulat {low}–{high}. / A whole number {low}–{high}."
        elif col.type == FIGURE and col.kind in _DECIMAL_KINDS | {"cacah"}:
            dv = DataValidation(type="whole" if col.kind == "cacah" else "decimal", operator="between",
                                formula1="-1000000000000000", formula2="1000000000000000", allow_blank=True,
                                errorStyle="warning")
            dv.error = ("Bukan angka. Angka boleh ditulis sebagai teks seperti di dokumen (39.524.039.000); "
                        "pilih Yes untuk menyimpannya. / Not a number; text as in the document is allowed: choose Yes.")
        elif col.type == DATE:
            dv = DataValidation(type="textLength", operator="equal", formula1="10", allow_blank=True, errorStyle="warning")
            dv.error = "Tulis tanggal sebagai teks TTTT-BB-HH. / Write the date as text YYYY-MM-DD."
        else:
            dv = DataValidation(allow_blank=True)
        dv.errorTitle = title
        dv.promptTitle = title
        dv.prompt = prompt
        dv.showInputMessage = True
        dv.showErrorMessage = dv.type is not None
        return dv

    # -- cells
    def _put(self, ws, row: int, column: int, leaf: Leaf | None, col: Col) -> None:
        if leaf is None:
            return
        cell = ws.cell(row=row, column=column)
        if col.type == FIGURE or (col.type == _LABEL and leaf.tag in ("int", "float")):
            number = figure_cell(leaf.text, leaf.tag)
            if number is not None:
                cell.value, cell.number_format = number
                return
            self._text(cell, leaf.text or EMPTY_TEXT)
        elif col.type in (INT, BARIS) and leaf.tag == "int" and isinstance(leaf.plain, int) and leaf.text == str(leaf.plain):
            cell.value = leaf.plain
            cell.number_format = "0"
        elif col.type == BOOL and isinstance(leaf.plain, bool):
            self._text(cell, "ya" if leaf.plain else "tidak")
        elif col.type == LIST and isinstance(leaf.plain, list):
            self._text(cell, f"{col.separator} ".join(str(v) for v in leaf.plain))
        elif leaf.plain == "":
            self._text(cell, EMPTY_TEXT)
        else:
            self._text(cell, leaf.text if col.type in (TEXT, CODE) and leaf.tag == "str" else str(leaf.plain))

    @staticmethod
    def _text(cell, text: str) -> None:
        cell.value = text
        cell.data_type = "s"  # never a formula, even when the text starts with "="
        cell.number_format = "@"

    def _style_header(self, cell, comment: str | None = None) -> None:
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill

        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if comment:
            note = Comment(comment, "lakin")
            note.width, note.height = 320, 140
            cell.comment = note

    def _form(self, ws, spec: Sheet, values: dict[str, Leaf]) -> None:
        from openpyxl.styles import Font, PatternFill

        for column, text in enumerate(FORM_HEADERS, start=1):
            ws.cell(row=1, column=column, value=text)
            self._style_header(ws.cell(row=1, column=column))
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 52
        ws.column_dimensions["C"].width = 44
        for r, col in enumerate(spec.cols, start=2):
            key_cell = ws.cell(row=r, column=1, value=col.key)
            key_cell.fill = PatternFill("solid", fgColor=_FORM_FILL)
            key_cell.font = Font(name="Consolas")
            ws.cell(row=r, column=2, value=col.label + (" *" if col.required else ""))
            value_cell = ws.cell(row=r, column=3)
            if col.type in (CODE, TEXT, DATE, ENUM):
                value_cell.number_format = "@"
            if col.key == "jenis" and spec.name == "Laporan" and "jenis" not in values:
                values = {**values, "jenis": Leaf(self.jenis, "str", self.jenis)}
            self._put(ws, r, 3, values.get(col.key), col)
            dv = self._validation(col)
            ws.add_data_validation(dv)
            dv.add(f"C{r}")
        ws.freeze_panes = "A2"

    def _table(self, ws, spec: Sheet, rows: list[dict[str, Leaf]]) -> None:
        from openpyxl.styles import PatternFill

        last = max(1000, len(rows) + 500)
        for c, col in enumerate(spec.cols, start=1):
            ws.cell(row=1, column=c, value=col.label + (" *" if col.required else ""))
            self._style_header(ws.cell(row=1, column=c), _comment(col))
            letter = column_letter(c)
            ws.column_dimensions[letter].width = col.width
            if col.type in (CODE, TEXT, DATE, ENUM):
                ws.column_dimensions[letter].number_format = "@"
            dv = self._validation(col)
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")
        for r, row in enumerate(rows, start=2):
            for c, col in enumerate(spec.cols, start=1):
                self._put(ws, r, c, row.get(col.key), col)
            if row.get("total") is not None and row["total"].text == "total":
                for c in range(1, len(spec.cols) + 1):
                    ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor=_TOTAL_FILL)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{column_letter(len(spec.cols))}1"

    def _data_sheet(self, ws, columns: list[str], rows: list[dict[str, Leaf]]) -> None:
        from openpyxl.styles import PatternFill

        # the first column is the row label, kept as plain data (text stays text, "1.1" is not 1.1)
        cols = [Col(name, name, FIGURE if i else _LABEL, "nilai") for i, name in enumerate(columns)]
        cols += [Col("baris", SYSTEM_BARIS, BARIS), Col(SYSTEM_TOTAL, SYSTEM_TOTAL, ENUM, choices="jenis_baris")]
        for c, col in enumerate(cols, start=1):
            self._text(ws.cell(row=1, column=c), col.label)
            self._style_header(ws.cell(row=1, column=c))
            ws.column_dimensions[column_letter(c)].width = max(10, min(40, len(col.label) + 4))
        dv = self._validation(cols[-1])
        ws.add_data_validation(dv)
        letter = column_letter(len(cols))
        dv.add(f"{letter}2:{letter}{max(1000, len(rows) + 500)}")
        for r, row in enumerate(rows, start=2):
            for c, col in enumerate(cols, start=1):
                self._put(ws, r, c, row.get(col.key), col)
            if SYSTEM_TOTAL in row:
                for c in range(1, len(cols) + 1):
                    ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor=_TOTAL_FILL)
        ws.freeze_panes = "A2"

    # -- the instructions
    def _help(self, ws, sheets: list[Sheet], flat: _Flat | None) -> None:
        from openpyxl.styles import Alignment, Font

        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 70
        r = 1
        for line in _HELP_TEXT(self.jenis):
            if line is None:
                r += 1
                continue
            style, id_text, en_text = line
            a = ws.cell(row=r, column=1, value=id_text if style == "h" else None)
            if style == "h":
                a.font = Font(bold=True, size=13 if r == 1 else 11)
                ws.cell(row=r, column=3, value=en_text).font = Font(bold=True, size=13 if r == 1 else 11)
            else:
                ws.cell(row=r, column=2, value=id_text)
                ws.cell(row=r, column=3, value=en_text)
            for c in (2, 3):
                ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
        r += 1
        for c, text in enumerate(("Lembar / Sheet", "Isi", "Contents"), start=1):
            self._style_header(ws.cell(row=r, column=c, value=text))
        r += 1
        for spec in sheets:
            ws.cell(row=r, column=1, value=spec.name).font = Font(bold=True)
            kind = "formulir: Kunci | Uraian | Nilai" if spec.form else "tabel: judul kolom di baris 1"
            kind_en = "form: Kunci | Uraian | Nilai" if spec.form else "table: headers in row 1"
            ws.cell(row=r, column=2, value=f"{spec.about_id} ({kind}; bagian `{spec.section}`)")
            ws.cell(row=r, column=3, value=f"{spec.about_en} ({kind_en}; section `{spec.section}`)")
            for c in (2, 3):
                ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
        r += 1
        for c, text in enumerate(("Lembar / Sheet", "Kolom (kunci data) — keterangan", "Column (data key) — description"), start=1):
            self._style_header(ws.cell(row=r, column=c, value=text))
        r += 1
        for spec in sheets:
            for col in spec.cols:
                ws.cell(row=r, column=1, value=spec.name)
                star = " *" if col.required else ""
                ws.cell(row=r, column=2, value=f"{col.label}{star} ({col.key}) — {col.help_id}".rstrip(" —"))
                ws.cell(row=r, column=3, value=f"{col.label}{star} ({col.key}) — {col.help_en}".rstrip(" —"))
                r += 1


def _comment(col: Col) -> str:
    lines = [f"{col.key}" + (" (wajib / required)" if col.required else "")]
    if col.help_id:
        lines.append(col.help_id)
    if col.help_en:
        lines.append(col.help_en)
    return "\n".join(lines)


def _HELP_TEXT(jenis: str) -> list:
    h, t = "h", "t"
    return [
        (h, "Templat Laporan Kinerja (lakin/1)", "Performance report template (lakin/1)"),
        (t, f"Templat ini untuk laporan {jenis}. Isi setiap lembar dengan data dokumen, lalu periksa dengan "
            "`lakin check laporan.xlsx`. Satu berkas = satu laporan.",
         f"This template is for {'a quarterly' if jenis == 'triwulan' else 'an annual'} ({jenis}) report. "
         "Fill each sheet from the document, then check it with "
         "`lakin check laporan.xlsx`. One file = one report."),
        None,
        (h, "Cara mengisi", "How to fill it in"),
        (t, "Lembar formulir (Laporan, Anggaran, NKA, Efisiensi, Rencana Aksi): isi kolom C (Nilai); jangan ubah kolom A "
            "(Kunci). Lembar tabel: judul kolom di baris 1 jangan diubah; satu baris data per butir mulai baris 2. "
            "Kolom bertanda * wajib. Arahkan kursor ke judul kolom untuk keterangannya.",
         "Form sheets (Laporan, Anggaran, NKA, Efisiensi, Rencana Aksi): fill column C (Nilai); do not change column A "
         "(Kunci). Table sheets: keep the headers of row 1; one record per row from row 2. Columns marked * are "
         "required. Hover over a header for its description."),
        (t, "Angka dicatat persis seperti tertulis di dokumen, termasuk yang salah. Angka dibaca seperti tampil di sel: "
            "96,5 yang diformat 0.00 dibaca 96,50 (dua desimal). Atur jumlah desimal sel sama dengan dokumen, atau "
            "ketik angka sebagai teks gaya laporan (39.524.039.000 · 96,77 · 97,00% · Rp 1.500.000).",
         "Record figures exactly as the document writes them, errors included. A number cell is read as it is shown: "
         "96.5 formatted 0.00 reads 96.50 (two decimals). Give cells the document's decimals, or type the figure as "
         "text in the report's style (39.524.039.000 · 96,77 · 97,00% · Rp 1.500.000)."),
        (t, "Kode selalu teks (\"023\", \"6397\"): kolom kode sudah berformat Teks. Tanggal ditulis sebagai teks TTTT-BB-HH. "
            "Baris Dokumen = baris atau halaman di dokumen sumber (560 atau hal. 25), agar temuan menunjuk tempat aslinya.",
         "Codes are always text (\"023\", \"6397\"): code columns are formatted as Text. Dates are text YYYY-MM-DD. "
         "Baris Dokumen = line or page of the source document (560 or hal. 25), so findings point to the original."),
        (t, "Baris yang menjadi bagian dari baris lain menyebut induknya: PK Indikator dan PK Anggaran menyebut Versi PK; "
            "Riwayat menyebut Kode Indikator dari lembar Capaian; SAKIP Komponen menyebut Tahun dari lembar SAKIP.",
         "Rows that belong to another row name it: PK Indikator and PK Anggaran name the PK version; Riwayat names an "
         "indicator of sheet Capaian; SAKIP Komponen names a year of sheet SAKIP."),
        (t, "Pohon anggaran (Realisasi Rincian, Renja Rincian, RA Keluaran): satu baris per simpul; Kode = kode tingkat itu "
            "saja (750); Kode Induk = kode lengkap induknya dari tingkat teratas, dipisah titik (DI.6397.QDB), kosong "
            "untuk tingkat teratas. Tulis induk di atas anak-anaknya.",
         "Budget trees (Realisasi Rincian, Renja Rincian, RA Keluaran): one row per node; Kode = that level's own code "
         "(750); Kode Induk = the parent's full code from the top level, joined by dots (DI.6397.QDB), empty at the top "
         "level. Write a parent above its children."),
        (t, "Baris jumlah (Jenis Belanja, Per Indikator, TW Keluaran, tabel umum): isi Jenis Baris = total.",
         "Total rows (Jenis Belanja, Per Indikator, TW Keluaran, generic tables): set Jenis Baris = total."),
        (t, "Tabel umum: daftarkan tabel di lembar Tabel (ID, Lembar, Judul …), lalu buat lembar bernama sesuai kolom "
            "Lembar: baris 1 berisi nama kolom tabel (kolom pertama = label baris), ditambah kolom Baris Dokumen dan "
            "Jenis Baris. Relasi antarkolom di lembar Tabel Relasi, pita kategori di lembar Tabel Pita.",
         "Generic tables: list the table in sheet Tabel (ID, Lembar, Judul …), then add a sheet named as in column "
         "Lembar: row 1 holds the table's column names (the first is the row label), plus the columns Baris Dokumen "
         "and Jenis Baris. Column relations go to sheet Tabel Relasi, band tables to sheet Tabel Pita."),
        (t, "Rumus boleh dipakai: nilai yang tersimpan dibaca dan setiap sel berumus disebut dalam catatan hasil "
            "pemeriksaan. Jangan menggabungkan sel (merge). Lembar tambahan milik Anda: beri nama berawalan _ .",
         "Formulas are allowed: the saved value is read and every formula cell is listed in a note of the check "
         "result. Do not merge cells. Sheets of your own: give them a name starting with _ ."),
        (t, "Ubah ke YAML/JSON atau sebaliknya: `lakin convert laporan.xlsx -o laporan.yaml`. "
            "Dokumentasi: docs/excel.md dan docs/format.md.",
         "Convert to YAML/JSON and back: `lakin convert laporan.xlsx -o laporan.yaml`. "
         "Documentation: docs/excel.md and docs/format.md."),
        None,
        (h, "Daftar lembar", "The sheets"),
    ]


# --- entry points -----------------------------------------------------------------------------

def workbook_bytes(source: Source | None, jenis: str | None = None) -> bytes:
    """The workbook of a report (or the empty template when `source` is None)."""
    if source is not None:
        jenis = jenis or str(((source.data or {}).get("laporan") or {}).get("jenis") or "tahunan")
    jenis = jenis if jenis in JENIS else "tahunan"
    flat = _Flat(source).run() if source is not None else None
    return _Writer(jenis).build(flat)


def example_source(jenis: str) -> Source:
    """The bundled example report of this kind (a clean report: `lakin check` finds nothing)."""
    text = resources.files("validator.schema").joinpath(EXAMPLES[jenis]).read_text("utf-8")
    return parse_text(text, EXAMPLES[jenis])


def template_bytes(jenis: str = "tahunan", contoh: bool = False) -> bytes:
    """`lakin template`: the empty workbook, or filled with the bundled example (`--contoh`)."""
    return workbook_bytes(example_source(jenis) if contoh else None, jenis)
