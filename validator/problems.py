"""Engine problems: why an input or a rule pack could not be used (never a rule finding).

Modelled on frictionless' error catalogue: each problem type has a kebab-case name, a title and a
description, and every instance names the file, the place and what is wrong on one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: type → (title, description). The catalogue is published in docs/errors.md.
PROBLEM_TYPES: dict[str, tuple[str, str]] = {
    "file-not-found": ("File not found", "The path does not exist or is not a readable file."),
    "too-large": ("File too large", "A report file is larger than the 10 MiB limit, or a workbook unpacks past its limits (docs/security.md)."),
    "encoding": ("Not UTF-8", "The file is not valid UTF-8 text."),
    "empty-file": ("Empty file", "The file holds no data."),
    "yaml-syntax": ("YAML syntax error", "The file is not well-formed YAML."),
    "json-syntax": ("JSON syntax error", "The file is not well-formed JSON."),
    "duplicate-key": ("Duplicate key", "A mapping has the same key twice; YAML would silently keep the last."),
    "not-a-report": ("Not a report", "The file has no `format: lakin/1` mapping at its top."),
    "schema": ("Schema violation", "A field is missing, has the wrong type, or has a value the format does not allow."),
    "unknown-key": ("Unknown key", "A key that the lakin/1 format does not define (often a typo)."),
    "number": ("Unreadable number", "A figure that cannot be read as a number where a number is required."),
    "ambiguous-number": ("Ambiguous number", "A figure such as `5.542` that could be a thousands or a decimal separator."),
    "duplicate-code": ("Duplicate code", "The same indicator, version or budget code appears twice where codes must be unique."),
    "wrong-parent": ("Wrong parent", "A budget node sits under a node of a level that cannot contain it."),
    "bad-reference": ("Bad reference", "A `merujuk` path that names no figure of the report."),
    "rule-pack": ("Invalid rule pack", "A rule pack or rule file is malformed or does not match the rule schema."),
    "formula": ("Invalid formula", "A formula uses syntax or a name that the formula language does not allow."),
    "config": ("Invalid configuration", "The lakin.toml or [tool.lakin] configuration is malformed."),
    "waivers": ("Invalid waiver file", "The waiver file (lakin-waivers.yaml) is malformed or does not match its schema, or a waiver names the wrong rule."),
    "usage": ("Usage error", "The command line asked for something that does not exist."),
    "workbook": ("Unusable workbook", "An Excel workbook that does not follow the lakin template: a missing sheet, an unknown header, merged cells, a formula without a saved value, an error value or a date where a figure belongs."),
}


#: Control characters written as escapes: a file named "a\nb.yaml" split one problem over two
#: lines, and an escape sequence in a name could rewrite the terminal.
_ESCAPED = {code: f"\\x{code:02x}" for code in [*range(32), 127]} | {10: "\\n", 13: "\\r", 9: "\\t"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem; `line` and `column` are 1-based, 0 when unknown."""

    type: str
    file: str
    message: str
    line: int = 0
    column: int = 0
    path: str = ""
    cell: str = ""  # a workbook's cell, e.g. Capaian!F5; shown instead of line:column

    def __post_init__(self) -> None:
        if self.type not in PROBLEM_TYPES:
            raise ValueError(f"unknown problem type {self.type!r}")

    def one_line(self) -> str:
        place = self.file
        if self.cell:
            place += f":{self.cell}"
        elif self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        where = f" ({self.path})" if self.path else ""
        return f"{place}: {self.type}: {self.message}{where}".translate(_ESCAPED)


class ProblemError(Exception):
    """Raised with the problems that make an input unusable."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.one_line() for p in problems))
        self.problems = problems


def quoted(value: Any) -> str:
    """A value for a message, cut short: a problem is one readable line, even for a 5,000-digit
    figure or a whole table of a configuration."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:30]) + f"… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= 40 else text[:30] + f"… ({len(text):,} characters)"

