"""Exact decimal intervals: the tolerance of every relation the checker tests.

A reported figure is evidence of a value, not the value: `93.5` stands for anything in
[93.45, 93.55], and a Renja figure in thousands stands for ±500 rupiah. XBRL Calculations 1.1
(Arelle's `ValidateXbrlCalcs.py`) turns this into a rule for sums: a relation holds when the
interval computed from the inputs intersects the interval of the reported result. We generalise
it to every formula (ratios, weighted scores, differences), so no check picks its own epsilon:
a fixed epsilon gives both false alarms and misses.

Bounds are `Decimal`, never float. Where a result has more digits than the context keeps
(quotients), the lower bound is rounded down and the upper bound up, so an interval always
contains every value it claims to.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

PRECISION = 34
"""Significant digits kept for computed values (IEEE decimal128), enough for any report figure."""

POINT = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)
DOWN = Context(prec=PRECISION, rounding=ROUND_FLOOR)
UP = Context(prec=PRECISION, rounding=ROUND_CEILING)


class Mode(enum.Enum):
    """How the author turned the true value into the written one."""

    ROUND = "round"
    TRUNCATE = "truncate"


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round to `decimals` places, halves away from zero: the convention of the reports."""
    return _quantize(value, decimals, ROUND_HALF_UP)


def truncate(value: Decimal, decimals: int) -> Decimal:
    """Cut to `decimals` places towards zero, as many reports do by mistake (43.47 for 43.478…)."""
    return _quantize(value, decimals, ROUND_DOWN)


def _quantize(value: Decimal, decimals: int, rounding: str) -> Decimal:
    """`value` at `decimals` places; one whose digits up to that place are more than PRECISION
    (a product of large figures at 12 places) has no digit past it and is returned as it is:
    quantizing it raised InvalidOperation."""
    if value.is_finite() and value.adjusted() + decimals >= PRECISION:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=rounding, context=POINT)


def _text(d: Decimal) -> str:
    return "0" if d == 0 else format(d.normalize(), "f")


@lru_cache(maxsize=None)
def _units(scale: int, decimals: int) -> tuple[Decimal, Decimal]:
    """A unit of the last written place, and half of it: few scales and places occur, and every
    figure of every rule asks for them."""
    unit = Decimal(scale).scaleb(-decimals)
    return unit, unit / 2


@dataclass(frozen=True, slots=True)
class Interval:
    """The closed interval [low, high] of values a figure or a computation may stand for."""

    low: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"interval low {self.low} is above high {self.high}")

    @classmethod
    def exact(cls, value: Decimal | int) -> Interval:
        v = Decimal(value)
        return cls(v, v)

    @classmethod
    def from_reported(
        cls, value: Decimal, decimals: int | None, scale: int = 1, mode: Mode = Mode.ROUND
    ) -> Interval:
        """The values that, written with `decimals` places in units of `scale`, give `value`.

        `value` is already multiplied by `scale`. ROUND gives half a unit either side; TRUNCATE
        runs one unit away from zero (both ways for a zero, which may have lost either sign).
        """
        if decimals is None:
            return cls.exact(value)
        unit, half = _units(scale, decimals)
        if mode is Mode.ROUND:
            return cls(DOWN.subtract(value, half), UP.add(value, half))
        if value > 0:
            return cls(value, UP.add(value, unit))
        if value < 0:
            return cls(DOWN.subtract(value, unit), value)
        return cls(-unit, unit)

    # --- arithmetic (bounds rounded outwards when digits run out) ---

    def __add__(self, other: Interval | Decimal | int) -> Interval:
        o = _coerce(other)
        return Interval(DOWN.add(self.low, o.low), UP.add(self.high, o.high))

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval(-self.high, -self.low)

    def __pos__(self) -> Interval:
        return self

    def __sub__(self, other: Interval | Decimal | int) -> Interval:
        return self + -_coerce(other)

    def __rsub__(self, other: Decimal | int) -> Interval:
        return _coerce(other) - self

    def __mul__(self, other: Interval | Decimal | int) -> Interval:
        o = _coerce(other)
        pairs = [(a, b) for a in (self.low, self.high) for b in (o.low, o.high)]
        return Interval(min(DOWN.multiply(a, b) for a, b in pairs), max(UP.multiply(a, b) for a, b in pairs))

    __rmul__ = __mul__

    def __truediv__(self, other: Interval | Decimal | int) -> Interval:
        o = _coerce(other)
        if o.contains(Decimal(0)):
            raise ZeroDivisionError(f"divisor {o} contains 0")
        pairs = [(a, b) for a in (self.low, self.high) for b in (o.low, o.high)]
        return Interval(min(DOWN.divide(a, b) for a, b in pairs), max(UP.divide(a, b) for a, b in pairs))

    def __rtruediv__(self, other: Decimal | int) -> Interval:
        return _coerce(other) / self

    def scale(self, k: Decimal | int) -> Interval:
        """Multiply by a weight; a negative weight swaps the bounds."""
        return self * Interval.exact(k)

    # --- relations ---

    def intersects(self, other: Interval) -> bool:
        """True when some value lies in both; closed ends, so touching bounds intersect."""
        return self.low <= other.high and other.low <= self.high

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or None when the intervals are disjoint."""
        if not self.intersects(other):
            return None
        return Interval(max(self.low, other.low), min(self.high, other.high))

    def contains(self, x: Decimal | int) -> bool:
        return self.low <= x <= self.high

    @property
    def width(self) -> Decimal:
        return UP.subtract(self.high, self.low)

    @property
    def midpoint(self) -> Decimal:
        return POINT.divide(POINT.add(self.low, self.high), 2)

    def __str__(self) -> str:
        return f"[{_text(self.low)}, {_text(self.high)}]"


def _coerce(x: Interval | Decimal | int) -> Interval:
    if isinstance(x, Interval):
        return x
    if isinstance(x, (Decimal, int)) and not isinstance(x, bool):
        return Interval.exact(x)
    raise TypeError(f"cannot use {type(x).__name__} as an interval (floats are not allowed)")
