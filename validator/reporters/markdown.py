"""A Markdown summary for a pull-request comment or $GITHUB_STEP_SUMMARY (docs/formats.md).

A headline with the counts per severity, then per report a table of its findings, most severe
first: severity, code, location (file:line), message, and reported → expected. Tables are capped
(MAX_ROWS per report, MAX_TOTAL_ROWS in all, which keeps a comment under GitHub's 65,536
characters); what is left out is counted ("… and N more"). Waived findings are counted, not listed.
"""

from __future__ import annotations

from validator.engine import Result
from validator.reporters._shared import display_path, severity_rank
from validator.reporters.json_report import rules_by_code
from validator.render import args_for, message, value_text
from validator.waivers import stale_lines

MAX_ROWS = 25
MAX_TOTAL_ROWS = 100

LABELS = {
    "id": {"title": "Hasil pemeriksaan lakin-audit", "error": "galat", "warning": "peringatan", "info": "info",
           "ERROR": "GALAT", "WARNING": "PERINGATAN", "INFO": "INFO",
           "headline": "**{n} temuan** pada {reports} laporan: {error} galat · {warning} peringatan · {info} info",
           "clean": "**Tidak ada temuan** pada {reports} laporan.",
           "waived": "{n} temuan dikecualikan (waiver) tidak dihitung.",
           "problems": "Berkas yang tidak dapat digunakan ({n}):",
           "stale": "Pengecualian usang ({n}), hapus dari berkas pengecualian:",
           "report_none": "tidak ada temuan", "report_n": "{n} temuan",
           "header": ("Tingkat", "Kode", "Lokasi", "Temuan", "Tertulis → seharusnya"),
           "more": "… dan {n} temuan lainnya (lihat keluaran lengkap: `lakin check --format text`)."},
    "en": {"title": "lakin-audit results", "error": "errors", "warning": "warnings", "info": "info",
           "ERROR": "ERROR", "WARNING": "WARNING", "INFO": "INFO",
           "headline": "**{n} finding{s}** in {reports} report{rs}: {error} errors · {warning} warnings · {info} info",
           "clean": "**No findings** in {reports} report{rs}.",
           "waived": "{n} waived finding{s} not counted.",
           "problems": "Files that could not be used ({n}):",
           "stale": "Stale waivers ({n}), remove them from the waiver file:",
           "report_none": "no findings", "report_n": "{n} finding{s}",
           "header": ("Severity", "Code", "Location", "Finding", "Reported → expected"),
           "more": "… and {n} more (see the full output: `lakin check --format text`)."},
}

_SPECIAL = "\\`*_[]<>|&"
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _s(n: int) -> str:
    """The English plural ending (the Indonesian labels do not use it)."""
    return "" if n == 1 else "s"


def cell(text: object) -> str:
    """Text safe in a table cell: Markdown punctuation escaped, no line breaks, no raw HTML."""
    out = []
    for ch in "" if text is None else str(text):
        if ch in _SPECIAL:
            out.append(_ENTITIES[ch] if ch in _ENTITIES else "\\" + ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out).strip()


def code(text: str) -> str:
    """An inline code span that survives backticks and pipes inside a table."""
    text = text.replace("|", "\\|").replace("\n", " ")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _values(f, lang: str) -> str:
    if f.actual is None and f.expected is None:
        return "—"
    expected = args_for(f, lang).get("expected") if f.scale != 1 else None
    if expected is None and f.expected is not None:
        expected = value_text(f.expected, lang, f.expected_decimals)
    return f"{cell(f.actual if f.actual is not None else '—')} → {cell(expected or '—')}"


def render(result: Result, lang: str) -> str:
    words = LABELS[lang]
    rules = rules_by_code(result)
    counts = result.counts()
    shown = [f for f in result.findings if not f.waived]
    reports = len(result.batch.sources)
    lines = [f"## {words['title']}", ""]
    lines.append(words["headline"].format(n=len(shown), s=_s(len(shown)), reports=reports, rs=_s(reports), **counts)
                 if shown else words["clean"].format(reports=reports, rs=_s(reports)))
    waived = sum(1 for f in result.findings if f.waived)
    if waived:
        lines += ["", words["waived"].format(n=waived, s=_s(waived))]
    stale = stale_lines(result, lang)
    if stale:
        lines += ["", words["stale"].format(n=len(stale)), ""]
        lines += [f"- {cell(line)}" for line in stale]
    if result.problems:
        lines += ["", words["problems"].format(n=len(result.problems)), ""]
        lines += [f"- {code(p.one_line())}" for p in result.problems]
    budget = MAX_TOTAL_ROWS
    shown_by_report: dict[int, list] = {}
    for f in shown:
        shown_by_report.setdefault(f.report, []).append(f)
    for report, source in enumerate(result.batch.sources):
        found = sorted(shown_by_report.get(report, []), key=lambda f: (severity_rank(f.severity), f.line, f.code))
        row = result.identities[report]
        period = f" TW{int(row['triwulan'])}" if row["jenis"] == "triwulan" else ""
        file = display_path(source.file)
        total = words["report_n"].format(n=len(found), s=_s(len(found))) if found else words["report_none"]
        lines += ["", f"### {code(file)} — {cell(row['satker_nama'] or row['satker_kode'])} {row['tahun']}{period}: {total}"]
        if not found:
            continue
        limit = min(MAX_ROWS, budget, len(found))
        if limit:
            lines += ["", "| " + " | ".join(words["header"]) + " |", "|" + "---|" * len(words["header"])]
            for f in found[:limit]:
                lines.append("| " + " | ".join([
                    words[f.severity.upper()], f.code, code(f"{file}:{f.line}"),
                    cell(message(f, rules[f.code], lang)), _values(f, lang)]) + " |")
        budget -= limit
        if len(found) > limit:
            lines += ["", words["more"].format(n=len(found) - limit)]
    return "\n".join(lines) + "\n"
