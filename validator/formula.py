"""A small, safe expression language for rule files, evaluated over whole columns with intervals.

Rule packs are third-party data, so a formula must never run code. `parse` uses Python's parser
only to get a syntax tree, then rebuilds it from this module's own node classes; every Python
construct outside the language below is rejected with a `FormulaError` naming it.

The language:

- numbers (`100`, `0.4`: kept as exact decimals), column names, `'text'` labels (only as a
  band table name or as an operand of `==`/`!=`);
- `+ - * /` and unary `-`; `×`, `÷` and `−` may be written for `*`, `/` and `-`;
- `== != < <= > >=` (also `≤ ≥ ≠`); a chain `0 <= x <= 100` means `0 <= x and x <= 100`;
- `and`, `or`, `not`;
- the functions in `FUNCTIONS`: abs, min, max, sum, round(x, d), trunc(x, d), ordinal(x, 'scale'), coalesce, is_present,
  is_number, band(x, 'table').

`evaluate` computes a formula for all rows at once. Every number carries a point value and the
interval its written precision allows (see `validator.intervals`); a comparison holds when it
can hold for some values in those intervals, so rounding in the report never raises a false
alarm. A row with a missing input is unknown, and a division by a divisor that is or may be 0
is unknown with `zero_div` set, so a finding can say "not computable" instead of guessing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache, reduce
from typing import Union

import numpy as np

from validator.figures import Figure
from validator.intervals import DOWN, POINT, PRECISION, UP, round_half_up, truncate
from validator.numbers import MAX_DECIMALS, MAX_WHOLE_DIGITS

MAX_LENGTH = 2000
MAX_DEPTH = 50
ZERO = Decimal(0)

_SYMBOLS = {"×": "*", "÷": "/", "−": "-", "≤": "<=", "≥": ">=", "≠": "!="}


class FormulaError(ValueError):
    """A formula that is not part of the language, or that names something the data lacks.

    `offset` is the 0-based character position in the formula as written, when known.
    """

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message if offset is None else f"{message} (at character {offset + 1})")
        self.message = message
        self.offset = offset


# --- nodes -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Num:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Str:
    value: str


@dataclass(frozen=True, slots=True)
class Col:
    name: str
    offset: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" | "+"
    operand: Node


@dataclass(frozen=True, slots=True)
class Bin:
    op: str  # "+" | "-" | "*" | "/"
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Cmp:
    op: str  # "==" | "!=" | "<" | "<=" | ">" | ">="
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "and" | "or"
    values: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Union[Num, Str, Col, Unary, Bin, Cmp, BoolOp, Not, Call]


# --- values ------------------------------------------------------------------------------------


def _objects(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _full(n: int, value: object) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


@dataclass(frozen=True)
class Vec:
    """A column of n values: numbers carry a point value (as written / exact computation) and an
    interval; text values carry a label.

    `zero_div` marks rows left unknown because a divisor was or could be 0.
    """

    point: np.ndarray  # object, Decimal (Decimal(0) where not numeric)
    low: np.ndarray  # object, Decimal
    high: np.ndarray  # object, Decimal
    text: np.ndarray  # object, str or None (labels/grades; None for numbers)
    known: np.ndarray  # bool: True where a numeric value is present
    zero_div: np.ndarray | None = None  # bool; None means all False

    def __post_init__(self) -> None:
        if self.zero_div is None:
            object.__setattr__(self, "zero_div", np.zeros(len(self.known), dtype=bool))

    def __len__(self) -> int:
        return len(self.known)

    @classmethod
    def from_figures(cls, values: Sequence[Figure | None]) -> Vec:
        """Numbers with the interval their written precision allows; labels as text."""
        n = len(values)
        point, low, high, text = _full(n, ZERO), _full(n, ZERO), _full(n, ZERO), _full(n, None)
        known = np.zeros(n, dtype=bool)
        for i, f in enumerate(values):
            if f is None:
                continue
            if f.value is not None:
                iv = f.interval()
                point[i], low[i], high[i], known[i] = f.value, iv.low, iv.high, True
            else:
                text[i] = f.label
        return cls(point, low, high, text, known)

    @classmethod
    def exact(cls, values: Sequence[Decimal | int | None]) -> Vec:
        """Numbers known exactly (None = missing), e.g. values computed by the caller."""
        known = np.array([v is not None for v in values], dtype=bool)
        point = _objects([ZERO if v is None else Decimal(v) for v in values])
        return cls(point, point.copy(), point.copy(), _full(len(values), None), known)

    @classmethod
    def labels(cls, values: Sequence[str | None]) -> Vec:
        """Text values such as grades (None = missing)."""
        n = len(values)
        return cls(_full(n, ZERO), _full(n, ZERO), _full(n, ZERO), _objects(values), np.zeros(n, dtype=bool))

    @property
    def has_text(self) -> np.ndarray:
        return np.not_equal(self.text, None)


def _number(point, low, high, known, zero_div) -> Vec:
    """A numeric Vec; unknown rows are reset to 0 so later arithmetic on them cannot fail."""
    n = len(known)
    return Vec(
        np.where(known, point, ZERO),
        np.where(known, low, ZERO),
        np.where(known, high, ZERO),
        _full(n, None),
        known,
        zero_div & ~known,
    )


@dataclass(frozen=True)
class Truth:
    """The result of a comparison per row; `holds` is False wherever `known` is False."""

    holds: np.ndarray  # bool
    known: np.ndarray  # bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "holds", self.holds & self.known)


Value = Union[Vec, Truth]


@dataclass(frozen=True, slots=True)
class Band:
    """One row of a band table: `label` covers above < x <= upto.

    `above=None` means no lower limit: the band also takes everything at or below its nominal
    lower end (so SAKIP's "D 0–30" is Band("D", None, 30) and takes 0). `upto=None` means no
    upper limit. The inclusive flags cover tables whose ends are the other way round.
    """

    label: str
    above: Decimal | None
    upto: Decimal | None
    above_inclusive: bool = False
    upto_inclusive: bool = True

    def covers(self, x: Decimal) -> bool:
        if self.above is not None and (x < self.above if self.above_inclusive else x <= self.above):
            return False
        if self.upto is not None and (x > self.upto if self.upto_inclusive else x >= self.upto):
            return False
        return True


@dataclass(frozen=True)
class EvalContext:
    columns: Mapping[str, Vec]
    n: int
    bands: Mapping[str, Sequence[Band]] = field(default_factory=dict)
    ordinals: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)  # name → label → number


# --- parsing -----------------------------------------------------------------------------------

# What a node yields: a number, a text label, a truth, or "any" (a column: number or label).
NUMBER, TEXT, TRUTH, ANY = "number", "text", "truth", "any"

_BIN = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_BAD_OPS = {
    ast.Pow: "'**' (power)", ast.Mod: "'%'", ast.FloorDiv: "'//'", ast.MatMult: "'@'", ast.LShift: "'<<'",
    ast.RShift: "'>>'", ast.BitAnd: "'&'", ast.BitOr: "'|'", ast.BitXor: "'^'", ast.Invert: "'~'",
    ast.In: "'in'", ast.NotIn: "'not in'", ast.Is: "'is'", ast.IsNot: "'is not'",
}
_BAD_NODES = {
    ast.Subscript: "subscripts are not allowed",
    ast.Slice: "slices are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Set: "sets are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "generator expressions are not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.IfExp: "conditional expressions (a if b else c) are not allowed",
    ast.NamedExpr: "assignment expressions (:=) are not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
}


def _translate(text: str) -> tuple[str, list[int]]:
    """Replace the typographic symbols; `origin[i]` is the written position of character i."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        rep = _SYMBOLS.get(ch, ch)
        out.append(rep)
        origin.extend([i] * len(rep))
    origin.append(len(text))
    return "".join(out), origin


class _Builder:
    def __init__(self, source: str, origin: list[int]) -> None:
        self.source = source
        self.origin = origin
        self.line_starts = [0]
        for line in source.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))

    def offset(self, node: ast.AST) -> int | None:
        lineno, col = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        if lineno is None or col is None:
            return None
        start = self.line_starts[lineno - 1]
        line = self.source[start : self.line_starts[lineno]] if lineno < len(self.line_starts) else ""
        chars = len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        return self.origin[min(start + chars, len(self.origin) - 1)]

    def fail(self, message: str, node: ast.AST) -> FormulaError:
        return FormulaError(message, self.offset(node))

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ""

    def build(self, node: ast.AST, depth: int = 0, text_ok: bool = False) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(f"formula is nested deeper than {MAX_DEPTH} levels", node)
        sub = depth + 1
        if isinstance(node, ast.Constant):
            return self.constant(node, text_ok)
        if isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise self.fail(f"names starting with '_' are not allowed: {node.id!r}", node)
            return Col(node.id, self.offset(node))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return Not(self.expect(node.operand, sub, TRUTH))
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                sign = "-" if isinstance(node.op, ast.USub) else "+"
                return Unary(sign, self.expect(node.operand, sub, NUMBER))
            raise self.fail(f"operator {_BAD_OPS[type(node.op)]} is not allowed", node)
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BIN:
                raise self.fail(f"operator {_BAD_OPS[type(node.op)]} is not allowed", node)
            left, right = self.expect(node.left, sub, NUMBER), self.expect(node.right, sub, NUMBER)
            return Bin(_BIN[type(node.op)], left, right)
        if isinstance(node, ast.BoolOp):
            op = "and" if isinstance(node.op, ast.And) else "or"
            return BoolOp(op, tuple(self.expect(v, sub, TRUTH) for v in node.values))
        if isinstance(node, ast.Compare):
            return self.compare(node, sub)
        if isinstance(node, ast.Call):
            return self.call(node, sub)
        if isinstance(node, ast.Attribute):
            raise self.fail(f"attribute access is not allowed: {self.segment(node)!r}", node)
        raise self.fail(_BAD_NODES.get(type(node), f"{type(node).__name__} is not allowed"), node)

    def constant(self, node: ast.Constant, text_ok: bool) -> Node:
        value = node.value
        if isinstance(value, str):
            if not text_ok:
                raise self.fail("text literals are only allowed as a band name or beside == or !=", node)
            return Str(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"constant {self.segment(node) or value!r} is not allowed", node)
        written = self.segment(node)
        try:
            number = Decimal(written)
        except InvalidOperation:
            raise self.fail(f"number {written!r} is not allowed: write decimal digits", node) from None
        if len(number.as_tuple().digits) > PRECISION or abs(number.adjusted()) > 30:
            raise self.fail(f"number {written!r} is out of range", node)
        return Num(number)

    def expect(self, node: ast.AST, depth: int, kind: str, text_ok: bool = False) -> Node:
        """Build `node` and check it yields what its position needs (a number, a truth, …)."""
        built = self.build(node, depth, text_ok)
        got = _kind(built)
        fits = {NUMBER: got in (NUMBER, ANY), TRUTH: got == TRUTH, ANY: got != TRUTH}[kind]
        if not fits:
            need = {NUMBER: "a number", TRUTH: "a condition", ANY: "a value"}[kind]
            raise self.fail(f"{need} is needed here, not {self.segment(node)!r}", node)
        return built

    def compare(self, node: ast.Compare, depth: int) -> Node:
        parts: list[Node] = []
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if type(op) not in _CMP:
                raise self.fail(f"operator {_BAD_OPS[type(op)]} is not allowed", node)
            sym = _CMP[type(op)]
            text_ok = sym in ("==", "!=")  # labels compare by equality only
            kind = ANY if text_ok else NUMBER
            a, b = self.expect(left, depth, kind, text_ok), self.expect(right, depth, kind, text_ok)
            parts.append(Cmp(sym, a, b))
            left = right
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name):
            return self.build(node.func, depth)  # rejects it with the right message
        name = node.func.id
        if name.startswith("_"):
            raise self.fail(f"names starting with '_' are not allowed: {name!r}", node)
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise self.fail(f"unknown function {name!r}; known: {', '.join(sorted(FUNCTIONS))}", node)
        if node.keywords:
            raise self.fail(f"keyword arguments are not allowed in {name}()", node)
        n = len(node.args)
        if n < len(spec.params) or (not spec.variadic and n > len(spec.params)):
            count = f"at least {len(spec.params)}" if spec.variadic else str(len(spec.params))
            raise self.fail(f"{name}() takes {count} argument(s), got {n}", node)
        args = []
        for i, arg in enumerate(node.args):
            param = spec.params[min(i, len(spec.params) - 1)]
            if param == "name":
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    raise self.fail(f"argument {i + 1} of {name}() must be a quoted table name", arg)
                args.append(Str(arg.value))
            elif param == "places":
                places = self.expect(arg, depth, NUMBER)
                value = _literal(places)
                if value is None or value != value.to_integral_value() or not -MAX_WHOLE_DIGITS <= value <= MAX_DECIMALS:
                    raise self.fail(f"argument {i + 1} of {name}() must be a whole number literal from "
                                    f"-{MAX_WHOLE_DIGITS} to {MAX_DECIMALS} (the places of a report figure)", arg)
                args.append(Num(value))
            else:
                args.append(self.expect(arg, depth, param))
        return Call(name, tuple(args))


def _literal(node: Node) -> Decimal | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Unary) and isinstance(node.operand, Num):
        return -node.operand.value if node.op == "-" else node.operand.value
    return None


def _kind(node: Node) -> str:
    if isinstance(node, (Num, Unary, Bin)):
        return NUMBER
    if isinstance(node, Str):
        return TEXT
    if isinstance(node, Col):
        return ANY
    if isinstance(node, Call):
        return FUNCTIONS[node.name].returns
    return TRUTH


@lru_cache(maxsize=4096)
def parse(text: str) -> Node:
    """Parse a formula into the language's own nodes, or raise `FormulaError`."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    source, origin = _translate(text)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as e:
        offset = None
        if e.offset is not None and (e.lineno or 1) == 1:
            offset = origin[min(max(e.offset - 1, 0), len(origin) - 1)]
        raise FormulaError(f"syntax error: {e.msg}", offset) from None
    except (RecursionError, MemoryError):
        raise FormulaError(f"formula is nested deeper than {MAX_DEPTH} levels", 0) from None
    except ValueError as e:  # e.g. a NUL character
        raise FormulaError(f"formula cannot be read: {e}", 0) from None
    return _Builder(source, origin).build(tree.body)


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Unary | Not):
        return (node.operand,)
    if isinstance(node, Bin | Cmp):
        return (node.left, node.right)
    if isinstance(node, BoolOp):
        return node.values
    if isinstance(node, Call):
        return node.args
    return ()


def _walk(node: Node):
    yield node
    for child in _children(node):
        yield from _walk(child)


def columns(node: Node) -> set[str]:
    """The column names a formula reads."""
    return {n.name for n in _walk(node) if isinstance(n, Col)}


def functions(node: Node) -> set[str]:
    """The function names a formula calls."""
    return {n.name for n in _walk(node) if isinstance(n, Call)}


# --- evaluation --------------------------------------------------------------------------------


def evaluate(node: Node, ctx: EvalContext) -> Value:
    """Compute `node` for all `ctx.n` rows: a `Vec` for values, a `Truth` for conditions."""
    if isinstance(node, Num):
        return _number(_full(ctx.n, node.value), _full(ctx.n, node.value), _full(ctx.n, node.value),
                       np.ones(ctx.n, dtype=bool), np.zeros(ctx.n, dtype=bool))
    if isinstance(node, Str):
        return Vec.labels([node.value] * ctx.n)
    if isinstance(node, Col):
        return _column(node, ctx)
    if isinstance(node, Unary):
        v = _vec(node.operand, ctx)
        return v if node.op == "+" else _number(-v.point, -v.high, -v.low, v.known, v.zero_div)
    if isinstance(node, Bin):
        return _ARITH[node.op](_vec(node.left, ctx), _vec(node.right, ctx))
    if isinstance(node, Cmp):
        return _compare(node.op, _vec(node.left, ctx), _vec(node.right, ctx))
    if isinstance(node, BoolOp):
        truths = [_truth(v, ctx) for v in node.values]
        return _all(truths) if node.op == "and" else _any(truths)
    if isinstance(node, Not):
        t = _truth(node.operand, ctx)
        return Truth(~t.holds, t.known)
    if isinstance(node, Call):
        return FUNCTIONS[node.name].impl(ctx, node.args)
    raise TypeError(f"not a formula node: {node!r}")


def _vec(node: Node, ctx: EvalContext) -> Vec:
    v = evaluate(node, ctx)
    if not isinstance(v, Vec):
        raise FormulaError("a condition cannot be used as a value")
    return v


def _truth(node: Node, ctx: EvalContext) -> Truth:
    t = evaluate(node, ctx)
    if not isinstance(t, Truth):
        raise FormulaError("a value cannot be used as a condition")
    return t


def _column(node: Col, ctx: EvalContext) -> Vec:
    if node.name not in ctx.columns:
        available = ", ".join(sorted(ctx.columns)) or "none"
        raise FormulaError(f"unknown column {node.name!r}; available: {available}", node.offset)
    v = ctx.columns[node.name]
    if len(v) != ctx.n:
        raise FormulaError(f"column {node.name!r} has {len(v)} rows, expected {ctx.n}", node.offset)
    return v


def _in(context, fn, *args):
    """Run a numpy operation on Decimal objects under a given context (precision, rounding)."""
    with localcontext(context):
        return fn(*args)


def _add(a: Vec, b: Vec) -> Vec:
    return _number(_in(POINT, np.add, a.point, b.point), _in(DOWN, np.add, a.low, b.low),
                   _in(UP, np.add, a.high, b.high), a.known & b.known, a.zero_div | b.zero_div)


def _sub(a: Vec, b: Vec) -> Vec:
    return _number(_in(POINT, np.subtract, a.point, b.point), _in(DOWN, np.subtract, a.low, b.high),
                   _in(UP, np.subtract, a.high, b.low), a.known & b.known, a.zero_div | b.zero_div)


def _bounds(op, a: Vec, blow: np.ndarray, bhigh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Interval bounds of a × b or a ÷ b: extremes of the four corner results, rounded outwards."""
    lows = [_in(DOWN, op, x, y) for x in (a.low, a.high) for y in (blow, bhigh)]
    highs = [_in(UP, op, x, y) for x in (a.low, a.high) for y in (blow, bhigh)]
    return reduce(np.minimum, lows), reduce(np.maximum, highs)


def _mul(a: Vec, b: Vec) -> Vec:
    low, high = _bounds(np.multiply, a, b.low, b.high)
    point = _in(POINT, np.multiply, a.point, b.point)
    return _number(point, low, high, a.known & b.known, a.zero_div | b.zero_div)


def _div(a: Vec, b: Vec) -> Vec:
    zero = b.known & ((b.point == ZERO) | ((b.low <= ZERO) & (b.high >= ZERO)))
    one = Decimal(1)
    bpoint, blow, bhigh = (np.where(zero | ~b.known, one, x) for x in (b.point, b.low, b.high))
    low, high = _bounds(np.divide, a, blow, bhigh)
    known = a.known & b.known & ~zero
    return _number(_in(POINT, np.divide, a.point, bpoint), low, high, known, a.zero_div | b.zero_div | zero)


_ARITH: dict[str, Callable[[Vec, Vec], Vec]] = {"+": _add, "-": _sub, "*": _mul, "/": _div}


def _compare(op: str, a: Vec, b: Vec) -> Truth:
    """Numbers: can the relation hold for some values in the intervals? Text: equal labels?"""
    both = a.known & b.known
    if op == "==":
        holds = (a.low <= b.high) & (b.low <= a.high)
    elif op == "!=":
        holds = ~((a.low == a.high) & (b.low == b.high) & (a.low == b.low))
    elif op in ("<", "<="):
        holds = (a.low < b.high) if op == "<" else (a.low <= b.high)
    else:
        holds = (a.high > b.low) if op == ">" else (a.high >= b.low)
    holds = np.asarray(holds, dtype=bool)
    if op not in ("==", "!="):
        return Truth(holds, both)
    ta, tb = a.has_text, b.has_text
    text_rows = (ta | tb) & (ta | a.known) & (tb | b.known)
    same = ta & tb & np.asarray(np.equal(a.text, b.text), dtype=bool)
    text_holds = same if op == "==" else ~same
    return Truth(np.where(text_rows, text_holds, holds), text_rows | both)


def _all(truths: list[Truth]) -> Truth:
    """Three-valued AND: false as soon as one part is known false, unknown if a part is unknown."""
    all_known = reduce(np.logical_and, [t.known for t in truths])
    some_false = reduce(np.logical_or, [t.known & ~t.holds for t in truths])
    return Truth(reduce(np.logical_and, [t.holds for t in truths]), all_known | some_false)


def _any(truths: list[Truth]) -> Truth:
    """Three-valued OR: true as soon as one part is known true, unknown if a part is unknown."""
    all_known = reduce(np.logical_and, [t.known for t in truths])
    some_true = reduce(np.logical_or, [t.holds for t in truths])
    return Truth(some_true, all_known | some_true)


# --- functions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    """A function of the language: `params` kinds ("number", "any", "places", "name"); when
    `variadic`, the last kind repeats."""

    impl: Callable[[EvalContext, tuple[Node, ...]], Value]
    params: tuple[str, ...]
    returns: str
    variadic: bool = False


def _abs(ctx: EvalContext, args: tuple[Node, ...]) -> Vec:
    v = _vec(args[0], ctx)
    pos, neg = v.low >= ZERO, v.high <= ZERO
    low = np.where(pos, v.low, np.where(neg, -v.high, ZERO))
    high = np.where(pos, v.high, np.where(neg, -v.low, np.maximum(-v.low, v.high)))
    return _number(np.abs(v.point), low, high, v.known, v.zero_div)


def _extreme(pick):
    def impl(ctx: EvalContext, args: tuple[Node, ...]) -> Vec:
        vs = [_vec(a, ctx) for a in args]
        return _number(reduce(pick, [v.point for v in vs]), reduce(pick, [v.low for v in vs]),
                       reduce(pick, [v.high for v in vs]), reduce(np.logical_and, [v.known for v in vs]),
                       reduce(np.logical_or, [v.zero_div for v in vs]))
    return impl


def _sum(ctx: EvalContext, args: tuple[Node, ...]) -> Vec:
    return reduce(_add, [_vec(a, ctx) for a in args])


def _rounding(fn):
    """round/trunc: both are monotone, so the bounds of the result are the bounds rounded."""
    def impl(ctx: EvalContext, args: tuple[Node, ...]) -> Vec:
        v = _vec(args[0], ctx)
        places = int(_literal(args[1]))
        f = np.frompyfunc(lambda x: fn(x, places), 1, 1)
        return _number(f(v.point), f(v.low), f(v.high), v.known, v.zero_div)
    return impl


def _coalesce(ctx: EvalContext, args: tuple[Node, ...]) -> Vec:
    """The first argument present (number or label) in each row."""
    vs = [_vec(a, ctx) for a in args]
    out = vs[-1]
    for v in reversed(vs[:-1]):
        take = v.known | v.has_text
        out = Vec(*(np.where(take, getattr(v, k), getattr(out, k)) for k in ("point", "low", "high", "text")),
                  np.where(take, v.known, out.known), out.zero_div | v.zero_div)
    return Vec(out.point, out.low, out.high, out.text, out.known, out.zero_div & ~out.known & ~out.has_text)


def _is_present(ctx: EvalContext, args: tuple[Node, ...]) -> Truth:
    """True where the value is stated at all: a number or a label (e.g. a node's parent)."""
    v = _vec(args[0], ctx)
    return Truth(v.known | v.has_text, np.ones(ctx.n, dtype=bool))


def _is_number(ctx: EvalContext, args: tuple[Node, ...]) -> Truth:
    v = _vec(args[0], ctx)
    return Truth(v.known.copy(), np.ones(ctx.n, dtype=bool))


def _band(ctx: EvalContext, args: tuple[Node, ...]) -> Vec:
    """The label of the first band covering each row's point value (None when none does)."""
    v = _vec(args[0], ctx)
    name = args[1].value
    if name not in ctx.bands:
        available = ", ".join(sorted(ctx.bands)) or "none"
        raise FormulaError(f"unknown band table {name!r}; available: {available}")
    table = ctx.bands[name]
    text = _full(ctx.n, None)
    for i in np.flatnonzero(v.known):
        text[i] = next((b.label for b in table if b.covers(v.point[i])), None)
    labels = Vec.labels(list(text))
    return Vec(labels.point, labels.low, labels.high, labels.text, labels.known, v.zero_div & ~labels.has_text)


def _ordinal(ctx: EvalContext, args: tuple[Node, ...]) -> Vec:
    """The number a declared ordinal scale gives a grade (B → 70 under "top of band"); a label
    not on the scale, or a number, is unknown."""
    v = _vec(args[0], ctx)
    name = args[1].value
    if name not in ctx.ordinals:
        available = ", ".join(sorted(ctx.ordinals)) or "none"
        raise FormulaError(f"unknown ordinal scale {name!r}; available: {available}")
    scale = {label.strip().upper(): value for label, value in ctx.ordinals[name].items()}
    values = [scale.get(str(t).strip().upper()) if t is not None else None for t in v.text]
    return Vec.exact(values)


FUNCTIONS: dict[str, Function] = {
    "abs": Function(_abs, (NUMBER,), NUMBER),
    "min": Function(_extreme(np.minimum), (NUMBER,), NUMBER, variadic=True),
    "max": Function(_extreme(np.maximum), (NUMBER,), NUMBER, variadic=True),
    "sum": Function(_sum, (NUMBER,), NUMBER, variadic=True),
    "round": Function(_rounding(round_half_up), (NUMBER, "places"), NUMBER),
    "trunc": Function(_rounding(truncate), (NUMBER, "places"), NUMBER),
    "coalesce": Function(_coalesce, (ANY,), ANY, variadic=True),
    "is_number": Function(_is_number, (ANY,), TRUTH),
    "is_present": Function(_is_present, (ANY,), TRUTH),
    "band": Function(_band, (NUMBER, "name"), TEXT),
    "ordinal": Function(_ordinal, (ANY, "name"), NUMBER),
}
"""The whole function vocabulary: a name not in this dict cannot be called."""


def table_names(node: Node, function: str) -> set[str]:
    """The table names a formula passes to `function(x, 'name')` (band tables, ordinal scales)."""
    return {n.args[1].value for n in _walk(node)
            if isinstance(n, Call) and n.name == function and len(n.args) == 2 and isinstance(n.args[1], Str)}


_EQUATION = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*=(?!=)(.*)$", re.S)


def parse_relation(text: str) -> tuple[str | None, Node]:
    """A declared table relation: `column = formula` (the column, the formula) or a condition
    such as `populasi >= punya` (None, the condition)."""
    match = _EQUATION.match(text)
    if match:
        return match.group(1), parse(match.group(2).strip())
    return None, parse(text.strip())
