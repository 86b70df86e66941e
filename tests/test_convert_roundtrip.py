"""`lakin convert` keeps every figure as written, so findings keep their fingerprints.

Over every sample report and every scalar (figures, `baris`, codes, texts): YAML → XLSX,
YAML → XLSX → YAML, YAML → JSON → YAML and YAML → XLSX → JSON give the same written text at the
same place of the data, and `lakin check` gives the same finding fingerprints, so a waiver written
for a report kept in one format still matches it in another.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from validator.cli import app
from validator.convert import convert
from validator.loader import read_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_reports").glob("*.yaml"))
CHAINS = {"xlsx": ["xlsx"], "xlsx-yaml": ["xlsx", "yaml"], "json-yaml": ["json", "yaml"], "xlsx-json": ["xlsx", "json"]}


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """One folder per chain of conversions, holding every sample report converted along it."""
    folders = {"yaml": tmp_path_factory.mktemp("yaml")}
    for sample in SAMPLES:
        shutil.copy(sample, folders["yaml"] / sample.name)
    for name, chain in CHAINS.items():
        folder = folders[name] = tmp_path_factory.mktemp(name)
        for sample in SAMPLES:
            current = sample
            for step, suffix in enumerate(chain):
                target = (folder if step == len(chain) - 1 else folder / "steps") / f"{sample.stem}.{suffix}"
                convert(str(current), str(target))
                current = target
        shutil.rmtree(folder / "steps", ignore_errors=True)
    return folders


def texts(path: Path) -> dict[tuple, str]:
    return {key: scalar.text for key, scalar in read_data(path).scalars.items()}


@pytest.mark.parametrize("chain", list(CHAINS))
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_every_scalar_keeps_its_written_text(converted, sample, chain):
    suffix = CHAINS[chain][-1]
    before, after = texts(sample), texts(converted[chain] / f"{sample.stem}.{suffix}")
    changed = {key: (before.get(key), after.get(key)) for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert not changed
    assert len(before) > 100


def fingerprints(folder: Path) -> list[tuple[str, str, str]]:
    done = CliRunner().invoke(app, ["check", str(folder), "--format", "json"])
    assert done.exit_code == 1, done.output
    return sorted((f["fingerprint"], f["rule"], f["actual"]) for f in json.loads(done.stdout)["findings"])


def test_findings_keep_their_fingerprints_in_every_format(converted):
    expected = fingerprints(converted["yaml"])
    assert len(expected) > 50
    for chain in CHAINS:
        assert fingerprints(converted[chain]) == expected, chain


REPORT = """\
format: lakin/1
laporan: {jenis: tahunan, tahun: 2024, satker: {kode: "999999", nama: Satker Contoh}}
anggaran:
  pagu_akhir: "Rp. 39.524.039.000,-"
  realisasi: "54,166,493,000"
  daya_serap: 82.1
  sisa: "1.500"
  realisasi_rincian:
    rincian:
      - {tingkat: kro, kode: EBA, pagu: "18.507.134.000.00", realisasi: 17900159922, persen: "96,77", baris: "hal. 25"}
      - {tingkat: kro, kode: EBB, pagu: "1.000,50", realisasi: "97,00%", persen: "", baris: 560}
"""


def test_the_reviews_figures_keep_their_text_through_a_workbook(tmp_path):
    """"82.1" became "82,1", "Rp. 39.524.039.000,-" became "39.524.039.000" and "54,166,493,000"
    became "54.166.493.000"."""
    (tmp_path / "laporan.yaml").write_text(REPORT, "utf-8")
    convert(str(tmp_path / "laporan.yaml"), str(tmp_path / "laporan.xlsx"))
    convert(str(tmp_path / "laporan.xlsx"), str(tmp_path / "kembali.yaml"))
    assert texts(tmp_path / "kembali.yaml") == texts(tmp_path / "laporan.yaml")
    form = {row[0].value: row[2] for row in openpyxl.load_workbook(tmp_path / "laporan.xlsx")["Anggaran"].iter_rows(min_row=2)}
    assert [form[k].value for k in ("pagu_akhir", "realisasi", "daya_serap", "sisa")] == [
        "Rp. 39.524.039.000,-", "54,166,493,000", "82.1", "1.500"]  # text cells: no number cell shows them so
    tree = openpyxl.load_workbook(tmp_path / "laporan.xlsx")["Realisasi Rincian"]
    header = [c.value for c in tree[1]]
    realisasi, persen = (header.index(name) for name in ("Realisasi", "Persen Realisasi (%)"))
    first = [c for c in tree[2]]
    assert (first[realisasi].value, first[realisasi].number_format) == (17900159922, "0")  # shown as written
    assert (first[persen].value, first[persen].number_format) == (96.77, "0.00")


def test_a_workbook_filled_in_excel_keeps_what_its_cells_show(tmp_path):
    """XLSX → YAML → XLSX: number cells typed in Excel with their formats keep the text they show."""
    assert CliRunner().invoke(app, ["template", "-o", str(tmp_path / "contoh.xlsx"), "--contoh"]).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "contoh.xlsx")
    ws = wb["Anggaran"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    for key, value, fmt in (("pagu_akhir", 39524039000, "#,##0"), ("realisasi", 18507134000.5, "#,##0.00"),
                            ("daya_serap", 0.9677, "0.00%"), ("sisa", 5.542, "0.000"), ("blokir", 1500, "General")):
        ws.cell(row=rows[key], column=3).value = value
        ws.cell(row=rows[key], column=3).number_format = fmt
    wb.save(tmp_path / "laporan.xlsx")
    convert(str(tmp_path / "laporan.xlsx"), str(tmp_path / "laporan.yaml"))
    convert(str(tmp_path / "laporan.yaml"), str(tmp_path / "kembali.xlsx"))
    original = texts(tmp_path / "laporan.xlsx")
    assert [original[("anggaran", key)] for key in ("pagu_akhir", "realisasi", "daya_serap", "sisa", "blokir")] == [
        "39.524.039.000", "18.507.134.000,50", "96,77%", "5.542e0", "1500"]
    assert texts(tmp_path / "laporan.yaml") == original == texts(tmp_path / "kembali.xlsx")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(tmp_path / "laporan.xlsx", tmp_path / "a")
    shutil.copy(tmp_path / "laporan.yaml", tmp_path / "b")
    found = fingerprints(tmp_path / "a")  # the edited budget figures no longer add up
    assert found and found == fingerprints(tmp_path / "b")
