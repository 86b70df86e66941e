"""Parsing data files. The loader types plain scalars itself (PyYAML's resolver is slow): every
result must equal what the standard safe loader gives, for tricky scalars and for every data and
rule file we ship."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from validator.problems import Problem, ProblemError
from validator.inputs.source import MAX_ALIAS_EXPANSIONS, Scalar, _plain, parse_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for folder in ("sample_reports", "rules", "examples", "tests")
               for p in (ROOT / folder).rglob("*") if p.suffix in (".yaml", ".yml", ".json"))

TRICKY = """
0 -0 +0 00 07 08 012 0o12 0x1F 0X1F -0x1f 0x 0xg 0b101 0b2 +12 -12 1_000 _1 1_ 0_7 1__0 1:30 -1:30 1:60 190:20:30
1. 1.0 -1.5 +1.5 .5 -.5 1.5e3 1.5e+3 1.5E-3 1e5 1e+5 1_000.5 190:20:30.15 .inf -.Inf +.INF .iNf .nan .NaN .NAN
3.14 1,000 96,77 39.524.039.000 39.524.039.000.00 1.234,5 93.50 0.0 .
yes Yes YES yEs no No NO on On ON off Off OFF y Y n N true True TRUE tRue false False FALSE
null Null NULL nUll ~ ~~ <<  = == ! & * - – — − + Rp IDR %
2024-01-31 2024-1-1 2024-01-31T10:00:00 2001-12-14t21:59:43.10-05:00 2001-12-14 2002-12-14T21:59:43Z 20240131 2024-13-45
""".split() + ["2001-12-14 21:59:43.10 -5", "2024-01-31 10:00", "Rp 1.000", "1 000", "yes please", "true story"]


class Reference:
    """The loader as it was before it was made fast: the standard resolver's tags, plain isinstance tests."""

    TAGS = {f"tag:yaml.org,2002:{name}": name for name in ("int", "float", "bool", "null", "timestamp")}
    STANDARD = frozenset(TAGS) | {f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq")}

    def __init__(self) -> None:
        self.scalars, self.places, self.problems, self.seen, self.expansions = {}, {}, [], set(), 0

    def convert(self, node, key):
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:
                self.expansions += 1
                if self.expansions > MAX_ALIAS_EXPANSIONS:
                    raise ProblemError([self.at(node, "yaml-syntax", f"more than {MAX_ALIAS_EXPANSIONS} alias "
                                                "expansions: the file refers to its anchors too often")])
            self.seen.add(id(node))
        place = self.places[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in self.STANDARD:
            self.problems.append(self.at(node, "yaml-syntax", f"the tag {node.tag!r} is not allowed in data files"))
            return None
        if isinstance(node, yaml.MappingNode):
            result = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    self.problems.append(self.at(knode, "yaml-syntax", "a mapping key must be a plain name"))
                elif knode.value in result:
                    self.problems.append(self.at(knode, "duplicate-key",
                                                 f"key {knode.value!r} appears twice in this mapping"))
                else:
                    result[knode.value] = self.convert(vnode, key + (knode.value,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, key + (i,)) for i, child in enumerate(node.value)]
        tag = self.TAGS.get(node.tag, "str")
        self.scalars[key] = Scalar(node.value, place[0], place[1], tag)
        return _plain(node.value, tag)

    def at(self, node, kind, message):
        return Problem(kind, "x", message, node.start_mark.line + 1, node.start_mark.column + 1)


def reference(text: str):
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    builder = Reference()
    try:
        data = builder.convert(node, ())
    except ProblemError as exc:
        return exc.problems
    return data, builder.scalars, builder.places, builder.problems


def ours(text: str):
    try:
        source = parse_text(text, "x")
    except ProblemError as exc:
        return exc.problems
    return source.data, source.scalars, source.places, []


def same(text: str) -> None:
    expected = reference(text)
    if expected is None:
        assert [p.type for p in ours(text)] == ["yaml-syntax"]
        return
    if isinstance(expected, list):
        assert ours(text) == expected
        return
    data, scalars, places, problems = expected
    if problems:
        assert ours(text) == problems
    else:
        assert ours(text) == (data, scalars, places, [])


@pytest.mark.parametrize("scalar", TRICKY)
def test_plain_scalar_typed_as_the_safe_loader_types_it(scalar):
    same(f"v: {scalar}\nl: [{scalar}]\n{scalar}: key\n")


@pytest.mark.parametrize("scalar", TRICKY)
def test_quoted_and_tagged_scalars_stay_as_written(scalar):
    same(f"a: '{scalar}'\nb: \"{scalar}\"\nc: ! {scalar}\nd: !!str {scalar}\n")


def test_empty_values_and_block_scalars():
    same("a:\nb: ''\nc: |\n  12\nd: >\n  yes\ne: [~, , null]\nf: {g: , h: 1}\n")


@pytest.mark.parametrize("text", [
    "a: !!python/name:os.system x\nb: !!map {c: 1}\nc: !!seq 5\nd: !!int [1]\ne: !foo 1\nf: <<\n",
    "a: 1\nb: [1, {a: 2, a: 3}]\n? [k]\n: v\n? {k: 1}\n: v\na: 2\n",
    "a: &x {b: &y [1, 2], c: *y}\nd: *x\ne: [*x, *y, *x]\n",
    "a: &a [1, 2]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in zip("abcdefg", "bcdefgh")),
])
def test_tags_keys_and_aliases_as_before(text):
    same(text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_files_load_as_with_the_safe_loader(path):
    same(path.read_text("utf-8").removeprefix("\ufeff"))


def test_resolver_has_no_catch_all_rules():
    """`_implicit_tag` looks rules up by first character only, which is all PyYAML has."""
    assert None not in yaml.resolver.Resolver.yaml_implicit_resolvers
