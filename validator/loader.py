"""Load report data files: find them, parse, validate against the schema, normalise to tables.

A file that cannot be used is reported with every problem it has (not only the first) and left
out; the others are still loaded, so one bad file does not hide the findings of the rest. Files
are independent until their tables are stacked, so large batches load on all cores.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from validator.crossreport import cross_tables
from validator.figures import Figure
from validator.problems import Problem, ProblemError
from validator.progress import Progress
from validator.schema_check import check_schema
from validator.inputs.source import Source, read_source
from validator.tables import FileTables, Tables, assemble, normalise_source

DATA_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
NOT_REPORTS = frozenset({"lakin-waivers.yaml", "lakin-waivers.yml"})  # skipped when walking a folder
PARALLEL_FROM = 40  # below this many files, starting workers costs more than it saves


@dataclass
class Batch:
    """The reports that loaded, their tables, and the problems of those that did not."""

    sources: list[Source]
    tables: Tables
    figures: list[dict[str, Figure]]
    problems: list[Problem]
    files_seen: int


def find_files(paths: list[str]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Expand files and directories (recursively) into data files, in a stable order."""
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            before = len(found)
            for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in DATA_SUFFIXES and p.is_file()):
                hidden = any(part.startswith((".", "~$")) for part in child.relative_to(path).parts)  # ~$: Excel lock
                if not hidden and child.name not in NOT_REPORTS:
                    found.append((child, str(child)))
            if len(found) == before:
                problems.append(Problem("file-not-found", given, f"no report files ({', '.join(DATA_SUFFIXES)}) in this folder"))
        elif path.is_file():
            found.append((path, given))
        else:
            problems.append(Problem("file-not-found", given, "no such file or directory"))
    return found, problems


def load_file(item: tuple[Path, str]) -> tuple[Source | None, FileTables | None, list[Problem]]:
    """Read, validate and normalise one file; the source comes back without its parse details."""
    path, display = item
    try:
        source = read_data(path, display)
    except ProblemError as exc:
        return None, None, exc.problems
    locate = getattr(source, "locate", list)  # a workbook names cells (Capaian!F5) instead of lines
    problems = check_schema(source)
    if problems:
        return None, None, locate(problems)
    part = normalise_source(source)
    if part.problems:
        return None, None, locate(part.problems)
    return (source.light() if hasattr(source, "light") else Source(source.file, None, {}, {})), part, []


def read_data(path: Path, display: str | None = None) -> Source:
    """Parse a YAML, JSON or Excel (.xlsx) report file; openpyxl is imported only for a workbook."""
    if path.suffix.lower() == ".xlsx":
        from validator.inputs.workbook import read_workbook

        return read_workbook(path, display)
    return read_source(path, display)


def cores() -> int:
    """The cores this process may use (at most 8: more workers only add memory)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(usable, 8)


def worker_count(count: int) -> int:
    return cores() if count >= PARALLEL_FROM else 1


def load(paths: list[str], progress: Progress | None = None) -> Batch:
    """Load every report under `paths`."""
    files, problems = find_files(paths)
    return load_files(files, problems, progress)


def load_files(files: list[tuple[Path, str]], problems: list[Problem], progress: Progress | None = None,
               parallel: bool = True) -> Batch:
    """Load the given files (on all cores for many, unless `parallel` is False)."""
    progress = progress or Progress()
    progress.task("memuat berkas / loading files", len(files))
    workers = worker_count(len(files)) if parallel else 1
    results = []
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for result in pool.imap(load_file, files, chunksize=max(1, len(files) // (workers * 8))):
                results.append(result)
                progress.advance()
    else:
        for item in files:
            results.append(load_file(item))
            progress.advance()
    sources, parts = [], []
    for source, part, file_problems in results:
        problems.extend(file_problems)
        if source is not None:
            sources.append(source)
            parts.append(part)
    tables = assemble(parts)
    tables.frames.update(cross_tables(tables))
    return Batch(sources, tables, [part.figures for part in parts], problems, len(files))
