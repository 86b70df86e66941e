"""Project configuration: `lakin.toml`, or `[tool.lakin]` in pyproject.toml, found upwards.

Keys: `select`, `ignore` (rule codes or prefixes), `severity` (code → error|warning|info),
`fail-on`, `lang`, `rules` (extra pack folders), `parameters` (pack parameter overrides by
name, e.g. `nka_bobot`, `batas_capaian`), and `waivers` (the waiver file, see validator/waivers.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.problems import Problem, ProblemError, quoted

#: key → (type, what a value looks like): a wrong type was read as something else ("ANG" as the
#: prefixes A, N, G) or raised deep in the run.
KEYS: dict[str, tuple[type, str]] = {
    "select": (list, 'a list of rule codes or prefixes, e.g. ["ANG", "CAP001"]'),
    "ignore": (list, 'a list of rule codes or prefixes, e.g. ["ANG", "CAP001"]'),
    "severity": (dict, 'a table of rule code = "error", "warning" or "info"'),
    "fail-on": (str, '"error", "warning", "info" or "never"'),
    "lang": (str, '"id" or "en"'),
    "rules": (list, 'a list of rule pack folders, e.g. ["packs/keuangan"]'),
    "parameters": (dict, "a table of pack parameter = value, e.g. batas_capaian = 110"),
    "waivers": (str, 'the name of a waiver file, e.g. "lakin-waivers.yaml"'),
}


@dataclass
class Config:
    source: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    lang: str | None = None
    rules: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    waivers: str | None = None  # waiver file, relative to the configuration file's folder


def find_config(start: Path, explicit: str | None = None) -> Config:
    """The configuration in force: an explicit file, else the nearest lakin.toml or pyproject."""
    if explicit:
        return _read(Path(explicit), None)
    for folder in [start, *start.parents]:
        if (folder / "lakin.toml").is_file():
            return _read(folder / "lakin.toml", None)
        py = folder / "pyproject.toml"
        if py.is_file() and "[tool.lakin" in py.read_text("utf-8", errors="replace"):
            return _read(py, ("tool", "lakin"))
    return Config()


def _read(path: Path, section: tuple[str, ...] | None) -> Config:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError([Problem("config", str(path), f"cannot be read: {exc}")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProblemError([Problem("config", str(path), str(exc))]) from None
    for key in section or ():
        data = data.get(key, {})
        if not isinstance(data, dict):
            raise ProblemError([Problem("config", str(path), f"{'.'.join(section)}: expected a table ([{'.'.join(section)}])")])
    unknown = set(data) - set(KEYS)
    if unknown:
        raise ProblemError([Problem("config", str(path), f"unknown key(s) {sorted(unknown)}; allowed: {sorted(KEYS)}")])
    for key, value in data.items():
        kind, looks = KEYS[key]
        if not isinstance(value, kind) or kind is list and not all(isinstance(v, str) for v in value):
            raise ProblemError([Problem("config", str(path), f"{key}: {quoted(value)} is not {looks}")])
    for code, level in data.get("severity", {}).items():
        if level not in ("error", "warning", "info"):
            raise ProblemError([Problem("config", str(path), f"severity of {code}: {level!r} is not error, warning or info")])
    base = path.parent
    return Config(
        source=str(path), select=list(data.get("select", [])), ignore=list(data.get("ignore", [])),
        severity=dict(data.get("severity", {})), fail_on=data.get("fail-on"), lang=data.get("lang"),
        rules=[str(base / r) for r in data.get("rules", [])], parameters=dict(data.get("parameters", {})),
        waivers=str(base / data["waivers"]) if data.get("waivers") else None,
    )


def parameter_problems(cfg: Config, packs: list) -> list[Problem]:
    """A parameter no pack defines, or a value not shaped like the pack's (a text where the pack
    has weights {ikpa, eka}): rules would read it as something else or fail in the middle of a run."""
    values = {name: pack.values(name) for pack in packs for name in pack.meta.get("parameters", {})}
    unknown = sorted(set(cfg.parameters) - set(values))
    if unknown:
        return [Problem("config", cfg.source or "config", f"parameters: no rule pack defines {', '.join(unknown)}")]
    return [Problem("config", cfg.source or "config", f"parameters.{name}: {quoted(value)} is not shaped like the "
                    f"pack's value {'a number' if values[name][0] is None else quoted(values[name][0])}")
            for name, value in cfg.parameters.items() if not _like(value, values[name])]


def _like(value: Any, examples: list) -> bool:
    """`value` has the shape of one of `examples`: a number where they have a number (or null), a
    text where a text; a table with their keys (a table of numbers, a grade scale, may add keys);
    a list whose items are like theirs."""
    return any(_like_one(value, example) for example in examples)


def _like_one(value: Any, example: Any) -> bool:
    if example is None or _number(example):
        return _number(value)
    if isinstance(example, dict):
        scale = all(_number(v) for v in example.values())
        return (isinstance(value, dict) and set(example) <= set(value) and (scale or set(value) <= set(example))
                and all(_like_one(v, example.get(k, 0)) for k, v in value.items()))
    if isinstance(example, list):
        return isinstance(value, list) and all(_like_row(v, example) for v in value)
    return type(value) is type(example)


def _like_row(value: Any, rows: list) -> bool:
    """An item of a list like `rows`; of a band table, keys all rows have are required and the
    others allowed (the last band has no `di_atas`)."""
    if not rows or not all(isinstance(row, dict) for row in rows):
        return _like(value, rows) if rows else True
    required = set.intersection(*(set(row) for row in rows))
    allowed = set().union(*(set(row) for row in rows))
    return (isinstance(value, dict) and required <= set(value) <= allowed
            and all(_like(v, [row[k] for row in rows if k in row]) for k, v in value.items()))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
