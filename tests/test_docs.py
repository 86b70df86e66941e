"""The user documentation stays true to the code: every problem type is documented, the generated
field reference is current, and the worked example of docs/format.md loads without a problem."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from validator.loader import load
from validator.problems import PROBLEM_TYPES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = DOCS / "examples" / "contoh_minimal.yaml"


@pytest.mark.parametrize("problem_type", sorted(PROBLEM_TYPES))
def test_every_problem_type_is_in_errors_md(problem_type):
    text = (DOCS / "errors.md").read_text("utf-8")
    heading = re.search(rf"^#+ `{re.escape(problem_type)}`\s*$", text, re.MULTILINE)
    row = re.search(rf"^\| `{re.escape(problem_type)}` \|", text, re.MULTILINE)
    assert heading or row, f"docs/errors.md does not document {problem_type!r}"


def test_format_fields_md_is_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_format_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_worked_example_loads_without_problems():
    batch = load([str(EXAMPLE)])
    assert batch.files_seen == 1
    assert [p.one_line() for p in batch.problems] == []
    assert len(batch.sources) == 1


def test_worked_example_in_format_md_is_the_example_file():
    text = (DOCS / "format.md").read_text("utf-8")
    assert f"```yaml\n{EXAMPLE.read_text('utf-8')}```" in text, \
        "the YAML example in docs/format.md differs from docs/examples/contoh_minimal.yaml"
