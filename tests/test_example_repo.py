"""The example report repository (examples/repo-laporan/) behaves as its README and docs/ci.md say:
the gate fails without waivers, its waiver file waives what it documents (no stale waiver), a
baseline makes the gate pass, the CI files shown in docs/ci.md are the example's files, and the
pre-commit hook selects report files only. Nothing under the example is ever modified.

"Today" is pinned with $LAKIN_TODAY: the waivers carry real expiry dates.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.fixtures import run_cli
import yaml

from validator.reporters import REPORTERS
from validator.waivers import load_waivers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "repo-laporan"
TODAY = "2026-01-15"          # every committed waiver in force
AFTER_ANG_EXPIRY = "2026-04-01"  # the ANG027/ANG028 waivers expire on 2026-03-31 + 1 day

#: example file → the sample report it copies (renamed only)
COPIES = {
    "laporan/419546-bpmp-ntt/2024/lkj.yaml": "000_lkj_2024_bpmp_ntt.yaml",
    "laporan/419546-bpmp-ntt/2024/tw1.yaml": "000_tw1_2024_bpmp_ntt.yaml",
    "laporan/419546-bpmp-ntt/2024/tw2.yaml": "000_tw2_2024_bpmp_ntt.yaml",
    "laporan/419546-bpmp-ntt/2024/tw3.yaml": "000_tw3_2024_bpmp_ntt.yaml",
    "laporan/419546-bpmp-ntt/2024/tw4.yaml": "000_tw4_2024_bpmp_ntt.yaml",
    "laporan/bgp-ntt/2023/lkj.yaml": "001_lkj_2023_bgp_ntt.yaml",
    "laporan/999001-bpmp-contoh/2024/lkj.yaml": "clean_lkj_2024_bpmp_contoh.yaml",
    "laporan/999001-bpmp-contoh/2024/tw3.yaml": "clean_tw3_2024_bpmp_contoh.yaml",
}


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(*args: str, cwd: Path = EXAMPLE):
    return run_cli(*args, cwd=cwd)


@pytest.fixture(scope="module")
def untouched():
    """Every test of this module leaves the example repository byte for byte as it was."""
    before = snapshot(EXAMPLE)
    yield
    assert snapshot(EXAMPLE) == before


@pytest.fixture
def today(monkeypatch, untouched):
    monkeypatch.setenv("LAKIN_TODAY", TODAY)


def check_json(*args: str, cwd: Path = EXAMPLE) -> tuple[int, dict]:
    done = cli("check", "laporan/", "--format", "json", *args, cwd=cwd)
    return done.returncode, json.loads(done.stdout)


# --- layout ---------------------------------------------------------------------------------------

def test_reports_are_renamed_copies_of_the_sample_reports():
    reports = sorted(str(p.relative_to(EXAMPLE)) for p in (EXAMPLE / "laporan").rglob("*.yaml"))
    assert reports == sorted(COPIES)
    for name, sample in COPIES.items():
        assert (EXAMPLE / name).read_bytes() == (ROOT / "sample_reports" / sample).read_bytes(), \
            f"{name} differs from sample_reports/{sample}: copy it again (and refresh lakin-waivers.yaml)"


# --- the gate ---------------------------------------------------------------------------------------

def test_gate_fails_without_waivers(today):
    code, doc = check_json("--no-waivers")
    assert code == 1
    assert doc["summary"]["error"] > 0 and doc["summary"]["waived"] == 0
    assert doc["waivers"] is None
    clean = [r for r in doc["reports"] if r["satker"]["kode"] == "999001"]
    assert len(clean) == 2 and all(r["findings"] == 0 for r in clean)
    assert cli("check", "laporan/", "--no-waivers").returncode == 1


def test_committed_waivers_waive_what_they_document(today):
    accepted = load_waivers(str(EXAMPLE / "lakin-waivers.yaml"))
    assert sorted(w.rule for w in accepted.waivers) == ["ANG027", "ANG028", "NKA001", "NKA001", "NKA001",
                                                       "PK006", "PK006", "PK006"]
    assert all(not w.justification.startswith("baseline") and w.accepted_by for w in accepted.waivers)
    code, doc = check_json()
    assert code == 1  # the README: other errors remain to be fixed
    assert doc["waivers"] == "lakin-waivers.yaml"  # from the `waivers` key of lakin.toml
    assert doc["stale_waivers"] == [] and doc["summary"]["expired_waivers"] == 0
    waived = {f["fingerprint"] for f in doc["findings"] if f["waived"]}
    assert waived == {w.fingerprint for w in accepted.waivers}
    for f in doc["findings"]:
        if f["waived"]:
            assert f["report"] == f["waiver"]["report"] and f["location"]["path"] == f["waiver"]["path"]
    _, bare = check_json("--no-waivers")
    assert doc["summary"]["error"] == bare["summary"]["error"] - 3  # the three NKA001 errors


def test_waived_findings_are_marked_in_the_text_output(today):
    text = cli("check", "laporan/").stdout
    marked = [line for line in text.splitlines() if line.endswith("[dikecualikan]")]
    assert len(marked) == 8 and sum(" NKA001 " in line for line in marked) == 3
    assert "Pengecualian (lakin-waivers.yaml): 8 temuan dikecualikan, 0 pengecualian kedaluwarsa, 0 pengecualian usang." in text


def test_waivers_expire_as_documented(monkeypatch, untouched):
    monkeypatch.setenv("LAKIN_TODAY", AFTER_ANG_EXPIRY)
    code, doc = check_json()
    assert code == 1
    expired = sorted(f["rule"] for f in doc["findings"] if f["waiver"] and f["waiver"]["status"] == "expired")
    assert expired == ["ANG027", "ANG028"]
    assert doc["summary"]["waived"] == 6 and doc["summary"]["expired_waivers"] == 2


def test_baseline_makes_the_gate_pass(tmp_path, today):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    reports_before = {k: v for k, v in snapshot(repo).items() if k.startswith("laporan")}

    refused = cli("baseline", "laporan/", cwd=repo)  # lakin-waivers.yaml exists
    assert refused.returncode == 2 and "already exists; use --force" in refused.stderr
    assert (repo / "lakin-waivers.yaml").read_bytes() == (EXAMPLE / "lakin-waivers.yaml").read_bytes()

    done = cli("baseline", "laporan/", "-o", "lakin-waivers.yaml", "--force", "--by", "Tim SAKIP",
               "--expires", "2026-12-31", cwd=repo)
    assert done.returncode == 0, done.stderr
    code, doc = check_json(cwd=repo)
    assert code == 0
    assert doc["summary"]["error"] == 0 and doc["stale_waivers"] == []
    assert all(f["waived"] for f in doc["findings"] if f["severity"] == "error")
    assert cli("check", "laporan/", cwd=repo).returncode == 0
    assert {k: v for k, v in snapshot(repo).items() if k.startswith("laporan")} == reports_before
    assert cli("check", "laporan/", "--no-waivers", cwd=repo).returncode == 1


def test_baseline_waivers_expire(tmp_path, monkeypatch, untouched):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    monkeypatch.setenv("LAKIN_TODAY", TODAY)
    assert cli("baseline", "laporan/", "--force", "--expires", "2026-06-30", cwd=repo).returncode == 0
    assert cli("check", "laporan/", cwd=repo).returncode == 0
    monkeypatch.setenv("LAKIN_TODAY", "2026-06-30")
    assert cli("check", "laporan/", cwd=repo).returncode == 1


# --- CI files and docs --------------------------------------------------------------------------------

CI_FILES = [EXAMPLE / ".github" / "workflows" / "lakin.yml", EXAMPLE / ".gitlab-ci.yml",
            EXAMPLE / ".pre-commit-config.yaml", ROOT / ".pre-commit-hooks.yaml"]


@pytest.mark.parametrize("path", CI_FILES, ids=[p.name for p in CI_FILES])
def test_ci_files_are_shown_verbatim_in_the_docs(path):
    yaml.safe_load(path.read_text("utf-8"))
    assert f"```yaml\n{path.read_text('utf-8')}```" in (ROOT / "docs" / "ci.md").read_text("utf-8"), \
        f"docs/ci.md does not show {path.relative_to(ROOT)} as it is"


def test_every_format_named_in_the_ci_files_exists():
    text = "".join(p.read_text("utf-8") for p in CI_FILES) + (ROOT / "docs" / "ci.md").read_text("utf-8")
    named = set(re.findall(r"--format (\w+)", text))
    assert {"sarif", "github", "markdown"} <= named
    assert named <= set(REPORTERS), sorted(named - set(REPORTERS))


def test_github_workflow_steps():
    workflow = yaml.safe_load((EXAMPLE / ".github" / "workflows" / "lakin.yml").read_text("utf-8"))
    steps = workflow["jobs"]["periksa"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert {"actions/checkout", "actions/setup-python", "github/codeql-action/upload-sarif"} <= set(uses)
    runs = [s.get("run", "") for s in steps]
    assert any("pip install" in r and "lakin-audit @ git+" in r for r in runs)
    sarif = [s for s in steps if "upload-sarif" in s.get("uses", "")][0]
    assert any(f"-o {sarif['with']['sarif_file']}" in r and "--format sarif" in r for r in runs)
    assert any("--format markdown" in r and '>> "$GITHUB_STEP_SUMMARY"' in r for r in runs)
    gate = runs[-1]
    assert "--format github" in gate and "--fail-on never" not in gate  # the last step is the gate


def test_pre_commit_hook_selects_report_files_only():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert (hook["id"], hook["language"], hook["entry"]) == ("lakin-check", "python", "lakin check")
    assert hook["require_serial"] is True

    def selected(path: str) -> bool:
        return bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)

    for path in COPIES:
        assert selected(path), path
    assert selected("data/laporan.json") and selected("lkj.yml")
    for path in ("lakin-waivers.yaml", "sub/lakin-waivers.yaml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
                 ".gitlab-ci.yml", ".github/workflows/lakin.yml", "lakin.toml", "README.md"):
        assert not selected(path), path
    config = yaml.safe_load((EXAMPLE / ".pre-commit-config.yaml").read_text("utf-8"))
    [used] = config["repos"][0]["hooks"]
    assert used["id"] == hook["id"] and re.search(used["files"], "laporan/bgp-ntt/2023/lkj.yaml")
