"""consistent — the same key carries the same value everywhere in a report (one code, one name).

Rows are grouped by report and `key`; every row of a group must state the value most rows of the
group state, so one typo is reported once, where it is. On a tie (two rows, two names) nothing
says which is right: the later rows are reported against the first, with no expected value, and
the message names both places. Text is compared ignoring case, repeated spaces, surrounding
punctuation and a spelled-out abbreviation ("Balai Penjaminan Mutu Pendidikan (BPMP)" = "BPMP"),
so only real differences ("Dikdas, Dikmas dan Dikmas" against "Dikdas, Dikmen dan Dikmas") are
reported.

Parameters:
- `key` (list of columns): what identifies the thing, e.g. `[tingkat, kode]`.
- `value` (column): what must not vary, e.g. `nama`.
- `tables` (list of tables, optional): further tables with the same columns to compare across
  (e.g. the PK's kegiatan against the realisation tree).
- `across_reports` (bool, default false): compare across all reports of the run instead of within
  each (one satker code, one name); the finding then names the other report's file.

Message arguments: `actual` (this row's value), `expected` (the group's prevailing value), `first`
(path of the first row stating it), `key`, and every column of the row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from checks.base import ParamsBase, RunData, cell_path, finding, full_row, records, rows_for

KIND = "consistent"
ARGS = ("actual", "expected", "first", "first_file", "key")


@dataclass(frozen=True)
class Params(ParamsBase):
    key: list[str]
    value: str
    tables: list[str] = field(default_factory=list)
    across_reports: bool = False


def extra_args(params: dict) -> set[str]:
    return set(params.get("key", [])) | {params.get("value", "")}


SPELLED_OUT = re.compile(r"[^()]*\(([A-Z]{2,})\)")
SPACES = re.compile(r"\s+")


def _normal(value: object) -> str:
    return _normal_text(str(value))


@lru_cache(maxsize=1 << 16)
def _normal_text(text: str) -> str:
    """Case, spacing and a spelled-out abbreviation ("Balai … (BPMP) Provinsi" = "BPMP Provinsi") aside;
    cached, as the same names and codes recur in every report."""
    return SPACES.sub(" ", SPELLED_OUT.sub(r"\1", text)).strip(" .,;:-").lower()


def run(rule, data: RunData):
    p = rule.params
    frames = [rows_for(rule, data)] + [rows_for(rule, data, t, filtered=False) for t in p.tables]
    frames = [f for f in frames if not f.empty and all(c in f for c in [*p.key, p.value])]
    if not frames:
        return []
    rows = pd.concat(frames, ignore_index=True)
    groups: dict[tuple, list[dict]] = {}
    for row in records(rows, [*p.key, p.value, "file"]):
        value = row.get(p.value)
        if value is None or value != value or str(value).strip() == "":
            continue
        scope = () if p.across_reports else (row["report"],)
        groups.setdefault((*scope, *(_normal(row.get(k)) for k in p.key)), []).append(row)
    out = []
    for members in groups.values():
        normals = [_normal(m[p.value]) for m in members]
        counts = Counter(normals)
        prevailing = max(counts, key=lambda v: (counts[v], -normals.index(v)))
        reference = members[normals.index(prevailing)]
        tie = sum(1 for n in counts.values() if n == counts[prevailing]) > 1
        for row, normal in zip(members, normals):
            if normal != prevailing:
                out.append(finding(rule, full_row(rows, row), "mismatch", path=cell_path(row, p.value), actual=str(row[p.value]),
                                   expected=None if tie else str(reference[p.value]),
                                   args={"actual": row[p.value], "expected": reference[p.value], "first": reference["path"],
                                         "first_file": reference.get("file", ""),
                                         "key": " ".join(str(row.get(k)) for k in p.key)}))
    return out
