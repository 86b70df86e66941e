"""match — the same figure stated in two places agrees (capaian target vs the PK in force).

Rows of the rule's table are joined to rows of `other` on `keys` within the same report. Numbers
agree under the same semantics as `formula` (equal at the written precision, or a truncation
reported as `rounded-down`); grades and labels agree when their text is equal (ignoring case and
surrounding spaces). With `required: true`, a row with no counterpart is reported as `missing`.

Parameters:
- `value` (column): the figure in the rule's table.
- `other` (table), `other_value` (column, default `value`): where the same figure is stated.
- `keys` (mapping column → other column): how rows correspond, e.g. `{indikator: indikator}`.
- `other_when` (condition on the other table), e.g. `versi == 'akhir'`.
- `required` (bool, default false).

Message arguments: `actual`, `expected` (the other figure as written), `other_path`,
`difference`, and every column of the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.base import (ParamsBase, RELATION_ARGS, RunData, cell_path, context, finding, parse_formula, relation_findings,
                         rows_at, rows_for)
from validator.figures import Figure
from validator.findings import Input
from validator.formula import FormulaError, Truth, Vec, columns, evaluate

KIND = "match"
ARGS = RELATION_ARGS + ("other_path",)


@dataclass(frozen=True)
class Params(ParamsBase):
    value: str
    other: str
    keys: dict[str, str] = field(default_factory=dict)
    other_value: str | None = None
    other_when: str | None = None
    required: bool = False

    def validate(self, pack) -> None:
        if self.other_when:
            parse_formula(self.other_when, "other_when")


def extra_args(params: dict) -> set[str]:
    return {params.get("value", "")}


def run(rule, data: RunData):
    p = rule.params
    frame = rows_for(rule, data)
    other = rows_for(rule, data, p.other, filtered=False)
    if frame.empty:
        return []
    if p.other_when and not other.empty:
        condition = parse_formula(p.other_when, "other_when")
        truth = evaluate(condition, context(other, needed=columns(condition)))
        if not isinstance(truth, Truth):
            raise FormulaError("`other_when` must be a condition")
        other = other[truth.holds]
    other_value = p.other_value or p.value
    other = other[["report", *p.keys.values(), "path", other_value]].rename(
        columns={"path": "lawan_path", other_value: "lawan", **{v: k for k, v in p.keys.items()}})
    other = other.drop_duplicates(subset=["report", *p.keys])
    joined = frame.merge(other, on=["report", *p.keys], how="left")
    out = []
    if p.required:
        for row in joined[joined["lawan_path"].isna()].to_dict("records"):
            out.append(finding(rule, row, "missing", path=row["path"], args={"other_path": ""}))
    joined = joined[joined["lawan_path"].notna()].reset_index(drop=True)
    if joined.empty:
        return out
    theirs = joined["lawan"].tolist()
    mine = joined[p.value].tolist()
    numeric = [isinstance(a, Figure) and a.value is not None and isinstance(b, Figure) and b.value is not None
               for a, b in zip(mine, theirs)]
    num = joined[numeric].reset_index(drop=True)
    if not num.empty:
        computed = Vec.from_figures(num["lawan"].tolist())
        counterpart: dict[tuple, tuple] = {}  # (report, row path) → its counterpart; the first one
        for report, path, lawan_path, lawan in zip(num["report"], num["path"], num["lawan_path"], num["lawan"]):
            counterpart.setdefault((report, path), (lawan_path, lawan))
        for f in relation_findings(rule, num, p.value, computed, parse_formula("lawan", "other"), "skip", False):
            lawan_path, lawan = counterpart[(f.report, f.path.rsplit(".", 1)[0])]
            f.args["other_path"] = f"{lawan_path}.{other_value}"
            f.args["expected"] = lawan.text
            f.inputs = [Input.of(other_value, f.args["other_path"], lawan)]
            out.append(f)
    differ = [i for i, (a, b) in enumerate(zip(mine, theirs)) if _labels_differ(a, b)]
    for i, row in zip(differ, rows_at(joined, differ)):
        a, b = mine[i], theirs[i]
        out.append(finding(rule, row, "mismatch", path=cell_path(row, p.value), figure=a,
                           actual=a.text, expected=b.text,
                           inputs=[Input.of(other_value, f"{row['lawan_path']}.{other_value}", b)],
                           args={"actual": a.text, "expected": b.text, "difference": "",
                                 "other_path": f"{row['lawan_path']}.{other_value}"}))
    return out


def _labels_differ(a, b) -> bool:
    """Two stated values of which at least one is a label (grade), and they differ as text."""
    if not (isinstance(a, Figure) and isinstance(b, Figure)):
        return False
    if a.value is not None and b.value is not None:
        return False
    return (a.label or a.text).strip().upper() != (b.label or b.text).strip().upper()

