"""formula — a reported figure equals a formula of other figures of the same row.

The formula is evaluated in interval arithmetic from the inputs' written precision. The row holds
when the reported figure equals the computed value rounded half-up to the reported decimals, or
when the reported interval meets the computed one (the difference is explained by the precision
of the inputs). A reported figure that equals the computed value truncated is a rounding finding
(`rounded-down`), not a wrong number. A divisor of 0 makes the row `not-computable`.

Parameters:
- `result` (column): the reported figure.
- `expr` (formula): how it is computed, over columns of the same row, e.g.
  `(2 * target - realisasi) / target * 100`. `band(x, 'name')` looks up a band-table parameter
  of the pack.

Message arguments: `actual`, `expected`, `difference`, `exact`, `interval`, and every column of
the row (figures as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.base import RELATION_ARGS, ParamsBase, RunData, check_parameters, evaluate_rule_expr, parse_formula, relation_findings, rows_for, with_parameters
from validator.formula import columns

KIND = "formula"
ARGS = RELATION_ARGS


@dataclass(frozen=True)
class Params(ParamsBase):
    result: str
    expr: str

    parameters: dict[str, str] = field(default_factory=dict)

    def validate(self, pack) -> None:
        check_parameters(self.parameters, pack)
        parse_formula(self.expr, "expr")


def extra_args(params: dict) -> set[str]:
    return columns(parse_formula(params.get("expr", "0"), "expr")) | {params.get("result", "")}


def run(rule, data: RunData):
    return check_relation(rule, data, rule.params.result, rule.params.expr)


def check_relation(rule, data: RunData, result: str, formula: str):
    """The reported `result` of every row against `formula`, with the pack parameters the rule
    names; shared with the `ratio` kind."""
    expr = parse_formula(formula, "expr")
    frame = with_parameters(rows_for(rule, data), data, rule.params.parameters)
    if frame.empty:
        return []
    missing = rule.data.get("missing", "skip")
    return relation_findings(rule, frame, result, evaluate_rule_expr(expr, frame, data, missing), expr, missing)
