"""What the machine formats (JSON, SARIF, JUnit, GitHub, Markdown) have in common.

Which rules ran, where a report file is relative to the working directory, where a rule's
documentation lives, how JSON is written. Waivers are presented with validator.waivers' helpers.
No format lives here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from validator.engine import Result, selected
from validator.findings import SEVERITIES
from validator.rulepack import Rule

#: Used when the installed package names no home page (pyproject [project.urls]).
FALLBACK_HOME = "https://lakin-audit.example"

WORDS = {
    "id": {"error": "galat", "warning": "peringatan", "info": "info", "findings": "temuan",
           "reports": "laporan", "waived": "dikecualikan", "expected": "seharusnya", "actual": "tertulis",
           "recommend": "Rekomendasi", "kriteria": "Kriteria", "why": "Mengapa penting", "akibat": "Akibat",
           "docs": "Dokumentasi", "doc_line": "baris dokumen", "problem": "Berkas tidak dapat digunakan"},
    "en": {"error": "errors", "warning": "warnings", "info": "info", "findings": "findings",
           "reports": "reports", "waived": "waived", "expected": "expected", "actual": "reported",
           "recommend": "Recommendation", "kriteria": "Criterion", "why": "Why it matters", "akibat": "Effect",
           "docs": "Documentation", "doc_line": "source line", "problem": "File could not be used"},
}


def rules_that_ran(result: Result) -> list[Rule]:
    """Every rule selected for this run, in pack order; plus any rule that produced a finding.

    The CLI stores its Options on the result (`result.options`); without them every loaded rule
    counts as run.
    """
    options = getattr(result, "options", None)
    found = {f.code for f in result.findings}
    return [rule for pack in result.packs for rule in pack.rules
            if options is None or selected(rule, options) or rule.code in found]


def relative_path(file: str) -> str | None:
    """The file relative to the working directory, with `/` separators; None when outside it."""
    absolute = os.path.abspath(file)
    try:
        rel = os.path.relpath(absolute, os.getcwd())
    except ValueError:          # another drive (Windows)
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return Path(rel).as_posix()


def display_path(file: str) -> str:
    """The path to show a reader: relative to the working directory when inside it."""
    return relative_path(file) or Path(os.path.abspath(file)).as_posix()


def artifact_location(file: str) -> dict[str, str]:
    """A SARIF artifactLocation: relative to %SRCROOT% (the working directory) when possible."""
    rel = relative_path(file)
    if rel is None:
        return {"uri": Path(os.path.abspath(file)).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}


def home_uri() -> str:
    """The project's home page as installed (a Project-URL), else FALLBACK_HOME."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata
        urls = metadata("lakin-audit").get_all("Project-URL") or []
    except (ImportError, PackageNotFoundError):   # pragma: no cover - always installed
        urls = []
    by_label = {}
    for entry in urls:
        label, _, url = entry.partition(",")
        by_label[label.strip().lower()] = url.strip()
    for label in ("homepage", "home", "repository", "source"):
        if by_label.get(label, "").startswith("https://"):
            return by_label[label].rstrip("/")
    return FALLBACK_HOME


def rule_doc_uri(rule: Rule, lang: str) -> str:
    return f"{home_uri()}/docs/rules/{lang}/{rule.code}.md"


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def template_text(template: str, style: str = "text") -> str:
    """A rule text with its placeholders shown as names: `{kode}` → ‹kode› (or *kode*)."""
    import string

    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(f"*{name}*" if style == "markdown" else f"‹{name}›")
    return "".join(out)


def baris(value: object) -> object:
    """A finding's source-document line as written: 2137, not 2137.0 (pandas stores floats); None if absent."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def json_text(value: Any) -> str:
    """JSON indented by two spaces, non-ASCII text as is (the layout of the standard library's
    `json.dumps(value, ensure_ascii=False, indent=2)`), written by orjson: the standard encoder
    takes its slow pure-Python path when indenting, and a large batch has ~100,000 records."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
