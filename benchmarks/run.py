"""Time `lakin check` end to end on N generated reports, and record peak memory.

Reports are made from the bundled samples (annual and quarterly, errors included): each satker
gets one copy of every sample under its own code, in its own folder, so the engine sees N reports
of realistic size and shape and the cross-report rules (quarter series, quarter vs annual) run.
Peak memory is given twice: the largest single process (its maximum resident set), and all the
checker's processes together (the sum of their proportional set sizes, sampled every 0.1 s, so
pages that forked workers share are counted once).
Usage: python benchmarks/run.py [N ...]   (default: 1 100 1000)
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
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


def _descendants(root: int) -> list[int]:
    """root and every process below it (workers), from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += parents.get(pid, [])
    return found


def _pss_kib(pid: int) -> int:
    """Proportional set size: pages shared by forked workers are counted once across processes."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _watch_memory(process: subprocess.Popen, peak: list[int]) -> None:
    """Sample the whole process tree's memory until the checker ends; keep the peak in KiB."""
    while process.poll() is None:
        peak[0] = max(peak[0], sum(_pss_kib(pid) for pid in _descendants(process.pid)))
        time.sleep(0.1)


def measure(n: int) -> tuple[float, float, float, int]:
    """(seconds, peak MiB of the largest process, peak MiB of all its processes together, exit
    code) for one run over n reports."""
    folder = Path(tempfile.mkdtemp(prefix="lakin-bench-"))
    try:
        generate(folder, n)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        process = subprocess.Popen(["lakin", "check", str(folder), "--format", "json"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        total = [0]
        watcher = threading.Thread(target=_watch_memory, args=(process, total))
        watcher.start()
        _, errors = process.communicate()
        seconds = time.perf_counter() - start
        watcher.join()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if process.returncode == 2:
            sys.exit(f"lakin check failed: {errors[:500]}")
        return seconds, max(peak, before) / 1024, total[0] / 1024, process.returncode
    finally:
        shutil.rmtree(folder)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1, 100, 1000]
    print(f"{'reports':>8} {'seconds':>8} {'per report ms':>14} {'largest MiB':>12} {'all MiB':>8}")
    for n in sizes:
        seconds, largest, together, _ = measure(n)
        print(f"{n:>8} {seconds:>8.2f} {1000 * seconds / n:>14.1f} {largest:>12.0f} {together:>8.0f}")


if __name__ == "__main__":
    main()
