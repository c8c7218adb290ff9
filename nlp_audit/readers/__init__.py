"""Readers: one module per input format, each turning a file into text the layout parser reads.

Public API:
    read_file(path) -> str   (raises ReadError with a clear, Chinese+English reason)
"""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file that cannot be turned into text (becomes a P001 record, never a traceback)."""


def read_file(path: str | Path) -> str:  # pragma: no cover - replaced by the readers
    raise NotImplementedError
