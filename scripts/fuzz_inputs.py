"""Fuzz `lakin check` and `lakin convert` with mutated copies of the bundled reports.

The project rule is that bad input never produces a traceback: it gets one line per problem
naming the file, exit code 2, and nothing of the user's is overwritten. This script makes
mutants of sample_reports/*.yaml, of their JSON form and of their Excel form (plus
`lakin template --contoh`) and reports every run that breaks the rule:

- a Python exception escaping the command (a traceback),
- an exit code other than 0, 1 or 2, or a process killed by a signal (segfault),
- a problem line on stderr that does not start with the file's name (or `lakin:`),
- a run that exits 2 with nothing on stderr.

With --kind waivers the mutant is a waiver file (`lakin baseline` of a sample) given with
--waivers; with --kind rules it is a rule file or pack.yaml of a copy of a built-in pack given
with --rules, and the odd values include hostile formulas (__import__, attribute access,
10**10**10, deep parentheses).

Mutations: byte flips, truncation, deleted/duplicated/swapped lines, indentation changes,
scalars replaced with odd values (1e400, 10**5000, nan, -0, 1_000, 0x1F, 2024-13-45, "1.234,56",
"Rp 1.000", "(1.000)", RTL marks, NUL, lone surrogates, full-width digits, very long text),
values changed between list, mapping and scalar at random paths; for workbooks, cells of the
wrong type, merged cells, deleted sheets or headers, formulas, dates, booleans, Excel errors and
huge rows.

Usage (a fixed seed makes a run repeatable; --seconds time-boxes it):

    python scripts/fuzz_inputs.py --kind yaml --seconds 180 --seed 1
    python scripts/fuzz_inputs.py --kind json --seconds 180 --subprocess-every 25
    python scripts/fuzz_inputs.py --kind xlsx --seconds 180 --out /tmp/fuzz-xlsx
    python scripts/fuzz_inputs.py --kind rules --seconds 180 --subprocess-every 10

Each distinct defect (by exception type and the innermost project frame, or by symptom) is
printed once and its first mutant is kept in --out with a .txt describing the run.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import yaml
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator.cli import app  # noqa: E402

FORMATS = ["text", "json", "sarif", "html", "xlsx", "chr", "junit", "github", "markdown"]
ODD_VALUES = [
    "1e400", "-1e400", "1e-400", "1e999999999", "10" + "0" * 5000, "nan", "NaN", ".nan", "inf", "-inf", ".inf",
    "-0", "-0.0", "1_000", "0x1F", "0o17", "0b101", "2024-13-45", "2024-02-30", "0000-00-00", "9999-12-31T25:61:61",
    '""', "''", "~", "null", "true", "no", "x" * 100_000, "\u200f123", "\u202e456", "1\x002", "１２３", "１２３,４５",
    "1.234,56", "Rp 1.000", "Rp1.000,-", "(1.000)", "1.000-", "٣٤٥", "1.2.3", "1,,000", "%", "Rp", "()", "( )",
    "1e5", "1E+5", "+5", "--5", "−5", "5 %", "5%%", "0.000000000000000000000000000001", "9" * 400 + ".5",
    "[]", "{}", "[1, [2, [3]]]", "{a: {b: 1}}", "-", "–", "12:30", "1:2:3", "0.", ".5", "5.", "1e", "e5",
    "NaN", "Infinity", "-Infinity", "\"\\ud800\"", "\"\\udfff x\"", "\"a\\u0000b\"", "\"\\t\"", "\" 5 \"", "'5.542'", "'161,205'", "'0,5'",
]
HOSTILE_FORMULAS = [
    "__import__('os').system('true')", "a.__class__", "().__class__.__bases__[0]", "10**10**10", "9**9**9**9",
    "(" * 500 + "1" + ")" * 500, "(" * 60 + "a" + ")" * 60, "-" * 5000 + "1", "not " * 3000 + "a",
    "1e999999999 * 1e999999999", "lambda: 1", "[x for x in a]", "f'{a}'", "a if b else c", "open('x')",
    "round(a, 99999999999)", "round(a, -5)", "abs(a, b, c)", "sum()", "1/0", "a[0]", "a @ b", "a := 1",
    "band(a, 'tidak-ada')", "coalesce()", "max(" + ",".join(["a"] * 3000) + ")", "a" * 3000, "'" + "x" * 5000,
]
ODD_VALUES += HOSTILE_FORMULAS
SCALAR = re.compile(r"^(\s*(?:- )?[^\s:#][^:#]*:\s+)(\S.*)$")


# --- text mutations -----------------------------------------------------------------------------

def mutate_text(rng: random.Random, text: str, json_syntax: bool) -> tuple[bytes, str]:
    """One or a few random mutations of a YAML/JSON text; returns the bytes and what was done."""
    done = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.choice(["flip", "truncate", "delete", "duplicate", "swap", "indent", "scalar", "scalar", "scalar",
                         "retype", "retype", "retype", "insert"])
        lines = text.split("\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if op == "flip":
            raw = bytearray(text.encode("utf-8"))
            for _ in range(rng.randint(1, 4)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            done.append(op)
            return bytes(raw), "+".join(done)
        if op == "truncate":
            text = text[: rng.randrange(len(text))]
        elif op == "delete":
            del lines[i]
            text = "\n".join(lines)
        elif op == "duplicate":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "indent":
            lines[i] = (" " * rng.choice([1, 2, 4]) + lines[i]) if rng.random() < 0.6 else lines[i].lstrip()
            text = "\n".join(lines)
        elif op == "insert":
            lines.insert(i, rng.choice(["\t x: 1", "- 1", "? a", "&a b: *a", "!!python/name:os.system", "%YAML 1.1",
                                        "---", "...", "<<: *x", "x: !!binary aGVsbG8=", "x: !!set {a, b}"]))
            text = "\n".join(lines)
        elif op == "scalar":
            text = _structured(rng, text, json_syntax, _odd_scalar) or _line_scalar(rng, lines)
        elif op == "retype":
            text = _structured(rng, text, json_syntax, _retype) or text
        done.append(op)
    return text.encode("utf-8", "surrogatepass"), "+".join(done)


def _line_scalar(rng: random.Random, lines: list[str]) -> str:
    candidates = [k for k, line in enumerate(lines) if SCALAR.match(line)]
    if candidates:
        k = rng.choice(candidates)
        m = SCALAR.match(lines[k])
        lines[k] = m.group(1) + rng.choice(ODD_VALUES)
    return "\n".join(lines)


def _odd_scalar(rng: random.Random, value):
    odd = rng.choice(ODD_VALUES)
    choice = rng.random()
    if choice < 0.4:
        return odd.strip("\"'")
    if choice < 0.6:
        return rng.choice([1e308, -1e308, 10 ** 400, -(10 ** 40), 0, -0.0, 2 ** 63, 1.5, True, None, ""])
    return _Raw(odd)


class _Raw(str):
    """A literal to place as written (JSON escapes such as \\ud800 survive)."""


def _retype(rng: random.Random, value):
    return rng.choice([[], {}, "x", 5, [value], {"x": value}, [1, "a", None], {"kode": 1}, None, True])


def _paths(data, key=()):
    yield key
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, key + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, key + (i,))


def _structured(rng: random.Random, text: str, json_syntax: bool, change) -> str | None:
    """Parse, change the value at a random path, serialise again; None when the text does not parse."""
    try:
        data = json.loads(text) if json_syntax else yaml.safe_load(text)
    except Exception:  # an earlier mutation broke it
        return None
    paths = [p for p in _paths(data) if p]
    if not paths:
        return None
    path = rng.choice(paths)
    parent = data
    for k in path[:-1]:
        parent = parent[k]
    parent[path[-1]] = change(rng, parent[path[-1]])
    if json_syntax:
        raws: list[str] = []
        out = json.dumps(_marked(data, raws), ensure_ascii=False, indent=1, default=str)
        return re.sub(r'"__RAW(\d+)__"', lambda m: raws[int(m.group(1))], out)
    return yaml.safe_dump(_unraw(data), allow_unicode=True, sort_keys=False, width=10_000)


def _marked(data, raws: list[str]):
    """Literals replaced by numbered markers, put back as written after json.dumps."""
    if isinstance(data, dict):
        return {k: _marked(v, raws) for k, v in data.items()}
    if isinstance(data, list):
        return [_marked(v, raws) for v in data]
    if isinstance(data, _Raw):
        literal = str(data).startswith('"') or re.fullmatch(r"-?\d[\d.eE+-]*|NaN|-?Infinity", data)
        raws.append(str(data) if literal else json.dumps(str(data)))
        return f"__RAW{len(raws) - 1}__"
    return data


def _unraw(data):
    if isinstance(data, dict):
        return {k: _unraw(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_unraw(v) for v in data]
    return str(data) if isinstance(data, _Raw) else data


# --- workbook mutations -------------------------------------------------------------------------

def mutate_workbook(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    import openpyxl

    if rng.random() < 0.08:  # byte-level damage of the zip
        data = bytearray(raw)
        if rng.random() < 0.5:
            return bytes(data[: rng.randrange(len(data))]), "xlsx-truncate"
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data), "xlsx-flip"
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    done = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        ws = rng.choice(wb.worksheets)
        rows, cols = max(ws.max_row, 1), max(ws.max_column, 1)
        r, c = rng.randint(1, rows + 1), rng.randint(1, cols + 1)
        op = rng.choice(["value", "value", "value", "header", "merge", "delsheet", "formula", "date", "bool", "error",
                         "hugerow", "delrow", "insrow", "newsheet", "delcol", "rename"])
        if op == "value":
            ws.cell(r, c).value = rng.choice([1e308, -1e308, 10 ** 30, float("inf") if rng.random() < 0.1 else 0.1,
                                              -0.0, "", " ", "x" * 40_000, "１２３", "1.234,56", "Rp 1.000", "(1.000)",
                                              "1.000-", "\u200f5", "nan", "1e400", "=1", "#N/A", None, 5, "2024-13-45",
                                              "IKK 1.1", "awal", "tahunan", "\x01"])
        elif op == "header":
            ws.cell(1, c).value = rng.choice([None, "Xyz", "Realisasi", "Kode", "kode", " Target ", 5])
        elif op == "merge":
            ws.merge_cells(start_row=r, start_column=c, end_row=r + rng.randint(0, 2), end_column=c + rng.randint(0, 2))
        elif op == "delsheet" and len(wb.worksheets) > 1:
            wb.remove(ws)
        elif op == "formula":
            ws.cell(r, c).value = rng.choice(["=1/0", "=SUM(A1:A3)", "=A1", '=HYPERLINK("x")', "=NA()"])
        elif op == "date":
            import datetime as dt
            ws.cell(r, c).value = rng.choice([dt.datetime(2024, 1, 5), dt.date(1900, 1, 1), dt.time(12, 30),
                                              dt.timedelta(days=3)])
        elif op == "bool":
            ws.cell(r, c).value = rng.choice([True, False])
        elif op == "error":
            cell = ws.cell(r, c)
            cell.value = rng.choice(["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"])
            cell.data_type = "e"
        elif op == "hugerow":
            ws.cell(rng.choice([1_048_576, 100_000, rows + 5000]), c).value = "x"
        elif op == "delrow":
            ws.delete_rows(r)
        elif op == "insrow":
            ws.insert_rows(r)
        elif op == "newsheet":
            wb.create_sheet(rng.choice(["Sheet1", "_mine", "Capaian ", "x" * 31]))
        elif op == "delcol":
            ws.delete_cols(c)
        elif op == "rename":
            ws.title = rng.choice(["Renamed", "capaian", "_x", ws.title + " "])[:31]
        done.append(op)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), "xlsx-" + "+".join(done)


# --- running ------------------------------------------------------------------------------------

SIDE_PACKS = ("anggaran", "tabel", "nka", "capaian")  # --kind rules mutates files of copies of these
REPORT = "laporan.yaml"  # the report checked with a mutated waiver file or rule pack


def seeds(folder: Path, kind: str) -> list[tuple[str, bytes]]:
    """The un-mutated inputs of one kind, made with `lakin convert`, `lakin template --contoh`
    and `lakin baseline`; for rules, (pack/file, bytes) of the packs in SIDE_PACKS."""
    reports = sorted((ROOT / "sample_reports").glob("*.yaml"))
    if kind == "rules":
        (folder / REPORT).write_bytes(reports[0].read_bytes())
        return [(f"{p.parent.name}/{p.name}", p.read_bytes()) for pack in SIDE_PACKS
                for p in sorted((ROOT / "rules" / pack).glob("*.yaml"))]
    if kind == "waivers":
        (folder / REPORT).write_bytes(reports[0].read_bytes())
        CliRunner().invoke(app, ["baseline", REPORT, "-o", "seed-waivers.yaml", "--force", "--expires", "2099-01-01"])
        return [("seed-waivers.yaml", (folder / "seed-waivers.yaml").read_bytes())]
    if kind == "yaml":
        return [(p.name, p.read_bytes()) for p in reports]
    out = []
    runner = CliRunner()
    for p in reports:
        target = folder / f"seed_{p.stem}.{kind}"
        runner.invoke(app, ["convert", str(p), "-o", str(target), "--force"])
        if target.exists():
            out.append((target.name, target.read_bytes()))
    if kind == "xlsx":
        target = folder / "seed_contoh.xlsx"
        runner.invoke(app, ["template", "--contoh", "-o", str(target), "--force"])
        out.append((target.name, target.read_bytes()))
    return out


def judge(names: tuple[str, ...], code: int | None, stderr: str, exception: BaseException | None) -> str | None:
    """The defect signature of one run, or None when it kept the rule."""
    if exception is not None and not isinstance(exception, SystemExit):
        frames = [f for f in traceback.extract_tb(exception.__traceback__) if "/validator/" in f.filename
                  or "/checks/" in f.filename]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        return f"traceback {type(exception).__name__} at {where}"
    if code is not None and code < 0:
        return f"killed by signal {-code}"
    if code not in (0, 1, 2):
        return f"exit code {code}"
    if "Traceback" in stderr:
        return "traceback text on stderr"
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if not line.startswith((*names, "lakin:")):
            return "stderr line without the file name: " + re.sub(r"\d+", "N", line[:60])
    if code == 2 and not lines:
        return "exit 2 with no problem line"
    return None


def commands_for(kind: str, name: str, fmt: str, convert_to: str | None, to_file: bool) -> list[list[str]]:
    """The runs of one mutant `name` (a report, a waiver file, or a pack folder's file)."""
    output = ["-o", f"out.{fmt}"] if fmt in ("xlsx", "chr", "html") or to_file else []
    if kind == "waivers":
        return [["check", REPORT, "--format", fmt, "--waivers", name, *output]]
    if kind == "rules":
        return [["check", REPORT, "--format", fmt, "--rules", name.split("/")[0], *output]]
    commands = [["check", name, "--format", fmt, *output]]
    if convert_to:
        commands.append(["convert", name, "-o", f"converted.{convert_to}", "--force"])
    return commands


class _Hang(BaseException):
    """Raised by the alarm in a run that takes over a minute (a BaseException: no `except
    Exception` in the code under test swallows it)."""


def _alarm(signum, frame):
    raise _Hang()


def run_case(folder: Path, name: str, payload: bytes, commands: list[list[str]], via_subprocess: bool):
    """Run the commands on one mutant; returns [(signature, command)]."""
    path = folder / name
    if "/" in name:  # a file of a rule pack: a fresh copy of the pack with this one file mutated
        shutil.rmtree(folder / path.parent.name, ignore_errors=True)
        shutil.copytree(ROOT / "rules" / path.parent.name, folder / path.parent.name)
    path.write_bytes(payload)
    found = []
    for args in commands:
        if via_subprocess:
            try:
                done = subprocess.run([str(Path(sys.executable).parent / "lakin"), *args], cwd=folder,
                                      capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                found.append(("hang over 60 s", args))
                continue
            code, stderr, exception = done.returncode, done.stderr.decode("utf-8", "replace"), None
        else:
            started = time.perf_counter()
            signal.alarm(60)  # a hang (a sheet read cell by cell for hours) must not stall the run
            try:
                result = CliRunner().invoke(app, args)
            except _Hang:
                found.append(("hang over 60 s", args))
                continue
            finally:
                signal.alarm(0)
            if time.perf_counter() - started > 30:
                found.append(("slow over 30 s", args))
            code, stderr, exception = result.exit_code, result.stderr, result.exception
        names = (name.split("/")[0], REPORT, *([args[args.index("-o") + 1]] if "-o" in args else []))
        signature = judge(names, code, stderr, exception)
        if signature:
            found.append((signature, args))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=["yaml", "json", "xlsx", "waivers", "rules"], default="yaml")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--subprocess-every", type=int, default=50, help="every Nth case runs the real `lakin`")
    parser.add_argument("--out", default="/tmp/fuzz-out")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    signal.signal(signal.SIGALRM, _alarm)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, int] = {}
    started, cases, kinds = time.monotonic(), 0, {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        import os
        os.chdir(folder)
        bases = seeds(folder, args.kind)
        while cases < args.cases and time.monotonic() - started < args.seconds:
            base_name, base = rng.choice(bases)
            try:
                if args.kind == "xlsx":
                    payload, what = mutate_workbook(rng, base)
                else:
                    payload, what = mutate_text(rng, base.decode("utf-8"), args.kind == "json")
            except Exception as exc:  # a mutation the mutator itself cannot make: try another
                print(f"mutator: {type(exc).__name__}: {str(exc)[:80]}")
                continue
            for op in what.split("+"):
                kinds[op] = kinds.get(op, 0) + 1
            name = base_name if args.kind == "rules" else f"m{cases}.{'yaml' if args.kind == 'waivers' else args.kind}"
            fmt = rng.choice(FORMATS)
            commands = commands_for(args.kind, name, fmt, rng.choice(["yaml", "json", "xlsx", None, None]),
                                    rng.random() < 0.3)
            sub = cases % args.subprocess_every == 0
            for signature, command in run_case(folder, name, payload, commands, sub):
                seen[signature] = seen.get(signature, 0) + 1
                if seen[signature] == 1:
                    keep = out / f"{len(seen):03d}_{name.replace('/', '_')}"
                    keep.write_bytes(payload)
                    keep.with_suffix(keep.suffix + ".txt").write_text(
                        f"{signature}\nlakin {' '.join(command)}\nmutation: {what} of {base_name}\n", "utf-8")
                    print(f"NEW {signature} :: lakin {' '.join(command)} :: {what} of {base_name} -> {keep}", flush=True)
            if args.kind != "rules":
                (folder / name).unlink(missing_ok=True)
            cases += 1
    print(f"{cases} cases in {time.monotonic() - started:.0f} s; mutations {kinds}")
    for signature, count in sorted(seen.items(), key=lambda kv: -kv[1]):
        print(f"{count:6d}  {signature}")


if __name__ == "__main__":
    main()
