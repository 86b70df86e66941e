"""band — a grade matches the band its score falls in (predikat SAKIP of the nilai, NKA category).

Band tables are pack parameters: rows of `label`, `di_atas` (lower end, exclusive; absent = no
lower limit) and `sampai` (upper end, inclusive), so 90,00 is A and 90,01 is AA. A score written
as 82.1 is checked as the interval [82.05, 82.15]: when that interval straddles a band edge,
both grades are accepted.

Parameters:
- `grade` (column): the stated grade (predikat, kategori).
- `score` (column): the score it must reflect.
- `bands` (pack parameter name): the band table, possibly varying by year.

Message arguments: `actual` (the grade), `expected` (the band of the score), `score`, and every
column of the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from checks.base import ParamsBase, RunData, cell_path, finding, rows_for
from validator.figures import Figure

KIND = "band"
ARGS = ("actual", "expected", "score")


@dataclass(frozen=True)
class Params(ParamsBase):
    grade: str
    score: str
    bands: str

    def validate(self, pack) -> None:
        if self.bands not in pack.meta.get("parameters", {}):
            raise ValueError(f"bands: the pack has no parameter {self.bands!r}")


def extra_args(params: dict) -> set[str]:
    return {params.get("grade", ""), params.get("score", "")}


def run(rule, data: RunData):
    p = rule.params
    frame = rows_for(rule, data)
    out = []
    for row in frame.to_dict("records"):
        score, grade = row.get(p.score), row.get(p.grade)
        grade_text = grade.text if isinstance(grade, Figure) else grade
        if not isinstance(score, Figure) or score.value is None or not grade_text:
            continue
        year = row.get("tahun") if isinstance(row.get("tahun"), int) else row.get("laporan_tahun")
        bands = data.bands(p.bands, year)
        iv = score.interval()
        possible = [b.label for b in bands if b.covers(iv.low) or b.covers(iv.high)]
        exact = [b.label for b in bands if b.covers(score.value)]
        if str(grade_text).strip().upper() in {label.upper() for label in possible} or not exact:
            continue
        out.append(finding(rule, row, "mismatch", path=cell_path(row, p.grade),
                           figure=grade if isinstance(grade, Figure) else None, actual=str(grade_text),
                           expected=exact[0], args={"actual": grade_text, "expected": exact[0], "score": score.text}))
    return out
