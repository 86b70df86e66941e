"""Validate a parsed data file against the lakin/1 JSON Schema, with located, readable messages."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
import jsonschema_rs

from validator.problems import Problem, quoted
from validator.inputs.source import Source

FORMAT = "lakin/1"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The shipped lakin/1 schema."""
    return json.loads(resources.files("validator.schema").joinpath("lakin-1.schema.json").read_text("utf-8"))


class Validator:
    """A JSON Schema validator that is fast on valid data and thorough on invalid data.

    The compiled (Rust) validator decides the common case, a valid document, about 500 times
    faster; the pure-Python one is asked only to explain a failure, with every error and its place.
    """

    def __init__(self, schema_doc: dict[str, Any]) -> None:
        self.fast = jsonschema_rs.validator_for(schema_doc)
        self.slow = jsonschema.Draft202012Validator(schema_doc)

    def errors(self, data: Any) -> list[jsonschema.ValidationError]:
        return [] if self.fast.is_valid(data) else list(self.slow.iter_errors(data))


@lru_cache(maxsize=1)
def _validator() -> Validator:
    return Validator(schema())


def check_schema(source: Source) -> list[Problem]:
    """Every schema problem of the file, in file order; an empty list when it conforms."""
    data = source.data
    if not isinstance(data, dict) or "format" not in data:
        return [Problem("not-a-report", source.file, "the top level must be a mapping starting with `format: lakin/1`", 1, 1)]
    if data.get("format") != FORMAT:
        line, col = source.places.get(("format",), (1, 1))
        return [Problem("not-a-report", source.file, f"format {data.get('format')!r} is not supported; expected {FORMAT!r}", line, col)]
    problems = [_problem(source, err) for err in _leaf_errors(_validator().errors(data))]
    return sorted(problems, key=lambda p: (p.line, p.column, p.message))


def _leaf_errors(errors):
    """Descend into if/then and anyOf wrappers so the message names the real field."""
    for err in errors:
        if err.context:
            yield from _leaf_errors(err.context)
        else:
            yield err


def _problem(source: Source, err: jsonschema.ValidationError) -> Problem:
    key = tuple(err.absolute_path)
    path = dotted(key)
    if err.validator == "additionalProperties":
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        name = extra[0] if extra else "?"
        line, col = source.places.get(key + (name,), source.places.get(key, (0, 0)))
        hint = difflib.get_close_matches(name, list(err.schema.get("properties", {})), n=1)
        message = f"unknown key {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
        return Problem("unknown-key", source.file, message, line, col, path)
    line, col = source.places.get(key, (0, 0))
    return Problem("schema", source.file, _message(err, source, key), line, col, path)


def _message(err: jsonschema.ValidationError, source: Source, key: tuple) -> str:
    field = str(key[-1]) if key and isinstance(key[-1], str) else "value"
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        return f"missing required field {missing!r}"
    if err.validator == "type":
        scalar = source.scalars.get(key)
        found = scalar.text if scalar else type(err.instance).__name__
        wanted = err.validator_value if isinstance(err.validator_value, str) else " or ".join(err.validator_value)
        hint = " (codes are text: put them in quotes)" if wanted == "string" and scalar and scalar.tag in ("int", "float") else ""
        return f"{field}: expected {wanted}, found {quoted(found)}{hint}"
    if err.validator == "enum":
        options = ", ".join(map(str, err.validator_value))
        return f"{field}: {quoted(err.instance)} is not one of: {options}"
    if err.validator == "pattern" and "tanggal" in field:
        return f"{field}: {quoted(err.instance)} is not a date written YYYY-MM-DD"
    return f"{field}: {err.message.replace(repr(err.instance), quoted(err.instance))}"  # a huge value cut short


def dotted(key: tuple) -> str:
    """A plain key path such as capaian[0].target, for schema messages."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
