"""A reported figure: its exact value, how precisely it was written, and where it stands.

Stated totals, percentages and grades are evidence to be checked, so the loader keeps them as
written. The written precision is part of that evidence: `93.5` stands for [93.45, 93.55].
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from validator.intervals import Interval


@dataclass(frozen=True, slots=True)
class Figure:
    """One value of the report data file.

    `value` is already multiplied by `scale` (a Renja figure in thousands is stored in rupiah);
    `decimals` is None when the figure is exact (a whole number in a money or count field).
    Non-numeric content (a grade such as "A", a placeholder such as "XX%") is kept in `label`.
    """

    value: Decimal | None
    text: str
    decimals: int | None
    scale: int = 1
    label: str | None = None
    line: int = 0
    column: int = 0
    path: str = ""          # readable path in the report, e.g. capaian[IKK 1.1].realisasi

    @property
    def is_number(self) -> bool:
        return self.value is not None

    def interval(self) -> Interval:
        """The interval of values this figure may stand for, given how it was written."""
        if self.value is None:
            raise ValueError(f"{self.text!r} is not a number")
        if self.decimals is None and self.scale == 1:
            return Interval.exact(self.value)
        return Interval.from_reported(self.value, self.decimals or 0, self.scale)

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple:
        """Pickled as a constructor call: load workers send thousands of figures, and the dataclass
        default (each field set through `fields()`) made unpickling them most of the transfer."""
        return Figure, (self.value, self.text, self.decimals, self.scale, self.label, self.line, self.column, self.path)
