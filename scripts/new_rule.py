"""Scaffold a rule: `python scripts/new_rule.py PACK KIND NAME` writes rules/PACK/<next code>.yaml.

The file has every required field, the kind's parameters (from its params schema) and one passing
and one failing example to fill in; `lakin rules test --rules rules/PACK` fails until they are
real, which is the point. Codes are never reused, so the next code follows the highest ever used
(including aliases).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks import KINDS  # noqa: E402
from checks.base import params_schema  # noqa: E402

TODO = {"id": "TODO (Bahasa Indonesia)", "en": "TODO (English)"}


def next_code(folder: Path, prefix: str) -> str:
    used = [int(m.group(1)) for path in folder.glob("*.yaml")
            for m in re.finditer(rf"\b{prefix}(\d{{3}})\b", path.read_text("utf-8"))]
    return f"{prefix}{max(used, default=0) + 1:03d}"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in KINDS or not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", argv[2]):
        print(f"usage: new_rule.py PACK KIND NAME (KIND one of {', '.join(sorted(KINDS))}; NAME kebab-case)",
              file=sys.stderr)
        return 2
    pack, kind, name = argv
    folder = ROOT / "rules" / pack
    if not (folder / "pack.yaml").is_file():
        print(f"no pack rules/{pack}/pack.yaml", file=sys.stderr)
        return 2
    prefix = yaml.safe_load((folder / "pack.yaml").read_text("utf-8"))["prefix"]
    code = next_code(folder, prefix)
    schema = params_schema(KINDS[kind].Params)
    rule = {
        "code": code, "name": name, "kind": kind, "status": "preview", "since": "0.1",
        "severity": "error", "category": "konsistensi-angka", "applies_to": "TODO (a table of docs/rules/tables.md)",
        "params": {p: f"TODO ({schema['properties'][p]})" for p in schema["required"]},
        "title": TODO, "message": TODO, "kriteria": TODO, "akibat": TODO,
        "rekomendasi": {"id": "Agar TODO", "en": "TODO"},
        "docs": {"why": TODO, "references": ["TODO regulation"]},
        "examples": [{"name": "lolos", "pass": {}}, {"name": "melanggar", "fail": {}, "expect": [{"path": "TODO"}]}],
    }
    target = folder / f"{code}.yaml"
    target.write_text(yaml.safe_dump(rule, allow_unicode=True, sort_keys=False, width=110), "utf-8")
    print(f"wrote {target.relative_to(ROOT)}; fill in the TODOs, then: lakin rules test --rules rules/{pack}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
