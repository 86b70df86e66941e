"""Run the examples of every rule: each `pass` fragment yields nothing, each `fail` fragment
yields exactly the findings in `expect` (by path and, when given, outcome and expected value).

A fragment is a partial lakin/1 report; a default `laporan` is supplied when it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import yaml

from validator.crossreport import cross_tables
from validator.engine import Options, run_rules
from validator.loader import Batch
from validator.problems import ProblemError
from validator.rulepack import Pack, Rule
from validator.schema_check import check_schema
from validator.inputs.source import parse_text
from validator.tables import normalise

DEFAULT_LAPORAN = {"jenis": "tahunan", "tahun": 2024, "tanggal": "2025-01-30",
                   "satker": {"kode": "999999", "nama": "Satker Contoh"}}


@dataclass
class ExampleResult:
    rule: Rule
    name: str
    ok: bool
    detail: str

    @property
    def id(self) -> str:
        return f"{self.rule.code}-{self.name}"


def batch_for(fragment: dict | list[dict], name: str) -> Batch:
    """A batch from an example fragment, or a list of fragments for rules across reports
    (raises ProblemError if one is not valid data)."""
    sources = []
    for i, part in enumerate(fragment if isinstance(fragment, list) else [fragment]):
        data = {"format": "lakin/1", "laporan": DEFAULT_LAPORAN, **part}
        source = parse_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), f"{name}[{i}]")
        problems = check_schema(source)
        if problems:
            raise ProblemError(problems)
        sources.append(source)
    tables, problems, figures = normalise(sources)
    if problems:
        raise ProblemError(problems)
    tables.frames.update(cross_tables(tables))
    return Batch(sources, tables, figures, [], len(sources))


def run_example(rule: Rule, example: dict) -> ExampleResult:
    name = example["name"]
    fragment = example.get("pass", example.get("fail"))
    try:
        batch = batch_for(fragment, f"{rule.file}#{name}")
    except ProblemError as exc:
        return ExampleResult(rule, name, False, "example data is invalid: " + "; ".join(p.one_line() for p in exc.problems))
    single = Pack(rule.pack.name, rule.pack.version, rule.pack.prefix, rule.pack.folder, rule.pack.meta, [rule])
    findings, problems = run_rules(batch, [single], Options(parameters=example.get("parameters", {})))
    if problems:
        return ExampleResult(rule, name, False, "; ".join(p.one_line() for p in problems))
    got = sorted((f.path, f.outcome, f.expected, f.report) for f in findings if f.code == rule.code)
    if "pass" in example:
        return ExampleResult(rule, name, not got, "" if not got else f"expected no finding, got {got}")
    wanted = example["expect"]
    missing = [w for w in wanted if not any(_fits(w, g) for g in got)]
    extra = [g for g in got if not any(_fits(w, g) for w in wanted)]
    ok = not missing and not extra
    return ExampleResult(rule, name, ok, "" if ok else f"missing {missing}; unexpected {extra}")


def _fits(want: dict, got: tuple) -> bool:
    path, outcome, expected, report = got
    if want["path"] != path or want.get("report", report) != report:
        return False
    if "outcome" in want and want["outcome"] != outcome:
        return False
    if "expected" in want:
        if isinstance(expected, Decimal):
            return Decimal(str(want["expected"])) == expected
        return str(want["expected"]) == str(expected)
    return True


def run_all(packs: list[Pack]) -> list[ExampleResult]:
    return [run_example(rule, ex) for pack in packs for rule in pack.rules for ex in rule.data["examples"]]
