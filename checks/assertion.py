"""assertion — a condition holds on every row (realisasi ≤ pagu, 0 ≤ NKA ≤ 100, dates in order).

Comparisons use interval semantics: `a <= b` holds when some value within a's written precision
is at most some value within b's, so a figure is never faulted for its rounding. Rows where an
input is missing are skipped (or reported, with `missing: report`).

Parameters:
- `expr` (condition formula), e.g. `realisasi <= pagu`, `nilai <= bobot`, `tanggal <= laporan_tanggal`.
- `at` (column, optional): the figure the finding points at; default the row.

Message arguments: every column of the row (figures as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.base import (ParamsBase, RunData, cell_path, plain, check_parameters, evaluate_rule_expr, finding, parse_formula,
                         rows_at, rows_for, with_parameters)
from validator.figures import Figure
from validator.formula import Truth, columns

KIND = "assertion"
ARGS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Params(ParamsBase):
    expr: str
    at: str | None = None

    parameters: dict[str, str] = field(default_factory=dict)

    def validate(self, pack) -> None:
        check_parameters(self.parameters, pack)
        parse_formula(self.expr, "expr")


def extra_args(params: dict) -> set[str]:
    return columns(parse_formula(params.get("expr", "0"), "expr"))


def run(rule, data: RunData):
    expr = parse_formula(rule.params.expr, "expr")
    frame = with_parameters(rows_for(rule, data), data, rule.params.parameters)
    if frame.empty:
        return []
    truth = evaluate_rule_expr(expr, frame, data, rule.data.get("missing", "skip"))
    if not isinstance(truth, Truth):
        raise ValueError(f"{rule.code}: expr must be a condition")
    out = []
    report_missing = rule.data.get("missing") == "report"
    failing = [i for i in range(len(frame)) if not (truth.holds[i] or (not truth.known[i] and not report_missing))]
    for i, row in zip(failing, rows_at(frame, failing)):
        at = rule.params.at
        fig = row.get(at) if at else None
        path = cell_path(row, at) if at else row["path"]
        stated = fig.text if isinstance(fig, Figure) else plain(fig)
        out.append(finding(rule, row, "violated" if truth.known[i] else "missing", path=path,
                           figure=fig if isinstance(fig, Figure) else None,
                           actual=None if stated is None else str(stated)))
    return out
