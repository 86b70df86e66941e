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
from validator.schema_check import check_schema
from validator.source import Source, read_source
from validator.tables import FileTables, Tables, assemble, normalise_source

DATA_SUFFIXES = (".yaml", ".yml", ".json")
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
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
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
        source = read_source(path, display)
    except ProblemError as exc:
        return None, None, exc.problems
    problems = check_schema(source)
    if problems:
        return None, None, problems
    part = normalise_source(source)
    if part.problems:
        return None, None, part.problems
    return Source(source.file, None, {}, {}), part, []


def _workers(count: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, 8) if count >= PARALLEL_FROM else 1


def load(paths: list[str]) -> Batch:
    """Load every report under `paths`."""
    files, problems = find_files(paths)
    workers = _workers(len(files))
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(load_file, files, chunksize=max(1, len(files) // (workers * 8)))
    else:
        results = [load_file(item) for item in files]
    sources, parts = [], []
    for source, part, file_problems in results:
        problems.extend(file_problems)
        if source is not None:
            sources.append(source)
            parts.append(part)
    tables = assemble(parts)
    tables.frames.update(cross_tables(tables))
    return Batch(sources, tables, [part.figures for part in parts], problems, len(files))
