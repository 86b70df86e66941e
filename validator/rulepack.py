"""Load and validate rule packs: a folder with pack.yaml and one YAML file per rule.

Rule files are third-party data: they are read with the safe loader, validated against
validator/schema/rule.schema.json, and their formulas parsed into the whitelisted AST. A broken
pack is a located problem (exit 2), never a silently skipped rule.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


from checks import KINDS
from validator.problems import Problem, ProblemError
from validator.schema_check import Validator, dotted
from validator.inputs.source import Source, read_source
from validator.crossreport import CROSS_COLUMNS
from validator.tables import BASE_COLUMNS, TABLE_COLUMNS

RULE_TABLES = {**TABLE_COLUMNS, **CROSS_COLUMNS}

GENERIC_TABLES = "tabel"
LOCATION_ARGS = set(BASE_COLUMNS) | {f"laporan_{c}" for c in ("tahun", "jenis", "triwulan", "tanggal", "satker_kode")}

BUILTIN_RULES = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Rule:
    """A validated rule, ready for its check kind."""

    pack: "Pack"
    file: str
    data: dict[str, Any]
    params: Any  # the kind's frozen params object

    def __getattr__(self, name: str) -> Any:
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def severity(self) -> str:
        return self.data["severity"]

    def text(self, field_name: str, lang: str) -> str:
        value = self.data.get(field_name)
        return value[lang] if value else ""


@dataclass
class Pack:
    """A rule pack: metadata, parameters and its rules."""

    name: str
    version: str
    prefix: str
    folder: str
    meta: dict[str, Any]
    rules: list[Rule] = field(default_factory=list)

    def parameter(self, name: str, year: int | None) -> Any:
        """A parameter's value, for `year` when it varies by year (None when not in force)."""
        for period in self._periods(name):
            if year is None or (period.get("dari", -10**6) <= year <= period.get("sampai", 10**6)):
                return period["nilai"]
        return None

    def values(self, name: str) -> list[Any]:
        """Every value a parameter takes, in all its periods (what a configured value must look like)."""
        return [period["nilai"] for period in self._periods(name)]

    def _periods(self, name: str) -> list[dict[str, Any]]:
        spec = self.meta.get("parameters", {}).get(name)
        if spec is None:
            raise KeyError(name)
        return [spec] if "nilai" in spec else spec["berlaku"]


@lru_cache(maxsize=1)
def _schemas() -> dict[str, Validator]:
    full = json.loads(resources.files("validator.schema").joinpath("rule.schema.json").read_text("utf-8"))
    defs = full["$defs"]
    return {name: Validator({"$defs": defs, "$ref": f"#/$defs/{name}"}) for name in ("pack", "rule")}


def pack_dirs(extra: list[str] | None = None) -> list[Path]:
    """The built-in packs (every folder of rules/ with a pack.yaml), or those named."""
    if extra:
        found: list[Path] = []
        for given in extra:
            path = Path(given)
            if (path / "pack.yaml").is_file():
                found.append(path)
            elif path.is_dir():
                found.extend(sorted(p.parent for p in path.glob("*/pack.yaml")))
            elif (BUILTIN_RULES / given / "pack.yaml").is_file():
                found.append(BUILTIN_RULES / given)
            else:
                raise ProblemError([Problem("usage", given, "not a rule pack (no pack.yaml) nor a built-in pack name")])
        return found
    return sorted(p.parent for p in BUILTIN_RULES.glob("*/pack.yaml"))


def load_packs(dirs: list[Path]) -> list[Pack]:
    """Load packs; raises ProblemError listing every problem of every pack."""
    packs, problems, codes = [], [], {}
    for folder in dirs:
        pack, pack_problems = _load_pack(folder)
        problems.extend(pack_problems)
        if pack is None:
            continue
        for rule in pack.rules:
            for code in [rule.code, *rule.data.get("aliases", [])]:
                if code in codes:
                    problems.append(Problem("rule-pack", rule.file, f"code {code} is already used by {codes[code]}"))
                codes[code] = rule.file
        packs.append(pack)
    if problems:
        raise ProblemError(problems)
    return packs


def _validate(source: Source, schema_name: str) -> list[Problem]:
    problems = []
    for err in _schemas()[schema_name].errors(source.data):
        key = tuple(err.absolute_path)
        line, col = source.places.get(key, (0, 0))
        problems.append(Problem("rule-pack", source.file, f"{dotted(key) or 'top level'}: {err.message}", line, col))
    return problems


def _load_pack(folder: Path) -> tuple[Pack | None, list[Problem]]:
    try:
        meta_source = read_source(folder / "pack.yaml")
    except ProblemError as exc:
        return None, exc.problems
    problems = _validate(meta_source, "pack")
    if problems:
        return None, problems
    meta = meta_source.data
    pack = Pack(meta["name"], meta["version"], meta["prefix"], str(folder), meta)
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "pack.yaml":
            continue
        try:
            source = read_source(path)
        except ProblemError as exc:
            problems.extend(exc.problems)
            continue
        rule_problems = _validate(source, "rule")
        if not rule_problems:
            rule_problems = _check_rule(pack, source, path)
        if rule_problems:
            problems.extend(rule_problems)
            continue
        data = source.data
        params = KINDS[data["kind"]].Params.build(data.get("params", {}), pack)
        pack.rules.append(Rule(pack, str(path), data, params))
    return pack, problems


def _check_rule(pack: Pack, source: Source, path: Path) -> list[Problem]:
    """What the schema cannot say: file name, prefix, kind, parameters, placeholders, formulas."""
    data, file = source.data, source.file
    where = lambda *key: source.places.get(key, (0, 0))  # noqa: E731
    out: list[Problem] = []
    if path.stem != data["code"]:
        out.append(Problem("rule-pack", file, f"file name {path.name} must be the rule code {data['code']}.yaml", *where("code")))
    if not data["code"].startswith(pack.prefix):
        out.append(Problem("rule-pack", file, f"code {data['code']} must start with the pack prefix {pack.prefix}", *where("code")))
    kind = KINDS.get(data["kind"])
    if kind is None:
        out.append(Problem("rule-pack", file, f"unknown kind {data['kind']!r}; known: {', '.join(sorted(KINDS))}", *where("kind")))
        return out
    try:
        kind.Params.build(data.get("params", {}), pack)
    except (ValueError, TypeError) as exc:
        out.append(Problem("rule-pack", file, f"params: {exc}", *where("params")))
        return out
    if "when" in data:
        from validator.formula import FormulaError, parse
        try:
            parse(data["when"])
        except FormulaError as exc:
            out.append(Problem("formula", file, f"when: {exc}", *where("when")))
    if data["applies_to"] not in RULE_TABLES and data["applies_to"] != GENERIC_TABLES:
        out.append(Problem("rule-pack", file, f"applies_to: no table {data['applies_to']!r}; tables: "
                           f"{', '.join(sorted(RULE_TABLES))}, {GENERIC_TABLES}", *where("applies_to")))
        return out
    allowed = set(kind.ARGS) | set(RULE_TABLES.get(data["applies_to"], ())) | LOCATION_ARGS
    for field_name in ("title", "message", "kriteria", "akibat", "rekomendasi"):
        names = {lang: _placeholders(data[field_name][lang]) for lang in ("id", "en")}
        if names["id"] != names["en"]:
            out.append(Problem("rule-pack", file, f"{field_name}: id and en use different placeholders "
                               f"({sorted(names['id'] ^ names['en'])})", *where(field_name)))
        unknown = (names["id"] | names["en"]) - allowed - set(kind.extra_args(data.get("params", {})))
        if unknown:
            out.append(Problem("rule-pack", file, f"{field_name}: unknown placeholders {sorted(unknown)}; "
                               f"the kind provides {sorted(allowed)}", *where(field_name)))
    return out


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
