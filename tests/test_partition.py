"""A large batch checked satker by satker in worker processes gives exactly the output of one run
over everything (same findings, same order, same report indexes), its JSON rendered in slices on
workers is the JSON rendered in one pass, and the satker scan reads the code a report states."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import run as bench  # noqa: E402

import validator.engine as engine  # noqa: E402
import validator.partition as partition  # noqa: E402
from validator.engine import Options, run  # noqa: E402
from validator.reporters import REPORTERS, json_report  # noqa: E402
from validator.rulepack import load_packs, pack_dirs  # noqa: E402


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    bench.generate(folder, 24)  # 3 satkers × every sample, so cross-report rules fire
    (folder / "rusak.yaml").write_text("laporan:\n  - [unclosed\n", "utf-8")
    return folder


def test_partitioned_run_equals_single_run(batch, monkeypatch):
    packs = load_packs(pack_dirs())
    monkeypatch.setattr(engine, "PARTITION_FROM", 10**9)
    single = "".join(REPORTERS["json"](run([str(batch)], packs, Options()), "id"))
    monkeypatch.setattr(engine, "PARTITION_FROM", 2)
    monkeypatch.setattr(partition, "FILES_PER_JOB", (5, 5))
    if engine.worker_count(25) < 2:
        monkeypatch.setattr(engine, "worker_count", lambda n: 2)
    parted = "".join(REPORTERS["json"](run([str(batch)], packs, Options()), "id"))
    assert parted == single
    assert '"rule": "LIN002"' in single  # cross-report findings are part of what is compared


@pytest.mark.parametrize(("text", "key"), [
    ('format: lakin/1\nlaporan:\n  jenis: tahunan\n  satker: {kode: "419546", nama: X}\n', "satker:419546"),
    ('{"format": "lakin/1", "laporan": {"satker": {"nama": "X", "kode": "999001"}}}', "satker:999001"),
    ('format: lakin/1\ncapaian: [{satker: {kode: "1"}}]\nlaporan: {satker: {kode: "7"}}\n', "satker:7"),
    ("laporan:\n  - [unclosed\n", "file:r.yaml"),
    ("format: lakin/1\n", "file:r.yaml"),
    ('laporan: {satker: {kode: "", nama: X}}\n', "file:r.yaml"),
])
def test_satker_scan(tmp_path, text, key):
    path = tmp_path / "r.yaml"
    path.write_text(text, "utf-8")
    assert partition.satker_of((path, "r.yaml")) == key


def test_json_rendered_in_slices_on_workers_equals_one_pass(batch, monkeypatch):
    result = run([str(batch)], load_packs(pack_dirs()), Options())
    one_pass = "".join(json_report.chunks(result, "en"))
    assert len(result.findings) > 20
    monkeypatch.setattr(json_report, "RECORDS_PER_SLICE", 8)
    monkeypatch.setattr(json_report, "cores", lambda: 2)
    assert "".join(json_report.chunks(result, "en")) == one_pass
