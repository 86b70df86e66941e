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

from validator.problems import Problem, ProblemError

KEYS = {"select", "ignore", "severity", "fail-on", "lang", "rules", "parameters", "waivers"}


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
    unknown = set(data) - KEYS
    if unknown:
        raise ProblemError([Problem("config", str(path), f"unknown key(s) {sorted(unknown)}; allowed: {sorted(KEYS)}")])
    for code, level in data.get("severity", {}).items():
        if level not in ("error", "warning", "info"):
            raise ProblemError([Problem("config", str(path), f"severity of {code}: {level!r} is not error, warning or info")])
    if not isinstance(data.get("waivers", ""), str):
        raise ProblemError([Problem("config", str(path), "waivers: expected the name of a waiver file, e.g. \"lakin-waivers.yaml\"")])
    base = path.parent
    return Config(
        source=str(path), select=list(data.get("select", [])), ignore=list(data.get("ignore", [])),
        severity=dict(data.get("severity", {})), fail_on=data.get("fail-on"), lang=data.get("lang"),
        rules=[str(base / r) for r in data.get("rules", [])], parameters=dict(data.get("parameters", {})),
        waivers=str(base / data["waivers"]) if data.get("waivers") else None,
    )
