"""Readers: one module per input format, each turning a file into text the layout parser reads.

Public API:
    read_file(path) -> str   (raises ReadError with a clear, Chinese+English reason)
    read_file_mapped(path) -> (str, SourceMap | None)   the text and, for .xlsx/.docx/.pdf, where
        each line came from (sheet!row, table/row, page); None for text files, whose line:col is native

The format is decided from the file's first bytes (magic number) before its suffix, because real
batches hold PDFs saved as .txt and workbooks renamed .docx; the suffix only breaks ties (a ZIP
that is neither a workbook nor a Word document, a file too short to sniff). Heavy libraries
(pdfplumber, openpyxl, python-docx) are imported by the format module only when such a file
comes in, so a run over text files starts fast.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..sourcemap import SourceMap
from .errors import ReadError

__all__ = ["ReadError", "read_file", "read_file_mapped", "read_bytes", "sniff"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls/.doc (97-2003) and encrypted OOXML files
_SMALL = 64 * 1024  # read at once: a text form is far shorter, a binary format is sniffed from its head
_SUFFIX_KIND = {
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".docx": "docx",
    ".xls": "ole",
    ".doc": "ole",
    ".wps": "ole",
    ".et": "ole",
}
# WPS Office's own formats are OLE files like .xls/.doc: say which program saves them as what.
_CONVERT_HINT = {
    ".wps": "WPS 文字文件 (.wps) 不受支持,请在 WPS 中另存为 .docx (WPS Writer file; save as .docx)",
    ".et": "WPS 表格文件 (.et) 不受支持,请在 WPS 中另存为 .xlsx (WPS Spreadsheets file; save as .xlsx)",
}


def sniff(head: bytes, suffix: str, path: Path | None = None) -> str:
    """'text' | 'pdf' | 'xlsx' | 'docx' | 'ole' | 'zip' from the first bytes, then the suffix."""
    blank = b"\x00\t\r\n \xef\xbb\xbf"
    if b"%PDF-" in head[:1024] or (not head[:1024].strip(blank) and head.lstrip(blank)[:5] == b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04") and path is not None:
        return _zip_kind(path, suffix)
    return _SUFFIX_KIND.get(suffix, "text")


def _zip_kind(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return _SUFFIX_KIND.get(suffix, "zip")  # let the format reader report the damage
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def read_file(path: str | Path) -> str:
    """The text of one input file, ready for the layout parser; ReadError when it has none."""
    return read_file_mapped(path)[0]


def read_file_mapped(path: str | Path) -> tuple[str, SourceMap | None]:
    """``read_file`` and the native place of each line (None for text, whose lines are native)."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(_SMALL)
            kind = sniff(head, p.suffix.lower(), p)
            rest = fh.read() if kind == "text" and len(head) == _SMALL else b""
    except IsADirectoryError as exc:
        raise ReadError("是文件夹而不是文件 (is a directory)") from exc
    except OSError as exc:
        raise ReadError(f"无法打开文件 (cannot open: {exc.strerror or exc})") from exc
    if kind == "pdf":
        from .pdf import read_pdf_mapped

        return read_pdf_mapped(p)
    if kind == "xlsx":
        from .xlsx import read_xlsx_mapped

        return read_xlsx_mapped(p)
    if kind == "docx":
        from .docx import read_docx_mapped

        return read_docx_mapped(p)
    if kind == "ole":
        hint = _CONVERT_HINT.get(p.suffix.lower())
        if hint:
            raise ReadError(hint)
        raise ReadError(
            "旧版 Office 文件 (.xls/.doc) 或加密的 Office 文件,请另存为 .xlsx/.docx "
            "(legacy or encrypted Office file; save as .xlsx/.docx)"
        )
    if kind == "zip":
        raise ReadError("ZIP 压缩包不是 Excel 或 Word 文档 (zip archive that is not .xlsx/.docx)")
    from .text import decode_text

    return decode_text(head + rest), None  # a text file is read whole by the one open above


def read_bytes(data: bytes, name: str = "input.txt") -> str:
    """Like read_file for bytes already in memory (stdin, tests); only text and PDF need no file."""
    import os
    import tempfile

    suffix = Path(name).suffix.lower()
    if sniff(data[:2048], suffix) == "text":
        from .text import decode_text

        return decode_text(data)
    fd, tmp = tempfile.mkstemp(suffix=suffix or ".bin")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return read_file(tmp)
    finally:
        os.unlink(tmp)
