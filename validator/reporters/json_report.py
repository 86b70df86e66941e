"""JSON output: a stable contract for other tools (documented in docs/json-output.md).

Deterministic: the same input gives byte-identical output (no timings, sorted keys, stable order).
"""

from __future__ import annotations

import multiprocessing
from typing import Any, Iterator

from validator import __version__
from validator.engine import Result
from validator.loader import cores
from validator.reporters._shared import json_text
from validator.render import args_for, cell_of, culprit_text, message, recommendation, value_text
from validator.rulepack import Rule
from validator.waivers import finding_waiver, summary_counts, waiver_record

SCHEMA_VERSION = "1"


def rules_by_code(result: Result) -> dict[str, Rule]:
    return {rule.code: rule for pack in result.packs for rule in pack.rules}


def finding_record(f, rule: Rule, result: Result, lang: str) -> dict[str, Any]:
    source = result.batch.sources[f.report]
    ident = result.identities[f.report]
    args = args_for(f, lang)
    text = message(f, rule, lang, args)
    return {
        "rule": f.code,
        "name": rule.name,
        "pack": {"name": rule.pack.name, "version": rule.pack.version},
        "guidance": rule.pack.meta.get("guidance"),
        "severity": f.severity,
        "category": f.category,
        "outcome": f.outcome,
        "report": source.file,
        "satker": ident["satker_kode"],
        "tahun": int(ident["tahun"]),
        "periode": f"TW{int(ident['triwulan'])}" if ident["jenis"] == "triwulan" else "tahunan",
        "location": {"file": source.file, "line": f.line, "column": f.column, "path": f.path,
                     "baris": f.baris, **_cell(source, f.line, f.column)},
        "title": rule.text("title", lang),
        "message": text,
        "kondisi": text,
        "kriteria": rule.text("kriteria", lang),
        "akibat": rule.text("akibat", lang),
        "rekomendasi": recommendation(f, rule, lang, args),
        "expected": value_text(f.expected, "en", f.expected_decimals) if f.expected is not None else None,
        "expected_interval": None if f.interval_bounds is None else [str(v) for v in f.interval_bounds],
        "actual": f.actual,
        "difference": value_text(f.difference, "en", f.expected_decimals) if f.difference is not None else None,
        "inputs": [{"name": i.name, "value": i.text, "path": i.path, "line": i.line,
                    **_cell(source, i.line, i.column)} for i in f.inputs],
        "culprit": None if f.culprit is None else {
            "path": f.culprit.path, "line": f.culprit.line, **_cell(source, f.culprit.line, f.culprit.column),
            "actual": f.culprit.actual,
            "value": value_text(f.culprit.value, "en", f.culprit.decimals or 0), "rules": list(f.culprit.codes),
            "note": culprit_text(f, lang, source)},
        "waived": f.waived,
        "waiver": finding_waiver(f, lang),
        "fingerprint": f.fingerprint,
    }


def _cell(source, line: int, column: int = 0) -> dict[str, str]:
    """{"cell": "Capaian!F5"} for a place in a workbook report; {} otherwise (YAML/JSON)."""
    cell = cell_of(source, line, column)
    return {"cell": cell} if cell else {}


def render(result: Result, lang: str) -> str:
    return "".join(chunks(result, lang))


_FINDINGS = "\x00findings\x00"  # stands for the findings list until it is written record by record
RECORDS_PER_SLICE = 2_000      # findings rendered together, in a worker for large batches
_RENDERING: tuple = ()         # (result, lang), inherited by forked workers


def _records(result: Result, lang: str) -> Iterator[str]:
    """The findings list's records as indented JSON text, in order. Rendering ~100,000 findings
    of a large batch took longer than anything else the main process does, so from two slices
    on they are rendered on every core (workers forked now share the result, read-only)."""
    global _RENDERING
    slices = range(0, len(result.findings), RECORDS_PER_SLICE)
    workers = min(cores(), len(slices))
    _RENDERING = (result, lang)
    if workers < 2:
        yield from map(_render_slice, slices)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_render_slice, slices)


def _render_slice(start: int) -> str:
    result, lang = _RENDERING
    rules = rules_by_code(result)
    texts = [json_text(finding_record(f, rules[f.code], result, lang)) for f in result.findings[start:start + RECORDS_PER_SLICE]]
    lead = "[\n    " if start == 0 else ",\n    "
    return lead + ",\n    ".join(t.replace("\n", "\n    ") for t in texts)


def chunks(result: Result, lang: str) -> Iterator[str]:
    """The JSON document in pieces, one finding record at a time: a batch of thousands of reports
    has ~100,000 findings, and holding all their records and the whole text at once cost gigabytes."""
    per_report = result.by_report()
    reports = [
        {"file": row["file"], "jenis": row["jenis"], "tahun": int(row["tahun"]),
         "triwulan": None if row["triwulan"] is None or row["triwulan"] != row["triwulan"] else int(row["triwulan"]),
         "satker": {"kode": row["satker_kode"], "nama": row["satker_nama"]},
         "findings": len(per_report[row["report"]])}
        for row in result.identities
    ]
    for entry, source in zip(reports, result.batch.sources):  # formula cells of a workbook, as notes
        if getattr(source, "notes", ()):
            entry["notes"] = [{"cell": n.cell, "formula": n.formula, "value": n.value, "message": n.text(lang)}
                              for n in source.notes]
    doc = {
        "tool": {"name": "lakin-audit", "version": __version__, "output_version": SCHEMA_VERSION},
        "lang": lang,
        "rulepacks": [{"name": p.name, "version": p.version, "rules": len(p.rules)} for p in result.packs],
        "config": result.config.source if result.config else None,
        "reports": reports,
        "problems": [{"type": p.type, "file": p.file, "line": p.line, "column": p.column, "path": p.path,
                      "message": p.message, **({"cell": p.cell} if p.cell else {})} for p in result.problems],
        "findings": _FINDINGS,
        "waivers": result.waivers.file if result.waivers else None,
        "stale_waivers": [waiver_record(w) for w in result.waivers.stale] if result.waivers else [],
        "summary": {**result.counts(), "findings": len(result.findings), "reports": len(reports),
                    "problems": len(result.problems), **summary_counts(result)},
    }
    head, tail = json_text(doc).split(json_text(_FINDINGS))
    yield head
    if not result.findings:
        yield "[]"
    yield from _records(result, lang)
    if result.findings:
        yield "\n  ]"
    yield tail + "\n"
