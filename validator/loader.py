"""Load report data files: find them, parse, validate against the schema, normalise to tables.

A file that cannot be used is reported with every problem it has (not only the first) and left
out; the others are still loaded, so one bad file does not hide the findings of the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from validator.figures import Figure
from validator.problems import Problem, ProblemError
from validator.schema_check import check_schema
from validator.source import Source, read_source
from validator.tables import Tables, normalise

DATA_SUFFIXES = (".yaml", ".yml", ".json")


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
            for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in DATA_SUFFIXES and p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    found.append((child, str(child)))
        elif path.is_file():
            found.append((path, given))
        else:
            problems.append(Problem("file-not-found", given, "no such file or directory"))
    return found, problems


def load(paths: list[str]) -> Batch:
    """Load every report under `paths`."""
    files, problems = find_files(paths)
    sources: list[Source] = []
    for path, display in files:
        try:
            source = read_source(path, display)
        except ProblemError as exc:
            problems.extend(exc.problems)
            continue
        schema_problems = check_schema(source)
        if schema_problems:
            problems.extend(schema_problems)
            continue
        sources.append(source)
    tables, table_problems, figures = normalise(sources)
    if table_problems:
        bad = {p.file for p in table_problems}
        problems.extend(table_problems)
        kept = [s for s in sources if s.file not in bad]
        if len(kept) != len(sources):
            sources = kept
            tables, _, figures = normalise(sources)
    return Batch(sources, tables, figures, problems, len(files))
