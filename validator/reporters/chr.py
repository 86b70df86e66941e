"""A draft Catatan Hasil Reviu (review notes) in Markdown (`lakin check --format chr`).

One part per satker and year (the annual report and its quarterly reports together), opening
with the limited-assurance statement a reviu allows ("… kami tidak menemukan hal-hal yang
menyebabkan kami yakin … kecuali …"), then the findings grouped by category in neutral wording
("terdapat perbedaan"), each with its place and recommendation ("Agar …"). Waived findings are
listed apart and left out of the conclusion. A draft for the reviewer to edit, not a verdict.

Report data is untrusted: data-derived text is flattened to one line and Markdown's active
characters are escaped, so it cannot open a heading, a link or raw HTML.
"""

from __future__ import annotations

import re
from datetime import date

from validator.engine import Result
from validator.reporters.worksheet import (CATEGORIES, LABELS, Item, Section, build, category_text, date_text,
                                           place_text)

TEXT = {
    "id": {
        "title": "Catatan Hasil Reviu atas Laporan Kinerja {unit} Tahun {year}",
        "draft": "Draf disusun otomatis oleh {tool} pada {date} dari berkas data: {files}. Periksa dan sesuaikan sebelum digunakan.",
        "scope": ("Kami telah melakukan reviu atas Laporan Kinerja {unit} Tahun {year} ({reports}). Reviu dilakukan "
                  "dengan menghitung ulang angka-angka yang disajikan dan membandingkan angka yang sama di beberapa "
                  "bagian laporan. Reviu memberikan keyakinan terbatas dan lingkupnya lebih sempit daripada audit, "
                  "sehingga kami tidak menyatakan pendapat atas laporan tersebut."),
        "clean": ("Berdasarkan reviu atas Laporan Kinerja {unit} Tahun {year}, kami tidak menemukan hal-hal yang "
                  "menyebabkan kami yakin bahwa data dan informasi kinerja yang disajikan tidak akurat, tidak andal, "
                  "atau tidak konsisten."),
        "except": ("Berdasarkan reviu atas Laporan Kinerja {unit} Tahun {year}, kami tidak menemukan hal-hal yang "
                   "menyebabkan kami yakin bahwa data dan informasi kinerja yang disajikan tidak akurat, tidak andal, "
                   "atau tidak konsisten, kecuali hal-hal berikut:"),
        "lead": {"mismatch": "Terdapat perbedaan", "rounded-down": "Terdapat perbedaan pembulatan",
                 "violated": "Terdapat ketidaksesuaian dengan kriteria", "missing": "Terdapat data yang tidak lengkap",
                 "not-computable": "Terdapat angka yang tidak dapat dihitung ulang"},
        "many": "{lead} pada {n} angka berikut:", "cause": "Sebab",
        "place": "Letak", "criteria": "Kriteria", "effect": "Akibat", "rec": "Rekomendasi",
        "waived": "Temuan yang dikecualikan (tidak dimasukkan dalam simpulan)",
        "close": ("Kami merekomendasikan agar hal-hal tersebut diperbaiki sebelum Laporan Kinerja ditetapkan dan "
                  "dipublikasikan."),
    },
    "en": {
        "title": "Review Notes on the Performance Report of {unit} for {year}",
        "draft": "Draft produced automatically by {tool} on {date} from the data files: {files}. Check and edit before use.",
        "scope": ("We have reviewed the Performance Report (Laporan Kinerja) of {unit} for {year} ({reports}). The "
                  "review recomputed the figures presented and compared the same figures across the sections of "
                  "the report. A review provides limited assurance and is substantially narrower in scope than an "
                  "audit; accordingly, we do not express an opinion on the report."),
        "clean": ("Based on our review of the Performance Report of {unit} for {year}, nothing has come to our "
                  "attention that causes us to believe that the performance data and information presented are "
                  "not accurate, reliable or consistent."),
        "except": ("Based on our review of the Performance Report of {unit} for {year}, nothing has come to our "
                   "attention that causes us to believe that the performance data and information presented are "
                   "not accurate, reliable or consistent, except for the following:"),
        "lead": {"mismatch": "There is a difference", "rounded-down": "There is a rounding difference",
                 "violated": "The criterion is not met", "missing": "Data are incomplete",
                 "not-computable": "A figure cannot be recomputed"},
        "many": "{lead} in the following {n} figures:", "cause": "Cause",
        "place": "Location", "criteria": "Criteria", "effect": "Effect", "rec": "Recommendation",
        "waived": "Waived findings (left out of the conclusion)",
        "close": "We recommend that these matters be corrected before the Performance Report is finalised and published.",
    },
}

# Markdown's active characters; "_" only where it could open or close emphasis (not inside a word).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ACTIVE = re.compile(r"([\\`*\[\]<>|#~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


def md(value: object) -> str:
    """Untrusted text as inert Markdown on one line."""
    text = " ".join(_CONTROL.sub("", str(value if value is not None else "")).split())
    return _ACTIVE.sub(r"\\\1", text)


def _code(value: object) -> str:
    """Untrusted text as an inline code span (backticks in it lengthen the fence)."""
    text = " ".join(_CONTROL.sub("", str(value if value is not None else "")).split())
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _groups(sections: list[Section]) -> list[list[Section]]:
    """Sections of the same satker and year together, in first-seen order."""
    groups: dict[tuple, list[Section]] = {}
    for s in sections:
        groups.setdefault((s.satker_kode or s.satker_nama, s.tahun), []).append(s)
    return list(groups.values())


def _place(item: Item, section: Section, multi: bool, t: dict, lang: str) -> str:
    where = place_text(item.finding, section.file, item.record["location"].get("cell", ""), lang, _code, md)
    if multi:
        where = f"{md(section.periode)}, {where}"
    return f"{t['place']}: {_code(item.finding.path)}; {where}."


def _rule_group(n: int, group: list[tuple[Section, Item]], multi: bool, t: dict, lang: str) -> list[str]:
    """One numbered point per rule: the condition(s), where, criteria and effect once, recommendation."""
    first = group[0][1]
    f = first.finding
    lead = t["lead"].get(f.outcome, t["lead"]["mismatch"])
    head = f"{n}. **{md(first.judul)}** ({_code(f.code)})."
    if len(group) == 1:
        s, i = group[0]
        out = [f"{head} {lead}: {md(i.kondisi)}", f"   - {_place(i, s, multi, t, lang)}"]
        tail = [f"   - {t['rec']}: {md(i.rekomendasi)}"]
    else:
        out = [f"{head} {t['many'].format(lead=lead, n=len(group))}"]
        for s, i in group:
            out += [f"   - {md(i.kondisi)}", f"     {_place(i, s, multi, t, lang)}",
                    f"     {t['rec']}: {md(i.rekomendasi)}"]
        tail = []
    out += [f"   - {t['criteria']}: {md(first.kriteria)}", f"   - {t['effect']}: {md(first.akibat)}"]
    if first.sebab:
        out.append(f"   - {t['cause']}: {md(first.sebab)}")
    return out + tail


def render(result: Result, lang: str, today: date | None = None) -> str:
    ws = build(result, lang, today)
    t = TEXT[lang]
    parts: list[str] = []
    for group in _groups(ws.sections):
        first = group[0]
        unit = md(first.satker_nama or first.satker_kode or first.file)
        year = str(first.tahun) if first.tahun is not None else "-"
        reports = md(", ".join(s.periode for s in group))
        files = ", ".join(_code(s.file) for s in group)
        out = [f"# {t['title'].format(unit=unit, year=year)}", "",
               f"*{t['draft'].format(tool=md(ws.tool), date=date_text(ws.day, lang), files=files)}*", "",
               t["scope"].format(unit=unit, year=year, reports=reports), ""]
        items = [(s, i) for s in group for i in s.items]
        open_items = [(s, i) for s, i in items if not i.waived]
        if not open_items:
            out += [t["clean"].format(unit=unit, year=year), ""]
        else:
            out += [t["except"].format(unit=unit, year=year), ""]
            multi = len(group) > 1
            found = {i.category for _, i in open_items}
            order = [c for c in CATEGORIES if c in found] + sorted(found - set(CATEGORIES))
            for letter, cat in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", order):
                out += [f"## {letter}. {md(category_text(cat, lang))}", ""]
                by_rule: dict[str, list[tuple[Section, Item]]] = {}
                for s, i in open_items:
                    if i.category == cat:
                        by_rule.setdefault(i.finding.code, []).append((s, i))
                for n, group_items in enumerate(by_rule.values(), start=1):
                    out += _rule_group(n, group_items, multi, t, lang)
                out.append("")
            out += [t["close"], ""]
        waived = [(s, i) for s, i in items if i.waived]
        if waived:
            out += [f"## {t['waived']}", ""]
            out += [f"- {_code(i.finding.code)} {md(i.judul)}: {md(i.kondisi)}"
                    + (f" {md(i.waiver)}" if i.waiver else "") for _, i in waived]
            out.append("")
        parts.append("\n".join(out).rstrip("\n") + "\n")
    if ws.problems:
        parts.append("\n".join([f"## {LABELS[lang]['problems']}", ""] + [f"- {_code(p)}" for p in ws.problems]) + "\n")
    return "\n---\n\n".join(parts)
