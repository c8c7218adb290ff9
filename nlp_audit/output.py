"""Where a report goes: a file written under a partial name and renamed into place, or stdout.

A report is written while the run goes (``formatters.writer``), so it cannot be written over the
previous one: a run killed halfway would leave half a report where a good one was. It goes to
``report.jsonl.partial-XXXX`` beside the target (same folder, so the rename is atomic) and is
renamed over the target only when the run completes; the previous report stays intact until
then, and a killed run leaves its partial stream under that clear name, whole lines for the
files it finished. Formats that need the whole run first keep their per-file records in
``report.html.partial-XXXX.records.jsonl`` until they render, then remove it. Two runs writing
one target each write their own partial file, and the last to finish wins whole.

``-o`` is checked before any file is read: it must be a writable file name in an existing folder
and must not name one of the inputs.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

PARTIAL = ".partial-"  # in the name of a report being written: 'report.jsonl.partial-k2j3x9'


class OutputError(Exception):
    """An --output that cannot be used; the message names it and says why."""


class ReportWriteError(OutputError):
    """Writing the report failed midway (disk full, file too large, a closed pipe's peer gone...)."""


def check_output(output: Path, inputs: Iterable[Path]) -> None:
    """OutputError unless ``output`` is a writable file name that names no input."""
    if output.is_dir():
        raise OutputError(f"--output {output} is a folder; give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"--output {output}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise OutputError(f"--output {output}: not writable")
    target = _identity(output)
    for path in inputs:
        if _identity(path) == target:
            raise OutputError(f"--output {output} is one of the inputs; it would be overwritten")


def _identity(path: Path) -> tuple[int, int] | str:
    """(device, inode) of an existing file, else its absolute path (same identity through links)."""
    try:
        st = path.stat()
        return (st.st_dev, st.st_ino)
    except OSError:
        return os.path.abspath(path)


class AtomicReport:
    """A report file being written: ``out`` is the partial file, ``commit`` renames it into place.

    Until ``commit`` the target is untouched. ``abandon`` (a failed or interrupted run) closes the
    partial file and leaves it for inspection; its name is in ``partial``.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        folder = target.parent if str(target.parent) else Path(".")
        fd, name = tempfile.mkstemp(prefix=target.name + PARTIAL, dir=folder)
        self.partial = Path(name)
        self.out: IO[bytes] = os.fdopen(fd, "wb")

    @property
    def records(self) -> Path:
        """Where a whole-run format keeps its per-file records meanwhile (beside the partial report)."""
        return self.partial.with_name(self.partial.name + ".records.jsonl")

    def commit(self) -> None:
        """The finished report in place of the target (atomic: a reader sees the old or the new one)."""
        self.out.flush()
        os.fsync(self.out.fileno())
        self.out.close()
        os.chmod(self.partial, _mode_for(self.target))
        os.replace(self.partial, self.target)

    def abandon(self) -> None:
        if not self.out.closed:
            try:
                self.out.close()
            except OSError:
                pass  # the bytes still buffered could not be written (disk full): the file keeps what was


def _mode_for(target: Path) -> int:
    """The target's own permissions when it exists, else what a new file gets (0666 less the umask):
    a temporary file is created private, and the report should not be."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def stdout_binary() -> IO[bytes]:
    return sys.stdout.buffer
