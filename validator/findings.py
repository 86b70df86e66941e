"""Findings: what a rule found, where, with the figures and the computation behind it.

A finding stores arguments, not text: reporters render the message in the chosen language at
output time (as Arelle does), so one run serves Indonesian and English readers alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from validator.figures import Figure
from validator.formula import Node

SEVERITIES = ("error", "warning", "info")
OUTCOMES = ("mismatch", "rounded-down", "not-computable", "missing", "violated")


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a computation, as the report states it."""

    name: str
    text: str
    path: str
    line: int
    column: int = 0

    @classmethod
    def of(cls, name: str, path: str, figure: Figure) -> "Input":
        """The input a figure is, under `name`, with its place (line and column: a workbook's cell)."""
        return cls(name, figure.text, path, figure.line, figure.column)


@dataclass(frozen=True)
class Relation:
    """A failed numeric relation `reported = expr(terms)`, kept for likely-culprit analysis."""

    reported: str                  # path of the reported figure
    expr: Node                     # over term names
    terms: dict[str, tuple[str, Figure]]  # name → (path, figure)
    result: str                    # name of the reported figure among the terms


@dataclass(frozen=True)
class Culprit:
    """One figure whose corrected value would make several failed relations hold."""

    path: str
    line: int
    actual: str
    value: Decimal
    decimals: int | None
    codes: tuple[str, ...]
    column: int = 0  # with line, names the cell of a workbook report


@dataclass
class Finding:
    code: str
    severity: str
    category: str
    outcome: str
    report: int
    path: str
    line: int
    column: int = 0
    baris: Any = None
    args: dict[str, Any] = field(default_factory=dict)
    inputs: list[Input] = field(default_factory=list)
    actual: str | None = None
    expected: Decimal | str | None = None
    expected_decimals: int | None = None  # in rupiah units: -3 for a figure in thousands
    scale: int = 1                        # the reported figure's unit (1000 = ribuan)
    exact: Decimal | None = None
    interval_bounds: tuple[Decimal, Decimal] | None = None
    difference: Decimal | None = None
    relation: Relation | None = None
    culprit: Culprit | None = None
    fingerprint: str = ""
    waived: bool = False
    waiver: Any = None  # the validator.waivers.Waiver naming this finding (active or expired)

    def sort_key(self) -> tuple:
        return (self.report, SEVERITIES.index(self.severity), self.line, self.code, self.path)


def fingerprint(code: str, identity: tuple, path: str, actual: str | None) -> str:
    """Stable across line shifts: the rule, the report's identity, the figure's path and text.

    The same report gives the same fingerprint whatever else is checked with it: stacked tables
    turn an absent triwulan into NaN and a year into 2024.0 when other rows need floats."""
    raw = "\x1f".join([code, *map(_identity_text, identity), path, actual or ""])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _identity_text(value: Any) -> str:
    if isinstance(value, float):  # numpy.float64 included
        if value != value:        # NaN: a missing value in a stacked column
            return "None"
        if value.is_integer():
            return str(int(value))
    return str(value)
