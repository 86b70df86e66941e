"""Waivers: a finding accepted in lakin-waivers.yaml is shown as waived and no longer fails the
gate, until its expiry date; a waiver that matches nothing is reported as stale; a bad waiver file
is one located problem (exit 2); `lakin baseline` accepts every current finding.

Checks pin `--rules anggaran --select ANG001,ANG003` so rules added later do not change the
findings these tests waive. "Today" is injected with $LAKIN_TODAY.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from tests.fixtures import run_cli, BOTH, LAKIN, ONLY_ANG003, PIN

from validator.engine import Options, run
from validator.rulepack import load_packs, pack_dirs
from validator.waivers import apply_waivers, load_waivers, schema

ROOT = Path(__file__).resolve().parent.parent

OTHER = BOTH.replace('kode: "999999", nama: Satker Contoh', 'kode: "999998", nama: Satker Lain')


def cli(*args: str, cwd: Path):
    return run_cli(*args, cwd=cwd)


def findings(folder: Path, *paths: str) -> dict[str, dict]:
    """rule → JSON finding record, without any waiver."""
    done = cli("check", *(paths or ("laporan.yaml",)), "--format", "json", "--no-waivers", *PIN, cwd=folder)
    return {f["rule"]: f for f in json.loads(done.stdout)["findings"]}


def waiver(fp: str, rule: str, **more: str) -> str:
    fields = {"fingerprint": f'"{fp}"', "rule": rule, "justification": '"Angka dikutip dari DIPA revisi terakhir."', **more}
    first, *rest = fields.items()
    return f"  - {first[0]}: {first[1]}\n" + "".join(f"    {k}: {v}\n" for k, v in rest)


def waiver_file(*entries: str) -> str:
    return "format: lakin-waivers/1\nwaivers:\n" + "".join(entries)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A folder with one report that has an ANG001 and an ANG003 finding."""
    (tmp_path / "laporan.yaml").write_text(BOTH, encoding="utf-8")
    monkeypatch.setenv("LAKIN_TODAY", "2026-01-15")
    return tmp_path


# --- applying waivers -----------------------------------------------------------------------------

def test_waiver_turns_a_failure_into_a_pass_until_it_expires(repo, monkeypatch):
    found = findings(repo)
    assert sorted(found) == ["ANG001", "ANG003"]
    (repo / "lakin-waivers.yaml").write_text(waiver_file(
        waiver(found["ANG001"]["fingerprint"], "ANG001", expires="2026-06-30"),
        waiver(found["ANG003"]["fingerprint"], "ANG003", expires="2026-06-30")), encoding="utf-8")
    assert cli("check", "laporan.yaml", *PIN, "--no-waivers", cwd=repo).returncode == 1

    monkeypatch.setenv("LAKIN_TODAY", "2026-06-29")
    done = cli("check", "laporan.yaml", *PIN, "--format", "json", cwd=repo)
    assert done.returncode == 0
    doc = json.loads(done.stdout)
    assert [f["waived"] for f in doc["findings"]] == [True, True]
    assert {f["waiver"]["status"] for f in doc["findings"]} == {"active"}
    assert doc["summary"]["waived"] == 2 and doc["summary"]["error"] == 0

    monkeypatch.setenv("LAKIN_TODAY", "2026-06-30")  # from the expiry date on, the waiver no longer applies
    done = cli("check", "laporan.yaml", *PIN, "--format", "json", cwd=repo)
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    assert [f["waived"] for f in doc["findings"]] == [False, False]
    assert {f["waiver"]["status"] for f in doc["findings"]} == {"expired"}
    assert all("2026-06-30" in f["waiver"]["note"] for f in doc["findings"])
    assert doc["summary"]["expired_waivers"] == 2 and doc["summary"]["error"] == 2


def test_one_waiver_leaves_the_other_finding_failing(repo):
    found = findings(repo)
    (repo / "lakin-waivers.yaml").write_text(waiver_file(waiver(found["ANG001"]["fingerprint"], "ANG001")), encoding="utf-8")
    done = cli("check", "laporan.yaml", *PIN, "--format", "json", cwd=repo)
    assert done.returncode == 1
    waived = {f["rule"]: f["waived"] for f in json.loads(done.stdout)["findings"]}
    assert waived == {"ANG001": True, "ANG003": False}


def test_waived_findings_are_shown_marked_in_text(repo):
    found = findings(repo)
    (repo / "lakin-waivers.yaml").write_text(waiver_file(
        waiver(found["ANG001"]["fingerprint"], "ANG001", accepted_by='"Tim Reviu Itjen"', expires="2026-06-30")), encoding="utf-8")
    text = cli("check", "laporan.yaml", *PIN, cwd=repo).stdout
    [line] = [l for l in text.splitlines() if " ANG001 " in l and l.startswith("laporan.yaml:")]
    assert line.endswith("[dikecualikan]")
    assert ("    Dikecualikan (lakin-waivers.yaml:3; disetujui oleh Tim Reviu Itjen; kedaluwarsa 2026-06-30): "
            "Angka dikutip dari DIPA revisi terakhir.") in text.splitlines()
    assert "1 temuan dikecualikan" in text
    [ang003] = [l for l in text.splitlines() if " ANG003 " in l and l.startswith("laporan.yaml:")]
    assert "[" not in ang003.split(")")[-1]  # the unwaived finding carries no mark

    english = cli("check", "laporan.yaml", *PIN, "--lang", "en", cwd=repo).stdout
    assert any(l.endswith("[waived]") for l in english.splitlines() if " ANG001 " in l)
    assert "1 findings waived" in english


def test_waived_findings_are_kept_in_json_with_the_waiver(repo):
    found = findings(repo)
    fp = found["ANG001"]["fingerprint"]
    (repo / "lakin-waivers.yaml").write_text(waiver_file(
        waiver(fp, "ANG001", report='"laporan.yaml"', accepted_by='"Tim Reviu"', accepted_on="2026-01-10")), encoding="utf-8")
    doc = json.loads(cli("check", "laporan.yaml", *PIN, "--format", "json", cwd=repo).stdout)
    assert doc["waivers"] == "lakin-waivers.yaml"
    assert len(doc["findings"]) == 2  # shown, not hidden
    [rec] = [f for f in doc["findings"] if f["rule"] == "ANG001"]
    assert rec["waived"] is True
    assert rec["waiver"] == {**rec["waiver"], "status": "active", "fingerprint": fp, "rule": "ANG001",
                             "justification": "Angka dikutip dari DIPA revisi terakhir.", "accepted_by": "Tim Reviu",
                             "accepted_on": "2026-01-10", "expires": None, "file": "lakin-waivers.yaml", "line": 3}
    assert [f["waiver"] for f in doc["findings"] if f["rule"] == "ANG003"] == [None]


def test_expired_waiver_says_when_in_text(repo):
    found = findings(repo)
    (repo / "lakin-waivers.yaml").write_text(waiver_file(
        waiver(found["ANG001"]["fingerprint"], "ANG001", expires="2026-01-01")), encoding="utf-8")
    done = cli("check", "laporan.yaml", *PIN, cwd=repo)
    assert done.returncode == 1
    assert any(l.endswith("[pengecualian kedaluwarsa]") for l in done.stdout.splitlines() if " ANG001 " in l)
    assert "kedaluwarsa pada 2026-01-01" in done.stdout
    assert "1 pengecualian kedaluwarsa" in done.stdout


def test_stale_waiver_is_reported_without_changing_the_exit_code(repo):
    found = findings(repo)
    (repo / "lakin-waivers.yaml").write_text(waiver_file(
        waiver(found["ANG001"]["fingerprint"], "ANG001", report='"laporan.yaml"'),
        waiver(found["ANG003"]["fingerprint"], "ANG003")), encoding="utf-8")
    assert cli("check", "laporan.yaml", *PIN, cwd=repo).returncode == 0
    (repo / "laporan.yaml").write_text(ONLY_ANG003, encoding="utf-8")  # the pagu is fixed: ANG001 is gone

    done = cli("check", "laporan.yaml", *PIN, cwd=repo)
    assert done.returncode == 0
    stale = [l for l in done.stdout.splitlines() if "usang" in l and not l.startswith("Pengecualian")]
    assert stale == [f"lakin-waivers.yaml:3: PERINGATAN pengecualian usang: ANG001 {found['ANG001']['fingerprint']} "
                     "(laporan.yaml) tidak cocok dengan temuan mana pun; hapus dari berkas pengecualian."]
    doc = json.loads(cli("check", "laporan.yaml", *PIN, "--format", "json", cwd=repo).stdout)
    assert [w["fingerprint"] for w in doc["stale_waivers"]] == [found["ANG001"]["fingerprint"]]
    assert doc["stale_waivers"][0]["line"] == 3
    assert (doc["summary"]["stale_waivers"], doc["summary"]["waived"]) == (1, 1)


def test_waivers_of_files_or_rules_not_checked_are_not_stale(repo):
    (repo / "lain.yaml").write_text(OTHER, encoding="utf-8")
    other = findings(repo, "lain.yaml")
    (repo / "lakin-waivers.yaml").write_text(waiver_file(
        waiver(other["ANG001"]["fingerprint"], "ANG001", report='"lain.yaml"')), encoding="utf-8")
    doc = json.loads(cli("check", "laporan.yaml", *PIN, "--format", "json", cwd=repo).stdout)
    assert doc["stale_waivers"] == []  # lain.yaml was not checked
    doc = json.loads(cli("check", "lain.yaml", "--rules", "anggaran", "--select", "ANG003", "--format", "json", cwd=repo).stdout)
    assert doc["stale_waivers"] == []  # ANG001 did not run
    doc = json.loads(cli("check", "lain.yaml", *PIN, "--format", "json", cwd=repo).stdout)
    assert doc["summary"]["waived"] == 1 and doc["stale_waivers"] == []


def test_waiver_matches_whether_the_report_is_checked_alone_or_with_others():
    """Fingerprints do not depend on the other reports of the run (quarterly reports included)."""
    annual = "sample_reports/000_lkj_2024_bpmp_ntt.yaml"
    packs = load_packs(pack_dirs(None))
    alone = {(f.code, f.path): f.fingerprint for f in run([str(ROOT / annual)], packs, Options()).findings}
    together = run([str(ROOT / annual), str(ROOT / "sample_reports/000_tw1_2024_bpmp_ntt.yaml")], packs, Options())
    with_tw = {(f.code, f.path): f.fingerprint for f in together.findings if f.report == 0}
    assert alone and {k: with_tw.get(k) for k in alone} == alone


def test_indonesian_keys_and_numeric_text(repo):
    found = findings(repo)
    (repo / "lakin-waivers.yaml").write_text(
        "format: lakin-waivers/1\nwaivers:\n"
        f"  - fingerprint: \"{found['ANG001']['fingerprint']}\"\n    aturan: ANG001\n    laporan: laporan.yaml\n"
        "    alasan: Sudah dijelaskan dalam catatan reviu.\n    disetujui_oleh: 198001012005011001\n"
        "    tanggal_disetujui: 2026-01-02\n    kedaluwarsa: 2026-03-31\n", encoding="utf-8")
    doc = json.loads(cli("check", "laporan.yaml", *PIN, "--format", "json", cwd=repo).stdout)
    [rec] = [f["waiver"] for f in doc["findings"] if f["rule"] == "ANG001"]
    assert (rec["status"], rec["justification"], rec["accepted_by"], rec["accepted_on"], rec["expires"]) == \
        ("active", "Sudah dijelaskan dalam catatan reviu.", "198001012005011001", "2026-01-02", "2026-03-31")


def test_apply_waivers_with_an_injected_today(repo):
    found = findings(repo)
    (repo / "w.yaml").write_text(waiver_file(waiver(found["ANG003"]["fingerprint"], "ANG003", expires="2030-01-01")), encoding="utf-8")
    accepted = load_waivers(str(repo / "w.yaml"))
    packs = load_packs(pack_dirs(["anggaran"]))
    for today, waived in ((date(2029, 12, 31), True), (date(2030, 1, 1), False)):
        result = run([str(repo / "laporan.yaml")], packs, Options(select=["ANG003"]))
        outcome = apply_waivers(result, accepted, today)
        assert [f.waived for f in result.findings] == [waived]
        assert (outcome.waived, len(outcome.expired), outcome.stale) == (int(waived), int(not waived), [])
        assert result.counts()["error"] == int(not waived)


# --- where the file is found ------------------------------------------------------------------------

def test_waiver_file_next_to_the_configuration_is_found_from_a_subfolder(repo):
    found = findings(repo)
    (repo / "lakin.toml").write_text('lang = "id"\n', encoding="utf-8")
    (repo / "lakin-waivers.yaml").write_text(waiver_file(
        waiver(found["ANG001"]["fingerprint"], "ANG001"), waiver(found["ANG003"]["fingerprint"], "ANG003")), encoding="utf-8")
    (repo / "sub").mkdir()
    assert cli("check", "../laporan.yaml", *PIN, cwd=repo / "sub").returncode == 0
    assert cli("check", "../laporan.yaml", *PIN, "--no-waivers", cwd=repo / "sub").returncode == 1


def test_waivers_key_and_option(repo):
    found = findings(repo)
    (repo / "ci").mkdir()
    (repo / "ci" / "diterima.yaml").write_text(waiver_file(
        waiver(found["ANG001"]["fingerprint"], "ANG001"), waiver(found["ANG003"]["fingerprint"], "ANG003")), encoding="utf-8")
    (repo / "kosong.yaml").write_text("format: lakin-waivers/1\nwaivers: []\n", encoding="utf-8")
    (repo / "lakin.toml").write_text('waivers = "ci/diterima.yaml"\n', encoding="utf-8")
    assert cli("check", "laporan.yaml", *PIN, cwd=repo).returncode == 0
    assert cli("check", "laporan.yaml", *PIN, "--waivers", "kosong.yaml", cwd=repo).returncode == 1
    (repo / "lakin.toml").write_text('waivers = "ci/tidak-ada.yaml"\n', encoding="utf-8")
    done = cli("check", "laporan.yaml", *PIN, cwd=repo)
    assert done.returncode == 2 and "tidak-ada.yaml: waivers: no such waiver file" in done.stderr


def test_output_over_the_waiver_file_is_refused(repo):
    (repo / "lakin-waivers.yaml").write_text(waiver_file(), encoding="utf-8")
    before = snapshot(repo)
    done = cli("check", "laporan.yaml", *PIN, "-o", "lakin-waivers.yaml", cwd=repo)
    assert done.returncode == 2 and "is the waiver file" in done.stderr
    assert snapshot(repo) == before


# --- a bad waiver file --------------------------------------------------------------------------------

FP = '"0123456789abcdef"'
BAD = {
    "bad-date": (waiver_file(waiver("0123456789abcdef", "ANG001", expires="30-06-2026")), 6, "not a date written YYYY-MM-DD"),
    "not-a-calendar-date": (waiver_file(waiver("0123456789abcdef", "ANG001", expires="2026-02-30")), 6, "not a date in the calendar"),
    "unknown-key": (waiver_file(waiver("0123456789abcdef", "ANG001", alasn='"x"')), 6, "did you mean 'alasan'"),
    "missing-justification": ("format: lakin-waivers/1\nwaivers:\n  - fingerprint: " + FP + "\n    rule: ANG001\n", 3,
                              "missing required field 'justification' (or 'alasan')"),
    "short-fingerprint": (waiver_file(waiver("0123", "ANG001")), 3, "is not a fingerprint"),
    "bad-rule": (waiver_file(waiver("0123456789abcdef", "ang-1")), 4, "is not a rule code"),
    "both-spellings": (waiver_file(waiver("0123456789abcdef", "ANG001", alasan='"x"')), 3, "'alasan' and 'justification' are the same field"),
    "twice": (waiver_file(waiver("0123456789abcdef", "ANG001"), waiver("0123456789abcdef", "ANG003")), 6, "already waived at line 3"),
    "no-format": ("waivers: []\n", 1, "must start with `format: lakin-waivers/1`"),
    "not-a-list": ("format: lakin-waivers/1\nwaivers:\n  fingerprint: x\n", 3, "expected a list"),
    "yaml-syntax": ("format: lakin-waivers/1\nwaivers: [\n", 3, "yaml-syntax"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_waiver_file_is_one_located_line(repo, name):
    text, line, says = BAD[name]
    (repo / "lakin-waivers.yaml").write_text(text, encoding="utf-8")
    before = snapshot(repo)
    done = cli("check", "laporan.yaml", *PIN, cwd=repo)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"lakin-waivers.yaml:{line}:"), lines[0]
    assert says in lines[0], lines[0]
    assert done.stdout == ""  # no report is checked with a broken waiver file
    assert snapshot(repo) == before


def test_malformed_waiver_file_through_the_installed_command(repo):
    (repo / "lakin-waivers.yaml").write_text(BAD["bad-date"][0], encoding="utf-8")
    done = subprocess.run([*LAKIN, "check", "laporan.yaml", *PIN], capture_output=True, text=True, cwd=repo)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.splitlines() == [
        "lakin-waivers.yaml:6:14: waivers: expires: '30-06-2026' is not a date written YYYY-MM-DD (waivers[0].expires)"]


def test_waiver_naming_the_wrong_rule_is_a_problem(repo):
    found = findings(repo)
    (repo / "lakin-waivers.yaml").write_text(waiver_file(waiver(found["ANG001"]["fingerprint"], "ANG003")), encoding="utf-8")
    done = cli("check", "laporan.yaml", *PIN, cwd=repo)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"lakin-waivers.yaml:3: waivers: the waiver says rule ANG003, but the finding with fingerprint "
        f"{found['ANG001']['fingerprint']} is ANG001; correct `rule`"]


def test_bad_today_is_a_usage_problem(repo, monkeypatch):
    (repo / "lakin-waivers.yaml").write_text(waiver_file(), encoding="utf-8")
    monkeypatch.setenv("LAKIN_TODAY", "besok")
    done = cli("check", "laporan.yaml", *PIN, cwd=repo)
    assert done.returncode == 2 and done.stderr.startswith("LAKIN_TODAY: usage:")


# --- lakin baseline -----------------------------------------------------------------------------------

def test_baseline_accepts_every_finding(repo):
    (repo / "lain.yaml").write_text(OTHER, encoding="utf-8")
    before = snapshot(repo)
    done = cli("baseline", "laporan.yaml", "lain.yaml", *PIN[:2], "-o", "lakin-waivers.yaml",
               "--expires", "2026-12-31", "--by", "Tim SAKIP", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "lakin-waivers.yaml:" in done.stdout
    assert {k: v for k, v in snapshot(repo).items() if k != "lakin-waivers.yaml"} == before  # inputs untouched
    text = (repo / "lakin-waivers.yaml").read_text("utf-8")
    accepted = load_waivers(str(repo / "lakin-waivers.yaml"))
    all_findings = json.loads(cli("check", "laporan.yaml", "lain.yaml", "--rules", "anggaran", "--format", "json",
                                  "--no-waivers", cwd=repo).stdout)["findings"]
    assert sorted(w.fingerprint for w in accepted.waivers) == sorted(f["fingerprint"] for f in all_findings)
    assert {(w.justification, w.accepted_by, w.accepted_on, w.expires) for w in accepted.waivers} == \
        {("baseline: diterima saat gerbang CI dipasang", "Tim SAKIP", date(2026, 1, 15), date(2026, 12, 31))}
    assert {w.report for w in accepted.waivers} == {"laporan.yaml", "lain.yaml"}
    assert "# GALAT ANG001, laporan.yaml:" in text

    done = cli("check", "laporan.yaml", "lain.yaml", "--rules", "anggaran", "--fail-on", "info", "--format", "json", cwd=repo)
    assert done.returncode == 0
    assert all(f["waived"] for f in json.loads(done.stdout)["findings"])


def test_baseline_file_matches_the_shipped_schema(repo):
    assert cli("baseline", "laporan.yaml", *PIN[:2], cwd=repo).returncode == 0
    jsonschema.Draft202012Validator.check_schema(schema())
    import yaml
    data = yaml.load((repo / "lakin-waivers.yaml").read_text("utf-8"), Loader=yaml.BaseLoader)  # every scalar as text
    assert list(jsonschema.Draft202012Validator(schema()).iter_errors(data)) == []


def test_baseline_refuses_to_overwrite(repo):
    (repo / "lakin-waivers.yaml").write_text("# kept\nformat: lakin-waivers/1\nwaivers: []\n", encoding="utf-8")
    before = snapshot(repo)
    done = cli("baseline", "laporan.yaml", *PIN[:2], cwd=repo)
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["lakin-waivers.yaml: usage: already exists; use --force to replace it"]
    assert snapshot(repo) == before
    assert cli("baseline", "laporan.yaml", *PIN[:2], "--force", cwd=repo).returncode == 0
    assert "# kept" not in (repo / "lakin-waivers.yaml").read_text("utf-8")


def test_baseline_never_writes_over_a_report(repo):
    before = snapshot(repo)
    done = cli("baseline", "laporan.yaml", *PIN[:2], "-o", "laporan.yaml", "--force", cwd=repo)
    assert done.returncode == 2 and "is one of the reports being checked" in done.stderr
    assert snapshot(repo) == before


@pytest.mark.parametrize("expires, says", [("31-12-2026", "not a date written YYYY-MM-DD"),
                                           ("2026-01-15", "is not after today (2026-01-15)")])
def test_baseline_bad_expiry(repo, expires, says):
    done = cli("baseline", "laporan.yaml", *PIN[:2], "--expires", expires, cwd=repo)
    assert done.returncode == 2 and says in done.stderr
    assert not (repo / "lakin-waivers.yaml").exists()


def test_baseline_writes_nothing_when_a_report_is_unusable(repo):
    (repo / "rusak.yaml").write_text("format: lakin/1\nlaporan: [\n", encoding="utf-8")
    done = cli("baseline", ".", *PIN[:2], cwd=repo)
    assert done.returncode == 2 and "rusak.yaml:" in done.stderr
    assert not (repo / "lakin-waivers.yaml").exists()
