"""`lakin convert IN -o OUT`: a report from YAML, JSON or Excel (.xlsx) to any of the three.

Every value keeps the text it was written with (`93.50` stays `93.50`, `"Rp. 39.524.039.000,-"`
stays `"Rp. 39.524.039.000,-"`), so a figure's text, value and written precision survive any number
of conversions, and so do the fingerprints of its findings (which hash the written text). Before
the output replaces anything, it is read back and its figures (text included) and `baris` are
compared with the input's; a conversion that would lose or change one is refused. The input is never overwritten,
an existing output only with `force`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from validator.problems import Problem, ProblemError
from validator.schema_check import check_schema
from validator.inputs.source import Key, Source

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}
_YAML_TAGS = {"int": "tag:yaml.org,2002:int", "float": "tag:yaml.org,2002:float", "bool": "tag:yaml.org,2002:bool",
              "null": "tag:yaml.org,2002:null"}
_STR = "tag:yaml.org,2002:str"
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def output_kind(path: Path) -> str | None:
    return SUFFIXES.get(path.suffix.lower())


# --- YAML and JSON writers that keep the raw text ---------------------------------------------

def _scalar(source: Source, key: Key, value: Any) -> tuple[str, str]:
    """(text, tag) of a scalar: as written in the input when known."""
    scalar = source.scalars.get(key)
    if scalar is not None:
        return scalar.text, scalar.tag
    if value is None:
        return "", "null"
    if isinstance(value, bool):
        return ("true" if value else "false"), "bool"
    if isinstance(value, int):
        return str(value), "int"
    if isinstance(value, float):
        return repr(value), "float"
    return str(value), "str"


def _yaml_node(source: Source, value: Any, key: Key, resolver: yaml.resolver.Resolver) -> yaml.Node:
    if isinstance(value, dict):
        pairs = [(yaml.ScalarNode(_STR, str(k)), _yaml_node(source, v, key + (k,), resolver)) for k, v in value.items()]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)
    if isinstance(value, list):
        items = [_yaml_node(source, v, key + (i,), resolver) for i, v in enumerate(value)]
        flow = bool(items) and all(isinstance(n, yaml.ScalarNode) for n in items) and len(items) <= 12
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items, flow_style=flow)
    text, tag = _scalar(source, key, value)
    wanted = _YAML_TAGS.get(tag, _STR)
    if wanted != _STR and resolver.resolve(yaml.ScalarNode, text, (True, False)) != wanted:
        wanted = _STR  # e.g. a number cell written 5.542e0: a string that reads the same
    if tag == "null":
        text = "null"
    return yaml.ScalarNode(wanted, text)


def to_yaml(source: Source, origin: str = "") -> str:
    node = _yaml_node(source, source.data, (), yaml.resolver.Resolver())
    body = yaml.serialize(node, Dumper=yaml.SafeDumper, allow_unicode=True, width=100)
    head = f"# lakin/1 — dibuat dari / converted from {origin} (lakin convert)\n" if origin else ""
    return head + body


def _json(source: Source, value: Any, key: Key, indent: int) -> str:
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        parts = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_json(source, v, key + (k,), indent + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        parts = [f"{inner}{_json(source, v, key + (i,), indent + 1)}" for i, v in enumerate(value)]
        return "[\n" + ",\n".join(parts) + "\n" + pad + "]"
    text, tag = _scalar(source, key, value)
    if tag in ("int", "float") and _JSON_NUMBER.fullmatch(text):
        return text  # raw, so 93.50 keeps its two decimals
    if tag == "bool" and isinstance(value, bool):
        return "true" if value else "false"
    if tag == "null" or value is None:
        return "null"
    return json.dumps(text, ensure_ascii=False)


def to_json(source: Source) -> str:
    return _json(source, source.data, (), 0) + "\n"


def render(source: Source, kind: str, origin: str = "") -> bytes:
    if kind == "yaml":
        return to_yaml(source, origin).encode("utf-8")
    if kind == "json":
        return to_json(source).encode("utf-8")
    from validator.xlsx_template import workbook_bytes

    return workbook_bytes(source)


# --- the command ------------------------------------------------------------------------------

def _evidence(path: Path, display: str):
    """Figures (written text, value, decimals, scale, label) and row `baris` of a report, or None
    when it does not normalise (then there is nothing to compare)."""
    from validator.loader import load_file

    source, part, problems = load_file((path, display))
    if part is None:
        return None
    figures = {p: (f.text, f.value, f.decimals, f.scale, f.label) for p, f in part.figures.items()}
    baris = {(name, row["path"]): row.get("baris") for name, rows in part.rows.items() for row in rows}
    return figures, baris


def _same(before, after) -> list[str]:
    figures_a, baris_a = before
    figures_b, baris_b = after
    out = [f"{p}: {figures_a.get(p)} became {figures_b.get(p)}"
           for p in sorted(set(figures_a) | set(figures_b)) if figures_a.get(p) != figures_b.get(p)]
    out += [f"{p[1]}: baris {baris_a.get(p)!r} became {baris_b.get(p)!r}"
            for p in sorted(set(baris_a) | set(baris_b), key=str) if baris_a.get(p) != baris_b.get(p)]
    return out


def _not_storable_in_a_workbook(source: Source) -> list[Problem]:
    """Texts and keys holding a control character (NUL, U+0001 …), which a workbook cannot store:
    refused where they stand, since a conversion drops nothing."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    problems = []
    for key, (line, column) in source.places.items():
        scalar = source.scalars.get(key)
        for text in (scalar.text if scalar else "", key[-1] if key and isinstance(key[-1], str) else ""):
            found = ILLEGAL_CHARACTERS_RE.search(text)
            if found:
                problems.append(Problem("usage", source.file, f"U+{ord(found.group()):04X} is a control character, which a "
                                        "workbook cannot store: remove it, or convert to .yaml or .json", line, column))
                break
    return problems


def convert(source_path: str, target_path: str, force: bool = False) -> tuple[Path, list]:
    """Convert one report; returns the written path and the workbook notes (formula cells).

    Raises ProblemError (exit code 2) for a bad input, an unknown suffix, an output that is the
    input or exists (without `force`), and a conversion that would change a figure."""
    from validator.loader import read_data

    src, out = Path(source_path), Path(target_path)
    if output_kind(src) is None or output_kind(out) is None:
        bad = source_path if output_kind(src) is None else target_path
        raise ProblemError([Problem("usage", bad, "convert reads and writes .yaml, .yml, .json and .xlsx files")])
    if not src.is_file():
        raise ProblemError([Problem("file-not-found", source_path, "no such file")])
    if out.exists() and out.resolve() == src.resolve():
        raise ProblemError([Problem("usage", target_path, "is the input file; choose another output (the input is never overwritten)")])
    if out.exists() and not force:
        raise ProblemError([Problem("usage", target_path, "exists; add --force to overwrite it")])
    source = read_data(src, source_path)
    problems = check_schema(source)
    if problems:
        raise ProblemError(list(getattr(source, "locate", list)(problems)))
    if output_kind(out) == "xlsx":
        unstorable = _not_storable_in_a_workbook(source)
        if unstorable:
            raise ProblemError(unstorable)
    payload = render(source, output_kind(out), src.name)
    temporary = out.with_name(f".{out.stem}.lakin-tmp{out.suffix}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(payload)
        before, after = _evidence(src, source_path), _evidence(temporary, target_path)
        if before is not None:
            lost = _same(before, after) if after is not None else ["the output cannot be read back"]
            if lost:
                raise ProblemError([Problem("usage", target_path, "the conversion would change the report: "
                                            + "; ".join(lost[:3]) + (" …" if len(lost) > 3 else ""))])
        temporary.replace(out)
    except OSError as exc:
        raise ProblemError([Problem("usage", target_path, f"cannot be written: {exc.strerror or exc}")]) from None
    finally:
        if temporary.exists():
            temporary.unlink()
    return out, list(getattr(source, "notes", ()))
