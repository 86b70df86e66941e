"""The review worksheet as an Excel workbook (`lakin check --format xlsx -o kkr.xlsx`).

Three sheets: "Ringkasan" (what was checked, findings per report and per category × severity),
"Temuan" (one row per finding with every field; header frozen, auto-filter on) and "Aturan" (the
rules of the packs used). openpyxl is imported here, inside `render`, so other formats never load it.

Report data is untrusted: every text cell is stored as a string (never a formula, even when it
starts with "="), and characters that XML cannot hold are dropped. The same input and date give
byte-identical output (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from validator.engine import Result
from validator.findings import SEVERITIES
from validator.reporters.worksheet import (LABELS, Worksheet, baris_value, build, category_text, date_text,
                                           severity_text)

SHEETS = ("Ringkasan", "Temuan", "Aturan")

#: Temuan columns: key, Indonesian header, English header, width.
COLUMNS = (
    ("report", "Laporan", "Report", 34), ("satker", "Satker", "Work unit", 12), ("tahun", "Tahun", "Year", 7),
    ("periode", "Periode", "Period", 11), ("severity", "Tingkat", "Severity", 11),
    ("category", "Kategori", "Category", 18), ("rule", "Aturan", "Rule", 9), ("name", "Nama aturan", "Rule name", 28),
    ("title", "Judul", "Title", 40), ("path", "Lokasi data", "Data location", 40),
    ("line", "Baris data", "Data line", 8), ("baris", "Baris dokumen", "Document line", 9),
    ("message", "Pesan", "Message", 60), ("kondisi", "Kondisi", "Condition", 60),
    ("kriteria", "Kriteria", "Criteria", 50), ("sebab", "Sebab", "Cause", 24), ("akibat", "Akibat", "Effect", 40),
    ("rekomendasi", "Rekomendasi", "Recommendation", 50), ("relation", "Rumus/relasi", "Formula/relation", 30),
    ("expected", "Seharusnya", "Expected", 16), ("interval", "Interval", "Interval", 24),
    ("actual", "Tertulis", "Reported", 16), ("difference", "Selisih", "Difference", 14),
    ("culprit", "Kemungkinan penyebab", "Likely culprit", 50), ("waived", "Dikecualikan", "Waived", 10),
    ("waiver", "Catatan pengecualian", "Waiver note", 40),
    ("fingerprint", "Sidik jari", "Fingerprint", 18),
)
RULE_COLUMNS = (
    ("code", "Kode", "Code", 9), ("name", "Nama", "Name", 34), ("pack", "Paket", "Pack", 18),
    ("version", "Versi", "Version", 9), ("severity", "Tingkat", "Severity", 11), ("category", "Kategori", "Category", 20),
    ("title", "Judul", "Title", 50), ("kriteria", "Kriteria", "Criteria", 70), ("findings", "Temuan", "Findings", 9),
)
YES_NO = {"id": ("ya", "tidak"), "en": ("yes", "no")}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL = 32767  # Excel's limit on the characters of one cell


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        return value[:MAX_CELL]
    return value


def _put(ws, row: int, col: int, value: Any, **style):
    cell = ws.cell(row=row, column=col)
    cell.value = _clean(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"   # a text cell, never a formula
    for name, val in style.items():
        setattr(cell, name, val)
    return cell


def _baris(value: Any) -> Any:
    value = baris_value(value)
    return value if value is None or isinstance(value, int) else str(value)


def _rows(ws: Worksheet) -> list[dict[str, Any]]:
    yes, no = YES_NO[ws.lang]
    out = []
    for s in ws.sections:
        for i in s.items:
            f = i.finding
            out.append({
                "report": s.file, "satker": s.satker_kode or s.satker_nama, "tahun": s.tahun, "periode": s.periode,
                "severity": severity_text(f.severity, ws.lang), "category": category_text(f.category, ws.lang),
                "rule": f.code, "name": i.rule.name, "title": i.judul, "path": f.path, "line": f.line,
                "baris": _baris(f.baris),
                "message": i.record["message"], "kondisi": f"{i.kondisi} ({f.path}; {i.where})",
                "kriteria": i.kriteria, "sebab": i.sebab or LABELS[ws.lang]["no_cause"], "akibat": i.akibat,
                "rekomendasi": i.rekomendasi, "relation": i.relation or "", "expected": i.expected,
                "interval": i.interval, "actual": i.actual, "difference": i.difference, "culprit": i.culprit,
                "waived": yes if i.waived else no, "waiver": i.waiver or "", "fingerprint": f.fingerprint,
            })
    return out


def render(result: Result, lang: str, today: date | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws_model = build(result, lang, today)
    w = LABELS[lang]
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="0B4F71")
    sub_fill = PatternFill("solid", fgColor="E8EDF2")
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="C9D0D8")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)

    book = Workbook()
    summary = book.active
    summary.title = SHEETS[0]

    def header(sheet, row: int, names: list[str]) -> None:
        for c, name in enumerate(names, start=1):
            _put(sheet, row, c, name, font=head_font, fill=head_fill, alignment=wrap, border=box)

    # Ringkasan: what was checked, then two tables.
    _put(summary, 1, 1, w["title"], font=Font(bold=True, size=14))
    meta = [(w["satker"], "; ".join(ws_model.satkers)), (w["year"], ", ".join(ws_model.years)),
            (w["period"], ", ".join(ws_model.periods)),
            (w["packs"], ", ".join(f"{n} {v}" for n, v, _ in ws_model.packs)), (w["tool"], ws_model.tool),
            (w["date"], date_text(ws_model.day, lang))]
    row = 3
    for key, value in meta:
        _put(summary, row, 1, key, font=bold)
        _put(summary, row, 2, value, alignment=wrap)
        row += 1
    row += 1
    _put(summary, row, 1, w["summary_rep"], font=Font(bold=True, size=12))
    row += 1
    header(summary, row, ["No.", w["report"], w["satker"], w["year"], w["period"],
                          *(severity_text(s, lang) for s in SEVERITIES), w["total"], w["waived"]])
    for s in ws_model.sections:
        row += 1
        c = s.counts()
        values = [s.number, s.file, s.satker, s.tahun, s.periode, *(c[sev] for sev in SEVERITIES),
                  sum(c[sev] for sev in SEVERITIES), c["waived"]]
        for col, value in enumerate(values, start=1):
            _put(summary, row, col, value, alignment=wrap, border=box)
    row += 2
    _put(summary, row, 1, w["summary_cat"], font=Font(bold=True, size=12))
    row += 1
    header(summary, row, [w["category"], *(severity_text(s, lang) for s in SEVERITIES), w["total"], w["waived"]])
    for cat in ws_model.categories():
        row += 1
        counts = [ws_model.count(cat, s) for s in SEVERITIES]
        for col, value in enumerate([category_text(cat, lang), *counts, sum(counts), ws_model.count(cat, waived=True)], 1):
            _put(summary, row, col, value, border=box)
    row += 1
    totals = [ws_model.count(severity=s) for s in SEVERITIES]
    for col, value in enumerate([w["total"], *totals, sum(totals), ws_model.count(waived=True)], 1):
        _put(summary, row, col, value, font=bold, fill=sub_fill, border=box)
    if ws_model.problems:
        row += 2
        _put(summary, row, 1, w["problems"], font=Font(bold=True, size=12))
        for problem in ws_model.problems:
            row += 1
            _put(summary, row, 1, problem)
    for col, width in enumerate((22, 40, 40, 8, 12, 11, 11, 11, 12, 9), start=1):
        summary.column_dimensions[get_column_letter(col)].width = width

    # Temuan: one row per finding.
    sheet = book.create_sheet(SHEETS[1])
    header(sheet, 1, [c[1] if lang == "id" else c[2] for c in COLUMNS])
    for r, record in enumerate(_rows(ws_model), start=2):
        for c, (key, *_rest) in enumerate(COLUMNS, start=1):
            _put(sheet, r, c, record[key], alignment=wrap)
    for c, (*_rest, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, sheet.max_row)}"

    # Aturan: the rules of the packs used.
    rules_sheet = book.create_sheet(SHEETS[2])
    header(rules_sheet, 1, [c[1] if lang == "id" else c[2] for c in RULE_COLUMNS])
    counts: dict[str, int] = {}
    for item in ws_model.items:
        counts[item.finding.code] = counts.get(item.finding.code, 0) + 1
    for r, rule in enumerate(ws_model.rules, start=2):
        values = [rule.code, rule.name, rule.pack.name, rule.pack.version, severity_text(rule.severity, lang),
                  category_text(rule.data.get("category", ""), lang), rule.text("title", lang),
                  rule.text("kriteria", lang), counts.get(rule.code, 0)]
        for c, value in enumerate(values, start=1):
            _put(rules_sheet, r, c, value, alignment=wrap)
    for c, (*_rest, width) in enumerate(RULE_COLUMNS, start=1):
        rules_sheet.column_dimensions[get_column_letter(c)].width = width
    rules_sheet.freeze_panes = "A2"
    rules_sheet.auto_filter.ref = f"A1:{get_column_letter(len(RULE_COLUMNS))}{max(1, rules_sheet.max_row)}"

    stamp = datetime(ws_model.day.year, ws_model.day.month, ws_model.day.day)
    book.properties.creator = ws_model.tool
    book.properties.title = w["title"]
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.lastModifiedBy = ws_model.tool
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """The same archive with every entry dated `stamp`, so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps `modified` with the clock on save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()
