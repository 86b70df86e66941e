"""Render findings in a language: fill message templates, format numbers the reader's way.

Indonesian readers get `39.524.039.000` and `13,12`; English readers `39,524,039,000` and `13.12`.
Figures as written in the report are shown as written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from validator.findings import Finding
from validator.intervals import round_half_up

LANGS = ("id", "en")

OUTCOME_TEXT = {
    "mismatch": {"id": "tidak sesuai", "en": "does not match"},
    "rounded-down": {"id": "dibulatkan ke bawah (dipotong)", "en": "rounded down (truncated)"},
    "not-computable": {"id": "tidak dapat dihitung", "en": "not computable"},
    "missing": {"id": "data tidak lengkap", "en": "missing"},
    "violated": {"id": "tidak terpenuhi", "en": "not satisfied"},
}
ROUNDED_NOTE = {
    "id": "Nilai tertulis {actual} sama dengan hasil hitung {exact} yang dipotong, bukan dibulatkan; pembulatan yang lazim (setengah ke atas) memberi {expected}.",
    "en": "The written {actual} equals the computed {exact} truncated, not rounded; conventional half-up rounding gives {expected}.",
}
NOT_COMPUTABLE_NOTE = {
    "id": "Tidak dapat dihitung karena pembagi bernilai 0 atau tidak ada.",
    "en": "Cannot be computed: the divisor is 0 or absent.",
}
CULPRIT_NOTE = {
    "id": "Kemungkinan penyebab: {path} ({place}) tertulis {actual}; nilai {value} membuat {codes} terpenuhi sekaligus.",
    "en": "Likely culprit: {path} ({place}) is written {actual}; the value {value} makes {codes} all hold.",
}
PLACE = {"id": ("baris data {line}", "sel {cell}"), "en": ("data line {line}", "cell {cell}")}


def number(value: Decimal, lang: str, decimals: int | None = None) -> str:
    """A decimal in the reader's style, to `decimals` places (or as many as it has)."""
    if decimals is not None and decimals >= 0:
        value = round_half_up(value, decimals)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _, frac = text.partition(".")
    groups = f"{int(whole):,}"
    if lang == "id":
        groups = groups.replace(",", ".")
        return sign + groups + ("," + frac if frac else "")
    return sign + groups + ("." + frac if frac else "")


def in_unit(value: Decimal, scale: int, places: int | None) -> tuple[Decimal, int | None]:
    """A rupiah value shown in the unit its figure was written in (thousands for a Renja table)."""
    shift = len(str(scale)) - 1
    return value.scaleb(-shift), None if places is None else places + shift


def value_text(value: Any, lang: str, decimals: int | None = None) -> str:
    if isinstance(value, Decimal):
        return number(value, lang, decimals)
    return "" if value is None else str(value)


NOT_COMPUTED = {"id": "tidak dapat dihitung", "en": "not computable"}


def args_for(f: Finding, lang: str) -> dict[str, str]:
    """Template arguments: numbers formatted for `lang`, computed values to the reported precision."""
    out = {}
    if f.outcome in ("not-computable", "missing") and f.expected is None:
        out["expected"] = NOT_COMPUTED[lang]
    for name, value in f.args.items():
        if name in out and value in ("", None):
            continue
        places = f.expected_decimals if name in ("expected", "difference") else None
        if name in ("expected", "difference", "exact") and isinstance(value, Decimal) and f.scale != 1:
            value, places = in_unit(value, f.scale, places)
        if name == "exact" and isinstance(value, Decimal):
            value = round_half_up(value, 6).normalize()
        out[name] = value_text(value, lang, places)
    out["interval"] = interval_text(f, lang)
    return out


class _Args(dict):
    """Template arguments; a value the row does not state reads as a dash."""

    def __missing__(self, key: str) -> str:
        return "-"


def fill(template: str, args: dict[str, str]) -> str:
    return template.format_map(_Args(args))


def message(f: Finding, rule: Any, lang: str, args: dict[str, str] | None = None) -> str:
    """The finding's full message: the rule's template plus the outcome's own note (`args` from
    `args_for`, when the caller fills several templates of one finding)."""
    args = args if args is not None else args_for(f, lang)
    text = fill(rule.text("message", lang), args)
    if f.outcome == "rounded-down":
        text += " " + fill(ROUNDED_NOTE[lang], args)
    elif f.outcome == "not-computable":
        text += " " + NOT_COMPUTABLE_NOTE[lang]
    return text


def recommendation(f: Finding, rule: Any, lang: str, args: dict[str, str] | None = None) -> str:
    return fill(rule.text("rekomendasi", lang), args if args is not None else args_for(f, lang))


def interval_text(f: Finding, lang: str) -> str:
    """The computed interval, to three places more than the reported figure."""
    if f.interval_bounds is None:
        return ""
    places = (f.expected_decimals or 0) + 3
    low, high = (number(v, lang, places) for v in f.interval_bounds)
    return f"[{low} ; {high}]" if lang == "id" else f"[{low}, {high}]"


def cell_of(source: Any, line: int, column: int = 0) -> str:
    """The cell of a place in a workbook report (`Capaian!F5`); "" in a YAML or JSON report."""
    return source.cell(line, column) if hasattr(source, "cell") else ""


def place_name(source: Any, line: int, column: int, lang: str) -> str:
    """A place as the reader finds it: "sel Capaian!F5" in a workbook, else "baris data 101"."""
    cell = cell_of(source, line, column)
    by_line, by_cell = PLACE[lang]
    return by_cell.format(cell=cell) if cell else by_line.format(line=line)


def culprit_text(f: Finding, lang: str, source: Any) -> str:
    c = f.culprit
    if c is None:
        return ""
    return fill(CULPRIT_NOTE[lang], {"path": c.path, "place": place_name(source, c.line, c.column, lang), "actual": c.actual,
                                     "value": number(c.value, lang, c.decimals or 0), "codes": ", ".join(c.codes)})
