"""The `lakin` command: schema, check (text and JSON contract, exit codes, selection, language)
and the rules sub-commands, run as the installed command.

Checks pin `--rules anggaran --select ANG001,ANG003` where a test depends on which findings exist,
so rules added later do not change its meaning.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.fixtures import run_cli, BOTH, LAKIN, ONLY_ANG003, PACK, PIN


ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "sample_reports/000_lkj_2024_bpmp_ntt.yaml"          # ANG001 and ANG003 fail (see README)
CLEAN = "sample_reports/001_lkj_2023_bgp_ntt.yaml"            # no ANG001/ANG003 finding
SCHEMA = ROOT / "validator" / "schema" / "lakin-1.schema.json"


FINDING_KEYS = {"rule", "severity", "category", "report", "location", "message", "expected", "actual", "fingerprint"}
LOCATION_KEYS = {"file", "line", "path", "baris"}


def lakin(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The installed command in its own process."""
    done = subprocess.run([*LAKIN, *args], capture_output=True, text=True, cwd=cwd)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def cli(*args: str, cwd: Path = ROOT):
    return run_cli(*args, cwd=cwd)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "both.yaml").write_text(BOTH, encoding="utf-8")
    (folder / "only3.yaml").write_text(ONLY_ANG003, encoding="utf-8")
    baris = BOTH.replace('"}\n', '", baris: 2140}\n').replace('pagu: "18.507.134.000"\n',
                                                               'pagu: "18.507.134.000"\n        baris: 2137\n')
    (folder / "baris.yaml").write_text(baris, encoding="utf-8")
    return folder


# --- schema ---------------------------------------------------------------------------------------

def test_schema_prints_the_shipped_schema():
    done = lakin("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout) == json.loads(SCHEMA.read_text("utf-8"))


# --- JSON output ----------------------------------------------------------------------------------

def check_contract(doc: dict, findings: int) -> None:
    assert {"tool", "rulepacks", "reports", "findings", "summary"} <= set(doc)
    assert doc["tool"]["name"] == "lakin-audit"
    assert [p["name"] for p in doc["rulepacks"]] == ["anggaran"]
    assert len(doc["findings"]) == findings
    assert doc["summary"]["findings"] == findings
    for f in doc["findings"]:
        assert FINDING_KEYS <= set(f), sorted(FINDING_KEYS - set(f))
        assert LOCATION_KEYS <= set(f["location"])
        assert f["severity"] in ("error", "warning", "info")
        assert isinstance(f["location"]["line"], int) and f["location"]["line"] > 0
        assert f["location"]["file"] == f["report"]
        assert isinstance(f["fingerprint"], str) and f["fingerprint"]
        assert f["message"]


def test_json_contract(reports):
    done = cli("check", "both.yaml", "--format", "json", *PIN, cwd=reports)
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    check_contract(doc, 2)
    by_rule = {f["rule"]: f for f in doc["findings"]}
    assert sorted(by_rule) == ["ANG001", "ANG003"]
    ang001, ang003 = by_rule["ANG001"], by_rule["ANG003"]
    assert ang001["location"] == {**ang001["location"], "file": "both.yaml", "line": 8,
                                  "path": "anggaran.realisasi_rincian.rincian[EBA].pagu", "baris": None}
    assert (ang001["actual"], ang001["severity"], ang001["category"]) == ("18.507.134.000", "error", "konsistensi-angka")
    assert ang001["expected"].replace(",", "") == "18567134000"
    assert ang003["location"]["path"] == "anggaran.realisasi_rincian.rincian[EBA].rincian[994].persen"
    assert ang003["location"]["line"] == 12
    assert ang003["actual"] == "99.41%"
    assert ang003["expected"] == "99.08"
    assert ang003["message"].startswith("Persentase realisasi ro 994")
    assert len({f["fingerprint"] for f in doc["findings"]}) == 2
    assert doc["reports"][0]["file"] == "both.yaml" and doc["reports"][0]["findings"] == 2


def test_json_is_deterministic(reports):
    runs = [lakin("check", "both.yaml", "--format", "json", *PIN, cwd=reports) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stdout


def test_json_without_findings():
    done = cli("check", CLEAN, "--format", "json", *PIN)
    assert done.returncode == 0
    doc = json.loads(done.stdout)
    check_contract(doc, 0)
    assert [r["file"] for r in doc["reports"]] == [CLEAN]


def test_json_with_source_lines(reports):
    """`baris` comes from a DataFrame column; it must reach the JSON as a plain number."""
    done = cli("check", "baris.yaml", "--format", "json", *PIN, cwd=reports)
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    assert sorted(f["location"]["baris"] for f in doc["findings"]) == [2137, 2140]


@pytest.fixture(scope="module")
def sample_json():
    return [lakin("check", SAMPLE, "--format", "json", *PACK) for _ in range(2)]


def test_sample_json_contract(sample_json):
    done = sample_json[0]
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    assert {"tool", "rulepacks", "reports", "findings", "summary"} <= set(doc)
    assert doc["findings"]
    for f in doc["findings"]:
        assert FINDING_KEYS <= set(f)
        assert LOCATION_KEYS <= set(f["location"])
    assert {("ANG001", 408), ("ANG003", 436)} <= {(f["rule"], f["location"]["line"]) for f in doc["findings"]}


def test_sample_json_is_deterministic(sample_json):
    assert sample_json[0].returncode == 1, sample_json[0].stderr
    assert json.loads(sample_json[0].stdout)["findings"]
    assert sample_json[0].stdout == sample_json[1].stdout


# --- text output, exit codes, selection, language -------------------------------------------------

def test_text_output_names_file_line_rule_and_figures():
    done = cli("check", SAMPLE, *PIN)
    assert done.returncode == 1
    assert f"{SAMPLE}:408: GALAT ANG001 pagu-induk-tidak-sama-jumlah-rincian" in done.stdout
    assert f"{SAMPLE}:436: GALAT ANG003 persen-realisasi-anggaran-salah-hitung" in done.stdout
    assert "tertulis 99.41%, seharusnya 99,08" in done.stdout
    assert done.stderr == ""


def test_text_output_is_deterministic():
    runs = [lakin("check", SAMPLE, *PIN) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout


EXIT_CODES = [
    ("findings-at-error", [SAMPLE, *PIN], 1),
    ("fail-on-never", [SAMPLE, *PIN, "--fail-on", "never"], 0),
    ("fail-on-warning", [SAMPLE, *PIN, "--fail-on", "warning"], 1),
    ("select-rule-that-fires", ["{dir}/only3.yaml", *PACK, "--select", "ANG003"], 1),
    ("select-rule-that-finds-nothing", ["{dir}/only3.yaml", *PACK, "--select", "ANG001"], 0),
    ("ignore-the-firing-rule", ["{dir}/only3.yaml", *PIN, "--ignore", "ANG003"], 0),
    ("clean-report", [CLEAN, *PIN], 0),
    ("unknown-fail-on", [SAMPLE, *PIN, "--fail-on", "sometimes"], 2),
    ("unknown-lang", [SAMPLE, *PIN, "--lang", "fr"], 2),
    ("unknown-rule-pack", [SAMPLE, "--rules", "tidak-ada"], 2),
]


@pytest.mark.parametrize(("args", "code"), [(a, c) for _, a, c in EXIT_CODES], ids=[i for i, _, _ in EXIT_CODES])
def test_exit_code(reports, args, code):
    done = cli("check", *[a.replace("{dir}", str(reports)) for a in args])
    assert done.returncode == code, done.stdout + done.stderr
    if code == 2:
        assert len(done.stderr.splitlines()) == 1


def test_lang_en_changes_the_message_language():
    en = cli("check", SAMPLE, *PIN, "--lang", "en").stdout.splitlines()
    default = cli("check", SAMPLE, *PIN).stdout.splitlines()
    assert any(line.strip().startswith("The realisation % of ro 994") for line in en)
    assert not any("The realisation %" in line for line in default)
    assert any(line.strip().startswith("Persentase realisasi ro 994") for line in default)
    assert not any("Persentase realisasi ro 994" in line for line in en)
    assert any(" ERROR ANG003 " in line for line in en)


def test_lang_en_in_json(reports):
    doc = json.loads(cli("check", "both.yaml", "--format", "json", "--lang", "en", *PIN, cwd=reports).stdout)
    [ang003] = [f for f in doc["findings"] if f["rule"] == "ANG003"]
    assert ang003["message"].startswith("The realisation %")


def test_ignore_removes_a_pack_prefix():
    assert "ANG0" in cli("check", SAMPLE, *PACK).stdout
    done = cli("check", SAMPLE, *PACK, "--ignore", "ANG")
    assert done.returncode == 0
    assert "ANG0" not in done.stdout
    assert cli("check", SAMPLE, *PIN, "--ignore", "ANG003").stdout.count("ANG003") == 0


def test_unknown_format_is_one_line_and_exit_2():
    done = cli("check", SAMPLE, "--format", "xml")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "--format" in done.stderr
    assert done.stdout == ""


# --- rules sub-commands ---------------------------------------------------------------------------

def test_rules_list():
    done = cli("rules", "list")
    assert done.returncode == 0
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    ang001 = [row for row in rows if row[0] == "ANG001"]
    assert len(ang001) == 1
    assert ang001[0][:5] == ["ANG001", "pagu-induk-tidak-sama-jumlah-rincian", "anggaran", "sum", "error"]
    assert "ANG003" in [row[0] for row in rows]


def test_rules_show():
    done = cli("rules", "show", "ANG001")
    assert done.returncode == 0
    assert "Pagu induk tidak sama dengan jumlah pagu rinciannya" in done.stdout
    # the failing example and what it expects
    assert "18.066.234.000" in done.stdout
    assert "anggaran.realisasi_rincian.rincian[EBA].pagu" in done.stdout
    en = cli("rules", "show", "ANG001", "--lang", "en")
    assert "Parent budget ceiling differs from the sum of its children" in en.stdout


def test_rules_show_names_the_example():
    assert "salah-ketik-ro" in cli("rules", "show", "ANG001").stdout


def test_rules_show_unknown_code():
    done = cli("rules", "show", "XYZ999")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1


def test_rules_test_passes():
    done = cli("rules", "test")
    assert done.returncode == 0, done.stdout
    assert done.stdout.rstrip().splitlines()[-1].endswith(" 0 failed")
