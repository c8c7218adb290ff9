"""Excel input (.xlsx/.xlsm): each visible sheet row -> one tab-separated line, sheets apart.

Read-only and values-only (cached formula results), so a 10,000-row export streams instead of
loading styles and formulas. A merged cell keeps its value in the top-left cell only and the
rest of its range reads empty - exactly what real exports to text look like, so the parser sees
one shape whatever the source. Numbers are shown as the sheet formats them (see numfmt).
Empty rows are dropped (they are spacing); sheets are separated by one blank line.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

from ..sourcemap import Place, SourceMap
from .cells import clean_cell, row_line
from .errors import ReadError
from .numfmt import format_datetime, format_number


def cell_text(value: object, number_format: str | None) -> str:
    """One cell's displayed text, on one line."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_cell(value)
    if isinstance(value, (int, float)):
        return format_number(value, number_format)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return format_datetime(value, number_format)
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_cell(str(value))


def read_xlsx(path: str | Path) -> str:
    """All visible sheets as text; ReadError for a damaged, encrypted or empty workbook."""
    return read_xlsx_mapped(path)[0]


def read_xlsx_mapped(path: str | Path) -> tuple[str, SourceMap]:
    """``read_xlsx`` and the sheet!row of every line (columns follow from the cell's position)."""
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError("缺少 openpyxl,无法读取 Excel (openpyxl not installed)") from exc
    try:
        # a file object, not the name: openpyxl refuses names without an Excel suffix, and the
        # format was already decided from the content (a workbook renamed .docx is still one)
        with open(path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, data validation...
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
            try:
                sheets = [_sheet_lines(ws) for ws in wb.worksheets if _visible(ws)]
            finally:
                wb.close()
    except ReadError:
        raise
    except zipfile.BadZipFile as exc:
        raise ReadError("Excel 文件已损坏或不完整 (damaged or truncated .xlsx)") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on bad input
        raise ReadError(f"Excel 文件无法读取 (unreadable .xlsx: {type(exc).__name__}: {exc})") from exc
    blocks: list[tuple[str, Place | None]] = []
    for lines in sheets:
        if not lines:
            continue
        if blocks:
            blocks.append(("", None))  # sheets apart by one blank line
        blocks.extend(lines)
    text, smap = SourceMap.from_lines(blocks)
    if not text.strip():
        raise ReadError("Excel 文件没有内容 (workbook has no cell values)")
    return text + "\n", smap


def _visible(ws) -> bool:
    """Hidden sheets hold drop-down lists and lookups, not the form."""
    return getattr(ws, "sheet_state", "visible") == "visible"


def _sheet_lines(ws) -> list[tuple[str, Place]]:
    """(line, place) per non-empty row; iter_rows starts at A1, so cell k is column k + 1."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # the stored <dimension> is often wrong in exported files
    lines = []
    for number, row in enumerate(ws.iter_rows(), start=1):
        cells = [cell_text(c.value, getattr(c, "number_format", None)) for c in row]
        line = row_line(cells)
        if line.strip():
            lines.append((line, Place("sheet", ws.title, number)))
    return lines
