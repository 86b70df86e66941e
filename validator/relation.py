"""Judge a reported figure against the value computed from its inputs, row by row.

A reviewer distinguishes three kinds of difference, and so do we: a figure rounded as the
convention asks (fine), a figure truncated instead of rounded (a convention slip, its own
finding), and a figure that no rounding of any value the inputs allow can explain (a wrong
number). The interval test comes last, so that an exact-looking match is reported as the
convention it follows, and a mismatch only when the inputs' own precision cannot explain it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import NamedTuple

import numpy as np

from validator.figures import Figure
from validator.formula import Vec
from validator.intervals import POINT, round_half_up, truncate


class Outcome(enum.Enum):
    OK = "ok"
    ROUNDED_DOWN = "rounded-down"  # equals the computed value truncated, not rounded
    MISMATCH = "mismatch"
    NOT_COMPUTABLE = "not-computable"  # a divisor is or may be 0
    MISSING = "missing"  # the reported figure or an input is absent or not a number


class Classified(NamedTuple):
    outcome: np.ndarray  # object, Outcome
    expected: np.ndarray  # object, Decimal: computed, rounded half-up to the reported places; None if unknown
    difference: np.ndarray  # object, Decimal: reported − expected; None unless both are known


def reported_decimals(figures: Sequence[Figure | None]) -> np.ndarray:
    """The decimals each figure is written to, in the figure's stored units (after `scale`).

    A figure in thousands written without decimals is rounded to -3 places. None for an exact
    figure or a missing one: `classify` then uses the places of the value itself.
    """
    out = np.empty(len(figures), dtype=object)
    for i, f in enumerate(figures):
        if f is None or f.value is None or (f.decimals is None and f.scale == 1):
            out[i] = None
        else:
            shift = round(math.log10(f.scale))
            if 10**shift != f.scale:
                raise ValueError(f"scale {f.scale} is not a power of ten")
            out[i] = (f.decimals or 0) - shift
    return out


def _places(value: Decimal, decimals: int | None) -> int:
    if decimals is not None:
        return decimals
    return max(0, -value.as_tuple().exponent)


def classify(reported: Vec, decimals: np.ndarray | Sequence[int | None], computed: Vec) -> Classified:
    """Per row: MISSING / NOT_COMPUTABLE, else OK when the report rounds the computed value
    half-up, ROUNDED_DOWN when it truncates it, OK when the intervals meet, else MISMATCH."""
    n = len(reported)
    places = np.frompyfunc(_places, 2, 1)(reported.point, np.asarray(decimals, dtype=object).reshape(n))
    expected = np.frompyfunc(round_half_up, 2, 1)(computed.point, places)
    cut = np.frompyfunc(truncate, 2, 1)(computed.point, places)
    both = reported.known & computed.known

    outcome = np.full(n, Outcome.MISMATCH, dtype=object)
    meets = np.asarray((reported.low <= computed.high) & (computed.low <= reported.high), dtype=bool)
    outcome[meets] = Outcome.OK
    outcome[np.asarray(reported.point == cut, dtype=bool)] = Outcome.ROUNDED_DOWN
    outcome[np.asarray(reported.point == expected, dtype=bool)] = Outcome.OK
    outcome[~both] = Outcome.MISSING
    outcome[computed.zero_div & ~computed.known] = Outcome.NOT_COMPUTABLE

    with_expected = np.where(computed.known, expected, None)
    with localcontext(POINT):
        difference = np.where(both, reported.point - expected, None)
    return Classified(outcome, with_expected, difference)

