"""Per-file report records on disk: a run's reports kept out of memory until a whole-run format renders.

JSON, HTML, SARIF and the workbook print things only the whole run knows (the summary first, one
table of every form) so they cannot be written as files finish. Their file reports go here as they
come, one JSON line each, and the formatter reads them back, one at a time, as often as it needs
(a ``Spool`` is a re-readable sequence of ``FileReport``). The lines are plain JSON so that a run
killed before it rendered leaves its records readable (``jq``) under the partial report's name.
A ``FindingSpool`` keeps a streamed run's batch findings the same way until the report is written
(B001 quotes every copy it found: megabytes of places in a batch of many copies).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

from ..findings import Finding
from .records import FileReport

SPOOL_VERSION = 1


class Spool:
    """FileReports appended to a file and read back in order; ``len`` is the number appended."""

    kind = "file report records"  # the header line says what the lines are

    def __init__(self, fh: IO[bytes], path: Path | None = None, header: dict | None = None) -> None:
        self._fh = fh
        self.path = path
        self._count = 0
        head = {"nlp-audit": self.kind, "version": SPOOL_VERSION, **(header or {})}
        fh.write(_line(head))

    @classmethod
    def at(cls, path: Path, header: dict | None = None) -> Spool:
        """A new spool file at ``path`` (beside the partial report it belongs to)."""
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        return cls(os.fdopen(fd, "w+b"), path, header)

    @classmethod
    def anonymous(cls, header: dict | None = None) -> Spool:
        """A spool in the temporary folder that disappears when closed (reports sent to stdout)."""
        import tempfile

        return cls(tempfile.TemporaryFile("w+b"), None, header)  # noqa: SIM115 - closed by close()

    def append(self, item: Any) -> None:
        self._fh.write(_line(self._record(item)))
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        self._fh.flush()
        lines = _lines(self._fh.fileno())
        next(lines, None)  # the header
        for line in lines:
            yield self._item(json.loads(line))

    @staticmethod
    def _record(report: FileReport) -> dict[str, Any]:
        return report.to_record()

    @staticmethod
    def _item(data: dict[str, Any]) -> FileReport:
        return FileReport.from_record(data)

    def close(self, remove: bool = True) -> None:
        try:
            self._fh.close()
        except OSError:
            pass  # the last records could not be written (disk full): the run already says so
        if remove and self.path is not None:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass


def _lines(fd: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """The file's lines read at their own offsets (os.pread): readers never move the writer's position,
    and two readers may go through the spool at once."""
    offset, rest = 0, b""
    while True:
        block = os.pread(fd, chunk, offset)
        if not block:
            break
        offset += len(block)
        parts = (rest + block).split(b"\n")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def _line(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8")


class FindingSpool(Spool):
    """Findings appended and read back in order, as often as needed (a streamed run's batch findings
    in an anonymous temporary file: ``FindingSpool.anonymous()``, closed by ``close`` or when dropped)."""

    kind = "findings"

    def __del__(self) -> None:
        if hasattr(self, "_fh"):  # not when __init__ failed before it had a file
            self.close()

    @staticmethod
    def _record(finding: Finding) -> dict[str, Any]:
        return {f.name: getattr(finding, f.name) for f in _FINDING_FIELDS}

    @staticmethod
    def _item(data: dict[str, Any]) -> Finding:
        return Finding(**data)


_FINDING_FIELDS = fields(Finding)
