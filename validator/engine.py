"""Run rule packs over loaded reports and assemble the result.

One pass per rule over the normalised tables of all reports at once; then the likely-culprit
analysis, fingerprints, and a stable order, so the same input gives the same output.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from checks import KINDS
from checks.base import RunData
from validator.config import Config
from validator.culprit import attach_culprits
from validator.findings import SEVERITIES, Finding, fingerprint
from validator.formula import FormulaError
from validator.loader import Batch, find_files, load_files, worker_count
from validator.partition import PARTITION_FROM, run_partitioned
from validator.problems import Problem
from validator.progress import Progress
from validator.rulepack import Pack, Rule


@dataclass
class Options:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)


@dataclass
class Result:
    batch: Batch
    packs: list[Pack]
    findings: list[Finding]
    problems: list[Problem]
    seconds: float
    config: Config | None = None
    waivers: Any = None  # validator.waivers.WaiverOutcome when a waiver file was applied

    @cached_property
    def identities(self) -> list[dict[str, Any]]:
        """Each report's row of the `laporan` table as a dict: reporters read it per finding, and
        a pandas row lookup per finding dominated rendering large batches."""
        return self.batch.tables["laporan"].to_dict("records")

    def by_report(self) -> list[list[Finding]]:
        """The findings of each report, in order (one pass: batches have many reports)."""
        grouped: list[list[Finding]] = [[] for _ in self.batch.sources]
        for f in self.findings:
            grouped[f.report].append(f)
        return grouped

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s and not f.waived) for s in SEVERITIES}


def selected(rule: Rule, options: Options) -> bool:
    """ruff-style selection: a code or a prefix; ignore wins over select."""
    codes = [rule.code, *rule.data.get("aliases", [])]
    def hit(patterns: list[str]) -> bool:
        return any(c.startswith(p) or rule.pack.name == p for c in codes for p in patterns)
    if options.select and not hit(options.select):
        return False
    return not hit(options.ignore)


def run_rules(batch: Batch, packs: list[Pack], options: Options,
              progress: Progress | None = None) -> tuple[list[Finding], list[Problem]]:
    """Every selected rule over the batch's tables."""
    findings: list[Finding] = []
    problems: list[Problem] = []
    if not batch.sources:
        return findings, problems
    chosen = [(pack, rule) for pack in packs for rule in pack.rules if selected(rule, options)]
    progress = progress or Progress()
    progress.task("menjalankan aturan / running rules", len(chosen))
    data = {pack.name: RunData(batch.tables, pack, options.parameters) for pack in packs}
    for pack, rule in chosen:
        progress.advance()
        try:
            found = KINDS[rule.kind].run(rule, data[pack.name])
        except (FormulaError, KeyError, ValueError) as exc:
            problems.append(Problem("rule-pack", rule.file, f"{rule.code} could not run: {exc}"))
            continue
        level = options.severity.get(rule.code)
        for f in found:
            if level:
                f.severity = level
            elif f.outcome == "rounded-down" and f.severity == "error":
                f.severity, f.category = "warning", "pembulatan"
            elif f.outcome == "not-computable":
                f.severity = "info"
        findings.extend(found)
    attach_culprits(findings)
    laporan = batch.tables["laporan"]
    identities = dict(zip(laporan["report"], zip(*(laporan[c] for c in ("satker_kode", "tahun", "jenis", "triwulan")))))
    for f in findings:
        f.fingerprint = fingerprint(f.code, identities[f.report], f.path, f.actual)
    findings.sort(key=Finding.sort_key)
    return findings, problems


def run(paths: list[str], packs: list[Pack], options: Options, progress: Progress | None = None) -> Result:
    started = time.perf_counter()
    files, found_problems = find_files(paths)
    workers = worker_count(len(files))
    with _fewer_collections():
        if len(files) >= PARTITION_FROM and workers > 1:
            batch, findings, problems = run_partitioned(files, found_problems, packs, options, workers, progress)
        else:
            batch = load_files(files, found_problems, progress)
            findings, problems = run_rules(batch, packs, options, progress)
    return Result(batch, packs, findings, batch.problems + problems, time.perf_counter() - started)


@contextmanager
def _fewer_collections():
    """A check allocates millions of small objects (parsed nodes, figures, rows) and makes no
    reference cycles (a run over 1,000 reports with the collector off left nothing for it); at
    Python's default thresholds the cyclic collector rescans the growing heap all the time, a fifth
    of the CPU. Collections stay possible (openpyxl leaves cycles behind), only far rarer. Workers
    forked meanwhile inherit the setting."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
