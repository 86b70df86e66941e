"""Every example of every rule runs as a test (ids CODE-example, so `pytest -k CAP001` works),
and every rule has at least one passing and one failing example."""

from __future__ import annotations

import pytest

from validator.examples import run_example
from validator.rulepack import load_packs, pack_dirs

PACKS = load_packs(pack_dirs())
RULES = [rule for pack in PACKS for rule in pack.rules]
CASES = [(rule, example) for rule in RULES for example in rule.data["examples"]]


@pytest.mark.parametrize(("rule", "example"), CASES, ids=[f"{r.code}-{e['name']}" for r, e in CASES])
def test_example(rule, example):
    result = run_example(rule, example)
    assert result.ok, result.detail


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_passing_and_failing_examples(rule):
    kinds = {"pass" if "pass" in e else "fail" for e in rule.data["examples"]}
    assert kinds == {"pass", "fail"}


def test_every_pack_has_rules():
    assert PACKS and all(pack.rules for pack in PACKS)


def test_codes_are_unique_and_prefixed():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(r.code.startswith(r.pack.prefix) for r in RULES)
