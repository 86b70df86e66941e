"""Write tests/expected/<report>.yaml: the findings the checker must produce for each sample report.

Run after a deliberate change, then review the diff: every new or lost finding is a behaviour
change. Hand-written annotations are kept: `audit` (the D## of the manual audit a finding is) and
`catatan` on findings, matched by rule and path, and the `tidak_ditemukan` section (audit items no finding
covers, with the reason).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator.engine import Options, run  # noqa: E402
from validator.rulepack import load_packs, pack_dirs  # noqa: E402
from validator.render import value_text  # noqa: E402

EXPECTED = ROOT / "tests" / "expected"
ANNOTATIONS = ("audit", "catatan")  # written by reviewers, kept across regenerations
SAMPLES = ROOT / "sample_reports"


def records(result) -> dict[str, list[dict]]:
    """Findings per report file, as plain comparable records."""
    out: dict[str, list[dict]] = {Path(s.file).name: [] for s in result.batch.sources}
    for f in result.findings:
        record = {"rule": f.code, "path": f.path, "outcome": f.outcome, "severity": f.severity, "line": f.line,
                  "actual": f.actual,
                  "expected": value_text(f.expected, "en", f.expected_decimals) if f.expected is not None else None}
        if f.culprit:
            record["culprit"] = {"path": f.culprit.path, "value": value_text(f.culprit.value, "en", f.culprit.decimals or 0)}
        out[Path(result.batch.sources[f.report].file).name].append(record)
    return out


def current() -> dict[str, list[dict]]:
    packs = load_packs(pack_dirs())
    return records(run([str(SAMPLES)], packs, Options()))


def main() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for name, found in current().items():
        target = EXPECTED / (Path(name).stem + ".yaml")
        old = yaml.safe_load(target.read_text("utf-8")) if target.is_file() else {}
        notes = {(f["rule"], f["path"]): {k: f[k] for k in ANNOTATIONS if k in f} for f in old.get("findings", [])}
        for f in found:
            f.update(notes.get((f["rule"], f["path"]), {}))
        doc = {"report": f"sample_reports/{name}", "findings": found}
        if old.get("tidak_ditemukan"):
            doc["tidak_ditemukan"] = old["tidak_ditemukan"]
        target.write_text("# Expected findings; regenerate with scripts/update_expected.py and review the diff.\n"
                          + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), "utf-8")
        print(f"{target.relative_to(ROOT)}: {len(found)} findings")


if __name__ == "__main__":
    main()
