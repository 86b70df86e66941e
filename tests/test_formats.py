"""The machine formats of `lakin check`: sarif, junit, github and markdown (docs/formats.md).

Each is checked on the reference report 000 and on a clean report, against the JSON reporter's
counts; SARIF against the official OASIS SARIF 2.1.0 schema (vendored in tests/data/sarif/);
escaping with a report whose codes, names and file name carry the characters each format must
escape; waived findings with a waiver file; unusable files; determinism; and `-o FILE`.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.fixtures import BOTH, run_cli
from typer.testing import CliRunner

from validator.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "sample_reports/000_lkj_2024_bpmp_ntt.yaml"
CLEAN = "sample_reports/clean_lkj_2024_bpmp_contoh.yaml"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
LAKIN = [shutil.which("lakin")] if shutil.which("lakin") else [sys.executable, "-c", "from validator.cli import main; main()"]
FORMATS = ("sarif", "junit", "github", "markdown")
PIN = ["--rules", "anggaran", "--select", "ANG001,ANG003"]
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
COMMAND = {"error": "error", "warning": "warning", "info": "notice"}

# ANG001 (KRO pagu ≠ sum of its RO) and ANG003 (RO 994's persen ≠ realisasi ÷ pagu), with a KRO
# code and a satker name holding | < & > " % : , and a control character (BEL).
SPECIAL = BOTH.replace('satker: {kode: "999999", nama: Satker Contoh}', r'satker: {kode: "999999", nama: "Satker <Contoh> & | Uji"}') \
    .replace("kode: EBA", r'kode: "E|B<&>\"%:,\a*_`"')
SPECIAL_NAME = "laporan,uji:1.yaml"


def cli(*args: str, cwd: Path = ROOT):
    return run_cli(*args, cwd=cwd)


def lakin(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The installed command in its own process (its own hash seed)."""
    done = subprocess.run([*LAKIN, *args], capture_output=True, text=True, cwd=cwd)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def validate_sarif(doc: dict) -> None:
    errors = sorted(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def sample() -> dict[str, str]:
    """Every format's output for report 000, and its JSON."""
    out = {}
    for fmt in ("json", *FORMATS):
        done = cli("check", SAMPLE, "--format", fmt, "--no-waivers")
        assert done.returncode == 1, done.stderr
        out[fmt] = done.stdout
    return out


@pytest.fixture(scope="module")
def expected(sample) -> dict:
    return json.loads(sample["json"])


@pytest.fixture(scope="module")
def special(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("special")
    (folder / SPECIAL_NAME).write_text(SPECIAL, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def waived(tmp_path_factory) -> Path:
    """Report 000 copied beside a waiver file accepting its first finding, plus one stale waiver."""
    folder = tmp_path_factory.mktemp("waived")
    shutil.copy(ROOT / SAMPLE, folder / "laporan.yaml")
    doc = json.loads(cli("check", "laporan.yaml", "--format", "json", "--no-waivers", cwd=folder).stdout)
    first = doc["findings"][0]
    (folder / "lakin-waivers.yaml").write_text(
        "format: lakin-waivers/1\nwaivers:\n"
        f"  - fingerprint: \"{first['fingerprint']}\"\n    rule: {first['rule']}\n"
        "    justification: \"Sudah dikoreksi dalam revisi LKj, belum diunggah\"\n"
        "  - fingerprint: \"0123456789abcdef\"\n    rule: ANG001\n    justification: \"tidak ada lagi\"\n",
        encoding="utf-8")
    return folder


# --- SARIF ------------------------------------------------------------------------------------------

def test_sarif_is_valid_and_matches_json(sample, expected):
    doc = json.loads(sample["sarif"])
    validate_sarif(doc)
    assert doc["version"] == "2.1.0"
    [run] = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lakin-audit" and driver["version"] == expected["tool"]["version"]
    assert driver["informationUri"].startswith("https://")
    results = run["results"]
    assert len(results) == len(expected["findings"]) > 0
    for level in ("error", "warning", "info"):
        assert sum(r["level"] == LEVEL[level] for r in results) == expected["summary"][level]
    assert run["invocations"] == [{"executionSuccessful": True}]
    for r, f in zip(results, expected["findings"]):
        assert r["ruleId"] == f["rule"]
        assert r["message"]["text"] == f["message"]
        assert r["partialFingerprints"] == {"lakinFingerprint/v1": f["fingerprint"]}
        location = r["locations"][0]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": SAMPLE, "uriBaseId": "%SRCROOT%"}
        assert physical["region"]["startLine"] == f["location"]["line"]
        assert physical["region"].get("startColumn", 0) == f["location"]["column"]
        assert location["logicalLocations"] == [{"fullyQualifiedName": f["location"]["path"]}]
        props = r["properties"]
        assert (props["expected"], props["actual"], props["outcome"]) == (f["expected"], f["actual"], f["outcome"])
        assert props["baris"] == f["location"]["baris"] or float(props["baris"]) == float(f["location"]["baris"])
        assert "suppressions" not in r


def test_sarif_rules_describe_every_rule_that_ran(sample, expected):
    run = json.loads(sample["sarif"])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) == sum(p["rules"] for p in expected["rulepacks"])
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    by_id = {rule["id"]: rule for rule in rules}
    ang003 = by_id["ANG003"]
    assert ang003["name"] == "persen-realisasi-anggaran-salah-hitung"
    assert ang003["shortDescription"]["text"].startswith("Persentase realisasi anggaran")
    assert "realisasi ÷ pagu × 100" in ang003["fullDescription"]["text"]
    assert ang003["defaultConfiguration"] == {"level": "error"}
    assert "docs/rules/id/ANG003.md" in ang003["help"]["markdown"]
    assert "Rekomendasi" in ang003["help"]["text"] and "Agar" in ang003["help"]["text"]
    assert ang003["properties"]["pack"] == {"name": "anggaran", "version": "0.1.0"}
    assert "anggaran" in ang003["properties"]["tags"]
    severities = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert set(severities.values()) <= {"error", "warning", "note"}


def test_sarif_in_english(special):
    doc = json.loads(cli("check", SPECIAL_NAME, "--format", "sarif", "--lang", "en", *PIN, cwd=special).stdout)
    validate_sarif(doc)
    run = doc["runs"][0]
    assert run["language"] == "en"
    assert run["results"][1]["message"]["text"].startswith("The realisation % of ro 994")
    assert "docs/rules/en/ANG003.md" in run["tool"]["driver"]["rules"][1]["help"]["markdown"]


def test_sarif_escapes_uris_and_keeps_text(special):
    doc = json.loads(cli("check", SPECIAL_NAME, "--format", "sarif", *PIN, cwd=special).stdout)
    validate_sarif(doc)
    [first, _] = doc["runs"][0]["results"]
    uri = first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "laporan%2Cuji%3A1.yaml"
    assert 'E|B<&>"%:,\a*_`' in first["message"]["text"]


def test_sarif_file_outside_the_working_directory(special, tmp_path):
    report = special / SPECIAL_NAME
    doc = json.loads(cli("check", str(report), "--format", "sarif", *PIN, cwd=tmp_path).stdout)
    validate_sarif(doc)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": report.resolve().as_uri()}


def test_sarif_waived_findings_are_suppressed(waived):
    done = cli("check", "laporan.yaml", "--format", "sarif", cwd=waived)
    doc = json.loads(done.stdout)
    validate_sarif(doc)
    results = doc["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == 1
    [suppression] = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert suppression["justification"] == "Sudah dikoreksi dalam revisi LKj, belum diunggah"
    assert suppression["location"]["physicalLocation"]["artifactLocation"]["uri"] == "lakin-waivers.yaml"
    summary = doc["runs"][0]["properties"]["summary"]
    assert summary["waived"] == 1 and summary["stale_waivers"] == 1
    [stale] = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert stale["level"] == "warning" and "0123456789abcdef" in stale["message"]["text"]


def test_sarif_unusable_file_is_a_notification(tmp_path):
    (tmp_path / "rusak.yaml").write_text("format: lakin/1\nlaporan: [\n", encoding="utf-8")
    shutil.copy(ROOT / CLEAN, tmp_path / "baik.yaml")
    done = cli("check", ".", "--format", "sarif", cwd=tmp_path)
    assert done.returncode == 2
    doc = json.loads(done.stdout)
    validate_sarif(doc)
    [invocation] = doc["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"]["id"] == "yaml-syntax"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rusak.yaml"
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] >= 2


# --- JUnit ------------------------------------------------------------------------------------------

def junit_counts(root: ET.Element) -> tuple[int, int, int]:
    cases = root.findall(".//testcase")
    return len(cases), sum(c.find("failure") is not None for c in cases), sum(c.find("error") is not None for c in cases)


def test_junit_structure_matches_json(sample, expected):
    root = ET.fromstring(sample["junit"].encode("utf-8"))
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("name") == SAMPLE
    rules_run = sum(p["rules"] for p in expected["rulepacks"])
    failing_rules = {f["rule"] for f in expected["findings"] if not f["waived"]}
    assert junit_counts(root) == (rules_run, len(failing_rules), 0)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (str(rules_run), str(len(failing_rules)), "0")
    assert (root.get("tests"), root.get("failures")) == (str(rules_run), str(len(failing_rules)))
    worst = {}
    for f in expected["findings"]:
        worst.setdefault(f["rule"], f["severity"])      # findings come most severe first per report
    listed = 0
    for case in suite.findall("testcase"):
        code = case.get("name").split()[0]
        failure = case.find("failure")
        assert (failure is not None) == (code in failing_rules), code
        if failure is not None:
            mine = [f for f in expected["findings"] if f["rule"] == code]
            assert failure.get("type") == min((f["severity"] for f in mine), key=("error", "warning", "info").index)
            assert case.get("classname") == mine[0]["pack"]["name"]
            assert case.get("name") == f"{code} {mine[0]['name']}"
            for f in mine:
                assert f"{SAMPLE}:{f['location']['line']}" in failure.text
                assert f["message"] in failure.text
            listed += len(mine)
    assert listed == len(expected["findings"])


def test_junit_escapes_and_replaces_control_characters(special):
    text = cli("check", SPECIAL_NAME, "--format", "junit", *PIN, cwd=special).stdout
    root = ET.fromstring(text.encode("utf-8"))        # well-formed despite < & > " and BEL
    failure = root.find(".//testcase[@name='ANG001 pagu-induk-tidak-sama-jumlah-rincian']/failure")
    assert 'E|B<&>"%:,\ufffd*_`' in failure.get("message")
    assert "\a" not in text
    assert root.find("testsuite").get("name") == SPECIAL_NAME


def test_junit_waived_findings_pass_with_output(waived):
    root = ET.fromstring(cli("check", "laporan.yaml", "--format", "junit", cwd=waived).stdout.encode("utf-8"))
    doc = json.loads(cli("check", "laporan.yaml", "--format", "json", cwd=waived).stdout)
    [waived_finding] = [f for f in doc["findings"] if f["waived"]]
    case = root.find(f".//testcase[@name='{waived_finding['rule']} {waived_finding['name']}']")
    out = case.find("system-out")
    assert out is not None and waived_finding["message"] in out.text
    assert "Sudah dikoreksi" in out.text
    failure = case.find("failure")
    if failure is not None:                           # other findings of the same rule still fail
        assert waived_finding["message"] not in failure.text


def test_junit_unusable_file_is_an_error(tmp_path):
    (tmp_path / "rusak.yaml").write_text("format: lakin/1\nlaporan: [\n", encoding="utf-8")
    done = cli("check", "rusak.yaml", "--format", "junit", cwd=tmp_path)
    assert done.returncode == 2
    root = ET.fromstring(done.stdout.encode("utf-8"))
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "rusak.yaml" and suite.get("errors") == "1"
    error = suite.find("testcase/error")
    assert error.get("type") == "yaml-syntax" and "rusak.yaml" in error.text


# --- GitHub workflow commands ----------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+)(?:,col=(\d+))?,title=([^,:]+)::(.+)$")


def test_github_one_annotation_per_finding(sample, expected):
    lines = sample["github"].splitlines()
    findings = [f for f in expected["findings"] if not f["waived"]]
    assert len(lines) == len(findings)
    for line, f in zip(lines, findings):
        match = ANNOTATION.match(line)
        assert match, line
        kind, file, number, col, title, text = match.groups()
        assert kind == COMMAND[f["severity"]]
        assert (file, int(number)) == (SAMPLE, f["location"]["line"])
        assert title == f"{f['rule']} {f['name']}"
        assert text.split("%0A")[0] == f["message"].replace("%", "%25")
    for severity in ("error", "warning", "info"):
        assert sum(line.startswith(f"::{COMMAND[severity]} ") for line in lines) == expected["summary"][severity]


def test_github_escapes_data_and_properties(special):
    lines = cli("check", SPECIAL_NAME, "--format", "github", *PIN, cwd=special).stdout.splitlines()
    assert len(lines) == 2
    first = lines[0]
    assert first.startswith("::error file=laporan%2Cuji%3A1.yaml,line=8,col=")
    message = first.split("::", 2)[2]
    assert 'E|B<&>"%25:,' in message                   # % escaped in data; , and : kept there
    assert "%0A" in message and "\n" not in message and "\r" not in message
    assert "99.41%25" in lines[1]


def test_github_waived_findings_are_not_annotated(waived):
    lines = cli("check", "laporan.yaml", "--format", "github", cwd=waived).stdout.splitlines()
    doc = json.loads(cli("check", "laporan.yaml", "--format", "json", cwd=waived).stdout)
    findings = [f for f in doc["findings"] if not f["waived"]]
    stale = [line for line in lines if "title=lakin stale-waiver" in line]
    assert len(stale) == 1 and stale[0].startswith("::warning file=lakin-waivers.yaml,line=")
    assert len(lines) - len(stale) == len(findings)
    [gone] = [f for f in doc["findings"] if f["waived"]]
    assert not any(gone["message"].replace("%", "%25") in line for line in lines)


# --- Markdown ---------------------------------------------------------------------------------------

def table_rows(text: str) -> list[list[str]]:
    """Data rows of the Markdown tables, split on unescaped pipes."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Tingkat") and not line.startswith("| Severity"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_markdown_headline_and_table_match_json(sample, expected):
    text = sample["markdown"]
    s = expected["summary"]
    n = s["error"] + s["warning"] + s["info"]
    assert f"**{n} temuan** pada 1 laporan: {s['error']} galat · {s['warning']} peringatan · {s['info']} info" in text
    rows = table_rows(text)
    assert len(rows) == min(n, 25)
    assert all(len(row) == 5 for row in rows)
    order = {"GALAT": 0, "PERINGATAN": 1, "INFO": 2}
    ranks = [order[row[0]] for row in rows]
    assert ranks == sorted(ranks)                      # most severe first
    assert rows[0][2] == f"`{SAMPLE}:{expected['findings'][0]['location']['line']}`"
    if n > 25:
        assert f"… dan {n - 25} temuan lainnya" in text


def test_markdown_caps_long_tables_in_english(tmp_path):
    rows = "\n".join(f'      - {{tingkat: ro, kode: "{i:03}", pagu: "100", realisasi: "50", persen: "49%"}}'
                     for i in range(30))
    (tmp_path / "banyak.yaml").write_text(
        "format: lakin/1\nlaporan: {jenis: tahunan, tahun: 2024, satker: {kode: \"999999\", nama: Contoh}}\n"
        f"anggaran:\n  realisasi_rincian:\n    rincian:\n{rows}\n", encoding="utf-8")
    text = cli("check", "banyak.yaml", "--format", "markdown", "--lang", "en", *PIN, cwd=tmp_path).stdout
    assert "**30 findings** in 1 report: 30 errors · 0 warnings · 0 info" in text
    assert len(table_rows(text)) == 25
    assert "… and 5 more" in text
    assert "| Severity | Code | Location | Finding | Reported → expected |" in text


def test_markdown_escapes_table_cells(special):
    text = cli("check", SPECIAL_NAME, "--format", "markdown", *PIN, cwd=special).stdout
    rows = table_rows(text)
    assert len(rows) == 2 and all(len(row) == 5 for row in rows)
    assert r"E\|B&lt;&amp;&gt;" in rows[0][3]
    assert "<" not in "".join(rows[0]) and r"\*\_\`" in rows[0][3]
    assert "Satker &lt;Contoh&gt; &amp; \\| Uji" in text


def test_markdown_waived_counted_not_listed(waived):
    text = cli("check", "laporan.yaml", "--format", "markdown", cwd=waived).stdout
    doc = json.loads(cli("check", "laporan.yaml", "--format", "json", cwd=waived).stdout)
    assert "1 temuan dikecualikan (waiver) tidak dihitung." in text
    assert "Pengecualian usang (1)" in text
    [gone] = [f for f in doc["findings"] if f["waived"]]
    assert not any(row[2] == f"`laporan.yaml:{gone['location']['line']}`" and row[1] == gone["rule"]
                   for row in table_rows(text))


# --- every format -----------------------------------------------------------------------------------

def test_clean_report_in_every_format():
    outputs = {fmt: cli("check", CLEAN, "--format", fmt, "--no-waivers") for fmt in FORMATS}
    assert {fmt: done.returncode for fmt, done in outputs.items()} == dict.fromkeys(FORMATS, 0)
    sarif = json.loads(outputs["sarif"].stdout)
    validate_sarif(sarif)
    assert sarif["runs"][0]["results"] == [] and sarif["runs"][0]["tool"]["driver"]["rules"]
    root = ET.fromstring(outputs["junit"].stdout.encode("utf-8"))
    tests, failures, errors = junit_counts(root)
    assert tests > 0 and (failures, errors) == (0, 0)
    assert outputs["github"].stdout == ""
    assert "**Tidak ada temuan** pada 1 laporan." in outputs["markdown"].stdout
    assert table_rows(outputs["markdown"].stdout) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic_across_processes(fmt):
    runs = [lakin("check", SAMPLE, "--format", fmt, "--no-waivers") for _ in range(2)]
    assert runs[0].stdout and runs[0].stdout == runs[1].stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file(fmt, sample, tmp_path):
    target = tmp_path / "keluaran" / f"hasil.{fmt}"
    with contextlib.chdir(ROOT):
        done = CliRunner().invoke(app, ["check", SAMPLE, "--format", fmt, "--no-waivers", "-o", str(target)])
    assert done.exit_code == 1
    assert done.stdout == ""
    assert target.read_text("utf-8") == sample[fmt]


def test_markdown_example_in_docs_is_real_output():
    done = cli("check", SAMPLE, "--format", "markdown", "--no-waivers", *PIN)
    docs = (ROOT / "docs" / "formats.md").read_text("utf-8")
    assert f"```markdown\n{done.stdout}```" in docs, "docs/formats.md's Markdown example differs from the output"


def test_every_format_is_documented():
    docs = (ROOT / "docs" / "formats.md").read_text("utf-8")
    for fmt in FORMATS:
        assert f"## `{fmt}`" in docs
