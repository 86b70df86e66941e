"""Loading report data: sample reports load cleanly, figures keep their text and place, readable
paths resolve, JSON equals YAML, and several reports stack into one set of tables."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from validator.figures import Figure
from validator.loader import load
from validator.numbers import Kind, NumberProblem, read_figure
from validator.tables import Tables

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reports"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))

#: Columns that hold figures computed by the normaliser, not written in the data file.
DERIVED = {("capaian", "realisasi_kumulatif"),
           ("narasi", "jumlah_rincian"), ("narasi", "nilai_kata"), ("narasi", "jumlah_daftar")}

# A small report touching every kind of path. Line numbers matter: see PATHS below.
REPORT = """\
format: lakin/1
laporan:
  jenis: tahunan
  tahun: 2024
  tanggal: "2025-01-30"
  satker: {kode: "419546", nama: Satker Uji}
perjanjian_kinerja:
  - versi: akhir
    tanggal: "2024-11-11"
    sasaran:
      - kode: SK1
        indikator:
          - {kode: IKK 1.1, satuan: "%", target: "3.92"}
          - {kode: IKK 2.1, satuan: Predikat, target: A}
    anggaran:
      kegiatan:
        - {kode: "6397", pagu: "Rp. 18.201.195.000,-"}
      total: "Rp 18.201.195.000"
capaian:
  - indikator: IKK 1.1
    target: "3.92"
    realisasi: 13.12
    capaian_persen: "334,69 %"
    riwayat:
      - {tahun: 2023, target: "3.50", realisasi: "3.14", capaian_persen: "89.71"}
sakip:
  - {tahun: 2024, nilai: "82.1", predikat: A}
nka:
  tahun:
    - {tahun: 2024, ikpa: "96.5", eka: "93.50", nka: "94.6"}
anggaran:
  realisasi_rincian:
    rincian:
      - tingkat: program
        kode: DI
        pagu: "18.201.195.000"
        rincian:
          - tingkat: kegiatan
            kode: "6397"
            pagu: "18.201.195.000"
            rincian:
              - tingkat: kro
                kode: QDB
                pagu: "18.201.195.000"
                rincian:
                  - {tingkat: ro, kode: "750", pagu: "17.821.355.000.00", volume: {target: "7.678", satuan: Lembaga}}
                  - {tingkat: ro, kode: "850", pagu: "379.840.000"}
  jenis_belanja:
    rincian:
      - {uraian: BELANJA PEGAWAI, pagu: "12.337.731.000", realisasi: "12.232.832.617", persen: "99,15"}
    total: {uraian: Jumlah, pagu: "12.337.731.000", realisasi: "12.232.832.617", persen: "99,15"}
  renja:
    - skala: ribuan
      rincian:
        - {tingkat: kegiatan, kode: "6397", pagu: "17.675.901"}
tabel:
  - id: T17
    desimal: koma
    kolom: [wilayah, t2023, t2024]
    rincian:
      - {wilayah: Kota Kupang, t2023: "49,63", t2024: "5.542"}
pernyataan:
  - {kalimat: "realisasi 13,12%", nilai: "13,12%", merujuk: "capaian[IKK 1.1].realisasi"}
"""

# path → (written text, value, decimals, scale, data-file line)
PATHS = {
    # targets are set, not measured: exact whatever their decimals (decimals None)
    "perjanjian_kinerja[akhir].sasaran[SK1].indikator[IKK 1.1].target": ("3.92", Decimal("3.92"), None, 1, 13),
    "perjanjian_kinerja[akhir].anggaran.kegiatan[6397].pagu": ("Rp. 18.201.195.000,-", Decimal("18201195000"), None, 1, 17),
    "perjanjian_kinerja[akhir].anggaran.total": ("Rp 18.201.195.000", Decimal("18201195000"), None, 1, 18),
    "capaian[IKK 1.1].realisasi": ("13.12", Decimal("13.12"), 2, 1, 22),
    "capaian[IKK 1.1].capaian_persen": ("334,69 %", Decimal("334.69"), 2, 1, 23),
    "capaian[IKK 1.1].riwayat[2023].target": ("3.50", Decimal("3.50"), None, 1, 25),
    "capaian[IKK 1.1].riwayat[2023].capaian_persen": ("89.71", Decimal("89.71"), 2, 1, 25),
    "sakip[2024].nilai": ("82.1", Decimal("82.1"), 1, 1, 27),
    "nka.tahun[2024].eka": ("93.50", Decimal("93.50"), 2, 1, 30),
    "nka.tahun[2024].nka": ("94.6", Decimal("94.6"), 1, 1, 30),
    "anggaran.realisasi_rincian.rincian[DI].pagu": ("18.201.195.000", Decimal("18201195000"), None, 1, 36),
    "anggaran.realisasi_rincian.rincian[DI].rincian[6397].rincian[QDB].rincian[750].pagu":
        ("17.821.355.000.00", Decimal("17821355000.00"), 2, 1, 46),
    "anggaran.realisasi_rincian.rincian[DI].rincian[6397].rincian[QDB].rincian[750].volume.target":
        ("7.678", Decimal("7678"), None, 1, 46),
    "anggaran.realisasi_rincian.rincian[DI].rincian[6397].rincian[QDB].rincian[850].pagu":
        ("379.840.000", Decimal("379840000"), None, 1, 47),
    "anggaran.jenis_belanja.rincian[BELANJA PEGAWAI].persen": ("99,15", Decimal("99.15"), 2, 1, 50),
    "anggaran.jenis_belanja.total.realisasi": ("12.232.832.617", Decimal("12232832617"), None, 1, 51),
    "anggaran.renja[0].rincian[6397].pagu": ("17.675.901", Decimal("17675901000"), None, 1000, 55),
    "tabel[T17].rincian[Kota Kupang].t2023": ("49,63", Decimal("49.63"), 2, 1, 61),
    "tabel[T17].rincian[Kota Kupang].t2024": ("5.542", Decimal("5542"), 0, 1, 61),
    "pernyataan[0].nilai": ("13,12%", Decimal("13.12"), 2, 1, 63),
}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def table_figures(tables: Tables):
    """(table, column, report, figure) for every Figure in every normalised table."""
    for name, frame in tables.frames.items():
        if name.startswith("lintas_"):  # cross-report rows also hold the other report's figures
            continue
        for column in frame.columns:
            for report, value in zip(frame["report"], frame[column]):
                if isinstance(value, Figure):
                    yield name, column, int(report), value
    for table in tables.generic:
        for row in table.rows:
            for column, value in row.items():
                if isinstance(value, Figure):
                    yield table.path, column, table.report, value
        for bands in table.pita.values():
            for _, low, high in bands:
                for value in (low, high):
                    if value is not None:
                        yield table.path, "pita", table.report, value


def written_at(lines: list[str], fig: Figure) -> bool:
    """The figure's text stands at its (line, column), quoted or not."""
    assert fig.line >= 1 and fig.column >= 1, fig
    rest = lines[fig.line - 1][fig.column - 1:]
    if rest[:1] in ("'", '"'):
        return rest[1:].startswith(fig.text) and rest[1 + len(fig.text):][:1] == rest[0]
    return rest.startswith(fig.text)


def evidence(fig: Figure) -> tuple:
    return (fig.value, fig.text, fig.decimals, fig.scale, fig.label, fig.line, fig.column)


def reads_back(fig: Figure) -> bool:
    """Some field kind (and declared decimal mark) reads the figure's text into exactly this figure."""
    for kind in Kind:
        for mark in (None, ",", "."):
            try:
                again = read_figure(fig.text, kind, labels_allowed=True, decimal_mark=mark, scale=fig.scale,
                                    line=fig.line, column=fig.column)
            except NumberProblem:
                continue
            if evidence(again) == evidence(fig):
                return True
    return False


# --- sample reports ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def samples():
    batch = load([str(SAMPLES)])
    return batch


def test_sample_reports_load_without_problems(samples):
    assert SAMPLE_FILES, "no sample reports found"
    assert [p.one_line() for p in samples.problems] == []
    assert samples.files_seen == len(SAMPLE_FILES)
    assert sorted(Path(s.file).name for s in samples.sources) == [p.name for p in SAMPLE_FILES]
    assert len(samples.figures) == len(SAMPLE_FILES)
    assert len(samples.tables["laporan"]) == len(SAMPLE_FILES)


def test_sample_figures_keep_their_written_text_and_place(samples):
    lines = {i: Path(s.file).read_text("utf-8").splitlines() for i, s in enumerate(samples.sources)}
    checked, wrong = 0, []
    for table, column, report, fig in table_figures(samples.tables):
        if (table, column) in DERIVED:
            continue
        checked += 1
        if not written_at(lines[report], fig):
            wrong.append(f"{table}.{column} report {report}: {fig.text!r} not at {fig.line}:{fig.column}")
        elif not reads_back(fig):
            wrong.append(f"{table}.{column} report {report}: {fig!r} is not what {fig.text!r} reads as")
    assert checked > 1000
    assert wrong == []


def test_sample_figures_by_path_keep_their_written_text_and_place(samples):
    wrong = []
    for report, figures in enumerate(samples.figures):
        lines = Path(samples.sources[report].file).read_text("utf-8").splitlines()
        for path, fig in figures.items():
            if not written_at(lines, fig) or not reads_back(fig):
                wrong.append(f"{path}: {fig!r}")
    assert wrong == []


@pytest.mark.parametrize("path", [
    "capaian[IKK 1.1].realisasi",
    "perjanjian_kinerja[akhir].sasaran[SK1].indikator[IKK 1.1].target",
    "anggaran.realisasi_rincian.rincian[10].rincian[02].rincian[WA].rincian[2005].rincian[EBA].rincian[994].pagu",
    "anggaran.daya_serap",
])
def test_sample_paths_resolve(path):
    sample = SAMPLES / "000_lkj_2024_bpmp_ntt.yaml"
    batch = load([str(sample)])
    assert batch.problems == []
    fig = batch.figures[0][path]
    assert written_at(sample.read_text("utf-8").splitlines(), fig)
    assert fig.is_number


# --- a small report with known places ---------------------------------------------------------

@pytest.fixture
def report(tmp_path):
    path = write(tmp_path, "laporan.yaml", REPORT)
    batch = load([str(path)])
    assert [p.one_line() for p in batch.problems] == []
    return batch


@pytest.mark.parametrize("path", sorted(PATHS))
def test_readable_path_names_the_written_figure(report, path):
    text, value, decimals, scale, line = PATHS[path]
    fig = report.figures[0][path]
    assert fig.text == text
    assert fig.value == value
    assert fig.decimals == decimals
    assert fig.scale == scale
    assert fig.line == line
    assert REPORT.splitlines()[line - 1][fig.column - 1:].lstrip("\"'").startswith(text)


def test_label_figure_by_path(report):
    fig = report.figures[0]["perjanjian_kinerja[akhir].sasaran[SK1].indikator[IKK 2.1].target"]
    assert (fig.value, fig.label, fig.line) == (None, "A", 14)


def test_no_figure_for_what_is_not_written(report):
    figures = report.figures[0]
    assert "capaian[IKK 1.1].pembilang" not in figures
    assert "anggaran.realisasi_rincian.rincian[DI].realisasi" not in figures


def test_rows_name_their_path_and_line(report):
    nodes = report.tables["anggaran_node"]
    ro = nodes[nodes["kode"] == "750"].iloc[0]
    assert ro["path"] == "anggaran.realisasi_rincian.rincian[DI].rincian[6397].rincian[QDB].rincian[750]"
    assert ro["parent"] == "anggaran.realisasi_rincian.rincian[DI].rincian[6397].rincian[QDB]"
    assert ro["line"] == 46
    assert ro["tingkat"] == "ro"
    capaian = report.tables["capaian"].iloc[0]
    assert (capaian["indikator"], capaian["path"], capaian["line"]) == ("IKK 1.1", "capaian[IKK 1.1]", 20)


def test_pernyataan_is_resolved_to_the_figure_it_restates(report):
    row = report.tables["pernyataan"].iloc[0]
    assert row["merujuk"] == "capaian[IKK 1.1].realisasi"
    assert row["dirujuk"] is report.figures[0]["capaian[IKK 1.1].realisasi"]


# --- JSON and YAML ------------------------------------------------------------------------------

def comparable(value):
    if isinstance(value, Figure):
        return ("Figure", value.value, value.decimals, value.scale, value.label, value.text)
    return value


def frames_without_places(tables: Tables) -> dict[str, pd.DataFrame]:
    out = {}
    for name, frame in tables.frames.items():
        frame = frame.drop(columns=["line", "file"], errors="ignore")
        out[name] = frame.apply(lambda col: col.map(comparable)) if len(frame) else frame
    for table in tables.generic:
        frame = pd.DataFrame(table.rows, columns=table.row_columns).drop(columns=["line"])
        out[table.path] = frame.apply(lambda col: col.map(comparable))
    return out


def test_json_gives_the_same_tables_as_yaml(tmp_path):
    data = yaml.safe_load(REPORT)
    yaml_path = write(tmp_path, "r.yaml", REPORT)
    json_path = write(tmp_path, "r.json", json.dumps(data, ensure_ascii=False, indent=2))
    from_yaml, from_json = load([str(yaml_path)]), load([str(json_path)])
    assert from_yaml.problems == [] and from_json.problems == []
    a, b = frames_without_places(from_yaml.tables), frames_without_places(from_json.tables)
    assert sorted(a) == sorted(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)
    assert sorted(from_yaml.figures[0]) == sorted(from_json.figures[0])
    for path, fig in from_yaml.figures[0].items():
        assert comparable(fig) == comparable(from_json.figures[0][path]), path
    assert len(a["capaian"]) == 1 and len(a["anggaran_node"]) == 6  # not vacuous


def test_json_figures_keep_their_place(tmp_path):
    text = json.dumps(yaml.safe_load(REPORT), ensure_ascii=False, indent=2)
    batch = load([str(write(tmp_path, "r.json", text))])
    lines = text.splitlines()
    assert batch.figures[0]
    for path, fig in batch.figures[0].items():
        assert written_at(lines, fig), path


# --- several reports ----------------------------------------------------------------------------

def test_two_reports_stack_with_their_index(tmp_path):
    first = write(tmp_path, "a.yaml", REPORT)
    second = write(tmp_path, "b.yaml", REPORT.replace('kode: "419546"', 'kode: "999999"')
                   .replace("realisasi: 13.12", 'realisasi: "14.5"'))
    single = load([str(first)])
    batch = load([str(first), str(second)])
    assert batch.problems == [] and batch.files_seen == 2
    assert [s.file for s in batch.sources] == [str(first), str(second)]
    for name, frame in batch.tables.frames.items():
        assert len(frame) == 2 * len(single.tables[name]), name
        if len(frame):
            assert sorted(set(frame["report"])) == [0, 1], name
            assert (frame["report"] == 0).sum() == (frame["report"] == 1).sum(), name
    laporan = batch.tables["laporan"].set_index("report")
    assert laporan.loc[0, "satker_kode"] == "419546" and laporan.loc[1, "satker_kode"] == "999999"
    capaian = batch.tables["capaian"].set_index("report")
    assert capaian.loc[0, "realisasi"].value == Decimal("13.12")
    assert capaian.loc[1, "realisasi"].value == Decimal("14.5")
    assert [t.report for t in batch.tables.generic] == [0, 1]
    assert [{row["report"] for row in t.rows} for t in batch.tables.generic] == [{0}, {1}]
    assert batch.figures[1]["capaian[IKK 1.1].realisasi"].text == "14.5"


def test_folder_is_loaded_recursively_in_stable_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    write(tmp_path, "b.yaml", REPORT)
    write(tmp_path / "sub", "a.yml", REPORT)
    write(tmp_path / ".hidden", "c.yaml", "not: [a report")
    write(tmp_path, "notes.txt", "not data")
    batch = load([str(tmp_path)])
    assert batch.problems == []
    assert [Path(s.file).relative_to(tmp_path).as_posix() for s in batch.sources] == ["b.yaml", "sub/a.yml"]


def test_good_files_load_beside_a_bad_one(tmp_path):
    shutil.copy(SAMPLES / "000_tw1_2024_bpmp_ntt.yaml", tmp_path / "a.yaml")
    write(tmp_path, "b.yaml", "format: lakin/1\n")
    write(tmp_path, "c.yaml", REPORT)
    batch = load([str(tmp_path)])
    assert [Path(s.file).name for s in batch.sources] == ["a.yaml", "c.yaml"]
    assert [(Path(p.file).name, p.type) for p in batch.problems] == [("b.yaml", "schema")]
    assert batch.files_seen == 3
    assert sorted(set(batch.tables["laporan"]["report"])) == [0, 1]


# --- reading figures in context -----------------------------------------------------------------

def test_field_kind_decides_ambiguous_numbers(tmp_path):
    """`5.542` is 5542 in a count field and 5.542 in a percentage field (docs/format.md)."""
    text = REPORT.replace('realisasi: 13.12', 'realisasi: "5.542"\n    pembilang: "5.542"')
    batch = load([str(write(tmp_path, "r.yaml", text))])
    assert batch.problems == []
    figures = batch.figures[0]
    assert figures["capaian[IKK 1.1].pembilang"].value == Decimal("5542")
    assert figures["capaian[IKK 1.1].realisasi"].value == Decimal("5.542")  # satuan "%"


@pytest.mark.parametrize(("desimal", "value"), [("koma", Decimal("5542")), ("titik", Decimal("5.542"))])
def test_table_decimal_declaration(tmp_path, desimal, value):
    text = REPORT.replace("desimal: koma", f"desimal: {desimal}").replace('t2023: "49,63"', 't2023: "49"')
    batch = load([str(write(tmp_path, "r.yaml", text))])
    assert batch.problems == []
    assert batch.figures[0]["tabel[T17].rincian[Kota Kupang].t2024"].value == value



def test_ordered_column_must_be_a_declared_column(tmp_path):
    """A misspelt kolom_tidak_turun would silently check nothing: it is a located problem."""
    text = REPORT.replace("    kolom: [wilayah, t2023, t2024]\n",
                          "    kolom: [wilayah, t2023, t2024]\n    kolom_tidak_turun: [t2024, t2025]\n")
    batch = load([str(write(tmp_path, "r.yaml", text))])
    assert [(p.type, p.line, p.path) for p in batch.problems] == [("unknown-key", 60, "tabel[T17].kolom_tidak_turun")]
    assert "'t2025'" in batch.problems[0].message


RO_850_PAGU = "anggaran.realisasi_rincian.rincian[DI].rincian[6397].rincian[QDB].rincian[850].pagu"


@pytest.mark.parametrize(("named", "problems"), [
    ([RO_850_PAGU], []),
    ([RO_850_PAGU, "anggaran.rincian[850].pagu"],
     [("bad-reference", "anggaran.jenis_belanja.rincian[BELANJA PEGAWAI].pagu_keluaran")]),
])
def test_budget_row_names_the_pagu_it_is_made_of(tmp_path, named, problems):
    """pagu_keluaran paths become (path, figure) pairs; a path naming nothing is a located problem."""
    row = '{uraian: BELANJA PEGAWAI, pagu: "12.337.731.000"'
    text = REPORT.replace(row, f"{row}, pagu_keluaran: {json.dumps(named)}", 1)
    batch = load([str(write(tmp_path, "r.yaml", text))])
    assert [(p.type, p.path) for p in batch.problems] == problems
    if not problems:
        [parts] = [v for v in batch.tables["anggaran_baris"]["pagu_keluaran"] if v]
        assert [(path, fig.value) for path, fig in parts] == [(RO_850_PAGU, Decimal("379840000"))]

def test_exponent_number_is_a_number(tmp_path):
    data = yaml.safe_load(REPORT)
    data["capaian"][0]["realisasi"] = 1e-05
    data["anggaran"]["jenis_belanja"]["total"]["pagu"] = 1e16
    batch = load([str(write(tmp_path, "r.json", json.dumps(data)))])
    assert batch.problems == []
    assert batch.figures[0]["capaian[IKK 1.1].realisasi"].value == Decimal("0.00001")
    assert batch.figures[0]["anggaran.jenis_belanja.total.pagu"].value == Decimal("1E16")
