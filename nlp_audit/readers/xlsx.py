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
from collections.abc import Iterator
from pathlib import Path

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.worksheet._reader import WorkSheetParser

from ..limits import DEFAULT_LIMITS, LimitExceeded, Limits
from ..sourcemap import Place, SourceMap
from .cells import clean_cell, row_line
from .containers import check_zip_parts
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


_DAMAGED = "Excel 文件已损坏或不完整 (damaged or truncated .xlsx)"


def read_xlsx(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """All visible sheets as text; ReadError for a damaged, encrypted or empty workbook,
    LimitExceeded for one past the run's limits (part size, cells, columns, cell length)."""
    return read_xlsx_mapped(path, limits)[0]


def read_xlsx_mapped(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, SourceMap]:
    """``read_xlsx`` and the sheet!row of every line (columns follow from the cell's position)."""
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError("缺少 openpyxl,无法读取 Excel (openpyxl not installed)") from exc
    check_zip_parts(path, limits, _DAMAGED)
    try:
        # a file object, not the name: openpyxl refuses names without an Excel suffix, and the
        # format was already decided from the content (a workbook renamed .docx is still one)
        with open(path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, data validation...
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
            try:
                sheets = [_sheet_lines(wb, ws, limits) for ws in wb.worksheets if _visible(ws)]
            finally:
                wb.close()
    except (ReadError, LimitExceeded):
        raise
    except zipfile.BadZipFile as exc:
        raise ReadError(_DAMAGED) from exc
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


def _sheet_lines(wb, ws, limits: Limits) -> list[tuple[str, Place]]:
    """(line, place) per non-empty row, each as wide as its last cell holding a value (cell k is
    column k + 1).

    openpyxl pads every row to its last *cell*, and a cell formatted at column XFD (16,384) holds no
    value but still makes a 16,384-cell row; the stored <dimension> is often wrong too. So the rows
    are read sparse from openpyxl's own sheet parser, and the width comes from the values.
    """
    lines = []
    seen = 0
    for number, row in _sparse_rows(wb, ws):
        seen += len(row) or 1
        if seen > limits.max_sheet_cells:
            raise LimitExceeded("max_sheet_cells", limits.max_sheet_cells, None,
                                f"工作表单元格数 (cells of sheet {ws.title!r})")
        valued = [c for c in row if c["value"] is not None and c["column"] >= 1]
        if not valued:
            continue
        width = max(c["column"] for c in valued)
        if width > limits.max_row_columns:
            raise LimitExceeded("max_row_columns", limits.max_row_columns, width,
                                f"一行的列数 (columns of a row in sheet {ws.title!r})")
        cells = [""] * width
        for c in valued:
            value = c["value"]
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise LimitExceeded("max_cell_chars", limits.max_cell_chars, len(value),
                                    f"单元格字符数 (characters of a cell in sheet {ws.title!r})")
            fmt = ReadOnlyCell(ws, **c).number_format if not isinstance(value, str) else None
            cells[c["column"] - 1] = cell_text(value, fmt)
        line = row_line(cells)
        if line.strip():
            lines.append((line, Place("sheet", ws.title, number)))
    return lines


def _sparse_rows(wb, ws) -> Iterator[tuple[int, list[dict]]]:
    """(row number, the cells that <row> holds) as openpyxl's parser reads them (no padding).

    This is what ReadOnlyWorksheet._cells_by_row does before it pads (openpyxl 3.1, pinned)."""
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        yield from parser.parse()
