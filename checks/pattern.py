"""pattern — a code has the form the budget classification prescribes (satker 6 digits, KRO 3 letters).

Parameters:
- `column` (column): the code.
- `regex` (string): a regular expression the whole code must match, e.g. `^[0-9]{6}$`.
- `by` (column, optional) and `forms` (mapping value → regex): a different form per value of `by`,
  e.g. per `tingkat` of a budget node (`kegiatan: '^[0-9]{4}$'`, `kro: '^[A-Z]{3}$'`).

Message arguments: `actual` (the code), `expected` (the pattern), and every column of the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.base import ParamsBase, RunData, cell_path, finding, full_row, records, rows_for

KIND = "pattern"
ARGS = ("actual", "expected")
MAX_REGEX = 200


@dataclass(frozen=True)
class Params(ParamsBase):
    column: str
    regex: str | None = None
    by: str | None = None
    forms: dict[str, str] = field(default_factory=dict)

    def validate(self, pack) -> None:
        if not self.regex and not (self.by and self.forms):
            raise ValueError("give `regex`, or `by` with `forms`")
        for text in [self.regex or "", *self.forms.values()]:
            if len(text) > MAX_REGEX:
                raise ValueError(f"a pattern is limited to {MAX_REGEX} characters")
            try:
                re.compile(text)
            except re.error as exc:
                raise ValueError(f"bad pattern {text!r}: {exc}") from None


def extra_args(params: dict) -> set[str]:
    return {params.get("column", "")}


def run(rule, data: RunData):
    p = rule.params
    out = []
    frame = rows_for(rule, data)
    for row in records(frame, [p.column] + ([p.by] if p.by else [])):
        value = row.get(p.column)
        form = p.forms.get(str(row.get(p.by))) if p.by else p.regex
        if not form or value is None or (isinstance(value, float)) or value == "":
            continue
        if not re.fullmatch(form, str(value)):
            out.append(finding(rule, full_row(frame, row), "violated", path=cell_path(row, p.column), actual=str(value),
                               expected=form, args={"actual": value, "expected": form}))
    return out
