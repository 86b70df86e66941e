import operator
from decimal import Decimal as D

import pytest

from validator.intervals import Interval, Mode, round_half_up, truncate


def I(low: str, high: str) -> Interval:  # noqa: E743 - short name keeps the tables readable
    return Interval(D(low), D(high))


@pytest.mark.parametrize(
    ("value", "decimals", "scale", "mode", "expected"),
    [
        ("93.5", 1, 1, Mode.ROUND, I("93.45", "93.55")),
        ("334.69", 2, 1, Mode.ROUND, I("334.685", "334.695")),
        ("90.00", 2, 1, Mode.ROUND, I("89.995", "90.005")),
        ("-12.3", 1, 1, Mode.ROUND, I("-12.35", "-12.25")),
        ("0", 0, 1, Mode.ROUND, I("-0.5", "0.5")),
        ("39524000", 0, 1000, Mode.ROUND, I("39523500", "39524500")),
        ("5542", None, 1, Mode.ROUND, I("5542", "5542")),
        ("43.47", 2, 1, Mode.TRUNCATE, I("43.47", "43.48")),
        ("-43.47", 2, 1, Mode.TRUNCATE, I("-43.48", "-43.47")),
        ("0.00", 2, 1, Mode.TRUNCATE, I("-0.01", "0.01")),
        ("12000", 0, 1000, Mode.TRUNCATE, I("12000", "13000")),
        ("1200", -2, 1, Mode.ROUND, I("1150", "1250")),
    ],
)
def test_from_reported(value, decimals, scale, mode, expected):
    assert Interval.from_reported(D(value), decimals, scale, mode) == expected


def test_low_above_high_is_rejected():
    with pytest.raises(ValueError):
        I("2", "1")


@pytest.mark.parametrize(
    ("a", "op", "b", "expected"),
    [
        (I("1", "2"), "+", I("10", "20"), I("11", "22")),
        (I("1", "2"), "-", I("10", "20"), I("-19", "-8")),
        (I("-1", "2"), "*", I("3", "4"), I("-4", "8")),
        (I("-2", "-1"), "*", I("-4", "3"), I("-6", "8")),
        (I("0", "0"), "*", I("-5", "5"), I("0", "0")),
        (I("10", "20"), "/", I("2", "5"), I("2", "10")),
        (I("-10", "20"), "/", I("-5", "-2"), I("-10", "5")),
        (I("1", "2"), "+", D("0.5"), I("1.5", "2.5")),
    ],
)
def test_arithmetic(a, op, b, expected):
    ops = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
    assert ops[op](a, b) == expected


def test_unary_minus_swaps_bounds():
    assert -I("-1", "3") == I("-3", "1")


@pytest.mark.parametrize(
    ("interval", "weight", "expected"),
    [
        (I("99.355", "99.365"), D("0.4"), I("39.742", "39.746")),
        (I("1", "2"), D("-3"), I("-6", "-3")),
        (I("-1", "2"), D("-1"), I("-2", "1")),
        (I("1", "2"), D("0"), I("0", "0")),
    ],
)
def test_scale(interval, weight, expected):
    assert interval.scale(weight) == expected


@pytest.mark.parametrize("divisor", [I("0", "0"), I("-1", "1"), I("0", "3"), I("-0.005", "0.005")])
def test_division_by_interval_containing_zero(divisor):
    with pytest.raises(ZeroDivisionError):
        I("1", "2") / divisor


def test_quotient_keeps_precision_and_encloses_the_true_value():
    q = Interval.exact(10) / Interval.exact(23) * 100
    assert q.low <= D("43.47826086956521739130434782608695652") <= q.high
    assert q.width < D("1e-30")
    assert str(round_half_up(q.midpoint, 2)) == "43.48"
    assert str(truncate(q.midpoint, 2)) == "43.47"


@pytest.mark.parametrize(
    ("a", "b", "meets"),
    [
        (I("1", "2"), I("2", "3"), True),  # touching closed ends intersect
        (I("1", "2"), I("2.0001", "3"), False),
        (I("-3", "-1"), I("-2", "5"), True),
        (I("0", "0"), I("0", "0"), True),
        # 90.00 (2 decimals) against 90.005 (3 decimals): [89.995, 90.005] touches [90.0045, 90.0055]
        (Interval.from_reported(D("90.00"), 2), Interval.from_reported(D("90.005"), 3), True),
        (Interval.from_reported(D("90.00"), 2), Interval.exact(D("90.006")), False),
    ],
)
def test_intersects(a, b, meets):
    assert a.intersects(b) is meets
    assert b.intersects(a) is meets
    assert (a.intersect(b) is not None) is meets


@pytest.mark.parametrize(
    ("interval", "x", "inside"),
    [
        (I("89.995", "90.005"), D("90.005"), True),
        (I("89.995", "90.005"), D("89.995"), True),
        (I("89.995", "90.005"), D("90.0051"), False),
        (I("-1", "1"), D("0"), True),
        (I("-2", "-1"), D("0"), False),
    ],
)
def test_contains(interval, x, inside):
    assert interval.contains(x) is inside


@pytest.mark.parametrize(
    ("interval", "text", "width", "midpoint"),
    [
        (I("89.995", "90.005"), "[89.995, 90.005]", D("0.01"), D("90")),
        (I("39523500", "39524500"), "[39523500, 39524500]", D("1000"), D("39524000")),
        (I("-0.50", "0.50"), "[-0.5, 0.5]", D("1"), D("0")),
        (I("100.00", "100.00"), "[100, 100]", D("0"), D("100")),
    ],
)
def test_str_width_midpoint(interval, text, width, midpoint):
    assert str(interval) == text
    assert interval.width == width
    assert interval.midpoint == midpoint


@pytest.mark.parametrize(
    ("value", "decimals", "rounded", "truncated"),
    [
        ("96.115", 2, "96.12", "96.11"),
        ("43.4783", 2, "43.48", "43.47"),
        ("43.475", 2, "43.48", "43.47"),
        ("-96.115", 2, "-96.12", "-96.11"),
        ("-43.4783", 2, "-43.48", "-43.47"),
        ("0.005", 2, "0.01", "0.00"),
        ("119.3467", 2, "119.35", "119.34"),
        ("2.5", 0, "3", "2"),
        ("39524499", -3, "3.9524E+7", "3.9524E+7"),
        ("1E+30", 12, "1E+30", "1E+30"),  # 43 digits to the place: InvalidOperation (a product of large figures)
    ],
)
def test_round_half_up_and_truncate(value, decimals, rounded, truncated):
    assert round_half_up(D(value), decimals) == D(rounded)
    assert truncate(D(value), decimals) == D(truncated)
    assert str(round_half_up(D(value), decimals)) == rounded


def test_floats_are_refused():
    with pytest.raises(TypeError):
        I("1", "2") + 0.5
