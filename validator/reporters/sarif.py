"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers (docs/formats.md).

One run. `tool.driver.rules` describes every rule that ran (not only those that found something):
a viewer can then tell "checked and clean" from "not checked", rule indexes stay the same from one
run to the next under the same selection, and the 80-odd descriptors cost little. Waived findings
stay in `results` with an external suppression, so a viewer shows them as dismissed instead of
losing them; an expired waiver is noted in the result's properties. Files that could not be used
become error notifications of the invocation, stale waivers warning notifications.

Deterministic: the same input and working directory give byte-identical output (no timings, no
absolute paths for files under the working directory, stable order).
"""

from __future__ import annotations

from typing import Any

from validator import __version__
from validator.engine import Result
from validator.problems import Problem
from validator.reporters._shared import (WORDS, artifact_location, baris, home_uri, json_text, rule_doc_uri,
                                         rules_that_ran, template_text)
from validator.reporters.json_report import finding_record
from validator.rulepack import Rule
from validator.waivers import stale_lines, summary_counts, waiver_record

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "lakinFingerprint/v1"
#: finding_record fields carried in a result's property bag.
RESULT_PROPERTIES = ("severity", "category", "outcome", "expected", "expected_interval", "actual", "difference",
                     "satker", "tahun", "periode", "rekomendasi", "inputs", "culprit")


def _region(line: int, column: int) -> dict[str, int] | None:
    if not line or line < 1:
        return None
    region = {"startLine": line}
    if column and column > 0:
        region["startColumn"] = column
    return region


def _physical(file: str, line: int, column: int, cell: str = "") -> dict[str, Any]:
    """A place in a data file; in a workbook report the cell, in the property bag (SARIF regions
    count text lines, which a workbook does not have)."""
    physical: dict[str, Any] = {"artifactLocation": artifact_location(file)}
    region = None if cell else _region(line, column)
    if region:
        physical["region"] = region
    if cell:
        physical["properties"] = {"cell": cell}
    return physical


def _help(rule: Rule, lang: str) -> dict[str, str]:
    words = WORDS[lang]
    why = (rule.data.get("docs") or {}).get("why") or {}
    why = why.get(lang, "") if isinstance(why, dict) else ""
    uri = rule_doc_uri(rule, lang)
    parts = [("kriteria", rule.text("kriteria", lang)), ("why", why), ("akibat", rule.text("akibat", lang)),
             ("recommend", rule.text("rekomendasi", lang))]
    text = [rule.text("title", lang), ""]
    markdown = [f"**{rule.code} {rule.name}**: {rule.text('title', lang)}", ""]
    for key, value in parts:
        if value:
            shown = template_text(value) if key == "recommend" else value
            text.append(f"{words[key]}: {shown}")
            markdown.append(f"**{words[key]}.** {template_text(value, 'markdown') if key == 'recommend' else value}")
            markdown.append("")
    text.append(f"{words['docs']}: {uri}")
    markdown.append(f"{words['docs']}: [docs/rules/{lang}/{rule.code}.md]({uri})")
    return {"text": "\n".join(text), "markdown": "\n".join(markdown)}


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def rule_descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.text("title", lang)},
        "fullDescription": {"text": rule.text("kriteria", lang) or rule.text("title", lang)},
        "helpUri": rule_doc_uri(rule, lang),
        "help": _help(rule, lang),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": rule.data.get("category"),
            "pack": {"name": rule.pack.name, "version": rule.pack.version},
            "kind": rule.kind,
            "status": rule.data.get("status"),
            "references": list((rule.data.get("docs") or {}).get("references") or []),
            "tags": _unique([rule.data.get("category"), rule.pack.name, rule.kind]),
        },
    }


def _result(f, rule_index: dict[str, int], rules: dict[str, Rule], result: Result, lang: str) -> dict[str, Any]:
    record = finding_record(f, rules[f.code], result, lang)
    source = result.batch.sources[f.report]
    out: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": LEVELS[f.severity],
        "message": {"text": record["message"]},
        "locations": [{
            "physicalLocation": _physical(source.file, f.line, f.column, record["location"].get("cell", "")),
            "logicalLocations": [{"fullyQualifiedName": f.path}],
        }],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {**{k: record[k] for k in RESULT_PROPERTIES}, "baris": baris(f.baris)},
    }
    if record["waiver"]:
        out["properties"]["waiver"] = record["waiver"]
    if f.waived:
        w = f.waiver
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        if w is not None:
            suppression["justification"] = w.justification
            if w.file:
                suppression["location"] = {"physicalLocation": _physical(w.file, w.line, 0)}
            suppression["properties"] = {k: v for k, v in waiver_record(w).items() if v is not None}
        out["suppressions"] = [suppression]
    return out


def _stale(result: Result, lang: str) -> list[dict[str, Any]]:
    """A warning notification per stale waiver (one that matched no finding)."""
    outcome = result.waivers
    if outcome is None:
        return []
    notes = []
    for w, text in zip(outcome.stale, stale_lines(result, lang)):
        note: dict[str, Any] = {"level": "warning", "message": {"text": text}, "descriptor": {"id": "stale-waiver"}}
        if w.file:
            note["locations"] = [{"physicalLocation": _physical(w.file, w.line, 0)}]
        notes.append(note)
    return notes


def _notification(p: Problem) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "error", "message": {"text": p.one_line()}, "descriptor": {"id": p.type}}
    if p.file and p.file != "-":
        note["locations"] = [{"physicalLocation": _physical(p.file, p.line, p.column)}]
    if p.path:
        note["properties"] = {"path": p.path}
    return note


def document(result: Result, lang: str) -> dict[str, Any]:
    ran = rules_that_ran(result)
    rules = {rule.code: rule for rule in ran}
    rule_index = {rule.code: i for i, rule in enumerate(ran)}
    results = [_result(f, rule_index, rules, result, lang) for f in result.findings]
    invocation: dict[str, Any] = {"executionSuccessful": not result.problems and bool(result.batch.files_seen)}
    notifications = [_notification(p) for p in result.problems] + _stale(result, lang)
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": {
            "name": "lakin-audit",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": home_uri(),
            "rules": [rule_descriptor(rule, lang) for rule in ran],
        }},
        "invocations": [invocation],
        "language": lang,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "rulepacks": [{"name": p.name, "version": p.version} for p in result.packs],
            "summary": {**result.counts(), "findings": len(result.findings), "reports": len(result.batch.sources),
                        "problems": len(result.problems), **summary_counts(result)},
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(result: Result, lang: str) -> str:
    return json_text(document(result, lang)) + "\n"
