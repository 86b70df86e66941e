"""Input that cannot be used: every class is a located Problem from load(), and through the CLI
exit code 2 with one line per problem on stderr, never a traceback, nothing written."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from validator.cli import app
from validator.loader import load
from validator.inputs.source import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_reports" / "000_lkj_2024_bpmp_ntt.yaml"
LAKIN = [shutil.which("lakin")] if shutil.which("lakin") else [sys.executable, "-c", "from validator.cli import main; main()"]

BASE = """\
format: lakin/1
laporan:
  jenis: tahunan
  tahun: 2024
  satker:
    kode: "419546"
    nama: Satker Uji
"""  # 7 lines; whatever is appended starts at line 8


@dataclass
class Case:
    id: str
    content: str | bytes
    type: str
    line: int | tuple[int, ...]   # 0 = no line; a tuple = any of these
    says: tuple[str, ...] = ()
    name: str = "laporan.yaml"


CASES = [
    Case("malformed-yaml", "laporan:\n  - [unclosed\n", "yaml-syntax", (2, 3)),
    Case("malformed-json", '{"format": "lakin/1",\n "laporan": {\n}', "json-syntax", 3, name="laporan.json"),
    Case("trailing-comma-json", '{"format": "lakin/1",\n "laporan": {},\n}\n', "json-syntax", 3, name="laporan.json"),
    Case("empty", "", "empty-file", 0),
    Case("whitespace-only", "  \n\t\n   \n", "empty-file", 0),
    Case("comments-only", "# nothing here\n# yet\n", "empty-file", 0),
    Case("empty-json", "", "empty-file", 0, name="laporan.json"),
    Case("latin-1", BASE.replace("Satker Uji", "Satker Caf\u00e9").encode("latin-1"), "encoding", 7, ("UTF-8",)),
    Case("missing-field", BASE.replace("  tahun: 2024\n", ""), "schema", 3, ("missing required field", "'tahun'")),
    Case("missing-quarter", BASE.replace("jenis: tahunan", "jenis: triwulan"), "schema", 3, ("'triwulan'",)),
    Case("wrong-type", BASE.replace("tahun: 2024", 'tahun: "dua ribu"'), "schema", 4, ("tahun", "dua ribu", "integer")),
    Case("bad-enum", BASE.replace("jenis: tahunan", "jenis: bulanan"), "schema", 3, ("jenis", "bulanan", "tahunan")),
    Case("huge-bad-enum", BASE.replace("jenis: tahunan", "jenis: " + "x" * 5000), "schema", 3,
         ("jenis", "… (5,000 characters) is not one of", "tahunan")),
    Case("huge-wrong-type", BASE.replace("tahun: 2024", f'tahun: "{"9" * 5000}"'), "schema", 4,
         ("tahun", "expected integer", "… (5,000 characters)")),
    Case("bad-date", BASE + '  tanggal: "30-01-2025"\n', "schema", 8, ("tanggal", "YYYY-MM-DD")),
    Case("unknown-key", BASE + "capaian:\n  - {indikator: IKK 1.1, tagret: 4}\n", "unknown-key", 9,
         ("'tagret'", "did you mean 'target'")),
    Case("unknown-top-level-key", BASE + "capian: []\n", "unknown-key", 8, ("'capian'", "did you mean 'capaian'")),
    Case("unquoted-code", BASE.replace('kode: "419546"', "kode: 023"), "schema", 6, ("023", "codes are text", "quotes")),
    Case("unquoted-numeric-code", BASE + "perjanjian_kinerja:\n  - versi: awal\n    sasaran: []\n    anggaran:\n"
         "      kegiatan:\n        - {kode: 6397, pagu: 1}\n", "schema", 13, ("6397", "codes are text")),
    Case("unreadable-number", BASE + 'capaian:\n  - {indikator: IKK 1.1, capaian_persen: "abc"}\n', "number", 9,
         ("'abc'", "not a number")),
    Case("unreadable-money", BASE + 'anggaran:\n  pagu_akhir: "Rp 1.2.3"\n', "number", 9, ("1.2.3",)),
    Case("ambiguous-number", BASE + 'tabel:\n  - id: T1\n    kolom: [wilayah, nilai]\n    rincian:\n'
         '      - {wilayah: X, nilai: "5.542"}\n', "ambiguous-number", 12, ("5.542", "desimal")),
    Case("duplicate-key", BASE + "laporan:\n  jenis: tahunan\n", "duplicate-key", 8, ("'laporan'",)),
    Case("duplicate-nested-key", BASE.replace("  tahun: 2024\n", "  tahun: 2024\n  tahun: 2025\n"),
         "duplicate-key", 5, ("'tahun'",)),
    Case("duplicate-pk-indicator", BASE + "perjanjian_kinerja:\n  - versi: awal\n    sasaran:\n"
         "      - kode: SK1\n        indikator:\n          - {kode: IKK 1.1, target: 1}\n"
         "      - kode: SK2\n        indikator:\n          - {kode: IKK 1.1, target: 2}\n",
         "duplicate-code", 16, ("IKK 1.1", "awal")),
    Case("duplicate-pk-version", BASE + "perjanjian_kinerja:\n  - {versi: awal, sasaran: []}\n"
         "  - {versi: awal, sasaran: []}\n", "duplicate-code", 10, ("awal",)),
    Case("duplicate-capaian", BASE + "capaian:\n  - {indikator: IKK 1.1, realisasi: 1}\n"
         "  - {indikator: IKK 1.1, realisasi: 2}\n", "duplicate-code", 10, ("IKK 1.1",)),
    Case("wrong-parent", BASE + 'anggaran:\n  realisasi_rincian:\n    rincian:\n      - tingkat: komponen\n'
         '        kode: "051"\n        rincian:\n          - {tingkat: ro, kode: "994", pagu: 1}\n',
         "wrong-parent", 14, ("ro", "komponen", "051")),
    Case("bad-reference", BASE + "capaian:\n  - {indikator: IKK 1.1, realisasi: 1}\npernyataan:\n"
         '  - {nilai: 1, merujuk: "capaian[IKK 9.9].realisasi"}\n', "bad-reference", 11,
         ("capaian[IKK 9.9].realisasi", "capaian[IKK 1.1].realisasi")),
    Case("not-a-report", "foo: 1\n", "not-a-report", 1, ("format: lakin/1",)),
    Case("not-a-mapping", "- 1\n- 2\n", "not-a-report", 1),
    Case("json-array", "[]\n", "not-a-report", 1, name="laporan.json"),
    Case("other-format", BASE.replace("lakin/1", "lakin/2"), "not-a-report", 1, ("lakin/2",)),
    Case("python-tag", BASE.replace("Satker Uji", "!!python/object/apply:os.system [echo]"), "yaml-syntax", 7,
         ("tag",)),
    Case("two-documents", BASE + "---\nformat: lakin/1\n", "yaml-syntax", (8, 9)),
    Case("anchor-contains-itself", BASE + "x: &x [*x]\n", "yaml-syntax", 8, ("anchor contains an alias of itself",)),
    Case("deep-brackets", BASE + "x: " + "[" * 100_000 + "]" * 100_000 + "\n", "yaml-syntax", 8, ("nested",)),
    Case("deep-json", '{"format": "lakin/1",\n "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "json-syntax", 2,
         ("nested",), name="laporan.json"),
    Case("huge-exponent", BASE + "anggaran:\n  pagu_akhir: 1e400\n", "number", 9, ("'1e400'", "too large")),
    Case("overflowing-exponent", BASE + 'capaian:\n  - {indikator: IKK 1.1, realisasi: "1e999999999"}\n', "number", 9,
         ("too large",)),
    Case("tiny-exponent", BASE + "capaian:\n  - {indikator: IKK 1.1, capaian_persen: 1e-400}\n", "number", 9,
         ("too precise",)),
    Case("5000-digits", BASE + "anggaran:\n  pagu_akhir: " + "9" * 5000 + "\n", "number", 9, ("5,000 characters",)),
    Case("5000-digits-json", '{"format": "lakin/1", "laporan": {"jenis": "tahunan", "tahun": 2024, "satker": {"kode": "1"}},'
         '\n "anggaran": {"pagu_akhir": 1' + "0" * 5000 + "}}\n", "number", 2, ("5,001 characters",), name="laporan.json"),
    Case("deep-indentation", BASE + "".join(f"{' ' * i}k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n",
         "yaml-syntax", tuple(range(60, 80)), ("nested",)),
]


def materialise(folder: Path, case: Case) -> Path:
    path = folder / case.name
    if isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8")
    return path


def line_ok(case: Case, line: int) -> bool:
    return line in case.line if isinstance(case.line, tuple) else line == case.line


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_load_reports_the_problem(tmp_path, case):
    path = materialise(tmp_path, case)
    batch = load([str(path)])
    assert batch.sources == [] and batch.files_seen == 1
    assert len(batch.problems) == 1, [p.one_line() for p in batch.problems]
    [problem] = batch.problems
    assert problem.type == case.type, problem.one_line()
    assert line_ok(case, problem.line), problem.one_line()
    assert problem.file == str(path)
    for words in case.says:
        assert words in problem.message + problem.path, problem.one_line()


def invoke(args: list[str]):
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli_reports_the_problem(tmp_path, monkeypatch, case):
    materialise(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", case.name])
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    place = case.name if case.line == 0 else f"{case.name}:"
    assert lines[0].startswith(place), lines[0]
    if case.line:
        line = int(lines[0][len(place):].split(":")[0])
        assert line_ok(case, line), lines[0]
    assert case.type in lines[0]


def test_missing_jenis_is_one_problem(tmp_path):
    path = tmp_path / "laporan.yaml"
    path.write_text(BASE.replace("  jenis: tahunan\n", ""), encoding="utf-8")
    problems = load([str(path)]).problems
    assert [p.message for p in problems] == ["missing required field 'jenis'"]


def test_too_large_file(tmp_path, monkeypatch):
    big = tmp_path / "besar.yaml"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)   # sparse: no 10 MiB written
    [problem] = load([str(big)]).problems
    assert problem.type == "too-large"
    assert "10,485,760" in problem.message
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "besar.yaml"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [problem.one_line().replace(str(big), "besar.yaml")]


def test_file_at_the_size_limit_is_read(tmp_path):
    limit = tmp_path / "pas.yaml"
    with limit.open("wb") as f:
        f.write(BASE.encode())
        f.write(b"#" * (MAX_BYTES - len(BASE)))
    assert limit.stat().st_size == MAX_BYTES
    assert load([str(limit)]).problems == []


@pytest.mark.parametrize("missing", ["tidak-ada.yaml", "tidak-ada/"])
def test_nonexistent_path(tmp_path, missing):
    path = tmp_path / missing
    batch = load([str(path)])
    assert [p.type for p in batch.problems] == ["file-not-found"]
    assert batch.files_seen == 0
    result = invoke(["check", str(path)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and str(path) in result.stderr


def test_nonexistent_path_through_the_installed_command(tmp_path):
    done = subprocess.run([*LAKIN, "check", "tidak-ada.yaml"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["tidak-ada.yaml: file-not-found: no such file or directory"]
    assert "Traceback" not in done.stdout + done.stderr


def test_malformed_yaml_through_the_installed_command(tmp_path):
    (tmp_path / "rusak.yaml").write_text("laporan:\n  - [unclosed\n", encoding="utf-8")
    done = subprocess.run([*LAKIN, "check", "rusak.yaml"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("rusak.yaml:") and line.split(":")[1].isdigit()
    assert "yaml-syntax" in line


def test_empty_folder_is_unusable(tmp_path):
    assert invoke(["check", str(tmp_path)]).exit_code == 2


# --- every problem of a file, and the other files still checked ---------------------------------

TWO_SCHEMA_ERRORS = BASE.replace("tahun: 2024", 'tahun: "dua ribu"') + "capaian:\n  - {indikator: IKK 1.1, tagret: 4}\n"
TWO_NUMBER_ERRORS = BASE + 'capaian:\n  - {indikator: IKK 1.1, capaian_persen: "abc"}\n' \
    'anggaran:\n  pagu_akhir: "1.2.3"\n'


@pytest.mark.parametrize(("text", "expected"), [
    (TWO_SCHEMA_ERRORS, [("schema", 4), ("unknown-key", 9)]),
    (TWO_NUMBER_ERRORS, [("number", 9), ("number", 11)]),
], ids=["schema", "numbers"])
def test_all_problems_of_a_file_are_reported(tmp_path, monkeypatch, text, expected):
    (tmp_path / "dua.yaml").write_text(text, encoding="utf-8")
    batch = load([str(tmp_path / "dua.yaml")])
    assert sorted((p.type, p.line) for p in batch.problems) == expected
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "dua.yaml"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert sorted(int(line.split(":")[1]) for line in lines) == [line for _, line in expected]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()} | {
            p.relative_to(folder).as_posix() + "/": (b"", 0) for p in folder.rglob("*") if p.is_dir()}


def test_bad_file_among_good_ones(tmp_path):
    folder = tmp_path / "laporan"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "a_baik.yaml")
    (folder / "b_rusak.yaml").write_text("laporan:\n  - [unclosed\n", encoding="utf-8")
    shutil.copy(ROOT / "sample_reports" / "001_lkj_2023_bgp_ntt.yaml", folder / "sub" / "c_baik.yaml")
    before = snapshot(folder)
    done = subprocess.run([*LAKIN, "check", "laporan", "--rules", "anggaran", "--select", "ANG001,ANG003"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(str(Path("laporan") / "b_rusak.yaml") + ":")
    # the good reports were still checked: the known findings of the sample are there
    assert "a_baik.yaml:408: GALAT ANG001" in done.stdout
    assert "a_baik.yaml:436: GALAT ANG003" in done.stdout
    assert "c_baik.yaml" in done.stdout
    # inputs untouched, nothing created beside them
    assert snapshot(folder) == before


def test_input_untouched_by_a_json_run(tmp_path):
    shutil.copy(ROOT / "sample_reports" / "000_tw1_2024_bpmp_ntt.yaml", tmp_path / "tw1.yaml")
    (tmp_path / "rusak.json").write_text('{"format": ', encoding="utf-8")
    before = snapshot(tmp_path)
    done = subprocess.run([*LAKIN, "check", ".", "--format", "json", "--rules", "anggaran", "--select", "ANG001,ANG003"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert snapshot(tmp_path) == before


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    """A "billion laughs" file (anchors of anchors) is refused, not expanded."""
    levels = ["x0: &a0 [1,1,1,1,1,1,1,1,1,1]"] + [
        f"x{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\n", "utf-8")
    batch = load([str(bomb)])
    assert [p.type for p in batch.problems] == ["yaml-syntax"]
    assert "alias" in batch.problems[0].message


@pytest.mark.parametrize(("relation", "says"), [
    ("jumlah = a + c", "names c"),
    ("__import__('os')", "not allowed"),
    ("a >", "syntax error"),
    ("kategori = band(a, 'spm')", "band table"),
])
def test_bad_declared_relation_is_a_problem_of_the_report(tmp_path, relation, says):
    """A table's relation is report data: a bad one is located in the report, not blamed on a rule."""
    report = tmp_path / "r.yaml"
    report.write_text(
        'format: lakin/1\nlaporan: {jenis: tahunan, tahun: 2024, satker: {kode: "999999"}}\n'
        "tabel:\n  - id: T1\n    kolom: [wilayah, a, b, jumlah, kategori]\n"
        f"    relasi: [{json.dumps(relation)}]\n"
        "    rincian:\n      - {wilayah: X, a: 1, b: 2, jumlah: 3}\n", "utf-8")
    [problem] = load([str(report)]).problems
    assert (problem.type, problem.line) == ("formula", 6)
    assert says in problem.message


# --- the output file ----------------------------------------------------------------------------

def test_output_never_replaces_an_unusable_input(tmp_path, monkeypatch):
    """The guard covered only reports that loaded: an unusable one was replaced by the report on it."""
    (tmp_path / "rusak.yaml").write_text("laporan:\n  - [unclosed\n", encoding="utf-8")
    (tmp_path / "lakin.toml").write_text('lang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    for output, says in [("rusak.yaml", "is one of the reports being checked"), ("lakin.toml", "is the configuration file")]:
        result = invoke(["check", "rusak.yaml", "-o", output])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [f"{output}: usage: {says}; choose another output file"]
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("output", [".", "", "folder"])
def test_output_folder_is_a_usage_problem(tmp_path, monkeypatch, output):
    shutil.copy(SAMPLE, tmp_path / "laporan.yaml")
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = invoke(["check", "laporan.yaml", "--select", "ANG001", "-o", output])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{output}: usage: is a folder; name the file to write"]
    assert snapshot(tmp_path) == before


def test_output_to_a_pipe_is_written_not_replaced(tmp_path, monkeypatch):
    """-o /dev/stdout or a FIFO: replacing it with a file (as root, even /dev/stdout) is never right."""
    shutil.copy(SAMPLE, tmp_path / "laporan.yaml")
    fifo = tmp_path / "keluaran"
    os.mkfifo(fifo)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()), daemon=True)
    reader.start()
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "laporan.yaml", "--select", "ANG001", "--format", "json", "-o", "keluaran"])
    reader.join(timeout=10)
    assert result.exit_code == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(read[0])["findings"]


def test_output_through_a_symlink_writes_the_file_it_names(tmp_path, monkeypatch):
    shutil.copy(SAMPLE, tmp_path / "laporan.yaml")
    (tmp_path / "hasil").mkdir()
    (tmp_path / "terbaru.json").symlink_to(tmp_path / "hasil" / "lakin.json")
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "laporan.yaml", "--select", "ANG001", "--format", "json", "-o", "terbaru.json"])
    assert result.exit_code == 1
    assert (tmp_path / "terbaru.json").is_symlink()
    assert json.loads((tmp_path / "hasil" / "lakin.json").read_text("utf-8"))["findings"]


# --- configuration ------------------------------------------------------------------------------

@pytest.mark.parametrize(("toml", "says"), [
    ('select = "ANG"', "select: 'ANG' is not a list of rule codes"),  # was read as the prefixes A, N, G
    ("ignore = 5", "ignore: 5 is not a list"),                          # TypeError
    ('severity = "error"', "severity: 'error' is not a table"),         # AttributeError
    ("rules = [5]", "rules: [5] is not a list of rule pack folders"),  # TypeError
    ("parameters = 5", "parameters: 5 is not a table"),                 # TypeError
    ('parameters = {nka_bobot = "x"}', "parameters.nka_bobot: 'x' is not shaped like the pack's value"),  # AttributeError
    ("parameters = {nka_bobot = {ikpa = 1}}", "parameters.nka_bobot: {'ikpa': 1} is not shaped"),
    ('parameters = {batas_capaian = "x"}', "is not shaped like the pack's value a number"),
    ('parameters = {kategori_nka = [{label = "A", x = 5}]}', "parameters.kategori_nka:"),
], ids=["select-text", "ignore-number", "severity-text", "rules-number", "parameters-number", "weights-text",
        "weights-missing-key", "cap-text", "band-unknown-key"])
def test_malformed_configuration_is_one_config_problem(tmp_path, monkeypatch, toml, says):
    shutil.copy(SAMPLE, tmp_path / "laporan.yaml")
    (tmp_path / "lakin.toml").write_text(toml + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "laporan.yaml"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{tmp_path / 'lakin.toml'}: config: ") and says in line, line


@pytest.mark.parametrize("toml", ["parameters = {batas_capaian = 110}",
                                  'parameters = {kategori_nka = [{label = "A", sampai = 100}]}',
                                  "parameters = {skala_predikat = {AA = 100, A = 90, BB = 80, B = 70, CC = 60, C = 50, D = 30, E = 10}}"])
def test_well_shaped_parameters_are_accepted(tmp_path, monkeypatch, toml):
    (tmp_path / "lakin.toml").write_text(toml + "\n", encoding="utf-8")
    shutil.copy(SAMPLE, tmp_path / "laporan.yaml")
    monkeypatch.chdir(tmp_path)
    assert invoke(["check", "laporan.yaml", "--select", "NKA,CAP"]).exit_code in (0, 1)


def test_a_file_name_with_a_line_break_stays_one_line(tmp_path, monkeypatch):
    """The name was written as it is: "la\\nporan.yaml" split its problem over two lines."""
    (tmp_path / "la\nporan.yaml").write_text("laporan:\n  - [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "la\nporan.yaml"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("la\\nporan.yaml:3:1: yaml-syntax: ")
