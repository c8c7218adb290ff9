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
from .cells import clean_cell, row_line
from .containers import check_zip_parts
from .errors import ReadError

_DAMAGED = "Word 文件已损坏或不完整 (damaged or truncated .docx)"


def read_docx(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The document's text; ReadError for a damaged or empty file, LimitExceeded for a part that
    inflates past ``max_part_bytes``."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError("缺少 python-docx,无法读取 Word (python-docx not installed)") from exc
    check_zip_parts(path, limits, _DAMAGED)
    try:
        with open(path, "rb") as fh:
            document = docx.Document(fh)
        lines = list(_block_lines(document.element.body))
    except zipfile.BadZipFile as exc:
        raise ReadError(_DAMAGED) from exc
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many types on bad input
        raise ReadError(f"Word 文件无法读取 (unreadable .docx: {type(exc).__name__}: {exc})") from exc
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("Word 文件没有文字 (document has no text)")
    return text + "\n"


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
            yield from _table_lines(child)
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


def _table_lines(tbl):
    for tr in _children(tbl, "tr"):
        cells: list[str] = []
        tr_pr = _w(tr, "trPr")
        before = _w(tr_pr, "gridBefore") if tr_pr is not None else None
        cells.extend([""] * int(_attr(before, "val") or 0) if before is not None else [])
        for tc in _children(tr, "tc"):
            tc_pr = _w(tc, "tcPr")
            if tc_pr is not None:
                hmerge = _w(tc_pr, "hMerge")
                if hmerge is not None and _attr(hmerge, "val") != "restart":
                    continue  # legacy horizontal merge: the text is in the first cell
                vmerge = _w(tc_pr, "vMerge")
                if vmerge is not None and _attr(vmerge, "val") != "restart":
                    cells.append("")  # continuation of a vertical merge: empty, like a sheet
                    continue
            cells.append(_cell_text(tc))
        line = row_line(cells)
        if line.strip():
            yield line


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
