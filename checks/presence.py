"""presence — a field that the format makes optional but a complete report states.

Parameters:
- `columns` (list of columns): each must have a value on every row the rule applies to.

Message arguments: `field` (the missing column), and every column of the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from checks.base import ParamsBase, RunData, cell_path, finding, full_row, records, rows_for

KIND = "presence"
ARGS = ("field",)


@dataclass(frozen=True)
class Params(ParamsBase):
    columns: list[str]


def extra_args(params: dict) -> set[str]:
    return set()


def run(rule, data: RunData):
    out = []
    frame = rows_for(rule, data)
    for row in records(frame, rule.params.columns):
        for name in rule.params.columns:
            value = row.get(name)
            if value is None or (isinstance(value, float) and value != value) or value == "":
                out.append(finding(rule, full_row(frame, row), "missing", path=cell_path(row, name), args={"field": name}))
    return out
