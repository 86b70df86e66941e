"""Small report fixtures and the command shared by the CLI-level tests."""

from __future__ import annotations

import shutil
import sys

LAKIN = [shutil.which("lakin")] if shutil.which("lakin") else [sys.executable, "-c", "from validator.cli import main; main()"]
PACK = ["--rules", "anggaran"]
PIN = [*PACK, "--select", "ANG001,ANG003"]  # findings that do not change as other packs grow

# The failing examples of ANG001 and ANG003 in one report: KRO EBA's pagu is not the sum of its
# RO, and RO 994's persen is not realisasi ÷ pagu. No `baris`.
BOTH = """\
format: lakin/1
laporan: {jenis: tahunan, tahun: 2024, satker: {kode: "999999", nama: Satker Contoh}}
anggaran:
  realisasi_rincian:
    rincian:
      - tingkat: kro
        kode: EBA
        pagu: "18.507.134.000"
        rincian:
          - {tingkat: ro, kode: "956", pagu: "10.000.000"}
          - {tingkat: ro, kode: "962", pagu: "490.900.000"}
          - {tingkat: ro, kode: "994", pagu: "18.066.234.000", realisasi: "17.900.159.922", persen: "99.41%"}
"""
ONLY_ANG003 = BOTH.replace('pagu: "18.507.134.000"', 'pagu: "18.567.134.000"')


def run_cli(*args: str, cwd=None):
    """`lakin` in this process, never a traceback; `.returncode` like a finished process."""
    import contextlib
    from pathlib import Path

    from typer.testing import CliRunner

    from validator.cli import app

    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    result.returncode = result.exit_code
    return result
