"""ratio — a reported percentage equals numerator ÷ denominator × factor.

The commonest relation of a performance report: % capaian = realisasi ÷ target × 100, daya
serap = realisasi ÷ pagu × 100, realisasi = pembilang ÷ penyebut × 100. It is the `formula`
kind with the expression written for you, so the same interval and rounding semantics apply:
a truncated percentage is `rounded-down`, a denominator of 0 is `not-computable`.

Parameters:
- `result` (column): the reported percentage.
- `numerator`, `denominator` (columns).
- `factor` (number, default 100).

Message arguments: `actual`, `expected`, `difference`, `exact`, `interval`, and every column of
the row (figures as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.base import RELATION_ARGS, ParamsBase, RunData, check_parameters, parse_formula
from checks.formula import check_relation

KIND = "ratio"
ARGS = RELATION_ARGS


@dataclass(frozen=True)
class Params(ParamsBase):
    result: str
    numerator: str
    denominator: str
    factor: int | float | str = 100

    def formula(self) -> str:
        return f"{self.numerator} / {self.denominator} * {self.factor}"

    parameters: dict[str, str] = field(default_factory=dict)

    def validate(self, pack) -> None:
        check_parameters(self.parameters, pack)
        parse_formula(self.formula(), "numerator/denominator")


def extra_args(params: dict) -> set[str]:
    return {params.get("result", ""), params.get("numerator", ""), params.get("denominator", "")}


def run(rule, data: RunData):
    return check_relation(rule, data, rule.params.result, rule.params.formula())
