"""Read a YAML or JSON data file into plain values plus the place and raw text of every scalar.

The YAML is composed into nodes with the safe (C) loader and converted here, so nothing is ever
constructed from tags, and every scalar keeps the text as written (`93.50` stays `93.50`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import yaml

from validator.problems import Problem, ProblemError

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64  # levels of nesting; a report needs ~15, and an anchor containing itself never ends
MAX_ALIAS_EXPANSIONS = 1000  # aliased mappings/lists expanded per file: stops "billion laughs" files
Key = tuple[str | int, ...]

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # SafeLoader: PyYAML built without LibYAML
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_UNTYPED = object()  # a plain scalar's tag until `_Builder` types it; no written tag can equal it


class _Loader(_SafeLoader):
    """The safe loader minus its per-scalar typing, which is pure Python and costs more than
    parsing: plain keys are names and never need it, values are typed by `_implicit_tag`."""

    def resolve(self, kind: type, value: str | None, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            return _UNTYPED if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


#: PyYAML's YAML 1.1 typing rules (tag, pattern) by a plain scalar's first character.
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


def _implicit_tag(text: str) -> str:
    """The tag the safe loader gives a plain scalar, found the way its resolver finds it."""
    for tag, pattern in _IMPLICIT.get(text[:1], ()):
        if pattern.match(text):
            return tag
    return _STR


class Scalar(NamedTuple):
    """Where a scalar stands in the data file and how it was written (a named tuple: a report
    has thousands, and a tuple is made in half the time of a frozen dataclass)."""

    text: str
    line: int
    column: int
    tag: str  # "int", "float", "str", "bool", "null", "timestamp"
    cell: str = ""  # a workbook's cell (Capaian!F5) when read from Excel


@dataclass(frozen=True)
class Source:
    """A parsed data file: plain data for schema validation, and the scalars by key path."""

    file: str
    data: Any
    scalars: dict[Key, Scalar]
    places: dict[Key, tuple[int, int]]  # every node, mappings and lists included


def read_source(path: Path, display: str | None = None) -> Source:
    """Parse one data file; raises ProblemError with located problems when it is unusable."""
    name = display or str(path)
    text = _decode(_read_bytes(path, name), name)
    return parse_text(text, name, json_syntax=path.suffix.lower() == ".json")


def parse_text(text: str, name: str, json_syntax: bool = False) -> Source:
    """Parse YAML (or JSON) text; `name` is what problems call the file."""
    if not text.strip():
        raise ProblemError([Problem("empty-file", name, "the file is empty")])
    _check_flow_depth(text, name, json_syntax)
    if json_syntax:
        _check_json(text, name)
    builder, data = _build(text, name, json_syntax)
    if builder.problems:
        raise ProblemError(builder.problems)
    return Source(name, data, builder.scalars, builder.places)


def _build(text: str, name: str, json_syntax: bool) -> tuple[_Builder, Any]:
    """Compose the text and convert its nodes; the nodes are dropped on return."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        kind = "json-syntax" if json_syntax else "yaml-syntax"
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise ProblemError([Problem(kind, name, reason, line, col)]) from None
    if node is None:
        raise ProblemError([Problem("empty-file", name, "the file holds no data")])
    builder = _Builder(name)
    return builder, builder.convert(node, ())


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ProblemError([Problem("too-large", name, f"{size:,} bytes; the limit is {MAX_BYTES:,}")])
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError, NotADirectoryError) as exc:
        raise ProblemError([Problem("file-not-found", name, exc.strerror or "cannot be read")]) from None


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemError(
            [Problem("encoding", name, f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8; save the file as UTF-8", line)]
        ) from None
    return text.removeprefix("\ufeff")


_KEPT = b"[]{}\n"
_OTHER_BYTES = bytes(b for b in range(256) if b not in _KEPT)
_BRACKET_STEP = np.zeros(256, dtype=np.int8)
_BRACKET_STEP[[ord("["), ord("{")]] = 1
_BRACKET_STEP[[ord("]"), ord("}")]] = -1


def _check_flow_depth(text: str, name: str, json_syntax: bool) -> None:
    """Refuse brackets nested deeper than a report can be before parsing: LibYAML composes nested
    collections recursively in C, and 100,000 `[` crash the process. Brackets inside quoted text
    count too (an upper bound), which no real report comes near."""
    kept = text.encode("utf-8").translate(None, _OTHER_BYTES)  # brackets and line ends only
    depth = np.cumsum(_BRACKET_STEP[np.frombuffer(kept, dtype=np.uint8)], dtype=np.int32)
    if depth.size and depth.max() > MAX_DEPTH:
        line = kept[:int(np.argmax(depth > MAX_DEPTH))].count(b"\n") + 1
        raise ProblemError([Problem("json-syntax" if json_syntax else "yaml-syntax", name,
                                    f"brackets nested more than {MAX_DEPTH} levels deep", line)])


def _check_json(text: str, name: str) -> None:
    """Refuse what is not JSON; numbers stay text (the values come from the YAML parse), so a
    5,000-digit number is not converted, which Python refuses with a ValueError."""
    try:
        json.loads(text, parse_int=str, parse_float=str)
    except json.JSONDecodeError as exc:
        raise ProblemError([Problem("json-syntax", name, exc.msg, exc.lineno, exc.colno)]) from None


#: Scalar tag → what `Scalar.tag` says; any other tag is refused. A collection tag on a scalar reads as text.
_TAGS = {
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    _STR: "str",
    _SEQ: "str",
    _MAP: "str",
}


class _Builder:
    """Turns composed nodes into plain values, recording scalars and reporting duplicate keys."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.scalars: dict[Key, Scalar] = {}
        self.places: dict[Key, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.expansions = 0

    def convert(self, node: yaml.Node, key: Key) -> Any:
        """The plain value of `node`; scalars, the most common nodes, take the shortest way."""
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if type(node) is yaml.ScalarNode:
            self.places[key] = (line, column)
            text = node.value
            full_tag = _implicit_tag(text) if node.tag is _UNTYPED else node.tag
            tag = _TAGS.get(full_tag)
            if tag is None:
                return self._refuse(node, full_tag)
            self.scalars[key] = Scalar(text, line, column, tag)
            return text if tag == "str" else _plain(text, tag)
        if len(key) > MAX_DEPTH:
            raise ProblemError([self._at(node, "yaml-syntax", f"nested more than {MAX_DEPTH} levels deep "
                                         "(or an anchor contains an alias of itself)")])
        if id(node) in self.seen:
            self.expansions += 1
            if self.expansions > MAX_ALIAS_EXPANSIONS:
                raise ProblemError([self._at(node, "yaml-syntax", f"more than {MAX_ALIAS_EXPANSIONS} alias "
                                             "expansions: the file refers to its anchors too often")])
        self.seen.add(id(node))
        self.places[key] = (line, column)
        if node.tag not in _TAGS:
            return self._refuse(node, node.tag)
        if type(node) is yaml.MappingNode:
            return self._mapping(node, key)
        return [self.convert(child, key + (i,)) for i, child in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for knode, vnode in node.value:
            if type(knode) is not yaml.ScalarNode:
                self.problems.append(self._at(knode, "yaml-syntax", "a mapping key must be a plain name"))
                continue
            name = knode.value
            if name in result:
                self.problems.append(self._at(knode, "duplicate-key", f"key {name!r} appears twice in this mapping"))
                continue
            result[name] = self.convert(vnode, key + (name,))
        return result

    def _refuse(self, node: yaml.Node, tag: str) -> None:
        self.problems.append(self._at(node, "yaml-syntax", f"the tag {tag!r} is not allowed in data files"))

    def _at(self, node: yaml.Node, kind: str, message: str) -> Problem:
        return Problem(kind, self.name, message, node.start_mark.line + 1, node.start_mark.column + 1)


def _plain(text: str, tag: str) -> Any:
    """The value jsonschema sees; figures are re-read exactly from the raw text later."""
    if tag == "int":
        for base in (10, 0):  # 0 reads YAML's 0x.. and 0o.. forms
            try:
                return int(text.replace("_", ""), base)
            except ValueError:
                pass
        return text
    if tag == "float":
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    if tag == "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if tag == "null":
        return None
    return text
