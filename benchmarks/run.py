"""Time `lakin check` end to end on N generated reports, and record peak memory.

Reports are made from the bundled samples (annual and quarterly, errors included): each satker
gets one copy of every sample under its own code, in its own folder, so the engine sees N reports
of realistic size and shape and the cross-report rules (quarter series, quarter vs annual) run.
Usage: python benchmarks/run.py [N ...]   (default: 1 100 1000)
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_reports").glob("*.yaml"))
# laporan.satker.kode, also when comment lines stand between `satker:` and `kode:`
SATKER_CODE = re.compile(r'(satker:\s*\{?(?:\s*#[^\n]*\n)*\s*kode:\s*)"[0-9]*"')


def generate(folder: Path, n: int) -> None:
    """n report files in folder: per satker, one copy of each sample under the satker's code."""
    texts = [p.read_text("utf-8") for p in SAMPLES]
    for i in range(n):
        text = texts[i % len(texts)]
        code = f"{500000 + i // len(texts):06d}"
        text = SATKER_CODE.sub(rf'\g<1>"{code}"', text, count=1)
        (folder / f"satker_{code}").mkdir(exist_ok=True)
        (folder / f"satker_{code}" / f"laporan_{i:05d}.yaml").write_text(text, "utf-8")


def measure(n: int) -> tuple[float, float, int]:
    """(seconds, peak MiB of the checker, exit code) for one run over n reports."""
    folder = Path(tempfile.mkdtemp(prefix="lakin-bench-"))
    try:
        generate(folder, n)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        done = subprocess.run(["lakin", "check", str(folder), "--format", "json"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode == 2:
            sys.exit(f"lakin check failed: {done.stderr[:500]}")
        return seconds, max(peak, before) / 1024, done.returncode
    finally:
        shutil.rmtree(folder)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1, 100, 1000]
    print(f"{'reports':>8} {'seconds':>8} {'per report ms':>14} {'peak MiB':>9}")
    for n in sizes:
        seconds, mib, _ = measure(n)
        print(f"{n:>8} {seconds:>8.2f} {1000 * seconds / n:>14.1f} {mib:>9.0f}")


if __name__ == "__main__":
    main()
