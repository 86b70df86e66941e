"""Engine behaviour through small rule packs: explicit tolerance, missing values, likely culprit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_rulepack import RULE, make_pack
from validator.engine import Options, run, run_rules
from validator.examples import batch_for
from validator.rulepack import load_packs, pack_dirs

ROOT = Path(__file__).resolve().parent.parent


def findings_for(tmp_path, rule_text: str, fragment: dict):
    [pack] = load_packs([make_pack(tmp_path, rule_text)])
    found, problems = run_rules(batch_for(fragment, "t.yaml"), [pack], Options())
    assert not problems
    return found


CAPAIAN = {"capaian": [{"indikator": "X", "satuan": "Orang", "target": 4, "realisasi": 2, "capaian_persen": "50.4"}]}


@pytest.mark.parametrize(("tolerance", "findings"), [
    ("", 1),                          # counts are exact: 2 / 4 × 100 = 50 ∉ [50.35, 50.45]
    ("toleransi: {mutlak: 0.5}\n", 0),
    ("toleransi: {mutlak: 0.3}\n", 1),
    ("toleransi: {relatif: 0.01}\n", 0),   # 1 % of 50 = 0.5
    ("toleransi: {relatif: 0.005}\n", 1),
])
def test_explicit_tolerance(tmp_path, tolerance, findings):
    assert len(findings_for(tmp_path, RULE + tolerance, CAPAIAN)) == findings


SUM_RULE = RULE.replace("kind: formula", "kind: formula").replace(
    'params: {result: capaian_persen, expr: "realisasi / target * 100"}',
    'params: {result: realisasi, expr: "pembilang + penyebut"}')
PARTS = {"capaian": [{"indikator": "X", "realisasi": 5, "pembilang": 5}]}


@pytest.mark.parametrize(("policy", "count"), [("", 0), ("missing: skip\n", 0), ("missing: zero\n", 0), ("missing: report\n", 1)])
def test_missing_value_policy(tmp_path, policy, count):
    found = findings_for(tmp_path, SUM_RULE + policy, PARTS)
    assert len(found) == count
    assert all(f.outcome == "missing" for f in found)


@pytest.mark.parametrize(("row", "count"), [
    ({"indikator": "X"}, 0),                                   # states nothing of the relation
    ({"indikator": "X", "pembilang": 5, "penyebut": 1}, 1),     # inputs stated, result left out
    ({"indikator": "X", "realisasi": 5}, 1),                    # result stated, inputs left out
])
def test_missing_report_names_rows_that_leave_out_part_of_a_relation(tmp_path, row, count):
    assert len(findings_for(tmp_path, SUM_RULE + "missing: report\n", {"capaian": [row]})) == count


def test_missing_zero_still_finds_wrong_sums(tmp_path):
    wrong = {"capaian": [{"indikator": "X", "realisasi": 6, "pembilang": 5}]}
    assert [f.outcome for f in findings_for(tmp_path, SUM_RULE + "missing: zero\n", wrong)] == ["mismatch"]


def test_likely_culprit_names_ro_994_in_report_000():
    packs = load_packs(pack_dirs(["anggaran"]))
    result = run([str(ROOT / "sample_reports" / "000_lkj_2024_bpmp_ntt.yaml")], packs, Options(select=["ANG001", "ANG003"]))
    culprits = {(f.code, f.culprit.path.rsplit(".", 2)[-2], f.culprit.value) for f in result.findings if f.culprit}
    assert culprits == {("ANG001", "rincian[994]", 18006234000), ("ANG003", "rincian[994]", 18006234000)}


def test_no_culprit_when_one_value_cannot_repair_all(tmp_path):
    [pack] = load_packs(pack_dirs(["anggaran"]))
    data = {"anggaran": {"realisasi_rincian": {"rincian": [
        {"tingkat": "kro", "kode": "EBA", "pagu": "100", "rincian": [
            {"tingkat": "ro", "kode": "1", "pagu": "60", "realisasi": "50", "persen": "50"},
            {"tingkat": "ro", "kode": "2", "pagu": "30"}]}]}}}
    found, _ = run_rules(batch_for(data, "t.yaml"), [pack], Options(select=["ANG001", "ANG003"]))
    assert len(found) == 2
    assert all(f.culprit is None for f in found)


def test_match_cites_the_counterpart_of_the_same_report():
    """Two reports with the same paths: each finding names its own report's PK figure."""
    def report(pk_target: str, target: str) -> dict:
        return {"perjanjian_kinerja": [{"versi": "akhir", "tanggal": "2024-11-11", "sasaran": [
                    {"kode": "SK 1", "indikator": [{"kode": "IKK 1.2", "satuan": "%", "target": pk_target}]}]}],
                "capaian": [{"indikator": "IKK 1.2", "target": target, "realisasi": "43.47"}]}
    packs = [p for p in load_packs(pack_dirs()) if p.name == "perjanjian-kinerja"]
    found, _ = run_rules(batch_for([report("35.00", "35"), report("40.00", "30")], "t.yaml"), packs,
                         Options(select=["PK002"]))
    assert [(f.report, f.expected, f.args["expected"], f.inputs[0].text) for f in found] == [(1, 40, "40.00", "40.00")]


@pytest.mark.parametrize(("names", "expected"), [
    (["Dikdas dan Dikmen", "Dikdas dan Dikmas", "Dikdas dan Dikmen"], "Dikdas dan Dikmen"),  # the majority
    (["Dikdas dan Dikmen", "Dikdas dan Dikmas"], None),                                    # a tie: no verdict
])
def test_consistent_expects_the_majority_and_nothing_on_a_tie(names, expected):
    renja = [{"rincian": [{"tingkat": "ro", "kode": "750", "nama": name}]} for name in names]
    packs = [p for p in load_packs(pack_dirs()) if p.name == "anggaran"]
    found, _ = run_rules(batch_for({"anggaran": {"renja": renja}}, "t.yaml"), packs, Options(select=["ANG027"]))
    assert [(f.actual, f.expected) for f in found] == [("Dikdas dan Dikmas", expected)]


def test_a_run_restores_the_collector_thresholds():
    import gc
    before = gc.get_threshold()
    run([str(ROOT / "sample_reports" / "clean_tw3_2024_bpmp_contoh.yaml")], load_packs(pack_dirs()), Options())
    assert gc.get_threshold() == before and gc.isenabled()


def _tree(ro_994: str) -> dict:
    """A KRO whose stated pagu (18.507.134.000) is not the sum of its RO; RO 994's pagu varies."""
    return {"anggaran": {"realisasi_rincian": {"rincian": [{"tingkat": "kro", "kode": "EBA", "pagu": "18.507.134.000",
            "rincian": [{"tingkat": "ro", "kode": "956", "pagu": "10.000.000"},
                        {"tingkat": "ro", "kode": "994", "pagu": ro_994}]}]}},
            "tabel": [{"id": "T1", "kolom": ["wilayah", "nilai"], "rincian": [{"wilayah": "A", "nilai": ro_994}],
                       "total": {"wilayah": "Jumlah", "nilai": "1"}}]}


def test_sums_cite_the_parts_and_row_of_their_own_report():
    """Two reports with the same paths: each finding's inputs and figures are its own report's."""
    packs = [p for p in load_packs(pack_dirs()) if p.name in ("anggaran", "tabel")]
    batch = batch_for([_tree("18.066.234.000"), _tree("17.000.000.000")], "t.yaml")
    found, _ = run_rules(batch, packs, Options(select=["ANG001", "TAB002"]))
    cited = sorted((f.code, f.report, tuple(i.text for i in f.inputs)) for f in found)
    assert cited == [("ANG001", 0, ("10.000.000", "18.066.234.000")), ("ANG001", 1, ("10.000.000", "17.000.000.000")),
                     ("TAB002", 0, ("18.066.234.000",)), ("TAB002", 1, ("17.000.000.000",))]
