"""The review worksheet (Kertas Kerja Reviu): what the html, xlsx and chr reporters present.

One model, three presentations. `build(result, lang)` turns a run's findings into sections (one
per report) of items written the way an APIP reviewer writes a finding: Judul, Kondisi (figures
and place), Kriteria, Sebab (only when the rule states one), Akibat, Rekomendasi, and the
computation behind it. Every text is plain and unescaped here; each reporter escapes for its own
medium, because report data is untrusted.

The date of the check is today's date unless given (tests), set by $LAKIN_TODAY (as waiver expiry
is) or by SOURCE_DATE_EPOCH (the reproducible-builds convention); nothing else in the output
depends on the clock.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from validator import __version__
from validator.engine import Result
from validator.findings import SEVERITIES, Finding
from validator.render import (OUTCOME_TEXT, args_for, culprit_text, fill, in_unit, interval_text, message,
                              recommendation, value_text)
from validator.reporters.json_report import finding_record, rules_by_code
from validator.rulepack import BUILTIN_RULES, Rule

CATEGORIES = ("konsistensi-angka", "keselarasan-antar-bagian", "kelengkapan", "kewajaran", "pembulatan",
              "identitas", "waktu")

CATEGORY_TEXT = {
    "konsistensi-angka": {"id": "Konsistensi angka", "en": "Arithmetic consistency"},
    "keselarasan-antar-bagian": {"id": "Keselarasan antarbagian", "en": "Agreement across sections"},
    "kelengkapan": {"id": "Kelengkapan", "en": "Completeness"},
    "kewajaran": {"id": "Kewajaran", "en": "Reasonableness"},
    "pembulatan": {"id": "Pembulatan", "en": "Rounding"},
    "identitas": {"id": "Identitas laporan", "en": "Report identity"},
    "waktu": {"id": "Ketepatan waktu", "en": "Timeliness"},
}

SEVERITY_TEXT = {
    "error": {"id": "Galat", "en": "Error"},
    "warning": {"id": "Peringatan", "en": "Warning"},
    "info": {"id": "Info", "en": "Info"},
}

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Kertas Kerja Reviu Laporan Kinerja",
        "subtitle": "Hasil pemeriksaan otomatis data Laporan Kinerja (SAKIP)",
        "satker": "Satuan kerja", "year": "Tahun", "period": "Periode", "files": "Berkas data",
        "packs": "Paket aturan", "tool": "Alat", "date": "Tanggal pemeriksaan", "document": "Dokumen sumber",
        "annual": "Tahunan", "quarter": "Triwulan {n}",
        "summary": "Ringkasan", "summary_cat": "Jumlah temuan menurut kategori dan tingkat",
        "summary_rep": "Jumlah temuan menurut laporan dan tingkat",
        "index": "Daftar laporan", "report": "Laporan", "category": "Kategori", "severity": "Tingkat",
        "total": "Jumlah", "waived": "Dikecualikan", "waived_note": "Temuan ini dikecualikan (waiver) dan tidak dihitung dalam simpulan.",
        "finding": "Temuan", "findings": "temuan", "no_findings": "Tidak ada temuan.",
        "judul": "Judul", "kondisi": "Kondisi", "kriteria": "Kriteria", "sebab": "Sebab", "akibat": "Akibat",
        "rekomendasi": "Rekomendasi", "no_cause": "Tidak cukup data untuk menyimpulkan sebabnya.",
        "computation": "Perhitungan", "inputs": "Angka masukan", "name": "Nama", "value": "Nilai tertulis",
        "path": "Lokasi data", "line": "Baris data", "baris": "Baris dokumen",
        "relation": "Rumus/relasi", "expected": "Nilai seharusnya", "interval": "Interval hasil hitung",
        "actual": "Nilai tertulis", "difference": "Selisih", "culprit": "Kemungkinan penyebab",
        "outcome": "Hasil", "rule": "Aturan", "where": "Letak",
        "where_text": "berkas data {file} baris {line}",
        "where_cell": "berkas data {file} sel {cell}",
        "where_doc": "dokumen sumber baris {baris}",
        "ruledoc": "Dokumentasi aturan",
        "filters": "Saring temuan", "filter_sev": "Tingkat", "filter_cat": "Kategori", "filter_waived": "Status",
        "show_waived": "Tampilkan temuan yang dikecualikan", "reset": "Tampilkan semua",
        "showing": "Menampilkan {shown} dari {total} temuan.", "filtered_empty": "Tidak ada temuan yang cocok dengan saringan.",
        "filter_active": "Saringan aktif: hanya sebagian temuan ditampilkan.",
        "problems": "Berkas yang tidak dapat digunakan", "skip": "Lompat ke isi",
        "footer": "Kertas kerja ini disusun otomatis oleh {tool}. Reviu memberikan keyakinan terbatas; setiap temuan perlu dikonfirmasi kepada satuan kerja sebelum dituangkan dalam Catatan Hasil Reviu.",
        "reports_count": "{n} berkas (lihat daftar laporan)",
        "toc_to": "Kembali ke daftar laporan",
    },
    "en": {
        "title": "Performance Report Review Worksheet",
        "subtitle": "Automated check of Laporan Kinerja (SAKIP) data",
        "satker": "Work unit (satker)", "year": "Year", "period": "Period", "files": "Data files",
        "packs": "Rule packs", "tool": "Tool", "date": "Date of check", "document": "Source document",
        "annual": "Annual", "quarter": "Quarter {n}",
        "summary": "Summary", "summary_cat": "Findings by category and severity",
        "summary_rep": "Findings by report and severity",
        "index": "Reports", "report": "Report", "category": "Category", "severity": "Severity",
        "total": "Total", "waived": "Waived", "waived_note": "This finding is waived and is not counted in the conclusion.",
        "finding": "Finding", "findings": "findings", "no_findings": "No findings.",
        "judul": "Title", "kondisi": "Condition", "kriteria": "Criteria", "sebab": "Cause", "akibat": "Effect",
        "rekomendasi": "Recommendation", "no_cause": "Insufficient data to determine the cause.",
        "computation": "Computation", "inputs": "Input figures", "name": "Name", "value": "Value as written",
        "path": "Data location", "line": "Data line", "baris": "Document line",
        "relation": "Formula/relation", "expected": "Expected value", "interval": "Computed interval",
        "actual": "Reported value", "difference": "Difference", "culprit": "Likely culprit",
        "outcome": "Outcome", "rule": "Rule", "where": "Location",
        "where_text": "data file {file} line {line}",
        "where_cell": "data file {file} cell {cell}",
        "where_doc": "source document line {baris}",
        "ruledoc": "Rule documentation",
        "filters": "Filter findings", "filter_sev": "Severity", "filter_cat": "Category", "filter_waived": "Status",
        "show_waived": "Show waived findings", "reset": "Show all",
        "showing": "Showing {shown} of {total} findings.", "filtered_empty": "No finding matches the filter.",
        "filter_active": "Filter active: only some findings are shown.",
        "problems": "Files that could not be used", "skip": "Skip to content",
        "footer": "This worksheet was produced automatically by {tool}. A review gives limited assurance; confirm every finding with the work unit before it goes into the review report.",
        "reports_count": "{n} files (see the list of reports)",
        "toc_to": "Back to the list of reports",
    },
}


def check_date(today: date | None = None) -> date:
    """The date of the check: given, else $LAKIN_TODAY (YYYY-MM-DD, as for waivers), else
    SOURCE_DATE_EPOCH (UTC), else today."""
    if today is not None:
        return today
    with suppress(ValueError):
        return date.fromisoformat(os.environ.get("LAKIN_TODAY", "").strip())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def date_text(day: date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def category_text(category: str, lang: str) -> str:
    return CATEGORY_TEXT.get(category, {}).get(lang, category)


def severity_text(severity: str, lang: str) -> str:
    return SEVERITY_TEXT[severity][lang]


def period_text(jenis: str, triwulan: Any, lang: str) -> str:
    if jenis == "triwulan" and _known(triwulan):
        return LABELS[lang]["quarter"].format(n=ROMAN.get(int(triwulan), str(int(triwulan))))
    return LABELS[lang]["annual"] if jenis == "tahunan" else str(jenis)


def _known(value: Any) -> bool:
    return value is not None and value == value  # NaN is unknown


def _pretty(expr: str) -> str:
    for plain, sign in (("==", "="), ("<=", "≤"), (">=", "≥"), ("!=", "≠"), (" / ", " ÷ "), (" * ", " × ")):
        expr = expr.replace(plain, sign)
    return expr


def relation_text(rule: Rule, lang: str) -> str | None:
    """The rule's relation in one line, from its kind's parameters (None when it has no formula)."""
    p = rule.data.get("params", {}) or {}
    kind = rule.data.get("kind")
    try:
        if kind == "ratio":
            return f"{p['result']} = {p['numerator']} ÷ {p['denominator']} × {p.get('factor', 100)}"
        if kind == "formula":
            return f"{p['result']} = {_pretty(p['expr'])}"
        if kind == "assertion":
            return _pretty(p["expr"])
        if kind == "sum":
            part = p.get("child_value") or p["value"]
            return f"{p['value']} = Σ {part} " + ("rinciannya" if lang == "id" else "of its parts")
        if kind == "band":
            return (f"{p['grade']} = predikat untuk {p['score']} menurut rentang {p['bands']}" if lang == "id"
                    else f"{p['grade']} = the grade band {p['bands']} gives {p['score']}")
        if kind == "match":
            return f"{p['value']} = {p['other']}.{p.get('other_value') or p['value']}"
        if kind == "consistent":
            keys = ", ".join(p.get("key", []))
            return (f"{p['value']} sama untuk {keys} yang sama" if lang == "id"
                    else f"{p['value']} equal wherever {keys} is the same")
    except (KeyError, TypeError):
        return None
    return None


def shown(f: Finding, name: str, lang: str) -> str:
    """`expected` or `difference` as the message shows it: in the figure's unit, the reader's style."""
    args = args_for(f, lang)
    if name in f.args and args.get(name) not in ("", None):
        return args[name]
    value = getattr(f, name)
    if isinstance(value, Decimal):
        places = f.expected_decimals
        if f.scale != 1:
            value, places = in_unit(value, f.scale, places)
        return value_text(value, lang, places)
    return "" if value is None else str(value)


def rule_doc(rule: Rule, lang: str) -> str:
    """Where to read the rule's documentation, as plain text (no link leaves the page)."""
    command = f"lakin rules show {rule.code}"
    try:
        Path(rule.file).resolve().relative_to(BUILTIN_RULES)
    except ValueError:
        return command
    return f"docs/rules/{lang}/{rule.code}.md · {command}"


def place_text(f: Finding, file: str, cell: str, lang: str, file_fmt=str, value_fmt=str) -> str:
    """"data file F line N; source document line M" ("cell Sheet!F5" in a workbook report); the
    formatters escape or mark up the data-derived parts for the reporter's medium."""
    words = LABELS[lang]
    text = (words["where_cell"].format(file=file_fmt(file), cell=file_fmt(cell)) if cell
            else words["where_text"].format(file=file_fmt(file), line=f.line))
    if baris_value(f.baris) is not None:
        text += "; " + words["where_doc"].format(baris=value_fmt(str(baris_value(f.baris))))
    return text


def baris_value(baris: Any) -> Any:
    """The source document's line: an int when it is a whole number (tables hand out 2137.0)."""
    if not _known(baris):
        return None
    if isinstance(baris, float) and baris.is_integer():
        return int(baris)
    try:
        import numpy as np
        if isinstance(baris, np.integer):
            return int(baris)
    except ImportError:  # pragma: no cover - numpy comes with pandas
        pass
    return baris


def waiver_note(f: Finding, lang: str) -> str | None:
    """The waiver module's sentence on this finding's waiver, when it has one."""
    try:
        from validator.waivers import note
    except ImportError:  # pragma: no cover - waivers are part of the engine
        return None
    return note(f, lang)


@dataclass
class Item:
    """One finding, written as a reviewer writes it."""

    number: str                 # "2.3": report 2, finding 3
    finding: Finding
    rule: Rule
    record: dict[str, Any]      # json_report.finding_record (the full machine record)
    judul: str
    kondisi: str
    where: str                  # data file and line, document line (the path is finding.path)
    kriteria: str
    sebab: str | None           # None: the rule states no cause
    akibat: str
    rekomendasi: str
    relation: str | None
    expected: str
    interval: str
    actual: str
    difference: str
    culprit: str
    outcome: str
    doc: str
    waiver: str | None = None   # the waiver's note (who accepted it, why, until when), active or expired

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def category(self) -> str:
        return self.finding.category

    @property
    def waived(self) -> bool:
        return bool(self.finding.waived)


@dataclass
class Section:
    """One report of the run."""

    number: int
    file: str
    satker_kode: str
    satker_nama: str
    tahun: int | None
    jenis: str
    triwulan: int | None
    periode: str
    dokumen: str
    items: list[Item] = field(default_factory=list)

    @property
    def satker(self) -> str:
        if self.satker_nama and self.satker_kode:
            return f"{self.satker_nama} ({self.satker_kode})"
        return self.satker_nama or self.satker_kode or "-"

    def counts(self) -> dict[str, int]:
        out = {s: sum(1 for i in self.items if i.severity == s and not i.waived) for s in SEVERITIES}
        out["waived"] = sum(1 for i in self.items if i.waived)
        return out


@dataclass
class Worksheet:
    lang: str
    day: date
    tool: str
    packs: list[tuple[str, str, int]]
    sections: list[Section]
    problems: list[str]
    rules: list[Rule]

    @property
    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    @property
    def satkers(self) -> list[str]:
        """One entry per satker code (its first name seen), or per name when there is no code."""
        seen: dict[str, str] = {}
        for s in self.sections:
            seen.setdefault(s.satker_kode or s.satker_nama, s.satker)
        return list(seen.values())

    @property
    def years(self) -> list[str]:
        return [str(y) for y in sorted({s.tahun for s in self.sections if s.tahun is not None})]

    @property
    def periods(self) -> list[str]:
        return list(dict.fromkeys(s.periode for s in self.sections))

    def categories(self) -> list[str]:
        """Categories that have findings, in the canonical order, unknown ones last."""
        found = {i.category for i in self.items}
        return [c for c in CATEGORIES if c in found] + sorted(found - set(CATEGORIES))

    def count(self, category: str | None = None, severity: str | None = None, waived: bool = False) -> int:
        return sum(1 for i in self.items if i.waived == waived
                   and (category is None or i.category == category)
                   and (severity is None or i.severity == severity))


def _text(value: Any) -> str:
    return "" if not _known(value) else str(value)


def build(result: Result, lang: str, today: date | None = None) -> Worksheet:
    rules = rules_by_code(result)
    sections: list[Section] = []
    per_report = result.by_report()
    for index, source in enumerate(result.batch.sources):
        row = result.identities[index]
        triwulan = int(row["triwulan"]) if _known(row["triwulan"]) else None
        tahun = int(row["tahun"]) if _known(row["tahun"]) else None
        section = Section(index + 1, source.file, _text(row["satker_kode"]), _text(row["satker_nama"]), tahun,
                          _text(row["jenis"]), triwulan, period_text(_text(row["jenis"]), triwulan, lang),
                          _text(row.get("dokumen")))
        found = per_report[index]
        for n, f in enumerate(found, start=1):
            rule = rules[f.code]
            record = finding_record(f, rule, result, lang)
            where = place_text(f, source.file, record["location"].get("cell", ""), lang)
            sebab = rule.text("sebab", lang) or None
            if sebab:
                try:
                    sebab = fill(sebab, args_for(f, lang))
                except (ValueError, IndexError):
                    pass
            section.items.append(Item(
                number=f"{section.number}.{n}", finding=f, rule=rule,
                record=record,
                judul=rule.text("title", lang), kondisi=message(f, rule, lang), where=where,
                kriteria=rule.text("kriteria", lang), sebab=sebab, akibat=rule.text("akibat", lang),
                rekomendasi=recommendation(f, rule, lang), relation=relation_text(rule, lang),
                expected=shown(f, "expected", lang) if f.expected is not None else "",
                interval=interval_text(f, lang), actual=f.actual or "",
                difference=shown(f, "difference", lang) if f.difference is not None else "",
                culprit=culprit_text(f, lang, source), outcome=OUTCOME_TEXT.get(f.outcome, {}).get(lang, f.outcome),
                doc=rule_doc(rule, lang), waiver=waiver_note(f, lang)))
        sections.append(section)
    return Worksheet(
        lang=lang, day=check_date(today), tool=f"lakin-audit {__version__}",
        packs=[(p.name, p.version, len(p.rules)) for p in result.packs], sections=sections,
        problems=[p.one_line() for p in result.problems],
        rules=[rule for pack in result.packs for rule in pack.rules])
