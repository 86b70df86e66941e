"""table — the relations a generic table declares, and its stated totals.

Generic tables (`tabel:` in the data) declare their own checks, so one rule serves every table of
every report:
- `check: relasi` — each declared relation `column = formula` holds on every data row (numbers with
  the `formula` semantics; a label column such as a category compares as text, e.g.
  `kategori = band(t2024, 'spm')` with the table's own `pita`); a relation without `=` (such as
  `populasi >= punya`) is a condition that must hold.
- `check: total` — the stated total row equals the sum of the data rows, column by column.
- `check: kolom_total` — in every row, `kolom_total` equals the sum of `kolom_dijumlah`.

Parameters:
- `check`: `relasi`, `total` or `kolom_total`.

Message arguments: `table`, `column`, `relation`, `actual`, `expected`, `difference`, `exact`,
`interval`, and every column of the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from checks.base import ParamsBase, RELATION_ARGS, RunData, cell_path, context, finding, parse_formula, relation_findings, sum_expr
from validator.figures import Figure
from validator.findings import Input, Relation
from validator.formula import Band, Truth, Vec, evaluate
from validator.tables import TOTAL_ROW

KIND = "table"
ARGS = RELATION_ARGS + ("table", "tabel", "column", "relation")
CHECKS = ("relasi", "total", "kolom_total")
_EQUATION = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*=(?!=)(.*)$", re.S)


@dataclass(frozen=True)
class Params(ParamsBase):
    check: str

    def validate(self, pack) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"check must be one of {CHECKS}")


def extra_args(params: dict) -> set[str]:
    return set()


def run(rule, data: RunData):
    out = []
    for table in data.tables.generic:
        rows = table.rows[table.rows[TOTAL_ROW] != True].reset_index(drop=True)  # noqa: E712
        meta = {"table": table.id, "tabel": table.judul or table.id}
        if rule.params.check == "relasi":
            out += _relations(rule, data, table, rows, meta)
        elif rule.params.check == "total":
            out += _total_row(rule, table, rows, meta)
        elif table.kolom_total:
            out += _row_totals(rule, table, rows, meta)
    return out


def _bands(table) -> dict[str, list[Band]]:
    return {name: [Band(label, lo.value if lo else None, hi.value if hi else None) for label, lo, hi in bands]
            for name, bands in table.pita.items()}


def _relations(rule, data: RunData, table, rows: pd.DataFrame, meta: dict) -> list:
    out = []
    if rows.empty:
        return out
    ctx = context(rows, data, _bands(table))
    for text in table.relasi:
        eq = _EQUATION.match(text)
        target, formula = (eq.group(1), eq.group(2).strip()) if eq else (None, text.strip())
        expr = parse_formula(formula, f"tabel {table.id} relasi")
        value = evaluate(expr, ctx)
        extra = {**meta, "relation": text, "column": target or ""}
        if isinstance(value, Truth):
            for i in range(len(rows)):
                if value.known[i] and not value.holds[i]:
                    out.append(finding(rule, rows.iloc[i], "violated", path=rows.iloc[i]["path"], args=extra))
        elif target is not None and value.has_text.any():
            out += _label_relation(rule, rows, target, value, extra)
        elif target is not None:
            for f in relation_findings(rule, rows, target, value, expr):
                f.args.update(extra)
                out.append(f)
    return out


def _label_relation(rule, rows: pd.DataFrame, target: str, value: Vec, extra: dict) -> list:
    out = []
    for i, row in enumerate(rows.to_dict("records")):
        stated, expected = row.get(target), value.text[i]
        if not isinstance(stated, Figure) or expected is None:
            continue
        if (stated.label or stated.text).strip().upper() != str(expected).strip().upper():
            out.append(finding(rule, row, "mismatch", path=cell_path(row, target), figure=stated,
                               actual=stated.text, expected=expected,
                               args={**extra, "actual": stated.text, "expected": expected}))
    return out


def _total_row(rule, table, rows: pd.DataFrame, meta: dict) -> list:
    totals = table.rows[table.rows[TOTAL_ROW] == True]  # noqa: E712
    if totals.empty:
        return []
    total = totals.iloc[0]
    out = []
    for column in table.columns[1:]:
        stated = total.get(column)
        if not isinstance(stated, Figure) or stated.value is None:
            continue
        parts = [(cell_path(r, column), r[column]) for r in rows.to_dict("records")
                 if isinstance(r.get(column), Figure) and r[column].value is not None]
        out += _sum_finding(rule, total, column, stated, parts, meta)
    return out


def _row_totals(rule, table, rows: pd.DataFrame, meta: dict) -> list:
    columns = table.kolom_dijumlah or [c for c in table.columns[1:] if c != table.kolom_total]
    out = []
    for _, row in table.rows.iterrows():
        stated = row.get(table.kolom_total)
        if not isinstance(stated, Figure) or stated.value is None:
            continue
        parts = [(cell_path(row, c), row[c]) for c in columns
                 if isinstance(row.get(c), Figure) and row[c].value is not None]
        out += _sum_finding(rule, row, table.kolom_total, stated, parts, meta)
    return out


def _sum_finding(rule, row, column: str, stated: Figure, parts: list, meta: dict) -> list:
    """One stated sum against its parts, through the shared relation semantics."""
    if not parts:
        return []
    point = sum((f.value for _, f in parts), Decimal(0))
    low = sum((f.interval().low for _, f in parts), Decimal(0))
    high = sum((f.interval().high for _, f in parts), Decimal(0))
    computed = Vec(*(pd.Series([v], dtype=object).to_numpy() for v in (point, low, high, None)),
                   known=pd.Series([True]).to_numpy())
    frame = pd.DataFrame([dict(row)])
    found = relation_findings(rule, frame, column, computed, sum_expr(1))
    for f in found:
        f.args.update({**meta, "column": column, "relation": f"{column} = Σ"})
        f.inputs = [Input(f"c{i}", fig.text, path, fig.line) for i, (path, fig) in enumerate(parts)]
        if f.relation is not None:
            terms = {f"c{i}": part for i, part in enumerate(parts)}
            terms["total"] = (f.path, stated)
            f.relation = Relation(f.path, sum_expr(len(parts)), terms, "total")
    return found
