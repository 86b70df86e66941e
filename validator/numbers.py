"""Read figures written the way Indonesian reports write them, keeping exact value and precision.

Reports mix Indonesian style (`39.524.039.000`, `96,77`), English style (`96.77`, `1,031,869,000`),
SAKTI exports (`39.524.039.000.00`), `Rp` prefixes and `%` or unit suffixes. The rules are in
docs/format.md ("Writing numbers"). Where a string cannot be read without guessing (`5.542` in a
field that may hold a decimal), it is a problem for the user to resolve, never a silent guess.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum

from validator.figures import Figure
from validator.problems import quoted


class Kind(Enum):
    """What a field holds, which decides how an ambiguous `5.542` is read."""

    MONEY = "uang"        # rupiah: whole numbers exact, `5.542` = 5542
    COUNT = "cacah"       # people, schools, volumes: whole numbers exact, `5.542` = 5542
    DECIMAL = "desimal"   # percentages, scores: `5.542` = 5.542
    WEIGHT = "bobot"      # weights fixed by definition (bobot 30, NKA 50 %): exact as written
    ANY = "nilai"         # unknown unit: a number, a grade, or a label; `5.542` is ambiguous


class NumberProblem(ValueError):
    """A figure that cannot be read as a number; `kind` is 'number' or 'ambiguous-number'."""

    def __init__(self, message: str, kind: str = "number") -> None:
        super().__init__(message)
        self.kind = kind


MAX_WHOLE_DIGITS = 20  # the State budget has 16 digits in rupiah; 1e400 is a typo, not a figure
MAX_DECIMALS = 12  # with the whole digits, within the 34 digits computed values keep (intervals.PRECISION)
MISSING_MARKS = frozenset({"", "-", "–", "—", "−"})
_NUMBER = re.compile(
    r"""^(?P<sign>[-−+])?\s*(?:rp\.?|idr)?\s*(?P<paren>\()?\s*(?P<digits>\d[\d.,]*)\s*\)?
        \s*(?:,-|\.-)?\s*(?P<unit>%|[A-Za-z][A-Za-z/ .]*)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_THOUSANDS_GROUPS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_EXPONENT = re.compile(r"^[-+]?\d+(?:\.\d+)?[eE][-+]?\d+$")  # JSON/YAML numbers such as 1e-05


def read_figure(
    text: str,
    kind: Kind,
    *,
    labels_allowed: bool = False,
    decimal_mark: str | None = None,
    scale: int = 1,
    line: int = 0,
    column: int = 0,
    exact: bool = False,
    path: str = "",
) -> Figure | None:
    """Read one written figure; None when it is written as no value (`-`, empty).

    `decimal_mark` ("," or ".") is a table's declaration that settles ambiguous strings; `exact`
    marks a number fixed by definition (a target), whatever its written precision.
    Raises NumberProblem for an unreadable or ambiguous number where a number is required.
    """
    written = text.replace("\u00a0", " ").strip()
    if written.isdecimal():  # plain digits, the most common figure: what _NUMBER would read
        value, decimals = Decimal(written), _bounded(Decimal(written), 0, text)
    elif written in MISSING_MARKS:
        return None
    elif _EXPONENT.match(written):
        value = Decimal(written)
        decimals = _bounded(value, max(0, -value.as_tuple().exponent), text)
        exact = exact or decimals == 0 and kind in (Kind.MONEY, Kind.COUNT) or kind is Kind.WEIGHT
        return Figure(value * scale, text, None if exact else decimals, scale, None, line, column, path)
    else:
        match = _NUMBER.match(written)
        if match is None or (match["unit"] and not _unit_ok(match["unit"])):
            if labels_allowed:
                return Figure(None, text, None, scale, written, line, column, path)
            raise NumberProblem(f"{quoted(text)} is not a number")
        value, decimals = _digits(match["digits"], kind, decimal_mark, text)
        _bounded(value, decimals, text)
        if match["sign"] in ("-", "−") or match["paren"]:
            value = -value
    if exact or (decimals == 0 and kind in (Kind.MONEY, Kind.COUNT)) or kind is Kind.WEIGHT:
        decimals = None
    return Figure(value * scale, text, decimals, scale, None, line, column, path)


def _bounded(value: Decimal, decimals: int, text: str) -> int:
    """`decimals`, after refusing a figure no report holds: exact arithmetic on 1e400 or 10**5000
    would overflow the decimal context, or need more digits than a computed value keeps."""
    if value.adjusted() >= MAX_WHOLE_DIGITS or decimals > MAX_DECIMALS:
        raise NumberProblem(f"{quoted(text)} is too large or too precise for a report figure "
                            f"(at most {MAX_WHOLE_DIGITS} whole digits and {MAX_DECIMALS} decimals)")
    return decimals


def _unit_ok(unit: str) -> bool:
    """A trailing `%` or a unit word (`orang`, `Lembaga`) is allowed; a grade in brackets is not."""
    return unit == "%" or unit.replace(" ", "").replace(".", "").replace("/", "").isalpha()


def _digits(digits: str, kind: Kind, decimal_mark: str | None, text: str) -> tuple[Decimal, int]:
    """Split digits and separators into (value, decimals written)."""
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        return _with_mark(digits, mark, text)
    if not dots and not commas:
        return Decimal(digits), 0
    sep = "." if dots else ","
    count = dots or commas
    head, _, tail = digits.rpartition(sep)
    if count > 1:
        if _THOUSANDS_GROUPS.match(digits):
            return Decimal(digits.replace(sep, "")), 0
        if sep == "." and len(tail) == 2 and _THOUSANDS_GROUPS.match(head):
            # SAKTI export: 39.524.039.000.00, the last two-digit group is the decimal part.
            return Decimal(head.replace(".", "") + "." + tail), 2
        raise NumberProblem(f"{quoted(text)}: separators in unexpected places")
    if len(tail) != 3:
        return Decimal(head + "." + tail), len(tail)
    thousands = _ambiguous_is_thousands(sep, kind, decimal_mark)
    if thousands is None:
        raise NumberProblem(
            f"{quoted(text)} is ambiguous: {head}{tail} or {head}.{tail}? "
            "Write it without separators, or declare the table's `desimal`",
            kind="ambiguous-number",
        )
    if thousands:
        return Decimal(head + tail), 0
    return Decimal(head + "." + tail), 3


def _ambiguous_is_thousands(sep: str, kind: Kind, decimal_mark: str | None) -> bool | None:
    """For `5.542` or `161,205`: True = thousands separator, False = decimal mark, None = unknown."""
    if decimal_mark is not None:
        return sep != decimal_mark
    if kind in (Kind.MONEY, Kind.COUNT):
        return True
    if kind in (Kind.DECIMAL, Kind.WEIGHT):
        return False
    return None


def _with_mark(digits: str, mark: str, text: str) -> tuple[Decimal, int]:
    """Digits with both separators: `mark` is the decimal mark, the other groups thousands."""
    other = "." if mark == "," else ","
    whole, _, frac = digits.rpartition(mark)
    if other in frac or mark in whole or not _THOUSANDS_GROUPS.match(whole):
        raise NumberProblem(f"{quoted(text)}: separators in unexpected places")
    return Decimal(whole.replace(other, "") + "." + frac), len(frac)
