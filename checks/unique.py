"""unique — a code or key appears once per report where it must identify one thing.

Parameters:
- `columns` (list of columns): the key; rows of one report must not share it.
- `normalise` (bool, default true): compare case-insensitively with spaces, dots and brackets
  removed, so `IKK 1.1`, `[IKK 1.1]` and `IKK.1.1` are the same key.

Message arguments: `key` (the repeated key), `first` (path of its first occurrence), and every
column of the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.base import ParamsBase, RunData, finding, full_row, records, rows_for

KIND = "unique"
ARGS = ("key", "first")


@dataclass(frozen=True)
class Params(ParamsBase):
    columns: list[str]
    normalise: bool = True


def extra_args(params: dict) -> set[str]:
    return set(params.get("columns", []))


def normal_key(value: object) -> str:
    return re.sub(r"[\s.\[\]_-]", "", str(value)).upper()


def run(rule, data: RunData):
    p = rule.params
    seen: dict[tuple, str] = {}
    out = []
    frame = rows_for(rule, data)
    for row in records(frame, p.columns):
        parts = [row.get(c) for c in p.columns]
        if any(v is None or v == "" for v in parts):
            continue
        key = (row["report"], *(normal_key(v) if p.normalise else v for v in parts))
        if key in seen:
            out.append(finding(rule, full_row(frame, row), "violated", path=row["path"],
                               args={"key": " / ".join(map(str, parts)), "first": seen[key]}))
        else:
            seen[key] = row["path"]
    return out
