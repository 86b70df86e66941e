"""Human-readable output: grouped by report, most severe first, a few lines per finding.

Colour is added by the CLI only when writing to a terminal; this module returns plain text.
"""

from __future__ import annotations

from validator.engine import Result
from validator.reporters.json_report import rules_by_code
from validator.render import OUTCOME_TEXT, args_for, cell_of, culprit_text, message, recommendation
from validator.waivers import marker, note, stale_lines, summary_line

LABELS = {
    "id": {"error": "GALAT", "warning": "PERINGATAN", "info": "INFO", "line": "baris data", "doc": "baris dokumen",
           "expected": "seharusnya", "actual": "tertulis", "recommend": "Rekomendasi", "none": "Tidak ada temuan.",
           "summary": "{n} temuan ({error} galat, {warning} peringatan, {info} info) pada {reports} laporan; {problems} berkas tidak dapat dibaca.",
           "problems": "Berkas yang tidak dapat digunakan:", "config": "Konfigurasi: {source}"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO", "line": "data line", "doc": "source line",
           "expected": "expected", "actual": "reported", "recommend": "Recommendation", "none": "No findings.",
           "summary": "{n} findings ({error} errors, {warning} warnings, {info} info) in {reports} reports; {problems} files could not be used.",
           "problems": "Files that could not be used:", "config": "Configuration: {source}"},
}


def render(result: Result, lang: str) -> str:
    words = LABELS[lang]
    rules = rules_by_code(result)
    lines: list[str] = []
    if result.problems:
        lines.append(words["problems"])
        lines += [f"  {p.one_line()}" for p in result.problems]
        lines.append("")
    per_report = result.by_report()
    for report, source in enumerate(result.batch.sources):
        found = per_report[report]
        row = result.identities[report]
        period = f" TW{int(row['triwulan'])}" if row["jenis"] == "triwulan" else ""
        lines.append(f"== {source.file} — {row['satker_nama'] or row['satker_kode']} {row['tahun']}{period}: {len(found)}")
        lines += [f"  {NOTE[lang]}: {n.text(lang)}" for n in getattr(source, "notes", ())]  # formula cells of a workbook
        for f in found:
            rule = rules[f.code]
            doc = f", {words['doc']} {f.baris}" if f.baris is not None else ""
            waived = marker(f, lang)
            lines.append(f"{source.file}:{place(source, f.line, f.column)}: {words[f.severity]} {f.code} {rule.name} "
                         f"({OUTCOME_TEXT[f.outcome][lang]}){waived}")
            lines.append(f"    {f.path}{doc}")
            args = args_for(f, lang)
            lines.append(f"    {message(f, rule, lang, args)}")
            if f.expected is not None and f.actual is not None:
                interval = args["interval"]
                lines.append(f"    {words['actual']}: {f.actual}   {words['expected']}: "
                             f"{args['expected']}" + (f"   interval {interval}" if interval else ""))
            if f.culprit:
                lines.append(f"    {culprit_text(f, lang, source)}")
            lines.append(f"    {words['recommend']}: {recommendation(f, rule, lang, args)}")
            if f.waiver is not None:
                lines.append(f"    {note(f, lang)}")
        lines.append("")
    if stale_lines(result, lang):
        lines += [*stale_lines(result, lang), ""]
    if len(result.batch.sources) > 1:
        lines += [*report_table(result, lang), ""]
    if result.config is not None and result.config.source:
        lines.append(words["config"].format(source=result.config.source))
    counts = result.counts()
    lines.append(words["summary"].format(n=len(result.findings), reports=len(result.batch.sources),
                                         problems=len({p.file for p in result.problems}), **counts))
    if summary_line(result, lang):
        lines.append(summary_line(result, lang))
    return "\n".join(lines) + "\n"


NOTE = {"id": "catatan", "en": "note"}


def place(source, line: int, column: int = 0) -> str:
    """Where a finding is: the data-file line, or a workbook's cell (Capaian!F5)."""
    return cell_of(source, line, column) or str(line)


TABLE_HEAD = {"id": ("berkas", "satker", "tahun", "periode", "galat", "peringatan", "info"),
              "en": ("file", "satker", "year", "period", "errors", "warnings", "info")}


def report_table(result: Result, lang: str) -> list[str]:
    """One line per report with its counts per severity, most findings first."""
    rows = []
    found = result.by_report()
    for report, source in enumerate(result.batch.sources):
        ident = result.identities[report]
        period = f"TW{int(ident['triwulan'])}" if ident["jenis"] == "triwulan" else ("tahunan" if lang == "id" else "annual")
        counts = [sum(1 for f in found[report] if f.severity == s and not f.waived) for s in ("error", "warning", "info")]
        rows.append((source.file, str(ident["satker_kode"] or "-"), str(ident["tahun"]), period, *map(str, counts)))
    rows.sort(key=lambda r: (-int(r[4]), -int(r[5]), r[0]))
    table = [TABLE_HEAD[lang], *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    fmt = lambda row: "  ".join(cell.ljust(w) if i < 4 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))  # noqa: E731
    return [fmt(table[0]), "  ".join("-" * w for w in widths), *map(fmt, table[1:])]
