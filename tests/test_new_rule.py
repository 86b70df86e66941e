"""The rule scaffolder picks the next code, never reusing one (aliases count as used)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from new_rule import next_code  # noqa: E402


def test_next_code_follows_the_highest_ever_used(tmp_path):
    (tmp_path / "pack.yaml").write_text("prefix: UJI\n", "utf-8")
    assert next_code(tmp_path, "UJI") == "UJI001"
    (tmp_path / "UJI001.yaml").write_text("code: UJI001\n", "utf-8")
    (tmp_path / "UJI002.yaml").write_text("code: UJI002\naliases: [UJI007]\n", "utf-8")
    assert next_code(tmp_path, "UJI") == "UJI008"
