"""Likely culprit: one reported figure whose correction would make several failed relations hold.

When two or more failed relations share a figure, each relation is solved for that figure; a
candidate value is accepted only if substituting it makes every one of those relations hold
under the same interval semantics (checked, not assumed). In report 000, RO 994's pagu breaks
both the KRO EBA sum and the RO's own %, and 18.006.234.000 repairs both.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, localcontext

from validator.figures import Figure
from validator.findings import Culprit, Finding, Relation
from validator.formula import Bin, Call, Col, EvalContext, Node, Unary, Vec, columns, evaluate
from validator.intervals import POINT, round_half_up
from validator.relation import Outcome, classify, reported_decimals


def attach_culprits(findings: list[Finding]) -> None:
    """Set `culprit` on findings whose failed relations one figure explains."""
    by_figure: dict[tuple[int, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.relation is None or f.outcome not in ("mismatch",):
            continue
        for path, _ in f.relation.terms.values():
            by_figure[(f.report, path)].append(f)
    for (report, path), group in sorted(by_figure.items(), key=lambda kv: -len(kv[1])):
        if len(group) < 2 or any(f.culprit for f in group):
            continue
        figure = _figure(group[0].relation, path)
        for candidate in _candidates(group, path, figure):
            if all(_holds(f.relation, path, candidate) for f in group):
                culprit = Culprit(path, figure.line, figure.text, candidate, figure.decimals,
                                  tuple(sorted({f.code for f in group})), figure.column)
                for f in group:
                    f.culprit = culprit
                break


def _figure(relation: Relation, path: str) -> Figure:
    return next(fig for p, fig in relation.terms.values() if p == path)


def _name(relation: Relation, path: str) -> str:
    return next(name for name, (p, _) in relation.terms.items() if p == path)


def _candidates(group: list[Finding], path: str, figure: Figure) -> list[Decimal]:
    """Each relation solved for the shared figure, rounded as the figure is written."""
    out = []
    places = figure.decimals if figure.decimals is not None else 0
    for f in group:
        value = _solve(f.relation, _name(f.relation, path))
        if value is not None:
            value = round_half_up(value, places)
            if value != figure.value and value not in out:
                out.append(value)
    return out


def _values(relation: Relation) -> dict[str, Decimal]:
    return {name: fig.value for name, (_, fig) in relation.terms.items() if fig.value is not None}


def _solve(relation: Relation, name: str) -> Decimal | None:
    """The value of term `name` for which `result = expr` holds exactly (None if not solvable)."""
    values = _values(relation)
    if name == relation.result:
        return _point(relation.expr, values)
    return _invert(relation.expr, name, values[relation.result], values)


def _invert(node: Node, name: str, target: Decimal, values: dict[str, Decimal]) -> Decimal | None:
    """Solve node == target for the column `name`, which must appear once."""
    if isinstance(node, Col):
        return target if node.name == name else None
    with localcontext(POINT):
        if isinstance(node, Unary):
            return _invert(node.operand, name, -target if node.op == "-" else target, values)
        if isinstance(node, Call) and node.name == "sum":
            inside = [a for a in node.args if name in columns(a)]
            if len(inside) != 1:
                return None
            rest = sum((_point(a, values) or Decimal(0) for a in node.args if a is not inside[0]), Decimal(0))
            return _invert(inside[0], name, target - rest, values)
        if not isinstance(node, Bin):
            return None
        left_has, right_has = name in columns(node.left), name in columns(node.right)
        if left_has == right_has:
            return None
        known = _point(node.right if left_has else node.left, values)
        if known is None:
            return None
        sub = node.left if left_has else node.right
        if node.op == "+":
            return _invert(sub, name, target - known, values)
        if node.op == "-":
            return _invert(sub, name, target + known if left_has else known - target, values)
        if node.op == "*":
            return None if known == 0 else _invert(sub, name, target / known, values)
        if node.op == "/":
            if left_has:
                return _invert(sub, name, target * known, values)
            return None if target == 0 else _invert(sub, name, known / target, values)
    return None


def _point(node: Node, values: dict[str, Decimal]) -> Decimal | None:
    ctx = EvalContext({name: Vec.exact([values.get(name)]) for name in columns(node)}, 1)
    result = evaluate(node, ctx)
    return result.point[0] if isinstance(result, Vec) and result.known[0] else None


def _holds(relation: Relation, path: str, value: Decimal) -> bool:
    """Does the relation hold with the figure at `path` replaced by `value`?"""
    figures = {}
    for name, (p, fig) in relation.terms.items():
        if p == path:
            fig = Figure(value, str(value), fig.decimals, 1, line=fig.line)
        figures[name] = fig
    reported = figures[relation.result]
    inputs = {name: Vec.from_figures([figures.get(name)]) for name in columns(relation.expr)}
    computed = evaluate(relation.expr, EvalContext(inputs, 1))
    if not isinstance(computed, Vec):
        return False
    outcome = classify(Vec.from_figures([reported]), reported_decimals([reported]), computed).outcome[0]
    return outcome is Outcome.OK
