"""Resource limits of one run: how much of a file the tool reads, and for how long, before it gives up.

A batch of published forms is untrusted input: a workbook can inflate a few kilobytes into
gigabytes, a PDF can hold a million pages, a folder can hold a FIFO. Every reader and stage stops
at these limits and reports the file as a P001 finding with the limit's name and value, and the
batch goes on. The defaults sit far above any real form (a self-evaluation is one or two pages,
tens of rows, well under a megabyte) and far below what hurts a 2-core, shared machine.

One frozen dataclass so the CLI, the config file and the tests speak of the same settings; every
field has a bound checked by ``validate`` (a zero or negative limit is a typo, not "no limit").
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

MiB = 1024 * 1024


def _limit(default: Any, doc: str) -> Any:
    """A limit field: its default and the help text the command line and the docs show."""
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one run; ``Limits()`` gives the defaults."""

    max_file_bytes: int = _limit(64 * MiB, (
        "Bytes of one input file on disk; larger files are not opened."))

    max_part_bytes: int = _limit(32 * MiB, (
        "Uncompressed bytes of one container part: an xlsx/docx zip member, a decoded PDF stream."))

    max_sheet_cells: int = _limit(100_000, (
        "Cells (empty ones included) of one worksheet; a form sheet has a few hundred."))

    max_row_columns: int = _limit(512, (
        "Columns of one sheet row, counted to the last cell that holds a value (never padded to XFD)."))

    max_cell_chars: int = _limit(32_767, (
        "Characters of one cell (Excel's own limit), or of one line of a text file."))

    max_pdf_pages: int = _limit(300, (
        "Pages of one PDF."))

    max_indicators: int = _limit(2_000, (
        "Indicator rows of one form; more are a parse gone wrong (a long cell read as rows)."))

    max_seconds: float = _limit(60.0, (
        "Wall time of one file (read, parse, every check)."))

    max_abs_number: float = _limit(1e15, (
        "Largest magnitude a number of a form may have; beyond it (or infinite) the cell is P003. 1e15 元 is thirty times China's whole national budget, and every integer below it is exact."))

    def validate(self) -> Limits:
        """Self, or ValueError naming the first field that is not a positive number."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"limit {f.name} must be a positive number, not {value!r}")
            if value != value or value == float("inf"):
                raise ValueError(f"limit {f.name} must be finite, not {value!r}")
        return self

    def with_overrides(self, **overrides: Any) -> Limits:
        """A copy with the given fields changed (None values ignored), validated."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **given).validate()


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """A file went past one of the run's limits; becomes a P001 naming the limit and its value."""

    def __init__(self, limit: str, value: float, found: float | None = None, what: str = "") -> None:
        self.limit, self.value, self.found, self.what = limit, value, found, what
        seen = f" ({_n(found)})" if found is not None else ""
        super().__init__(f"超过上限 {limit}={_n(value)}{seen}: {what}" if what else f"超过上限 {limit}={_n(value)}{seen}")


class FileTimeLimit(BaseException):
    """Raised inside the thread working on a file whose wall-time limit ran out.

    A BaseException, not an Exception, so the broad ``except Exception`` of readers and checks (which
    turn one bad file or one bad rule into a P001) do not swallow it: it has to reach the pipeline.
    """


def _n(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def describe(limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, Any, str]]:
    """(name, value, doc) of every limit, for help texts and docs."""
    return [(f.name, getattr(limits, f.name), f.metadata.get("doc", "")) for f in fields(limits)]
