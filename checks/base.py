"""What every check kind shares: strict params, the rows a rule applies to, and relation findings.

A kind module provides KIND, ARGS, `Params` (a frozen dataclass built by `Params.build`, which
rejects unknown keys), `extra_args(params)` and `run(rule, data) -> list[Finding]`. Kinds are pure:
no I/O, no printing, and the severity comes from the rule (or its configuration), never the kind.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

import numpy as np
import pandas as pd

from validator.figures import Figure
from validator.findings import Finding, Input, Relation
from validator.formula import Band, EvalContext, FormulaError, Node, Truth, Vec, columns, evaluate, parse, table_names
from validator.numbers import MAX_WHOLE_DIGITS
from validator.relation import Outcome, classify, reported_decimals
from validator.schema_check import Validator
from validator.tables import BASE_COLUMNS, DATA_PATHS, Tables

#: Arguments every relation-style finding offers to message templates.
RELATION_ARGS = ("actual", "expected", "difference", "exact", "interval")


class ParamsBase:
    """Frozen params built from a rule's `params:` mapping; unknown keys are an error."""

    @classmethod
    def build(cls, raw: dict[str, Any], pack: Any) -> "ParamsBase":
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        unknown = set(raw) - set(fields)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}; allowed: {sorted(fields)}")
        missing = [n for n, f in fields.items() if n not in raw and f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING]
        if missing:
            raise ValueError(f"missing parameter(s) {missing}")
        for error in _params_validator(cls).errors(raw):
            where = ".".join(map(str, error.absolute_path)) or "params"
            raise ValueError(f"{where}: {error.message}")
        params = cls(**raw)  # type: ignore[call-arg]
        params.validate(pack)
        return params

    def validate(self, pack: Any) -> None:
        """Further checks (formulas parse, named pack parameters exist); raise ValueError."""


def parse_formula(text: str, what: str) -> Node:
    try:
        return parse(text)
    except FormulaError as exc:
        raise ValueError(f"{what}: {exc}") from None


@dataclass
class RunData:
    """What a kind sees: all tables, report identities, and the rule's pack parameters by year."""

    tables: Tables
    pack: Any
    overrides: dict[str, Any]

    def parameter(self, name: str, year: int | None) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        return self.pack.parameter(name, year)

    def bands(self, name: str, year: int | None = None) -> list[Band]:
        """A band table parameter as formula Bands: rows {label, di_atas, sampai}."""
        rows = self.parameter(name, year) or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) and "label" in r for r in rows):
            raise ValueError(f"parameter {name}: expected a list of bands {{label, di_atas, sampai}}, found {rows!r:.60}")
        return [Band(str(r["label"]), _dec(name, r.get("di_atas")), _dec(name, r.get("sampai"))) for r in rows]

    def ordinals(self, name: str, year: int | None = None) -> dict[str, Decimal]:
        """An ordinal scale parameter: label → number."""
        scale = self.parameter(name, year) or {}
        if not isinstance(scale, dict):
            raise ValueError(f"parameter {name}: expected a table of label: number, found {scale!r:.60}")
        return {str(k): _dec(name, v) for k, v in scale.items()}


def _dec(name: str, value: Any) -> Decimal | None:
    """A pack parameter's number; a ValueError, which makes the rule a located `rule-pack`
    problem, for anything else (a table where a number belongs raised InvalidOperation) and for a
    number no report figure can be (1e999999999999 overflows in arithmetic)."""
    if value is None:
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, (int, float, str, Decimal)) and not isinstance(value, bool) else None
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or abs(number.adjusted()) >= MAX_WHOLE_DIGITS:
        raise ValueError(f"parameter {name}: {value!r:.60} is not a number")
    return number


def with_report(tables: Tables, name: str) -> pd.DataFrame:
    """A table joined with its reports' identity (laporan_tahun, …), built once per run."""
    if name not in tables.joined:
        frame = tables[name]
        if not frame.empty:
            laporan = tables["laporan"]
            at = pd.Index(laporan["report"]).get_indexer(frame["report"])  # each report has its one laporan row
            identity = laporan[["tahun", "jenis", "triwulan", "tanggal", "tanggal_angka", "satker_kode"]]
            frame = pd.concat([frame, identity.add_prefix("laporan_").take(at).set_axis(frame.index)], axis=1)
        tables.joined[name] = frame
    return tables.joined[name]


def rows_for(rule: Any, data: RunData, table: str | None = None, *, filtered: bool = True) -> pd.DataFrame:
    """The rows of a table (default the rule's) joined with report identity; unless `filtered` is
    False, only the rows of reports in the rule's `berlaku` years that meet its `when`. Built once
    per run for each table, period and condition: many rules share them."""
    name = table or rule.applies_to
    period = rule.data.get("berlaku") if filtered else None
    when = rule.data.get("when") if filtered else None
    key = f"{name} berlaku={period} when={when}"
    if key not in data.tables.joined:
        data.tables.joined[key] = _rows(with_report(data.tables, name), period, when)
    return data.tables.joined[key]


def _rows(frame: pd.DataFrame, period: dict | None, when: str | None) -> pd.DataFrame:
    if frame.empty:
        return frame
    if period:
        years = frame["laporan_tahun"]
        frame = frame[(years >= period.get("dari", -10**6)) & (years <= period.get("sampai", 10**6))]
    if when is not None and not frame.empty:
        condition = parse(when)
        truth = evaluate(condition, context(frame, needed=columns(condition)))
        if not isinstance(truth, Truth):
            raise FormulaError("`when` must be a condition")
        frame = frame[truth.holds]
    return frame.reset_index(drop=True)


def context(frame: pd.DataFrame, bands: dict[str, list[Band]] | None = None,
            needed: set[str] | None = None) -> EvalContext:
    """The frame's columns (those `needed`, or all) as Vecs: figures with intervals, other values
    as labels."""
    cols = {}
    for name in frame.columns if needed is None else [c for c in frame.columns if c in needed]:
        values = frame[name].tolist()
        if any(isinstance(v, Figure) for v in values):
            cols[name] = Vec.from_figures([v if isinstance(v, Figure) else None for v in values])
        elif name != "report" and any(isinstance(v, (int, Decimal, float)) and not isinstance(v, bool) and v == v for v in values):
            values = [int(v) if isinstance(v, float) and v == v and v.is_integer() else v for v in values]
            cols[name] = Vec.exact([v if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else None for v in values])
        else:
            cols[name] = Vec.labels([None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in values])
    return EvalContext(cols, len(frame), bands or {})


def row_args(row: Mapping[str, Any]) -> dict[str, Any]:
    """Plain row values for message templates (figures as written)."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        if isinstance(value, Figure):
            out[name] = value.text
        elif (value := plain(value)) is not None:
            out[name] = value
    return out


def finding(rule: Any, row: Mapping[str, Any], outcome: str, *, path: str, figure: Figure | None = None,
            **extra: Any) -> Finding:
    """A finding located at `path` (a figure's path, or the row's) with the row's values as args."""
    args = row_args(row)
    args.update(extra.pop("args", {}))
    if figure is not None and figure.path:
        path = figure.path
    return Finding(
        code=rule.code, severity=rule.severity, category=rule.category, outcome=outcome,
        report=int(row["report"]), path=path,
        line=figure.line if figure is not None and figure.line else int(row["line"]),
        column=figure.column if figure is not None else 0, baris=plain(row.get("baris")), args=args, **extra,
    )


def cell_path(row: Mapping[str, Any], column: str) -> str:
    """Where a row's column is in the data file: the figure's own path, else the row's path
    with the column's data name."""
    value = row.get(column)
    if isinstance(value, Figure) and value.path:
        return value.path
    head, name = row["path"], DATA_PATHS.get(column, column)
    return f"{head}.{name}"


ROW = "_posisi"  # a record's position in its frame, to fetch the full row when a finding is made


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """Rows as dicts holding only `columns` (and the location columns): converting whole wide
    frames row by row is what made kinds slow on large batches."""
    names = [c for c in dict.fromkeys([*BASE_COLUMNS, *columns]) if c in frame]
    rows = [dict(zip(names, values)) for values in zip(*(frame[c].tolist() for c in names))]
    for i, row in enumerate(rows):
        row[ROW] = i
    return rows


def rows_at(frame: pd.DataFrame, positions: list[int]) -> list[dict[str, Any]]:
    """The whole rows at `positions`, fetched in one take: a Series per row (`iloc[i]`) was most
    of the time of rules with many findings, and `to_dict` costs a Series per column."""
    if not len(positions):
        return []
    names = frame.columns.tolist()
    return [dict(zip(names, values)) for values in frame.iloc[positions].to_numpy(dtype=object).tolist()]


def full_row(frame: pd.DataFrame, record: dict[str, Any]) -> dict[str, Any]:
    """The whole row behind a record from `records`, for a finding's message arguments."""
    return frame.iloc[record[ROW]].to_dict()


def plain(value: Any) -> Any:
    """A table cell as a plain Python value (pandas hands out numpy scalars and NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a whole-number column that pandas widened to float beside a blank
    return value


def relation_findings(rule: Any, frame: pd.DataFrame, result: str, computed: Vec, expr: Node,
                      missing: str = "skip", report_not_computable: bool = True) -> list[Finding]:
    """Compare a reported column with its computed value row by row, with interval semantics."""
    if frame.empty:
        return []
    out = _label_findings(rule, frame, result, computed)
    computed = with_tolerance(computed, rule)
    figs = [f if isinstance(f, Figure) else None for f in frame[result].tolist()]
    reported = Vec.from_figures(figs)
    decimals = reported_decimals(figs)
    outcome, expected, difference = classify(reported, decimals, computed)
    names = sorted(columns(expr))
    shown = [i for i, kind in enumerate(outcome) if not (
        kind is Outcome.OK
        or kind is Outcome.MISSING and (missing != "report" or figs[i] is None and not computed.known[i])
        or kind is Outcome.NOT_COMPUTABLE and (figs[i] is None or not report_not_computable))]
    for i, row in zip(shown, rows_at(frame, shown)):
        kind, fig = outcome[i], figs[i]
        inputs = [_input(name, row) for name in names if isinstance(row.get(name), Figure)]
        terms = {name: (cell_path(row, name), row[name]) for name in names if isinstance(row.get(name), Figure)}
        path = cell_path(row, result)
        if fig is not None:
            terms[result] = (path, fig)
        exact = computed.point[i] if computed.known[i] else None
        out.append(finding(
            rule, row, kind.value, path=path, figure=fig, inputs=inputs,
            actual=fig.text if fig is not None else None,
            expected=expected[i] if computed.known[i] else None,
            expected_decimals=decimals[i], exact=exact, scale=fig.scale if fig is not None else 1,
            interval_bounds=(computed.low[i], computed.high[i]) if computed.known[i] else None,
            difference=difference[i] if computed.known[i] and fig is not None else None,
            relation=Relation(path, expr, terms, result) if fig is not None and computed.known[i] else None,
            args={"actual": fig.text if fig else "", "expected": expected[i] if computed.known[i] else "",
                  "difference": difference[i] if computed.known[i] and fig is not None else "",
                  "exact": exact if exact is not None else ""},
        ))
    return out


def _label_findings(rule: Any, frame: pd.DataFrame, result: str, computed: Vec) -> list[Finding]:
    """Rows where the computed value is a label (a grade): the reported label must equal it."""
    out = []
    labelled = np.flatnonzero(computed.has_text).tolist()
    for i, row in zip(labelled, rows_at(frame, labelled)):
        fig = row.get(result)
        if not isinstance(fig, Figure) or fig.label is None:
            continue
        if fig.label.strip().upper() != str(computed.text[i]).strip().upper():
            out.append(finding(rule, row, "mismatch", path=cell_path(row, result), figure=fig,
                               actual=fig.text, expected=str(computed.text[i]),
                               args={"actual": fig.text, "expected": str(computed.text[i]), "difference": "", "exact": ""}))
    return out


def _input(name: str, row: Mapping[str, Any]) -> Input:
    fig = row[name]
    return Input.of(name, cell_path(row, name), fig)


def bands_for(expr: Node, data: RunData, year: int | None = None) -> dict[str, list[Band]]:
    """The band tables an expression names in `band(x, 'name')`, from the pack parameters."""
    return {name: data.bands(name, year) for name in table_names(expr, "band")}


def ordinals_for(expr: Node, data: RunData, year: int | None = None) -> dict[str, dict[str, Decimal]]:
    """The ordinal scales an expression names in `ordinal(x, 'name')`: label → number."""
    return {name: data.ordinals(name, year) for name in table_names(expr, "ordinal")}


def evaluate_rule_expr(expr: Node, frame: pd.DataFrame, data: RunData, missing: str = "skip"):
    """Evaluate a rule's expression over its rows, with the pack's band and ordinal tables;
    with `missing: zero`, an absent figure counts as 0 (a blank cell in a budget table)."""
    ctx = context(frame, bands_for(expr, data), needed=columns(expr))
    vecs = ctx.columns
    if missing == "zero":
        vecs = {name: _zero_filled(vec) if name in frame and _is_figure_column(frame[name]) else vec
                for name, vec in vecs.items()}
    return evaluate(expr, EvalContext(vecs, ctx.n, ctx.bands, ordinals_for(expr, data)))


def _is_figure_column(series: pd.Series) -> bool:
    """Holds figures, or nothing at all (a figure field left empty on every row)."""
    values = series.tolist()
    return any(isinstance(v, Figure) for v in values) or all(v is None or v != v for v in values)


def _zero_filled(vec: Vec) -> Vec:
    absent = ~vec.known & ~vec.has_text
    return Vec(vec.point, vec.low, vec.high, vec.text, vec.known | absent, vec.zero_div)


def with_tolerance(computed: Vec, rule: Any) -> Vec:
    """Widen the computed interval by the rule's explicit `toleransi`, if it has one."""
    spec = rule.data.get("toleransi")
    if not spec:
        return computed
    if "mutlak" in spec:
        margin = np.full(len(computed), Decimal(str(spec["mutlak"])), dtype=object)
    else:
        margin = np.abs(computed.point) * Decimal(str(spec["relatif"]))
    return Vec(computed.point, computed.low - margin, computed.high + margin, computed.text, computed.known,
               computed.zero_div)


def with_parameters(frame: pd.DataFrame, data: RunData, mapping: dict[str, str]) -> pd.DataFrame:
    """Add pack parameters as columns, resolved per row by year (the row's `tahun`, else the
    report's): `name`, `name.key` (a key of a mapping), or `name[column]` (keyed by that column's
    value, case-insensitive)."""
    if not mapping or frame.empty:
        return frame
    frame = frame.copy()
    years = frame["tahun"] if "tahun" in frame else frame["laporan_tahun"]
    for column, spec in mapping.items():
        name, key, by = _parameter_spec(spec)
        values = []
        for year, row in zip(years, records(frame, [by] if by else [])):
            value = data.parameter(name, int(year) if year == year and year is not None else None)
            if key is not None:
                value = _table(name, value).get(key)
            if by is not None:
                lookup = {str(k).strip().lower(): v for k, v in _table(name, value).items()}
                value = lookup.get(str(row.get(by) or "").strip().lower())
            values.append(_parameter_figure(name, value))
        frame[column] = values
    return frame


def _parameter_spec(spec: str) -> tuple[str, str | None, str | None]:
    match = re.fullmatch(r"([a-z_][a-z0-9_]*)(?:\.([a-z0-9_]+)|\[([a-z_][a-z0-9_]*)\])?", spec)
    if not match:
        raise ValueError(f"parameter reference {spec!r} must be name, name.key or name[column]")
    return match.group(1), match.group(2), match.group(3)


def _table(name: str, value: Any) -> dict:
    """A mapping parameter (`name.key`, `name[column]`); a ValueError (the rule could not run)
    for anything else: a text there raised AttributeError."""
    if value is not None and not isinstance(value, dict):
        raise ValueError(f"parameter {name}: expected a table, found {value!r:.60}")
    return value or {}


def _parameter_figure(name: str, value: Any) -> Figure | None:
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Figure(_dec(name, value), str(value), None)
    return Figure(None, str(value), None, label=str(value))


def part_name(path: str, index: int) -> str:
    """How a part of a sum is named for a reader: its key in the path (`994` for
    `…rincian[994].pagu`), else its position."""
    match = re.search(r"\[([^\]]+)\]\.[^.\[]+$", path)
    return match.group(1) if match else f"c{index}"


def sum_expr(n: int) -> Node:
    """`sum(c0, …, c(n-1))`: the relation a stated total has with its parts."""
    return parse(f"sum({', '.join(f'c{i}' for i in range(n))})" if n else "0")


def check_parameters(mapping: dict[str, str], pack: Any) -> None:
    """Every `parameters:` entry names a parameter the pack defines."""
    for column, spec in mapping.items():
        name = _parameter_spec(spec)[0]
        if name not in pack.meta.get("parameters", {}):
            raise ValueError(f"parameters.{column}: the pack has no parameter {name!r}")


_JSON_TYPES = {"str": {"type": "string"}, "int": {"type": "integer"}, "bool": {"type": "boolean"},
               "float": {"type": "number"}, "list[str]": {"type": "array", "items": {"type": "string"}},
               "dict[str, str]": {"type": "object", "additionalProperties": {"type": "string"}}}


@lru_cache(maxsize=None)
def _params_validator(params_class: type) -> Validator:
    return Validator(params_schema(params_class))


def params_schema(params_class: type) -> dict[str, Any]:
    """The JSON Schema of a kind's parameters, derived from its frozen params dataclass, so the
    documentation and the validation cannot disagree."""
    properties, required = {}, []
    for f in dataclasses.fields(params_class):
        options = [_JSON_TYPES[t.strip()] for t in str(f.type).split("|") if t.strip() != "None"]
        properties[f.name] = options[0] if len(options) == 1 else {"anyOf": options}
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": required}
