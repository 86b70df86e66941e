"""Write generated documentation, or with --check only say whether it is stale (CI runs that)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(files: dict[Path, str], check: bool, command: str) -> int:
    """Write `files` (path → text) that differ from disk; with `check`, write nothing and return 1
    when any differs, naming the command that regenerates them."""
    stale = [path for path, text in files.items() if not path.is_file() or path.read_text("utf-8") != text]
    if check:
        if stale:
            names = ", ".join(str(p.relative_to(ROOT)) for p in stale[:5])
            print(f"stale: {names}; run python {command}", file=sys.stderr)
            return 1
        return 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], "utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0
