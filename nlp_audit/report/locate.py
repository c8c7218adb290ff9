"""Where each finding is: line:column in the extracted text and the native location behind it.

Checks give offsets (``start``/``end``) or a line; editors, CI logs and SARIF viewers want
line:column ranges, and an auditor holding the workbook wants ``Sheet1!E3``. This runs once per
file, after the checks and before anything is filtered or printed. A finding with no place of its
own (a form-level total, a missing part) points at its form's title; a file-level one (an
unreadable file) at the file's first character.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from ..findings import Finding
from ..model import Form, ParsedFile
from ..sourcemap import SourceMap


class LineIndex:
    """Offsets <-> 1-based line:column of one text (columns in characters, 1-based)."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self.starts[min(max(line, 1), len(self.starts)) - 1]

    def line_end(self, line: int) -> int:
        """Offset of the line's end (its newline, or the end of the text)."""
        if line < len(self.starts):
            return self.starts[line] - 1
        return len(self.text)

    def cell_index(self, offset: int) -> int:
        """0-based tab-separated cell of ``offset`` on its line."""
        line, _ = self.line_col(offset)
        return self.text.count("\t", self.line_start(line), offset)


def title_offset(form: Form) -> int:
    """File offset of the form's title (or of its first visible character)."""
    text = form.text
    at = text.find(form.title) if form.title else -1
    if at < 0:
        stripped = text.lstrip()
        at = len(text) - len(stripped) if stripped else 0
    return form.text_offset + at


def locate_findings(parsed: ParsedFile, findings: Iterable[Finding]) -> None:
    """Fill ``line``/``column``/``end_line``/``end_column``/``native`` of every finding of one file."""
    findings = [f for f in findings if f.path]
    if not findings:
        return
    index = LineIndex(parsed.text or "")
    forms = {form.index: form for form in parsed.forms}
    for f in findings:
        _locate(f, index, forms, parsed.source_map)


def _locate(f: Finding, index: LineIndex, forms: dict[int, Form], smap: SourceMap | None) -> None:
    size = len(index.text)
    if f.start is not None and 0 <= f.start <= size:
        start = f.start
        end = f.end if f.end is not None and start <= f.end <= size else start
    elif f.line is not None and f.line >= 1:
        start = index.line_start(f.line)
        end = index.line_end(f.line)
    elif f.form is not None and f.form in forms:
        start = title_offset(forms[f.form])
        end = index.line_end(index.line_col(start)[0])
    else:
        start = end = 0
    f.line, f.column = index.line_col(start)
    f.end_line, f.end_column = index.line_col(end)
    if smap is not None and size:
        last = max(start, end - 1)
        same_line = index.line_col(last)[0] == f.line
        f.native = smap.locate(f.line, index.cell_index(start), index.cell_index(last) if same_line else None)
