"""Reports filled in Excel: `lakin template`, `lakin check laporan.xlsx`, `lakin convert`.

The round-trip tests load the original report and its converted copies through
validator.loader.load and compare every figure (value, decimals, scale, label), every row's
`baris` and the generic tables; only places differ.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from validator.cli import app
from validator.loader import load
from validator.schema_check import schema
from validator.inputs.source import parse_text
from validator.tables import TOTAL_ROW
from validator.inputs.workbook_layout import LIST_SHEET
from validator.inputs.workbook import number_text, read_workbook
from validator.xlsx_template import figure_cell, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_reports").glob("*.yaml"))
LAKIN = [shutil.which("lakin")] if shutil.which("lakin") else [sys.executable, "-c", "from validator.cli import main; main()"]


def cli(*args: str, cwd: Path = ROOT):
    done = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert "Traceback" not in done.output
    return done


def stderr_of(done) -> str:
    return done.stderr if hasattr(done, "stderr") else done.output


@pytest.fixture(scope="module")
def contoh(tmp_path_factory) -> Path:
    """The annual template filled with the bundled example (a clean report)."""
    path = tmp_path_factory.mktemp("contoh") / "contoh.xlsx"
    assert cli("template", "-o", str(path), "--contoh").exit_code == 0
    return path


def edited(source: Path, target: Path, change) -> Path:
    """A copy of a workbook after `change(workbook)`."""
    wb = openpyxl.load_workbook(source)
    change(wb)
    wb.save(target)
    return target


def find_row(ws, column: int, value) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=column).value == value)


def header_column(ws, label: str) -> int:
    return next(c.column for c in ws[1] if str(c.value).rstrip(" *") == label)


# --- what a loaded report holds, without its places -------------------------------------------

def evidence(path: Path):
    batch = load([str(path)])
    assert [p.one_line() for p in batch.problems] == []
    figures = {p: (f.value, f.decimals, f.scale, f.label) for p, f in batch.figures[0].items()}
    baris = {name: [(path_, None if b != b else b) for path_, b in zip(frame["path"], frame["baris"])]
             for name, frame in batch.tables.frames.items()}
    generic = []
    for t in batch.tables.generic:
        rows = []
        for rec in t.rows:
            cells = {c: ((v.value, v.decimals, v.scale, v.label) if hasattr(v, "decimals") else v) for c, v in
                     ((c, rec[c]) for c in t.columns)}
            rows.append((rec["path"], rec["baris"], rec[TOTAL_ROW], cells))
        pita = {k: [(c, a and (a.value, a.decimals), s and (s.value, s.decimals)) for c, a, s in v]
                for k, v in t.pita.items()}
        generic.append((t.id, t.judul, t.columns, t.relasi, t.kolom_total, t.kolom_dijumlah, pita, rows))
    return figures, baris, generic


def assert_same_report(original: Path, copy: Path) -> None:
    figures_a, baris_a, generic_a = evidence(original)
    figures_b, baris_b, generic_b = evidence(copy)
    assert figures_a, "no figures to compare"
    changed = {p: (figures_a.get(p), figures_b.get(p)) for p in set(figures_a) | set(figures_b)
               if figures_a.get(p) != figures_b.get(p)}
    assert changed == {}
    assert baris_a == baris_b
    assert generic_a == generic_b


# --- round trips ------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_round_trips_yaml_xlsx_yaml(sample, tmp_path):
    xlsx, back, json_copy = tmp_path / "laporan.xlsx", tmp_path / "kembali.yaml", tmp_path / "laporan.json"
    assert cli("convert", str(sample), "-o", str(xlsx)).exit_code == 0
    assert cli("convert", str(xlsx), "-o", str(back)).exit_code == 0
    assert cli("convert", str(xlsx), "-o", str(json_copy)).exit_code == 0
    for copy in (xlsx, back, json_copy):
        assert_same_report(sample, copy)


def _example_value(name: str, node: dict, defs: dict, seen: tuple):
    """A value for every field the schema defines (one item per list), to test the layout covers it."""
    if "$ref" in node:
        ref = node["$ref"].rsplit("/", 1)[-1]
        if seen.count(ref) >= 2:
            return None
        return _example_value(name, defs[ref], defs, seen + (ref,))
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][-1]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        out = {}
        for key, sub in (node.get("properties") or {}).items():
            value = _example_value(key, sub, defs, seen)
            if value is not None:
                out[key] = value
        return out
    if kind == "array":
        item = _example_value(name, node.get("items", {}), defs, seen)
        return None if item is None else ([item, item] if name == "tw" else [item])
    if kind == "integer":
        return {"triwulan": 3, "tahun": 2024, "dari": 2020, "sampai": 2024}.get(name, 7)
    if kind == "boolean":
        return True
    if node.get("pattern"):
        return "2024-01-02"
    if isinstance(kind, list):  # a figure, a grade or baris
        return "hal. 3" if name == "baris" else "12,5"
    return f"teks {name}"


def test_every_field_of_the_schema_has_a_place_in_the_workbook():
    s = schema()
    data = _example_value("", s, s["$defs"], ())
    table = data["tabel"][0]
    table.update(kolom=["uraian", "n1"], kolom_total="n1", kolom_dijumlah=["n1"], kolom_pasti=["n1"],
                 kolom_tidak_turun=["n1"], relasi=["n1 = n1"],
                 pita={"p": [{"kategori": "A", "di_atas": "1,5", "sampai": "2,5"}]},
                 rincian=[{"uraian": "a", "n1": "1,5", "baris": 4}], total={"uraian": "Jumlah", "n1": "1,5", "baris": 5})
    data["pernyataan"][0]["merujuk"] = "anggaran.pagu_akhir"
    source = parse_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "semua.yaml")
    path = Path(__file__).parent / "_semua.xlsx"
    try:
        path.write_bytes(workbook_bytes(source))
        assert read_workbook(path).data == source.data
    finally:
        path.unlink(missing_ok=True)


def test_bundled_examples_are_the_clean_sample_reports():
    for jenis, sample in (("tahunan", "clean_lkj_2024_bpmp_contoh.yaml"), ("triwulan", "clean_tw3_2024_bpmp_contoh.yaml")):
        packaged = ROOT / "validator" / "schema" / f"contoh-{jenis}.yaml"
        assert packaged.read_text("utf-8") == (ROOT / "sample_reports" / sample).read_text("utf-8")


# --- the template -----------------------------------------------------------------------------

@pytest.mark.parametrize("jenis,present,absent", [
    ("tahunan", {"Capaian", "Riwayat", "Realisasi Rincian", "SAKIP Komponen"}, {"TW Progres", "TW Keluaran"}),
    ("triwulan", {"TW Progres", "TW Keluaran", "PK Indikator"}, {"Capaian", "Realisasi Rincian"}),
])
def test_template_has_the_sheets_of_its_kind(tmp_path, jenis, present, absent):
    path = tmp_path / "laporan.xlsx"
    done = cli("template", "-o", str(path), "--jenis", jenis)
    assert done.exit_code == 0, done.output
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Petunjuk"
    assert present <= set(wb.sheetnames) and not absent & set(wb.sheetnames)
    assert wb[LIST_SHEET].sheet_state == "hidden"
    laporan = wb["Laporan"]
    assert [c.value for c in laporan[1]][:3] == ["Kunci", "Uraian", "Nilai"]
    assert laporan.cell(row=find_row(laporan, 1, "jenis"), column=3).value == jenis
    pk = wb["PK Indikator"]
    assert "Kode Indikator *" in [c.value for c in pk[1]]
    lists = [dv for dv in pk.data_validations.dataValidation if dv.type == "list"]
    versi = header_column(pk, "Versi PK")
    assert any(f"{openpyxl.utils.get_column_letter(versi)}2" in str(dv.sqref) for dv in lists)
    help_text = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Cara mengisi" in help_text and "How to fill it in" in help_text


def test_number_columns_are_validated_but_accept_text_after_a_warning(tmp_path):
    path = tmp_path / "laporan.xlsx"
    cli("template", "-o", str(path))
    ws = openpyxl.load_workbook(path)["Capaian"]
    letter = openpyxl.utils.get_column_letter(header_column(ws, "Capaian (%)"))
    rule = next(dv for dv in ws.data_validations.dataValidation if f"{letter}2" in str(dv.sqref))
    assert rule.type == "decimal" and rule.errorStyle == "warning"
    tahun = openpyxl.utils.get_column_letter(header_column(openpyxl.load_workbook(path)["SAKIP"], "Tahun"))
    rules = openpyxl.load_workbook(path)["SAKIP"].data_validations.dataValidation
    assert any(dv.type == "whole" and f"{tahun}2" in str(dv.sqref) for dv in rules)


def test_empty_template_names_the_cells_to_fill(tmp_path):
    path = tmp_path / "laporan.xlsx"
    cli("template", "-o", str(path))
    done = subprocess.run([*LAKIN, "check", str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert f"{path}:Laporan!C3: schema: missing required field 'tahun'" in done.stderr


@pytest.mark.parametrize("jenis", ["tahunan", "triwulan"])
def test_filled_example_checks_clean(tmp_path, jenis):
    path = tmp_path / "contoh.xlsx"
    assert cli("template", "-o", str(path), "--contoh", "--jenis", jenis).exit_code == 0
    done = cli("check", str(path), "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["summary"]["findings"] == 0


def test_template_does_not_overwrite_without_force(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(b"mine")
    assert cli("template", "-o", str(path)).exit_code == 2
    assert path.read_bytes() == b"mine"
    assert cli("template", "-o", str(path), "--force").exit_code == 0
    assert zipfile.is_zipfile(path)


# --- reading figures ------------------------------------------------------------------------

@pytest.mark.parametrize("value,fmt,text", [
    (96.77, "0.00", "96,77"), (96.5, "0.00", "96,50"), (96.5, "General", "96,5"), (0.9677, "0.00%", "96,77%"),
    (39524039000, "#,##0", "39.524.039.000"), (39524039000, "0", "39524039000"), (5542, "#,##0", "5542"),
    (18507134000.0, "#,##0.00", "18.507.134.000,00"), (150.0, "General", "150"), (2.675, "0.00", "2,68"),
    (5.542, "0.000", "5.542e0"), (1500000, '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', "1.500.000"),
])
def test_number_cell_is_read_with_the_precision_its_format_shows(value, fmt, text):
    assert number_text(value, fmt) == text


@pytest.mark.parametrize("written,tag,number", [
    ("39.524.039.000", "str", (39524039000, "#,##0")), ("96,77", "str", (96.77, "0.00")),
    ("97,00%", "str", (0.97, "0.00%")), ("39524039000", "int", (39524039000, "0")), ("150", "int", (150, "0")),
    ("150", "str", None), ("82.1", "float", None), ("82,1", "str", (82.1, "0.0")), ("Rp 1.500.000", "str", None),
    ("Rp. 39.524.039.000,-", "str", None), ("54,166,493,000", "str", None), ("18.507.134.000.00", "str", None),
    ("5.542", "str", None), ("BB", "str", None), ("-", "str", None), ("XX%", "str", None), ("", "str", None),
])
def test_a_figure_becomes_a_number_cell_only_when_the_cell_shows_its_text(written, tag, number):
    assert figure_cell(written, tag) == number


def _set(sheet: str, key_column: int, key, label: str, value, fmt: str | None = None):
    def change(wb):
        ws = wb[sheet]
        cell = ws.cell(row=find_row(ws, key_column, key), column=header_column(ws, label))
        cell.value = value
        if fmt:
            cell.number_format = fmt
    return change


def test_number_and_text_cells_keep_value_and_precision(contoh, tmp_path):
    wb = openpyxl.load_workbook(contoh)
    wb["Capaian"].cell(row=2, column=header_column(wb["Capaian"], "Capaian (%)")).value = 96.5
    wb["Capaian"].cell(row=2, column=header_column(wb["Capaian"], "Capaian (%)")).number_format = "0.00"
    wb["Capaian"].cell(row=3, column=header_column(wb["Capaian"], "Capaian (%)")).value = 96.5
    wb["Capaian"].cell(row=3, column=header_column(wb["Capaian"], "Capaian (%)")).number_format = "General"
    ws = wb["Anggaran"]
    ws.cell(row=find_row(ws, 1, "pagu_akhir"), column=3).value = "39.524.039.000"
    ws.cell(row=find_row(ws, 1, "daya_serap"), column=3).value = 0.9677
    ws.cell(row=find_row(ws, 1, "daya_serap"), column=3).number_format = "0.00%"
    wb.save(tmp_path / "angka.xlsx")
    figures = load([str(tmp_path / "angka.xlsx")]).figures[0]
    first, second = (wb["Capaian"].cell(row=r, column=1).value for r in (2, 3))
    assert (figures[f"capaian[{first}].capaian_persen"].value, figures[f"capaian[{first}].capaian_persen"].decimals) == (Decimal("96.50"), 2)
    assert figures[f"capaian[{second}].capaian_persen"].decimals == 1
    assert (figures["anggaran.pagu_akhir"].value, figures["anggaran.pagu_akhir"].decimals) == (Decimal(39524039000), None)
    assert (figures["anggaran.daya_serap"].value, figures["anggaran.daya_serap"].decimals) == (Decimal("96.77"), 2)


def test_finding_names_the_cell(contoh, tmp_path):
    """A wrong % capaian typed into the workbook is reported at its cell, in text and JSON."""
    path = edited(contoh, tmp_path / "salah.xlsx", _set("Capaian", 1, "IKK 1.1", "Capaian (%)", 99.99, "0.00"))
    column = openpyxl.utils.get_column_letter(header_column(openpyxl.load_workbook(path)["Capaian"], "Capaian (%)"))
    row = find_row(openpyxl.load_workbook(path)["Capaian"], 1, "IKK 1.1")
    done = cli("check", str(path), "--select", "CAP")
    assert done.exit_code == 1
    assert re.search(rf"^{re.escape(str(path))}:Capaian!{column}{row}: GALAT CAP\d+ ", done.stdout, re.MULTILINE), done.stdout
    record = json.loads(cli("check", str(path), "--select", "CAP", "--format", "json").stdout)
    cells = [f["location"].get("cell") for f in record["findings"]]
    assert f"Capaian!{column}{row}" in cells


@pytest.fixture(scope="module")
def workbook_000(tmp_path_factory) -> Path:
    """Report 000 as a workbook: its ANG001/ANG003 findings share a likely culprit (RO 994's pagu)."""
    path = tmp_path_factory.mktemp("w000") / "000.xlsx"
    assert cli("convert", str(SAMPLES[0]), "-o", str(path)).exit_code == 0
    return path


def test_workbook_places_are_cells_in_every_format(workbook_000, tmp_path):
    """Line numbers mean nothing in a workbook: the culprit note, SARIF and the worksheets name cells."""
    ws = openpyxl.load_workbook(workbook_000)["Realisasi Rincian"]
    culprit = f"'Realisasi Rincian'!{openpyxl.utils.get_column_letter(header_column(ws, 'Pagu'))}{find_row(ws, 2, '994')}"
    pin = ("--select", "ANG001,ANG003")
    text = cli("check", str(workbook_000), *pin).stdout
    assert f"(sel {culprit}) tertulis 18.066.234.000.00" in text  # as report 000 writes it (a SAKTI export)
    assert "baris data" not in text
    record = json.loads(cli("check", str(workbook_000), *pin, "--format", "json").stdout)
    assert {f["culprit"]["cell"] for f in record["findings"]} == {culprit}
    sarif = json.loads(cli("check", str(workbook_000), *pin, "--format", "sarif").stdout)
    places = [r["locations"][0]["physicalLocation"] for r in sarif["runs"][0]["results"]]
    assert [("region" in p, p["properties"]["cell"]) for p in places] == [
        (False, f["location"]["cell"]) for f in record["findings"]]
    chr_text = cli("check", str(workbook_000), *pin, "--format", "chr", "-o", str(tmp_path / "chr.md"))
    assert chr_text.exit_code == 1
    assert f"sel `{record['findings'][0]['location']['cell']}`" in (tmp_path / "chr.md").read_text("utf-8")


def test_yaml_findings_keep_their_json_shape():
    record = json.loads(cli("check", str(SAMPLES[0]), "--format", "json", "--select", "ANG001").stdout)
    assert all("cell" not in f["location"] for f in record["findings"])
    assert all("notes" not in r for r in record["reports"])


def _with_cached_value(path: Path, value: str) -> None:
    """Give the (only) formula of a workbook the cached value Excel would have saved with it."""
    raw = zipfile.ZipFile(path).infolist()
    parts = {info.filename: zipfile.ZipFile(path).read(info.filename) for info in raw}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/") and b"<f>" in data:
                data = re.sub(rb"(<f>[^<]*</f>)(?:<v\s*/>|<v></v>)", rb"\1<v>" + value.encode() + rb"</v>", data)
            out.writestr(name, data)


def test_formula_cells_use_their_saved_value_and_are_noted(contoh, tmp_path):
    def change(wb):
        ws = wb["Capaian"]
        row = find_row(ws, 1, "IKK 1.1")
        real, target = header_column(ws, "Realisasi"), header_column(ws, "Target")
        cell = ws.cell(row=row, column=header_column(ws, "Capaian (%)"))
        cell.value = f"={openpyxl.utils.get_column_letter(real)}{row}/{openpyxl.utils.get_column_letter(target)}{row}*100"
        cell.number_format = "0.00"
    path = edited(contoh, tmp_path / "rumus.xlsx", change)
    original = next(c for c in openpyxl.load_workbook(contoh)["Capaian"].iter_rows(min_row=2) if c[0].value == "IKK 1.1")
    stated = original[header_column(openpyxl.load_workbook(contoh)["Capaian"], "Capaian (%)") - 1].value
    _with_cached_value(path, repr(float(stated)))
    done = cli("check", str(path))
    assert done.exit_code == 0, done.output
    assert "catatan: Capaian!" in done.stdout and "berisi rumus =" in done.stdout
    notes = json.loads(cli("check", str(path), "--format", "json", "--lang", "en").stdout)["reports"][0]["notes"]
    assert len(notes) == 1 and notes[0]["cell"].startswith("Capaian!") and "cached value" in notes[0]["message"]


def test_formula_without_a_saved_value_is_a_problem(contoh, tmp_path):
    path = edited(contoh, tmp_path / "rumus.xlsx", _set("Capaian", 1, "IKK 1.1", "Capaian (%)", "=1+1"))
    done = cli("check", str(path))
    assert done.exit_code == 2
    assert re.search(r":Capaian!\w+\d+: workbook: the formula =1\+1 has no saved value", stderr_of(done))


# --- bad workbooks ----------------------------------------------------------------------------

def _rename_header(sheet, old, new):
    def change(wb):
        wb[sheet].cell(row=1, column=header_column(wb[sheet], old)).value = new
    return change


def _merge(wb):
    wb["Capaian"].merge_cells("E2:E3")


def _drop_laporan(wb):
    del wb["Laporan"]


def _text_in_number(wb):
    ws = wb["Anggaran"]
    ws.cell(row=find_row(ws, 1, "pagu_akhir"), column=3).value = "satu miliar"


def _date_in_number(wb):
    import datetime
    ws = wb["Capaian"]
    ws.cell(row=2, column=header_column(ws, "Capaian (%)")).value = datetime.datetime(2024, 1, 2)


def _orphan_parent(wb):
    ws = wb["Realisasi Rincian"]
    ws.cell(row=3, column=header_column(ws, "Kode Induk")).value = "ZZ.9999"


def _stray_sheet(wb):
    wb.create_sheet("Capaian2")["A2"] = "data"


def _orphan_history(wb):
    ws = wb["Riwayat"]
    ws.cell(row=2, column=1).value = "IKK 9.9"


def _error_value(wb):
    ws = wb["Capaian"]
    ws.cell(row=2, column=header_column(ws, "Capaian (%)")).value = "#DIV/0!"


def _huge_number(wb):
    ws = wb["Anggaran"]
    ws.cell(row=find_row(ws, 1, "pagu_akhir"), column=3).value = 1e308


BAD = [
    ("missing-sheet", _drop_laporan, r"laporan\.xlsx: workbook: no sheet 'Laporan'"),
    ("renamed-header", _rename_header("Capaian", "Realisasi", "Realisai"),
     r"Capaian!\w1: workbook: header 'Realisai' is not a column of sheet Capaian; did you mean 'Realisasi'\?"),
    ("merged-cells", _merge, r"Capaian!E2:E3: workbook: merged cells E2:E3"),
    ("text-in-number", _text_in_number, r"Anggaran!C\d+: number: 'satu miliar' is not a number \(anggaran.pagu_akhir\)"),
    ("huge-number", _huge_number, r"Anggaran!C\d+: number: '1E\+308' is too large or too precise for a report figure"),
    ("date-in-number", _date_in_number, r"Capaian!\w2: workbook: Excel turned this value into a date \(2024-01-02\)"),
    ("error-value", _error_value, r"Capaian!\w2: workbook: the cell shows the error #DIV/0!"),
    ("unknown-parent", _orphan_parent, r"'Realisasi Rincian'!C3: workbook: Kode Induk 'ZZ.9999' is not the full code"),
    ("unknown-sheet", _stray_sheet, r"Capaian2!A1: workbook: sheet 'Capaian2' is not a sheet of the lakin template; did you mean 'Capaian'\?"),
    ("unknown-indicator", _orphan_history, r"Riwayat!A2: workbook: indikator 'IKK 9.9' is not in sheet Capaian"),
]


@pytest.mark.parametrize("name,change,says", BAD, ids=[b[0] for b in BAD])
def test_bad_workbook_is_a_located_problem(contoh, tmp_path, name, change, says):
    path = edited(contoh, tmp_path / "laporan.xlsx", change)
    before = path.read_bytes()
    done = subprocess.run([*LAKIN, "check", "laporan.xlsx"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert re.search(says, done.stderr), done.stderr
    assert path.read_bytes() == before


def test_a_value_in_the_last_row_is_refused_quickly(contoh, tmp_path):
    """One value at row 1,048,576 made reading the sheet cell by cell take hours."""
    def change(wb):
        wb["Capaian"].cell(row=1_048_576, column=2).value = "x"
    edited(contoh, tmp_path / "laporan.xlsx", change)
    done = subprocess.run([*LAKIN, "check", "laporan.xlsx"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "laporan.xlsx:Capaian!P1048576: workbook: the sheet reaches row 1,048,576, column P; a report sheet has at "
        "most 10,000 rows and 100 columns: delete the rows and columns past the data (or move notes to a sheet named "
        "with a leading '_')"]


def test_not_a_workbook_is_a_problem(tmp_path):
    (tmp_path / "laporan.xlsx").write_text("not a zip")
    done = cli("check", str(tmp_path / "laporan.xlsx"))
    assert done.exit_code == 2
    assert "workbook: not an .xlsx workbook" in stderr_of(done)


def test_own_sheets_and_empty_extra_sheets_are_ignored(contoh, tmp_path):
    def change(wb):
        wb.create_sheet("_catatan saya")["A5"] = "apa saja"
        wb.create_sheet("Kosong")["A1"] = "judul saja"
    assert cli("check", str(edited(contoh, tmp_path / "laporan.xlsx", change))).exit_code == 0


def test_folder_check_reads_workbooks_and_skips_lock_files(contoh, tmp_path):
    shutil.copy(contoh, tmp_path / "a.xlsx")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    record = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
    assert [r["file"] for r in record["reports"]] == [str(tmp_path / "a.xlsx")]


# --- convert ----------------------------------------------------------------------------------

def test_convert_never_overwrites_without_force(tmp_path):
    source = tmp_path / "laporan.yaml"
    shutil.copy(SAMPLES[0], source)
    target = tmp_path / "laporan.xlsx"
    target.write_bytes(b"mine")
    done = cli("convert", str(source), "-o", str(target))
    assert done.exit_code == 2 and "add --force" in stderr_of(done)
    assert target.read_bytes() == b"mine"
    assert cli("convert", str(source), "-o", str(target), "--force").exit_code == 0
    assert zipfile.is_zipfile(target)


def test_convert_never_overwrites_its_input(tmp_path):
    source = tmp_path / "laporan.yaml"
    shutil.copy(SAMPLES[0], source)
    before = source.read_bytes()
    done = cli("convert", str(source), "-o", str(source), "--force")
    assert done.exit_code == 2 and "is the input file" in stderr_of(done)
    assert source.read_bytes() == before


def test_convert_refuses_unknown_formats_and_bad_input(tmp_path):
    assert cli("convert", str(SAMPLES[0]), "-o", str(tmp_path / "laporan.csv")).exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: lakin/1\nlaporan: {jenis: tahunan}\n")
    done = cli("convert", str(bad), "-o", str(tmp_path / "bad.xlsx"))
    assert done.exit_code == 2 and "missing required field" in stderr_of(done)
    assert not (tmp_path / "bad.xlsx").exists()


def test_convert_refuses_a_control_character_a_workbook_cannot_store(tmp_path):
    """openpyxl raised IllegalCharacterError (a traceback) for a NUL written "\\0" in YAML."""
    source = tmp_path / "laporan.yaml"
    source.write_text('format: lakin/1\nlaporan:\n  jenis: tahunan\n  tahun: 2024\n  satker: {kode: "1", nama: "a\\0b"}\n')
    done = cli("convert", str(source), "-o", str(tmp_path / "laporan.xlsx"))
    assert done.exit_code == 2
    assert stderr_of(done).splitlines() == [f"{source}:5:29: usage: U+0000 is a control character, which a workbook "
                                            "cannot store: remove it, or convert to .yaml or .json"]
    assert not (tmp_path / "laporan.xlsx").exists()


def test_convert_into_a_folder_that_cannot_be_made(tmp_path):
    """The output's folder was made outside the guard: a file in the way raised FileExistsError."""
    source = tmp_path / "laporan.yaml"
    shutil.copy(SAMPLES[0], source)
    done = cli("convert", str(source), "-o", str(source / "laporan.json"))
    assert done.exit_code == 2
    assert stderr_of(done).splitlines() == [f"{source / 'laporan.json'}: usage: cannot be written: File exists"]


def test_converted_yaml_keeps_written_text(tmp_path):
    target = tmp_path / "out.yaml"
    assert cli("convert", str(ROOT / "docs" / "examples" / "contoh_minimal.yaml"), "-o", str(target)).exit_code == 0
    data = yaml.safe_load(target.read_text("utf-8"))
    assert data["capaian"][0]["capaian_persen"] == "112,50"
    assert data["laporan"]["satker"]["kode"] == "999001"


# --- the default path stays light ---------------------------------------------------------------

def test_checking_yaml_does_not_import_openpyxl():
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom validator.cli import app\n"
            f"CliRunner().invoke(app, ['check', {str(SAMPLES[0])!r}])\n"
            "print('openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr
