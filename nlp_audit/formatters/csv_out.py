"""`--format csv`: one finding per row, UTF-8 with a BOM so Excel shows the Chinese correctly.

Cells that Excel would run as a formula ('=100.00(%)', '+100.00(%)', '@…' - real garbled target
cells) get a leading apostrophe, the OWASP guard against CSV injection; Excel hides it. Numbers
stay numbers ('-5' is not a formula). Rows are written as files finish, the batch's last. A cell
holds at most Excel's 32,767 characters (a finding quoting a hostile 1 MB cell would otherwise make
a field that Excel splits and strict CSV readers refuse); the cut one ends in "…", the JSON formats
keep the whole text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from ..findings import Finding
from ..report.records import FileReport, RunMeta, RunResult

COLUMNS = (
    "path", "form", "project", "rule", "name", "severity", "field", "indicator", "line", "start", "end",
    "evidence", "message", "expected", "actual", "formula", "reasons", "fingerprint",
    "column", "end_line", "end_column", "native", "title_zh",
)  # fmt: skip  (new columns only ever appended)
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
MAX_CELL = 32_767  # Excel's limit on the characters of one cell


def guard(text: str) -> str:
    """Prefix formula-looking text with an apostrophe (CSV/Excel injection)."""
    if text and text[0] in "=+-@\t\r" and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = guard("; ".join(value))
    elif isinstance(value, (dict, list, tuple)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = guard(str(value))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _rows(findings: Iterable[Finding], header: bool = False) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    for f in findings:
        row = f.to_json()
        row["native"] = f.native["text"] if f.native else None
        writer.writerow([_cell(row.get(col)) for col in COLUMNS])
    return buf.getvalue().encode("utf-8")


class Stream:
    """The header first (after the BOM), each file's rows as it finishes, the batch's last."""

    def __init__(self, meta: RunMeta, **_: Any) -> None:
        self.meta = meta

    def head(self) -> bytes:
        return "\ufeff".encode() + _rows((), header=True)

    def file(self, report: FileReport) -> bytes:
        return _rows(report.findings)

    def tail(self, result: RunResult) -> bytes:
        return _rows(result.batch_findings)
