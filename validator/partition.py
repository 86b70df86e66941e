"""Check a large batch in partitions of whole satkers, each in a worker process.

Every relation across reports joins reports of the same satker code, so checking each satker's
reports together gives exactly the findings of one run over everything, while a worker holds only
its own partition: memory stays bounded and the rules use every core. Reports come back in the
order of the files, so the output equals a single-process run's.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pandas as pd
import yaml

from validator.findings import Finding
from validator.loader import Batch, load_files
from validator.problems import Problem
from validator.progress import Progress
from validator.inputs.source import Source
from validator.tables import Tables

PARTITION_FROM = 300      # files; below this, loading in workers and one rule pass is faster
FILES_PER_JOB = (60, 250)  # whole satkers are packed into jobs of about this many files, at least/most
JOBS_PER_WORKER_RUN = 4    # aim for this many jobs per worker over a run, so none waits long at the end
JOBS_PER_WORKER = 8       # then the worker is replaced, so its heap cannot grow over a long run
_JOB: tuple = ()          # (packs, options), inherited by forked workers


def satker_of(item: tuple[Path, str]) -> str:
    """The satker code a report states (`laporan.satker.kode`), read by streaming the file's YAML
    events only until it appears; a file that does not state one is a partition of its own."""
    path, display = item
    if path.suffix.lower() == ".xlsx":
        return f"file:{display}"
    try:
        stack: list = []
        pending_key = True
        with open(path, encoding="utf-8") as stream:
            for event in yaml.parse(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    stack.append([event, None])
                    pending_key = isinstance(event, yaml.MappingStartEvent)
                    continue
                if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    stack.pop()
                    if stack and isinstance(stack[-1][0], yaml.MappingStartEvent):
                        stack[-1][1], pending_key = None, True
                    continue
                if not isinstance(event, yaml.ScalarEvent) or not stack:
                    continue
                if isinstance(stack[-1][0], yaml.MappingStartEvent):
                    if pending_key:
                        stack[-1][1], pending_key = event.value, False
                        continue
                    keys = [frame[1] for frame in stack]
                    if keys == ["laporan", "satker", "kode"]:
                        code = event.value.strip()  # no code: no relation to other reports
                        return f"satker:{code}" if code else f"file:{display}"
                    stack[-1][1], pending_key = None, True
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        pass
    return f"file:{display}"


def _jobs(keys: list[str], workers: int) -> list[list[int]]:
    """File indexes grouped by satker, packed into jobs: large ones, since every job pays a fixed
    cost per rule (240 reports took 4.2 s of CPU in jobs of 60 and 3.6 s in one job), but several
    per worker, so that the last ones end together; memory grows ~0.3 MiB per report of a job."""
    smallest, largest = FILES_PER_JOB
    size = min(largest, max(smallest, len(keys) // (workers * JOBS_PER_WORKER_RUN)))
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    jobs, current = [], []
    for members in groups.values():
        current += members
        if len(current) >= size:
            jobs.append(current)
            current = []
    return jobs + ([current] if current else [])


def _check(items: list[tuple[Path, str]]) -> tuple[list[Source], pd.DataFrame, list[Finding], list[Problem], int]:
    """Load and check one job in a worker: its reports, identities, findings and problems."""
    from validator.engine import run_rules

    packs, options = _JOB
    batch = load_files(items, [], parallel=False)
    findings, problems = run_rules(batch, packs, options)
    for f in findings:
        f.relation = None  # only needed for the likely-culprit analysis, already done
    return batch.sources, batch.tables["laporan"], findings, batch.problems + problems, len(items)


def run_partitioned(files: list[tuple[Path, str]], problems: list[Problem], packs, options, workers: int,
                    progress: Progress | None = None) -> tuple[Batch, list[Finding], list[Problem]]:
    """Check `files` satker by satker on `workers` processes; the batch holds sources and identities."""
    global _JOB
    progress = progress or Progress()
    _JOB = (packs, options)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        keys = pool.map(satker_of, files, chunksize=max(1, len(files) // (workers * 8)))
    jobs = _jobs(keys, workers)
    progress.task("memeriksa per satker / checking by satker", len(files))
    results = []
    with context.Pool(workers, maxtasksperchild=JOBS_PER_WORKER) as pool:
        for result in pool.imap(_check, [[files[i] for i in job] for job in jobs]):
            results.append(result)
            progress.advance(result[4])
    order = {display: i for i, (_, display) in enumerate(files)}
    reports: list[tuple[int, Source, pd.Series]] = []
    findings: list[tuple[int, Finding]] = []
    rule_problems: list[Problem] = []
    for sources, laporan, found, job_problems, _ in results:
        base = len(reports)
        for local, source in enumerate(sources):
            reports.append((order[source.file], source, laporan.iloc[local]))
        findings += [(base + f.report, f) for f in found]
        for problem in job_problems:
            (rule_problems if problem.type == "rule-pack" else problems).append(problem)
    ranked = sorted(range(len(reports)), key=lambda i: reports[i][0])
    new_index = {old: new for new, old in enumerate(ranked)}
    laporan = pd.DataFrame([reports[i][2] for i in ranked]).reset_index(drop=True)
    laporan["report"] = range(len(laporan))
    for old, f in findings:
        f.report = new_index[old]
    merged = [f for _, f in findings]
    merged.sort(key=Finding.sort_key)
    unique_rule_problems = list(dict.fromkeys(rule_problems))
    batch = Batch([reports[i][1] for i in ranked], Tables({"laporan": laporan}), [], problems, len(files))
    return batch, merged, unique_rule_problems
