"""Rule packs are third-party data: loading them never runs code, and a broken pack is a located
problem, never a silently skipped rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator.problems import ProblemError
from validator.rulepack import load_packs

PACK = """\
name: uji
version: "0.1"
prefix: UJI
description: {id: Paket uji, en: Test pack}
parameters:
  pita: {nilai: [{label: A, di_atas: 80, sampai: 90}]}
"""

RULE = """\
code: UJI001
name: angka-tidak-sesuai
kind: formula
status: preview
since: "0.1"
severity: error
category: konsistensi-angka
applies_to: capaian
params: {result: capaian_persen, expr: "realisasi / target * 100"}
title: {id: Judul, en: Title}
message: {id: "tertulis {actual}", en: "written {actual}"}
kriteria: {id: K, en: K}
akibat: {id: A, en: A}
rekomendasi: {id: Agar diperbaiki, en: Fix it}
docs: {why: {id: W, en: W}}
examples:
  - name: lolos
    pass: {capaian: [{indikator: X, target: 4, realisasi: 2, capaian_persen: 50}]}
  - name: gagal
    fail: {capaian: [{indikator: X, target: 4, realisasi: 2, capaian_persen: 60}]}
    expect: [{path: "capaian[X].capaian_persen"}]
"""


def make_pack(tmp_path: Path, rule: str = RULE, name: str = "UJI001.yaml", pack: str = PACK) -> Path:
    folder = tmp_path / "uji"
    folder.mkdir()
    (folder / "pack.yaml").write_text(pack, "utf-8")
    (folder / name).write_text(rule, "utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ProblemError) as exc:
        load_packs([folder])
    return [p.one_line() for p in exc.value.problems]


def test_valid_pack_loads(tmp_path):
    [pack] = load_packs([make_pack(tmp_path)])
    assert [r.code for r in pack.rules] == ["UJI001"]


HOSTILE_FORMULAS = [
    "__import__('os').system('touch /tmp/pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "realisasi.__class__",
    "target[0]",
    "(lambda: 1)()",
    "eval('1')",
    "exec('x=1')",
    "[x for x in target]",
    "target ** 99999999",
]


@pytest.mark.parametrize("formula", HOSTILE_FORMULAS)
def test_hostile_formula_is_rejected_at_load(tmp_path, formula):
    canary = tmp_path / "pwned"
    rule = RULE.replace('"realisasi / target * 100"', repr(formula.replace("/tmp/pwned", str(canary))))
    lines = problems(make_pack(tmp_path, rule))
    assert any("UJI001.yaml" in line and "expr" in line for line in lines)
    assert not canary.exists()


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch {canary}']",
                                 "!!python/name:os.system", "!!python/object/new:subprocess.Popen [['touch', '{canary}']]"])
def test_python_tags_never_construct_objects(tmp_path, tag):
    canary = tmp_path / "pwned"
    rule = RULE.replace("since: \"0.1\"", "since: " + tag.format(canary=canary))
    problems(make_pack(tmp_path, rule))
    assert not canary.exists()


def test_yaml_alias_bomb_is_harmless(tmp_path):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    lines = problems(make_pack(tmp_path, bomb + RULE))
    assert lines


@pytest.mark.parametrize(("change", "expected"), [
    (("kind: formula", "kind: fomula"), "unknown kind"),
    (("params: {result: capaian_persen, expr: \"realisasi / target * 100\"}", "params: {result: capaian_persen, expr: \"realisasi / target * 100\", extra: 1}"), "unknown parameter"),
    (("en: \"written {actual}\"", "en: \"written {expected}\""), "different placeholders"),
    (("message: {id: \"tertulis {actual}\"", "message: {id: \"tertulis {nope}\""), "unknown placeholders"),
    (("applies_to: capaian", "applies_to: capain"), "no table"),
    (("severity: error", "severity: fatal"), "severity"),
    (("name: angka-tidak-sesuai", "name: Angka_Tidak"), "name"),
    (("  - name: lolos\n    pass: {capaian: [{indikator: X, target: 4, realisasi: 2, capaian_persen: 50}]}\n", ""), "examples"),
])
def test_broken_rule_is_a_located_problem(tmp_path, change, expected):
    rule = RULE.replace(*change)
    assert rule != RULE
    lines = problems(make_pack(tmp_path, rule))
    assert any(expected in line and "UJI001.yaml:" in line for line in lines), lines


def test_file_name_must_be_the_code(tmp_path):
    assert any("file name" in line for line in problems(make_pack(tmp_path, name="UJI002.yaml")))


def test_code_must_carry_the_pack_prefix(tmp_path):
    rule = RULE.replace("code: UJI001", "code: ABC001")
    assert any("prefix" in line for line in problems(make_pack(tmp_path, rule, name="ABC001.yaml")))


def test_missing_pack_yaml_fields(tmp_path):
    lines = problems(make_pack(tmp_path, pack=PACK.replace('version: "0.1"\n', "")))
    assert any("pack.yaml" in line and "version" in line for line in lines)


def test_duplicate_codes_across_packs(tmp_path):
    first = make_pack(tmp_path)
    second = tmp_path / "dua"
    second.mkdir()
    (second / "pack.yaml").write_text(PACK.replace("name: uji", "name: dua"), "utf-8")
    (second / "UJI001.yaml").write_text(RULE, "utf-8")
    with pytest.raises(ProblemError) as exc:
        load_packs([first, second])
    assert any("already used" in p.message for p in exc.value.problems)


def test_cli_exit_2_for_a_broken_pack(tmp_path):
    import subprocess
    folder = make_pack(tmp_path, RULE.replace("kind: formula", "kind: nope"))
    sample = Path(__file__).resolve().parent.parent / "sample_reports" / "000_lkj_2024_bpmp_ntt.yaml"
    done = subprocess.run(["lakin", "check", str(sample), "--rules", str(folder)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert "UJI001.yaml" in done.stderr


@pytest.mark.parametrize(("value", "says"), [
    ({"WTP": {"kode": 1}}, "{'kode': 1} is not a number"),  # InvalidOperation while checking
    ({"WTP": "1e999999999999"}, "is not a number"),
    ("x", "expected a table of label: number"),             # AttributeError
])
def test_pack_ordinal_scale_of_the_wrong_shape_is_a_value_error(value, says):
    """The engine turns the ValueError into a one-line rule-pack problem (the rule could not run)."""
    from checks.base import RunData
    with pytest.raises(ValueError, match=re.escape(says)):
        RunData(None, None, {"skala": value}).ordinals("skala", 2024)


@pytest.mark.parametrize("value", [[{"label": "A", "sampai": [1]}], [5], "x"])
def test_pack_band_table_of_the_wrong_shape_is_a_value_error(value):
    from checks.base import RunData
    with pytest.raises(ValueError, match="parameter pita"):
        RunData(None, None, {"pita": value}).bands("pita", 2024)


@pytest.mark.parametrize(("value", "says"), [
    ("a if b else c", "expected a table"),         # AttributeError while checking
    ({"ikpa": float("inf")}, "inf is not a number"),
])
def test_pack_parameter_column_of_the_wrong_shape_is_a_value_error(value, says):
    import pandas as pd

    from checks.base import RunData, with_parameters
    with pytest.raises(ValueError, match=re.escape(says)):
        with_parameters(pd.DataFrame({"report": [0], "tahun": [2024]}), RunData(None, None, {"bobot": value}), {"w": "bobot.ikpa"})


@pytest.mark.parametrize(("pack_name", "code", "param"), [
    ("anggaran", "ANG018", "child_when"),        # evaluated to numbers and raised AttributeError (no `holds`)
    ("perjanjian-kinerja", "PK002", "other_when"),  # was silently ignored: every PK version counted
])
def test_a_condition_parameter_that_is_not_a_condition_is_one_problem(tmp_path, pack_name, code, param):
    import shutil

    from typer.testing import CliRunner

    from validator.cli import app
    root = Path(__file__).resolve().parent.parent
    pack = tmp_path / pack_name
    shutil.copytree(root / "rules" / pack_name, pack)
    rule = pack / f"{code}.yaml"
    rule.write_text(re.sub(rf'{param}: "[^"]*"', f'{param}: "(1.000)"', rule.read_text("utf-8")), "utf-8")
    result = CliRunner().invoke(app, ["check", str(root / "sample_reports" / "000_lkj_2024_bpmp_ntt.yaml"),
                                      "--rules", str(pack), "--select", code])
    assert result.exit_code == 2, repr(result.exception)
    assert result.stderr.splitlines() == [f"{rule}: rule-pack: {code} could not run: `{param}` must be a condition"]
