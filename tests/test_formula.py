from decimal import Decimal as D

import numpy as np
import pytest

from validator.figures import Figure
from validator.formula import (
    Band,
    Bin,
    BoolOp,
    Call,
    Cmp,
    Col,
    EvalContext,
    FormulaError,
    Not,
    Num,
    Str,
    Truth,
    Unary,
    Vec,
    columns,
    evaluate,
    functions,
    parse,
)
from validator.relation import Outcome, classify, reported_decimals


def num(text: str, scale: int = 1) -> Figure:
    """A figure as the loader would give it: decimals as written; whole numbers exact."""
    decimals = len(text.split(".")[1]) if "." in text else None
    return Figure(value=D(text) * scale, text=text, decimals=decimals, scale=scale)


def grade(text: str) -> Figure:
    return Figure(value=None, text=text, decimals=None, label=text)


def ctx(bands=None, **cols) -> EvalContext:
    """Columns given as lists of figure texts; None = missing, a leading '@' = a grade label."""
    n = len(next(iter(cols.values())))
    vecs = {
        name: Vec.from_figures([None if v is None else grade(v[1:]) if v.startswith("@") else num(v) for v in vals])
        for name, vals in cols.items()
    }
    return EvalContext(vecs, n, bands or {})


def run(formula: str, context: EvalContext):
    return evaluate(parse(formula), context)


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("realisasi / target * 100", Bin("*", Bin("/", Col("realisasi"), Col("target")), Num(D(100)))),
        ("realisasi ÷ target × 100", Bin("*", Bin("/", Col("realisasi"), Col("target")), Num(D(100)))),
        ("0.4 * ikpa + 0.6 * eka", Bin("+", Bin("*", Num(D("0.4")), Col("ikpa")), Bin("*", Num(D("0.6")), Col("eka")))),
        ("(2 × target − realisasi) ÷ target", Bin("/", Bin("-", Bin("*", Num(D(2)), Col("target")), Col("realisasi")), Col("target"))),
        ("-x", Unary("-", Col("x"))),
        ("a ≤ b", Cmp("<=", Col("a"), Col("b"))),
        ("a ≠ b", Cmp("!=", Col("a"), Col("b"))),
        ("a ≥ 1", Cmp(">=", Col("a"), Num(D(1)))),
        ("0 <= x <= 100", BoolOp("and", (Cmp("<=", Num(D(0)), Col("x")), Cmp("<=", Col("x"), Num(D(100)))))),
        ("polaritas == 'positif' and is_number(target) and target != 0",
         BoolOp("and", (Cmp("==", Col("polaritas"), Str("positif")), Call("is_number", (Col("target"),)),
                        Cmp("!=", Col("target"), Num(D(0)))))),
        ("not (a < b or a > c)", Not(BoolOp("or", (Cmp("<", Col("a"), Col("b")), Cmp(">", Col("a"), Col("c")))))),
        ("band(nilai, 'sakip') == 'A'", Cmp("==", Call("band", (Col("nilai"), Str("sakip"))), Str("A"))),
        ("round(x, 2)", Call("round", (Col("x"), Num(D(2))))),
        ("round(x, -3)", Call("round", (Col("x"), Num(D(-3))))),
        ("sum(a, b, c) - total", Bin("-", Call("sum", (Col("a"), Col("b"), Col("c"))), Col("total"))),
        ("coalesce(a, b, 0)", Call("coalesce", (Col("a"), Col("b"), Num(D(0))))),
        ("1_000 + 1e3", Bin("+", Num(D(1000)), Num(D(1000)))),
    ],
)
def test_parse_ok(text, node):
    assert parse(text) == node


def test_literals_never_go_through_float():
    node = parse("0.1 + 0.2")
    assert node.left.value == D("0.1") and str(node.left.value) == "0.1"
    assert parse("96.115").value == D("96.115")
    assert str(parse("1.10").value) == "1.10"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('x')", "attribute access is not allowed"),
        ("__import__('os')", "names starting with '_' are not allowed"),
        ("().__class__", "attribute access is not allowed: '().__class__'"),
        ("open('/etc/passwd')", "unknown function 'open'"),
        ("eval('1')", "unknown function 'eval'"),
        ("x.y", "attribute access is not allowed: 'x.y'"),
        ("a[0]", "subscripts are not allowed"),
        ("lambda: 1", "lambda is not allowed"),
        ("[1,2]", "lists are not allowed"),
        ("(1, 2)", "tuples are not allowed"),
        ("{}", "dicts are not allowed"),
        ("f'x'", "f-strings are not allowed"),
        ("a if b else c", "conditional expressions"),
        ("a ** 1000000", "'**' (power) is not allowed"),
        ("x := 1", "syntax error"),
        ("(x := 1)", "assignment expressions (:=) are not allowed"),
        ("[x for x in y]", "comprehensions are not allowed"),
        ("a % 2", "'%' is not allowed"),
        ("a // 2", "'//' is not allowed"),
        ("a in b", "'in' is not allowed"),
        ("~a", "'~' is not allowed"),
        ("_secret + 1", "names starting with '_' are not allowed"),
        ("True", "constant 'True' is not allowed"),
        ("None", "constant 'None' is not allowed"),
        ("0x1F", "write decimal digits"),
        ("1j", "not allowed"),
        ("'text'", "text literals are only allowed as a band name"),
        ("a < 'A'", "text literals are only allowed as a band name"),
        ("abs(a, b)", "abs() takes 1 argument"),
        ("round(x, 1.5)", "whole number literal"),
        ("round(x, d)", "whole number literal"),
        ("round(x, 40)", "from -20 to 12"),  # InvalidOperation while checking
        ("round(x, -99999999999)", "from -20 to 12"),
        ("band(x, name)", "quoted table name"),
        ("max(a, key=b)", "keyword arguments are not allowed"),
        ("a + (b < c)", "a number is needed here"),
        ("a and b", "a condition is needed here"),
        ("band(x, 't') + 1", "a number is needed here"),
        ("a +", "syntax error"),
        ("-" * 60 + "1", "nested deeper than 50"),
        ("x" + " + x" * 60, "nested deeper than 50"),
        ("x" * 2001, "longer than 2000"),
        ("a\x00", "null bytes"),
    ],
)
def test_parse_rejects(text, message):
    with pytest.raises(FormulaError) as err:
        parse(text)
    assert message in err.value.message


def test_error_offset_points_at_the_written_text():
    with pytest.raises(FormulaError) as err:
        parse("a × b ≤ c.d")
    assert err.value.offset == 8


def test_columns_and_functions():
    node = parse("round(realisasi / target * 100, 2) == capaian and is_number(target)")
    assert columns(node) == {"realisasi", "target", "capaian"}
    assert functions(node) == {"round", "is_number"}


# --- evaluation --------------------------------------------------------------------------------


def bounds(v: Vec) -> list[tuple[D, D, D] | None]:
    return [(p, lo, hi) if k else None for p, lo, hi, k in zip(v.point, v.low, v.high, v.known)]


def test_weighted_sum_carries_the_inputs_precision():
    v = run("0.4 * ikpa + 0.6 * eka", ctx(ikpa=["99.36"], eka=["93.15"]))
    assert bounds(v) == [(D("95.634"), D("95.629"), D("95.639"))]


@pytest.mark.parametrize(
    ("formula", "cols", "expected"),
    [
        ("a - b", {"a": ["10.5"], "b": ["3"]}, (D("7.5"), D("7.45"), D("7.55"))),
        ("-a", {"a": ["-2.5"]}, (D("2.5"), D("2.45"), D("2.55"))),
        ("a * b", {"a": ["-1.0"], "b": ["2.0"]}, (D("-2.00"), D("-2.1525"), D("-1.8525"))),
        ("a / b * 100", {"a": ["727"], "b": ["5542"]}, None),
        ("abs(a)", {"a": ["-0.0"]}, (D("0.0"), D("0"), D("0.05"))),
        ("abs(a - b)", {"a": ["3"], "b": ["5"]}, (D("2"), D("2"), D("2"))),
        ("min(a, b)", {"a": ["3.0"], "b": ["3.02"]}, (D("3.0"), D("2.95"), D("3.025"))),
        ("max(a, b, 4)", {"a": ["3.0"], "b": ["3.02"]}, (D("4"), D("4"), D("4"))),
        ("sum(a, b)", {"a": ["1.5"], "b": ["2"]}, (D("3.5"), D("3.45"), D("3.55"))),
        ("round(a, 1)", {"a": ["2.25"]}, (D("2.3"), D("2.2"), D("2.3"))),
        ("trunc(a, 1)", {"a": ["-2.25"]}, (D("-2.2"), D("-2.2"), D("-2.2"))),
    ],
)
def test_arithmetic(formula, cols, expected):
    v = run(formula, ctx(**cols))
    if expected is None:
        # 727 ÷ 5542 × 100 = 13.11800793937206784554312522555034283…: bounds rounded outwards at 34 digits
        assert v.known[0] and v.low[0] <= D("13.1180079393720678455431252255503428365211115120894983760375") <= v.high[0]
        assert v.high[0] - v.low[0] < D("1e-30") and v.low[0] <= v.point[0] <= v.high[0]
    else:
        assert bounds(v) == [expected]


def test_thousands_scale_gives_half_a_thousand_either_side():
    v = Vec.from_figures([num("39524", scale=1000)])
    assert (v.point[0], v.low[0], v.high[0]) == (D(39524000), D(39523500), D(39524500))


def test_missing_inputs_make_rows_unknown():
    v = run("a + b", ctx(a=["1", None, "@A"], b=["2", "3", "4"]))
    assert list(v.known) == [True, False, False]
    assert v.point[1] == D(0) and not v.zero_div.any()


@pytest.mark.parametrize(
    ("target", "zero_div"),
    [("0", True), ("0.00", True), ("-0.0", True), ("0.004", False), (None, False), ("@-", False), ("4", False)],
)
def test_division_by_zero_is_not_computable(target, zero_div):
    v = run("realisasi / target * 100", ctx(realisasi=["5"], target=[target]))
    assert v.known[0] is np.bool_(not zero_div and target not in (None, "@-"))
    assert v.zero_div[0] is np.bool_(zero_div)


def test_division_by_an_interval_straddling_zero():
    v = run("a / (b - c)", ctx(a=["1"], b=["2.0"], c=["2.0"]))
    assert not v.known[0] and v.zero_div[0]


def test_zero_div_propagates():
    v = run("round(a / b * 100, 2) + 1", ctx(a=["1", "1"], b=["0", "2"]))
    assert list(v.known) == [False, True] and list(v.zero_div) == [True, False]


def test_unknown_column_lists_available_ones():
    with pytest.raises(FormulaError, match=r"unknown column 'target'; available: capaian, realisasi"):
        run("realisasi / target", ctx(realisasi=["1"], capaian=["2"]))


SAKIP = [
    Band("AA", D(90), D(100)),
    Band("A", D(80), D(90)),
    Band("BB", D(70), D(80)),
    Band("B", D(60), D(70)),
    Band("CC", D(50), D(60)),
    Band("C", D(30), D(50)),
    Band("D", None, D(30)),
]


def test_band_bounds():
    values = ["90.00", "90.01", "100", "80", "80.001", "30", "30.01", "0", "100.01", None]
    v = run("band(nilai, 'sakip')", ctx(bands={"sakip": SAKIP}, nilai=values))
    assert list(v.text) == ["A", "AA", "AA", "BB", "A", "D", "C", "D", None, None]
    assert not v.known.any()


def test_band_with_other_inclusive_ends_and_open_top():
    table = [Band("low", None, D(50), upto_inclusive=False), Band("high", D(50), None, above_inclusive=True)]
    v = run("band(x, 't')", ctx(bands={"t": table}, x=["49.99", "50", "1000"]))
    assert list(v.text) == ["low", "high", "high"]


def test_unknown_band_table():
    with pytest.raises(FormulaError, match="unknown band table 'nka'; available: sakip"):
        run("band(x, 'nka')", ctx(bands={"sakip": SAKIP}, x=["1"]))


def truth(t: Truth) -> list[bool | None]:
    return [bool(h) if k else None for h, k in zip(t.holds, t.known)]


@pytest.mark.parametrize(
    ("formula", "cols", "expected"),
    [
        # numbers compare under interval semantics: can the relation hold for some values?
        ("a == b", {"a": ["90.00", "90.00", "90", None], "b": ["90.004", "90.006", "90.04", "1"]}, [True, False, False, None]),
        ("a != b", {"a": ["90", "90.0", "90"], "b": ["90", "90", "91"]}, [False, True, True]),
        ("a < b", {"a": ["5", "5.0", "6"], "b": ["5", "5", "5"]}, [False, True, False]),
        ("a <= b", {"a": ["5", "5.0", "5.1"], "b": ["5", "5", "5"]}, [True, True, False]),
        ("a > b", {"a": ["5", "4.96", "6"], "b": ["5", "5", "5"]}, [False, False, True]),
        ("a >= b", {"a": ["5", "4.95", "4.94"], "b": ["5", "5.0", "5.0"]}, [True, True, False]),
        ("-a < 0", {"a": ["-1", "1"]}, [False, True]),
        # labels compare by equality; ordering of labels is unknown
        ("g == 'A'", {"g": ["@A", "@AA", "95", None]}, [True, False, False, None]),
        ("g != 'A'", {"g": ["@A", "@AA"]}, [False, True]),
        ("g == h", {"g": ["@BB", "@B"], "h": ["@BB", "@BB"]}, [True, False]),
        ("g < h", {"g": ["@B", "1"], "h": ["@BB", "2"]}, [None, True]),
        # three-valued logic
        ("a > 0 and b > 0", {"a": ["1", "-1", None, None], "b": [None, None, "1", "-1"]}, [None, False, None, False]),
        ("a > 0 or b > 0", {"a": ["1", "-1", None, None], "b": [None, None, "1", "-1"]}, [True, None, True, None]),
        ("not a > 0", {"a": ["1", "-1", None]}, [False, True, None]),
        ("is_number(a)", {"a": ["1", "@XX%", None]}, [True, False, False]),
        ("0 <= a <= 100", {"a": ["0", "100.0", "100.01", "-3"]}, [True, True, False, False]),
        ("coalesce(a, b) == 2", {"a": [None, "1", "@A"], "b": ["2", "2", "2"]}, [True, False, False]),
        ("band(a, 'sakip') == 'A'", {"a": ["90.00", "90.01"]}, [True, False]),
    ],
)
def test_comparisons(formula, cols, expected):
    assert truth(run(formula, ctx(bands={"sakip": SAKIP}, **cols))) == expected


def test_rule_guard_from_the_style_guide():
    t = run(
        "polaritas == 'positif' and is_number(target) and target != 0",
        ctx(polaritas=["@positif", "@negatif", "@positif", "@positif"], target=["4", "4", "@-", "0"]),
    )
    assert truth(t) == [True, False, False, False]


# --- classify ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "inputs", "reported", "outcome", "expected"),
    [
        ("a / b * 100", {"a": "727", "b": "5542"}, "13.12", Outcome.OK, "13.12"),
        ("a / b * 100", {"a": "727", "b": "5542"}, "13.14", Outcome.MISMATCH, "13.12"),
        ("a / b * 100", {"a": "10", "b": "23"}, "43.47", Outcome.ROUNDED_DOWN, "43.48"),
        ("a / b * 100", {"a": "10", "b": "23"}, "43.48", Outcome.OK, "43.48"),
        ("0.4 * a + 0.6 * b", {"a": "99.36", "b": "93.15"}, "95.63", Outcome.OK, "95.63"),
        ("0.4 * a + 0.6 * b", {"a": "99.36", "b": "93.15"}, "95.64", Outcome.OK, "95.63"),  # by interval
        ("0.4 * a + 0.6 * b", {"a": "99.36", "b": "93.15"}, "95.65", Outcome.MISMATCH, "95.63"),
        ("a / b * 100", {"a": "74", "b": "90"}, "98.66", Outcome.MISMATCH, "82.22"),
        ("a / b * 100", {"a": "950", "b": "796"}, "119.34", Outcome.ROUNDED_DOWN, "119.35"),
        ("a / b * 100", {"a": "950", "b": "796"}, "119.35", Outcome.OK, "119.35"),
        ("(2 * b - a) / b * 100", {"a": "12", "b": "10"}, "80", Outcome.OK, "80"),
        ("a - b", {"a": "-10.5", "b": "0.25"}, "-10.75", Outcome.OK, "-10.75"),
        ("a / b * 100", {"a": "-10", "b": "23"}, "-43.47", Outcome.ROUNDED_DOWN, "-43.48"),
        ("a / b * 100", {"a": "5", "b": "0"}, "0", Outcome.NOT_COMPUTABLE, None),
        ("a / b * 100", {"a": "5", "b": None}, "12", Outcome.MISSING, None),
        ("a / b * 100", {"a": "5", "b": "10"}, None, Outcome.MISSING, "50"),
        ("a / b * 100", {"a": "5", "b": "10"}, "@XX%", Outcome.MISSING, "50"),
    ],
)
def test_classify(formula, inputs, reported, outcome, expected):
    context = ctx(**{k: [v] for k, v in inputs.items()})
    figures = [None if reported is None else grade(reported[1:]) if reported.startswith("@") else num(reported)]
    result = classify(Vec.from_figures(figures), reported_decimals(figures), run(formula, context))
    assert result.outcome[0] is outcome
    assert result.expected[0] == (None if expected is None else D(expected))
    if outcome in (Outcome.OK, Outcome.MISMATCH, Outcome.ROUNDED_DOWN):
        assert result.difference[0] == D(reported) - D(expected)
    else:
        assert result.difference[0] is None


def test_classify_is_vectorised_and_handles_thousands():
    # Renja figures in thousands: a total written "39.524" (thousands) against rupiah parts
    figures = [num("39524", scale=1000), num("39525", scale=1000), num("39526", scale=1000)]
    computed = Vec.exact([D(39524321), D(39524321), D(39524321)])
    decimals = reported_decimals(figures)
    assert list(decimals) == [-3, -3, -3]
    result = classify(Vec.from_figures(figures), decimals, computed)
    assert list(result.outcome) == [Outcome.OK, Outcome.MISMATCH, Outcome.MISMATCH]
    assert result.expected[0] == D(39524000)
    assert result.difference[1] == D(1000)
