"""consistent — the same key carries the same value everywhere in a report (one code, one name).

Rows are grouped by report and `key`; every row of a group must state the same `value` as the
first row that states it. Text is compared ignoring case, repeated spaces and surrounding
punctuation, so only real differences ("Dikdas, Dikmas dan Dikmas" against "Dikdas, Dikmen dan
Dikmas") are reported.

Parameters:
- `key` (list of columns): what identifies the thing, e.g. `[tingkat, kode]`.
- `value` (column): what must not vary, e.g. `nama`.
- `tables` (list of tables, optional): further tables with the same columns to compare across
  (e.g. the PK's kegiatan against the realisation tree).

Message arguments: `actual` (this row's value), `expected` (the first stated value), `first`
(path of the first row), `key`, and every column of the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from checks.base import ParamsBase, RunData, finding, rows_for

KIND = "consistent"
ARGS = ("actual", "expected", "first", "key")


@dataclass(frozen=True)
class Params(ParamsBase):
    key: list[str]
    value: str
    tables: list[str] = field(default_factory=list)


def extra_args(params: dict) -> set[str]:
    return set(params.get("key", [])) | {params.get("value", "")}


def _normal(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip(" .,;:-").lower()


def run(rule, data: RunData):
    p = rule.params
    frames = [rows_for(rule, data)] + [rows_for(rule, data, t, filtered=False) for t in p.tables]
    frames = [f for f in frames if not f.empty and all(c in f for c in [*p.key, p.value])]
    if not frames:
        return []
    rows = pd.concat(frames, ignore_index=True)
    first: dict[tuple, dict] = {}
    out = []
    for row in rows.to_dict("records"):
        value = row.get(p.value)
        if value is None or value != value or str(value).strip() == "":
            continue
        key = (row["report"], *(_normal(row.get(k)) for k in p.key))
        seen = first.setdefault(key, row)
        if seen is not row and _normal(seen[p.value]) != _normal(value):
            out.append(finding(rule, row, "mismatch", path=f"{row['path']}.{p.value}", actual=str(value),
                               expected=str(seen[p.value]),
                               args={"actual": value, "expected": seen[p.value], "first": seen["path"],
                                     "key": " ".join(str(row.get(k)) for k in p.key)}))
    return out
