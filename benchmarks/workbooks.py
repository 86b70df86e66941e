"""Time `lakin check` on workbooks, end to end, and record its peak memory.

Cases: report 000 converted to a workbook (median of 5); a valid workbook at the filled-cell limit
(a generic table of 8,800 rows × 11 columns, with the example report: 98,000 cells); the outside review's three hostile files, rebuilt by
tests/hostile_workbooks.py (repeated cells in a hidden `_` sheet, a generic table of 9,999 rows ×
100 columns, a 256 MB shared string); and a generic table just past the cell limit.
Usage: python benchmarks/workbooks.py     (figures in docs/benchmarks.md)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_workbooks import generic_table, repeated_cells_in_own_sheet, repeated_text, with_shared_string  # noqa: E402

# Runs `lakin check FILE` and prints its exit code and peak resident memory (KiB).
_MEASURE = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", "from validator.cli import main; main()", "check", sys.argv[1]],
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stderr.strip()[:100])
"""


def measure(path: Path) -> tuple[float, int, int, str]:
    """(seconds, exit code, peak MiB, first words of stderr) of one `lakin check`."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True).stdout
    code, kib, problem = out.split(" ", 2)
    return time.perf_counter() - start, int(code), int(kib) // 1024, problem.strip()


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    contoh = folder / "contoh.xlsx"
    subprocess.run([sys.executable, "-c", "from validator.cli import main; main()", "template", "-o", str(contoh),
                    "--contoh"], check=True, capture_output=True)
    report = folder / "000.xlsx"
    subprocess.run([sys.executable, "-c", "from validator.cli import main; main()", "convert",
                    str(ROOT / "sample_reports" / "000_lkj_2024_bpmp_ntt.yaml"), "-o", str(report)], check=True)
    runs = [measure(report) for _ in range(5)]
    print(f"report 000 as a workbook: {statistics.median(r[0] for r in runs):.2f} s (median of 5), "
          f"exit {runs[0][1]}, {max(r[2] for r in runs)} MiB")

    def case(name: str, build) -> None:
        sub = folder / name.replace(" ", "_")
        sub.mkdir()
        path = build(sub)
        seconds, code, mib, problem = measure(path)
        print(f"{name}: {path.stat().st_size / 1024:,.0f} KiB file, {seconds:.2f} s, exit {code}, {mib} MiB  {problem}")

    case("valid, 98,000 filled cells", lambda f: generic_table(contoh, f, 8_800, 11))
    case("review: repeated cells in a hidden _ sheet", lambda f: repeated_cells_in_own_sheet(contoh, f)[0])
    case("review: generic table 9,999 x 100", lambda f: generic_table(contoh, f, 9_999, 100))
    case("review: 256 MB shared string", lambda f: with_shared_string(contoh, f, repeated_text(256 << 20)))
    case("past the cell limit, 110,000 cells", lambda f: generic_table(contoh, f, 10_000, 11))


if __name__ == "__main__":
    main()
