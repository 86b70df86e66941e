"""The generated rule documentation is up to date, and every rule page has its sections."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from validator.rulepack import load_packs, pack_dirs
from validator.ruledocs import rule_page

ROOT = Path(__file__).resolve().parent.parent
RULES = [rule for pack in load_packs(pack_dirs()) for rule in pack.rules]


def test_generated_rule_docs_are_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
@pytest.mark.parametrize(("lang", "sections"), [
    ("id", ["## Yang diperiksa", "## Mengapa penting", "## Contoh yang melanggar", "## Contoh yang lolos", "## Parameter"]),
    ("en", ["## What it checks", "## Why it matters", "## Failing example", "## Passing example", "## Parameters"]),
])
def test_rule_page_sections(rule, lang, sections):
    page = rule_page(rule, lang)
    assert all(section in page for section in sections)
    assert rule.text("kriteria", lang) in page
