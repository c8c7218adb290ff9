"""Word input (.docx): paragraphs and tables in document order, a table row -> one tab-separated line.

The body XML is walked directly instead of ``Document.tables`` so paragraphs and tables keep
their order (the form title, then the table, then the signature lines) and content controls
(w:sdt) are not lost. Merged cells follow the spreadsheet convention: a horizontally merged cell
(gridSpan) is written once, a vertically merged one keeps its text in the first row and reads
empty below - python-docx's ``row.cells`` would repeat it in every row and column it spans.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..limits import DEFAULT_LIMITS, Limits
from ..sourcemap import Place, SourceMap
from .cells import clean_cell, row_line
from .containers import check_zip_parts
from .errors import ReadError

_DAMAGED = "Word 文件已损坏或不完整 (damaged or truncated .docx)"


def read_docx(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The document's text; ReadError for a damaged or empty file, LimitExceeded for a part that
    inflates past ``max_part_bytes``."""
    return read_docx_mapped(path, limits)[0]


def read_docx_mapped(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, SourceMap]:
    """``read_docx`` and, per line, its body paragraph or table/row (cells by grid column)."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError("缺少 python-docx,无法读取 Word (python-docx not installed)") from exc
    check_zip_parts(path, limits, _DAMAGED)
    try:
        with open(path, "rb") as fh:
            document = docx.Document(fh)
        lines = list(_body_lines(document.element.body, _Counter()))
    except zipfile.BadZipFile as exc:
        raise ReadError(_DAMAGED) from exc
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many types on bad input
        raise ReadError(f"Word 文件无法读取 (unreadable .docx: {type(exc).__name__}: {exc})") from exc
    text, smap = SourceMap.from_lines(lines)
    if not text.strip():
        raise ReadError("Word 文件没有文字 (document has no text)")
    return text + "\n", smap


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _w(el, name: str):
    """Direct child w:name of ``el`` (or None)."""
    for child in el:
        if _local(child) == name:
            return child
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _attr(el, name: str) -> str | None:
    return el.get(_W + name) if el is not None else None


class _Counter:
    """Body-level paragraph and table numbers (1-based), as a reader of the document counts them."""

    __slots__ = ("paragraphs", "tables")

    def __init__(self) -> None:
        self.paragraphs = self.tables = 0


def _body_lines(container, count: _Counter):
    """(line, place) of the body: like ``_block_lines`` with each line's paragraph or table row."""
    for child in container:
        name = _local(child)
        if name == "p":
            count.paragraphs += 1
            place = Place("paragraph", count.paragraphs)
            for line in _paragraph_text(child).split("\n"):
                if line.strip():
                    yield line.rstrip(), place
        elif name == "tbl":
            count.tables += 1
            for number, (line, columns) in _table_rows(child):
                yield line, Place("table", count.tables, number, columns)
        elif name == "sdt":
            content = _w(child, "sdtContent")
            if content is not None:
                yield from _body_lines(content, count)


def _block_lines(container):
    """Lines of a body / cell / content control: paragraphs as they are, tables row by row."""
    for child in container:
        name = _local(child)
        if name == "p":
            text = _paragraph_text(child)
            for line in text.split("\n"):
                if line.strip():
                    yield line.rstrip()
        elif name == "tbl":
            yield from (line for _, (line, _cols) in _table_rows(child))
        elif name == "sdt":
            content = _w(child, "sdtContent")
            if content is not None:
                yield from _block_lines(content)


# Subtrees whose text is not the paragraph's: properties (tab stops), deleted or moved-away text,
# field codes, text boxes (drawn elsewhere) and the duplicate Fallback of mc:AlternateContent.
_SKIP = frozenset({"pPr", "rPr", "del", "moveFrom", "instrText", "delText", "txbxContent", "Fallback"})


def _paragraph_text(p) -> str:
    """Visible text of a w:p, including runs inside w:ins, hyperlinks, smart tags and inline
    content controls (python-docx's Paragraph.text reads direct runs only and loses them)."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(el, out: list[str]) -> None:
    for child in el:
        name = _local(child)
        if name == "t":
            out.append(child.text or "")
        elif name == "tab":
            out.append("\t")
        elif name in ("br", "cr"):
            out.append("\n")
        elif name == "noBreakHyphen":
            out.append("-")
        elif name not in _SKIP:
            _collect(child, out)


def _table_rows(tbl):
    """(1-based row number, (line, grid column of each cell)) for every non-empty row."""
    for number, tr in enumerate(_children(tbl, "tr"), start=1):
        cells: list[str] = []
        columns: list[int] = []
        tr_pr = _w(tr, "trPr")
        before = _w(tr_pr, "gridBefore") if tr_pr is not None else None
        skip = int(_attr(before, "val") or 0) if before is not None else 0
        cells.extend([""] * skip)
        columns.extend(range(1, skip + 1))
        column = skip + 1
        for tc in _children(tr, "tc"):
            tc_pr = _w(tc, "tcPr")
            span_el = _w(tc_pr, "gridSpan") if tc_pr is not None else None
            span = max(1, _int(_attr(span_el, "val"), 1))
            here, column = column, column + span
            if tc_pr is not None:
                hmerge = _w(tc_pr, "hMerge")
                if hmerge is not None and _attr(hmerge, "val") != "restart":
                    continue  # legacy horizontal merge: the text is in the first cell
                vmerge = _w(tc_pr, "vMerge")
                if vmerge is not None and _attr(vmerge, "val") != "restart":
                    cells.append("")  # continuation of a vertical merge: empty, like a sheet
                    columns.append(here)
                    continue
            cells.append(_cell_text(tc))
            columns.append(here)
        line = row_line(cells)
        if line.strip():
            yield number, (line, tuple(columns))


def _int(value: str | None, default: int) -> int:
    """An attribute as a number; a malformed one only loses the column count, never the file."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _children(parent, tag: str):
    """The ``tag`` children of a table or row, also those wrapped in content controls (w:sdt)."""
    for child in parent:
        name = _local(child)
        if name == tag:
            yield child
        elif name == "sdt":
            content = _w(child, "sdtContent")
            if content is not None:
                yield from _children(content, tag)


def _cell_text(tc) -> str:
    """All paragraphs of a cell (nested tables flattened) on one line."""
    parts = [clean_cell(line) for line in _block_lines(tc)]
    return " ".join(p for p in parts if p)
