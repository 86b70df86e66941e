"""A progress display for long batches: files loaded and rules run, on a terminal only.

Never in a pipe, a file or a CI log (CI=true): there it would only add noise.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator


class Progress:
    """Counts steps of a task; this base class shows nothing."""

    def task(self, label: str, total: int) -> None:
        """Start a task of `total` steps."""

    def advance(self, steps: int = 1) -> None:
        """Record finished steps of the current task."""


class _RichProgress(Progress):
    def __init__(self, bar) -> None:
        self.bar = bar
        self.current = None

    def task(self, label: str, total: int) -> None:
        self.current = self.bar.add_task(label, total=total)

    def advance(self, steps: int = 1) -> None:
        if self.current is not None:
            self.bar.advance(self.current, steps)


def wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress(enabled: bool | None = None) -> Iterator[Progress]:
    """A live progress bar on stderr when it is a terminal, else a silent counter."""
    if not (wanted() if enabled is None else enabled):
        yield Progress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
             console=Console(stderr=True), transient=True, redirect_stdout=False, redirect_stderr=False) as bar:
        yield _RichProgress(bar)
