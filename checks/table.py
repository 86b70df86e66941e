"""table — the relations a generic table declares, and its stated totals.

Generic tables (`tabel:` in the data) declare their own checks, so one rule serves every table of
every report:
- `check: relasi` — each declared relation `column = formula` holds on every data row (numbers with
  the `formula` semantics; a label column such as a category compares as text, e.g.
  `kategori = band(t2024, 'spm')` with the table's own `pita`); a relation without `=` (such as
  `populasi >= punya`) is a condition that must hold.
- `check: total` — the stated total row equals the sum of the data rows, column by column.
- `check: kolom_total` — in every row, `kolom_total` equals the sum of `kolom_dijumlah`.
- `check: tidak_turun` — down the data rows, each number of a `kolom_tidak_turun` column is not
  below the last number above it (page numbers of a Daftar Isi). Cells that are not numbers (roman
  page numbers, blanks) are skipped; a decrease is reported only when it holds for every value the
  written figures may stand for.

Parameters:
- `check`: `relasi`, `total`, `kolom_total` or `tidak_turun`.

Message arguments: `table`, `column`, `relation`, `actual`, `expected`, `difference`, `exact`,
`interval`, and every column of the row; for `tidak_turun`, `row` (the label of the row),
`previous` (the label of the row with the number above) and `previous_value` (that number as written).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from checks.base import (RELATION_ARGS, ParamsBase, RunData, cell_path, context, finding, part_name,
                         relation_findings, row_args, rows_at, sum_expr)
from checks.sum import interval_sums
from validator.figures import Figure
from validator.findings import Input, Relation
from validator.formula import Band, Truth, Vec, columns, evaluate, parse_relation
from validator.tables import TOTAL_ROW

KIND = "table"
ARGS = RELATION_ARGS + ("table", "tabel", "column", "relation", "row", "previous", "previous_value")
CHECKS = ("relasi", "total", "kolom_total", "tidak_turun")
STATED = "_dinyatakan"  # column of the stated sum in the frame judged by _sum_findings


@dataclass(frozen=True)
class Params(ParamsBase):
    check: str

    def validate(self, pack) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"check must be one of {CHECKS}")


def extra_args(params: dict) -> set[str]:
    return set()


def run(rule, data: RunData):
    """Each group of tables declared alike (typically one template across many reports) is
    checked in one pass over its stacked rows."""
    out, sums = [], []
    for tables in _groups(data.tables.generic):
        first = tables[0]
        if rule.params.check == "relasi":
            rows = pd.DataFrame([row for t in tables for row in t.data_rows], columns=first.row_columns)
            meta = {t.report: {"table": t.id, "tabel": t.judul or t.id} for t in tables}
            out += _relations(rule, first, rows, meta)
        elif rule.params.check == "tidak_turun":
            out += [f for table in tables for f in _decreases(rule, table)]
        else:
            for table in tables:
                found = _total_row(table) if rule.params.check == "total" else (
                    _row_totals(table) if table.kolom_total else [])
                meta = {"table": table.id, "tabel": table.judul or table.id}
                sums += [({**row, **meta}, column, stated, parts) for row, column, stated, parts in found]
    return out + _sum_findings(rule, sums)


def _groups(tables) -> list[list]:
    """Generic tables grouped by their declaration: columns, relations, totals and bands."""
    groups: dict[tuple, list] = {}
    for table in tables:
        bands = tuple((name, tuple((label, lo.value if lo else None, hi.value if hi else None) for label, lo, hi in rows))
                      for name, rows in sorted(table.pita.items()))
        key = (table.id, tuple(table.columns), tuple(table.relasi), table.kolom_total, tuple(table.kolom_dijumlah), bands)
        groups.setdefault(key, []).append(table)
    return list(groups.values())


def _bands(table) -> dict[str, list[Band]]:
    return {name: [Band(label, lo.value if lo else None, hi.value if hi else None) for label, lo, hi in bands]
            for name, bands in table.pita.items()}


def _relations(rule, table, rows: pd.DataFrame, meta: dict) -> list:
    """The declared relations of `table` over `rows` (stacked from every report declaring them);
    `meta` gives each report's table id and title for the messages."""
    out = []
    if rows.empty:
        return out
    for text in table.relasi:
        target, expr = parse_relation(text)  # validated when the report loaded
        value = evaluate(expr, context(rows, _bands(table), needed=columns(expr)))
        extra = {"relation": text, "column": target or ""}
        if isinstance(value, Truth):
            failing = [i for i in range(len(rows)) if value.known[i] and not value.holds[i]]
            found = [finding(rule, row, "violated", path=row["path"], args=dict(extra)) for row in rows_at(rows, failing)]
        elif target is not None and value.has_text.any():
            found = _label_relation(rule, rows, target, value, extra)
        elif target is not None:
            found = relation_findings(rule, rows, target, value, expr)
        else:
            found = []
        for f in found:
            f.args.update({**extra, **meta[f.report]})
        out += found
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


def _total_row(table) -> list[tuple]:
    """(row, column, stated total, parts) for each figure of the stated total row."""
    totals = [row for row in table.rows if row[TOTAL_ROW]]
    if not totals:
        return []
    total = totals[0]
    records = table.data_rows
    return [(total, column, total[column],
             [(cell_path(r, column), r[column]) for r in records if _number(r.get(column))])
            for column in table.columns[1:] if _number(total.get(column))]


def _row_totals(table) -> list[tuple]:
    """(row, column, stated total, parts) for the total column of every row."""
    columns = table.kolom_dijumlah or [c for c in table.columns[1:] if c != table.kolom_total]
    return [(row, table.kolom_total, row[table.kolom_total],
             [(cell_path(row, c), row[c]) for c in columns if _number(row.get(c))])
            for row in table.rows if _number(row.get(table.kolom_total))]


def _decreases(rule, table) -> list:
    """A number of a `kolom_tidak_turun` column below the last number above it in that column,
    certainly so: its whole interval lies under the interval of the number above."""
    out = []
    meta = {"table": table.id, "tabel": table.judul or table.id}
    rows = table.data_rows
    for column in table.kolom_tidak_turun:
        above = None
        for row in rows:
            cell = row.get(column)
            if not _number(cell):
                continue
            if above is not None and cell.interval().high < above[column].interval().low:
                out.append(finding(rule, row, "violated", path=cell_path(row, column), figure=cell, actual=cell.text,
                                   args={**meta, "column": column, "actual": cell.text, "row": row[table.columns[0]],
                                         "previous": above[table.columns[0]],
                                         "previous_value": above[column].text}))
            above = row
    return out


def _number(value) -> bool:
    return isinstance(value, Figure) and value.value is not None


def _sum_findings(rule, items: list[tuple]) -> list:
    """Every stated sum of the run against its parts, judged in one pass with the shared
    relation semantics (the interval sum of the parts must meet the stated figure)."""
    items = [item for item in items if item[3]]
    if not items:
        return []
    frame = pd.DataFrame([{**row, STATED: stated} for row, _, stated, _ in items])
    found = relation_findings(rule, frame, STATED, interval_sums([parts for *_, parts in items]), sum_expr(1))
    by_place = {(row["report"], stated.path): (row, column, stated, parts)  # paths repeat across reports
                for row, column, stated, parts in items}
    for f in found:
        row, column, stated, parts = by_place[(f.report, f.path)]
        f.args.update({**row_args(row), "column": column, "relation": f"{column} = Σ"})
        f.inputs = [Input.of(part_name(path, i), path, fig) for i, (path, fig) in enumerate(parts)]
        if f.relation is not None:
            terms = {f"c{i}": part for i, part in enumerate(parts)}
            terms["total"] = (f.path, stated)
            f.relation = Relation(f.path, sum_expr(len(parts)), terms, "total")
    return found
