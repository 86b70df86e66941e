"""JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure …; docs/formats.md).

One <testsuite> per report file and one <testcase> per rule that ran on it (classname = the pack,
name = "CODE name"). A rule with findings fails: <failure type="SEVERITY"> (the most severe of its
findings) lists each finding's place and message. A rule without findings passes. Waived findings
never fail; they are listed in the test case's <system-out>. A file that could not be used gets its
own suite with one <testcase> with an <error> per problem.

Deterministic: no timings or timestamps, stable order. Characters that XML 1.0 cannot carry
(control characters from a report's text) are replaced by U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from validator.engine import Result
from validator.reporters._shared import WORDS, baris, display_path, rules_that_ran, severity_rank
from validator.reporters.json_report import rules_by_code
from validator.render import message, recommendation, value_text
from validator.waivers import marker, note

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

SEVERITY_WORD = {"id": {"error": "GALAT", "warning": "PERINGATAN", "info": "INFO"},
                 "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"}}
LABELS = {
    "id": {"failure": "{n} temuan; yang pertama: {first}", "load": "berkas tidak dapat digunakan"},
    "en": {"failure": "{n} findings; the first: {first}", "load": "file could not be used"},
}


def clean(text: object) -> str:
    return _NOT_XML.sub("\ufffd", "" if text is None else str(text))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def finding_text(f, rule, file: str, lang: str) -> str:
    words = WORDS[lang]
    place = f"{file}:{f.line}" + (f":{f.column}" if f.column else "")
    doc = f" ({words['doc_line']} {baris(f.baris)})" if baris(f.baris) is not None else ""
    lines = [f"{place}: {SEVERITY_WORD[lang][f.severity]} {f.code} {f.path}{doc}", f"    {message(f, rule, lang)}"]
    if f.actual is not None and f.expected is not None:
        lines.append(f"    {words['actual']}: {f.actual}   {words['expected']}: "
                     f"{value_text(f.expected, lang, f.expected_decimals)}")
    lines.append(f"    {words['recommend']}: {recommendation(f, rule, lang)}")
    if f.waiver is not None:
        lines[0] += marker(f, lang)
        lines.append(f"    {note(f, lang)}")
    return "\n".join(lines)


def render(result: Result, lang: str) -> str:
    rules = rules_by_code(result)
    ran = rules_that_ran(result)
    root = ET.Element("testsuites", {"name": "lakin-audit"})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    per_report = result.by_report()
    for report, source in enumerate(result.batch.sources):
        file = display_path(source.file)
        found = per_report[report]
        suite = _element(root, "testsuite", name=file)
        row = result.identities[report]
        props = _element(suite, "properties")
        periode = f"TW{int(row['triwulan'])}" if row["jenis"] == "triwulan" else "tahunan"
        for name, value in (("satker", row["satker_kode"]), ("tahun", int(row["tahun"])), ("periode", periode)):
            _element(props, "property", name=name, value=value)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for rule in ran:
            mine = [f for f in found if f.code == rule.code]
            failing = [f for f in mine if not f.waived]
            waived = [f for f in mine if f.waived]
            case = _element(suite, "testcase", classname=rule.pack.name, name=f"{rule.code} {rule.name}")
            counts["tests"] += 1
            if failing:
                counts["failures"] += 1
                worst = min((f.severity for f in failing), key=severity_rank)
                first = message(failing[0], rule, lang)
                summary = first if len(failing) == 1 else LABELS[lang]["failure"].format(n=len(failing), first=first)
                _element(case, "failure", "\n\n".join(finding_text(f, rules[f.code], file, lang) for f in failing),
                         message=summary, type=worst)
            if waived:
                _element(case, "system-out", "\n\n".join(finding_text(f, rules[f.code], file, lang) for f in waived))
        suite.attrib.update({k: str(v) for k, v in counts.items()} | {"skipped": "0"})
        for key in totals:
            totals[key] += counts[key]
    by_file: dict[str, list] = {}
    for p in result.problems:
        by_file.setdefault(p.file, []).append(p)
    for file, problems in by_file.items():
        shown = display_path(file) if file and file != "-" else file
        n = str(len(problems))
        suite = _element(root, "testsuite", name=shown, tests=n, failures="0", errors=n, skipped="0")
        for p in problems:
            place = ":".join(str(v) for v in (p.line, p.column) if v)
            case = _element(suite, "testcase", classname="lakin-audit",
                            name=f"{LABELS[lang]['load']}: {p.type}" + (f" ({place})" if place else ""))
            _element(case, "error", p.one_line(), message=p.message, type=p.type)
        totals["tests"] += len(problems)
        totals["errors"] += len(problems)
    root.attrib.update({k: str(v) for k, v in totals.items()} | {"skipped": "0"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
