"""A progress bar on stderr for long runs: files done, forms/s, time left.

Shown only when stderr is a terminal and the run has lasted a second (a short run prints nothing
extra, a run piped into a file or CI log stays clean), never with ``--quiet``. rich draws it and
honours NO_COLOR; the bar is transient, so the terminal keeps only the report and the summary.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

DELAY = 1.0  # seconds before the bar appears


class ProgressBar:
    """Callable as ``pipeline.run(progress=...)``: (files done, files in the run, forms so far)."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None, delay: float = DELAY,
                 clock: Callable[[], float] = time.monotonic, force_terminal: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self._is_terminal() if enabled is None else enabled
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.force_terminal = force_terminal
        self._progress: Any = None
        self._task: Any = None

    def _is_terminal(self) -> bool:
        try:
            return bool(self.stream.isatty())
        except (AttributeError, ValueError):
            return False

    def __call__(self, done: int, total: int, forms: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if self.clock() - self.started < self.delay or done >= total:
                return
            self._start(total)
        elapsed = max(self.clock() - self.started, 1e-9)
        self._progress.update(self._task, completed=done, rate=f"{forms / elapsed:,.0f}")

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=self.stream, force_terminal=self.force_terminal, stderr=self.stream is sys.stderr)
        self._progress = Progress(
            TextColumn("nlp-audit"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[rate]} forms/s ·"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("check", total=total, rate="0")
        self._progress.start()

    @property
    def shown(self) -> bool:
        return self._progress is not None

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
