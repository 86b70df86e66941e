"""sum — a stated total equals the sum of its parts.

Four ways to find the parts of a total row:
- `link: parent` — a hierarchy in one table (the budget realisation tree): the children of a row
  are the rows whose `parent` is its path. Every node with children is checked.
- `link: total-row` — a table with a stated total row (`total` is true): the total equals the sum
  of the other rows with the same `keys` (e.g. the jenis belanja table).
- `link: keys` — parts in another table (`children`), joined on `keys` within the same report
  (e.g. the PK total and its kegiatan, nilai SAKIP and its components).
- `link: named` — the parts are the figures the row names in its column `parts_column` (paths resolved
  when the report is read, e.g. the RO pagu an indicator's budget is made of). Rows naming none
  are not checked.

Sums use interval arithmetic, so a table in thousands is allowed its ±500 rupiah per figure, as in
XBRL Calculations 1.1. A part with no value counts as 0 (a blank cell in a budget table).

Parameters:
- `value` (column): the stated total (and, with `link: parent`/`total-row`, each part's figure).
- `link`: `parent`, `total-row` or `keys`.
- `keys` (list of columns): grouping or join columns (`total-row`, `keys`).
- `children` (table), `child_value` (column): the parts' table and column (`keys`).
- `child_when` (condition on the parts' table, `keys` only), e.g. `sumber == 'realisasi_rincian'`.
- `parts_column` (column): with `link: named`, the column holding the named (path, figure) pairs.

Message arguments: `actual`, `expected`, `difference`, `exact`, `interval`, `parts` (how many),
and every column of the total's row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from checks.base import (RELATION_ARGS, ParamsBase, RunData, cell_path, evaluate_rule_expr, parse_formula, part_name,
                         records, relation_findings, rows_for, sum_expr)
from validator.figures import Figure
from validator.findings import Input, Relation
from validator.formula import FormulaError, Truth, Vec

KIND = "sum"
ARGS = RELATION_ARGS + ("parts",)
LINKS = ("parent", "total-row", "keys", "named")


@dataclass(frozen=True)
class Params(ParamsBase):
    value: str
    link: str
    keys: list[str] = field(default_factory=list)
    children: str | None = None
    child_value: str | None = None
    child_when: str | None = None
    parts_column: str | None = None

    def validate(self, pack) -> None:
        if self.child_when:
            parse_formula(self.child_when, "child_when")
        if self.link not in LINKS:
            raise ValueError(f"link must be one of {LINKS}")
        if self.link == "keys" and not self.children:
            raise ValueError("link: keys needs `children` (and `keys`; none means the whole report)")
        if self.link == "named" and not self.parts_column:
            raise ValueError("link: named needs `parts_column`, the column of the named figures")


def extra_args(params: dict) -> set[str]:
    return {params.get("value", "")}


def run(rule, data: RunData):
    p = rule.params
    frame = rows_for(rule, data)
    if frame.empty:
        return []
    totals, groups = _named(p, frame) if p.link == "named" else _joined(rule, frame, data)
    computed = interval_sums(groups)
    findings = relation_findings(rule, totals, p.value, computed, sum_expr(1), rule.data.get("missing", "skip"))
    by_place = {(row["report"], cell_path(row, p.value)): members  # paths repeat across reports
                for row, members in zip(records(totals, [p.value]), groups)}
    for f in findings:
        members = by_place.get((f.report, f.path), [])
        f.args["parts"] = len(members)
        f.inputs = [Input.of(part_name(path, i), path, fig) for i, (path, fig) in enumerate(members)]
        if f.relation is not None:
            terms = {f"c{i}": member for i, member in enumerate(members)}
            terms["total"] = f.relation.terms[p.value]
            f.relation = Relation(f.path, sum_expr(len(members)), terms, "total")
    return findings


def _named(p, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[list[tuple[str, Figure]]]]:
    """The rows that name their parts, and those parts (numbers only)."""
    named = [[(path, fig) for path, fig in (v if isinstance(v, list) else []) if fig.value is not None]
             for v in frame[p.parts_column].tolist()]
    keep = np.array([bool(members) for members in named], dtype=bool)
    return frame[keep].reset_index(drop=True), [members for members in named if members]


def _joined(rule, frame: pd.DataFrame, data: RunData) -> tuple[pd.DataFrame, list[list[tuple[str, Figure]]]]:
    """The totals that have parts by the `parent`, `total-row` or `keys` link, and their parts."""
    p = rule.params
    if p.link == "parent":
        totals, parts, left, right = frame, frame, ["report", "path"], ["report", "parent"]
    elif p.link == "total-row":
        totals, parts = frame[frame["total"] == True], frame[frame["total"] != True]  # noqa: E712
        left = right = ["report", *p.keys]
    else:
        totals, parts = frame, rows_for(rule, data, p.children, filtered=False)
        if p.child_when and not parts.empty:
            truth = evaluate_rule_expr(parse_formula(p.child_when, "child_when"), parts, data)
            if not isinstance(truth, Truth):  # a number such as (1.000) has no `holds`: AttributeError
                raise FormulaError("`child_when` must be a condition")
            parts = parts[truth.holds]
        left = right = ["report", *p.keys]
    child_value = p.child_value or p.value
    groups = _group_parts(parts, right, child_value)
    totals = totals.reset_index(drop=True)
    keys = list(zip(*(totals[c].tolist() for c in left)))
    has_parts = np.array([k in groups for k in keys], dtype=bool)
    totals = totals[has_parts].reset_index(drop=True)
    keys = [k for k, keep in zip(keys, has_parts) if keep]
    return totals, [groups[k] for k in keys]


def _group_parts(parts: pd.DataFrame, keys: list[str], value: str) -> dict[tuple, list[tuple[str, Figure]]]:
    """Parts by group key: (path of the part's figure, figure); parts with no value are left out."""
    groups: dict[tuple, list[tuple[str, Figure]]] = {}
    for row in records(parts, [*keys, value]):
        key = tuple(row[k] for k in keys)
        if any(k is None or (isinstance(k, float) and np.isnan(k)) for k in key):
            continue
        fig = row.get(value)
        members = groups.setdefault(key, [])
        if isinstance(fig, Figure) and fig.value is not None:
            members.append((cell_path(row, value), fig))
    return groups


def interval_sums(groups: list[list[tuple[str, Figure]]]) -> Vec:
    """The interval sum of each group's figures."""
    points, lows, highs = [], [], []
    for members in groups:
        point = low = high = Decimal(0)
        for _, fig in members:
            iv = fig.interval()
            point, low, high = point + fig.value, low + iv.low, high + iv.high
        points.append(point)
        lows.append(low)
        highs.append(high)
    vec = Vec.exact(points)
    return Vec(vec.point, np.array(lows, dtype=object), np.array(highs, dtype=object), vec.text,
               np.array([bool(m) for m in groups], dtype=bool))
