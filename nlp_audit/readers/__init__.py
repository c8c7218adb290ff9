"""Readers: one module per input format, each turning a file into text the layout parser reads.

Public API:
    read_file(path, limits) -> str   (raises ReadError with a clear, Chinese+English reason,
        LimitExceeded past one of the run's limits)
    read_file_mapped(path, limits) -> (str, SourceMap | None)   the text and, for .xlsx/.docx/.pdf, where
        each line came from (sheet!row, table/row, page); None for text files, whose line:col is native

The format is decided from the file's first bytes (magic number) before its suffix, because real
batches hold PDFs saved as .txt and workbooks renamed .docx; the suffix only breaks ties (a ZIP
that is neither a workbook nor a Word document, a file too short to sniff). Heavy libraries
(pdfplumber, openpyxl, python-docx) are imported by the format module only when such a file
comes in, so a run over text files starts fast.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..limits import DEFAULT_LIMITS, LimitExceeded, Limits
from ..sourcemap import SourceMap
from .errors import ReadError

__all__ = ["LimitExceeded", "ReadError", "SpecialFile", "read_bytes", "read_file", "read_file_mapped", "sniff"]

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
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # (an unsupported zip version)
        return _SUFFIX_KIND.get(suffix, "zip")  # let the format reader report the damage
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


class SpecialFile(ReadError):
    """A FIFO, device or socket (or a link to one): never read, since a read can block or never end."""


def read_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of one input file, ready for the layout parser; ReadError when it has none,
    LimitExceeded when the file goes past one of ``limits``."""
    return read_file_mapped(path, limits)[0]


def read_file_mapped(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, SourceMap | None]:
    """``read_file`` and the native place of each line (None for text, whose lines are native)."""
    p = Path(path)
    with open_regular(p, limits) as fh:
        head = fh.read(_SMALL)
        if not head.strip(_BLANK_BYTES):
            rest = fh.read(limits.max_file_bytes)  # a file of blanks is empty, whatever its suffix
            if not rest.strip(_BLANK_BYTES):
                raise ReadError("文件为空 (empty file)")
            head += rest
        kind = sniff(head, p.suffix.lower(), p)
        rest = fh.read(limits.max_file_bytes) if kind == "text" and len(head) >= _SMALL else b""
    if kind == "pdf":
        from .pdf import read_pdf_mapped

        return _clean_mapped(read_pdf_mapped(p, limits), limits)
    if kind == "xlsx":
        from .xlsx import read_xlsx_mapped

        return _clean_mapped(read_xlsx_mapped(p, limits), limits)
    if kind == "docx":
        from .docx import read_docx_mapped

        return _clean_mapped(read_docx_mapped(p, limits), limits)
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

    return clean_text(decode_text(head + rest), limits), None  # a text file is read whole by the one open above


def _clean_mapped(read: tuple[str, SourceMap], limits: Limits) -> tuple[str, SourceMap]:
    """``clean_text`` keeps every offset (a surrogate becomes one U+FFFD), so the map still fits."""
    text, smap = read
    return clean_text(text, limits), smap


_BLANK_BYTES = b" \t\r\n\x00\x0b\x0c"
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str, limits: Limits) -> str:
    """The reader's text with no line longer than the cell limit and no lone surrogate.

    A PDF font's broken Unicode map can yield lone surrogates, which no output encoding accepts:
    they become U+FFFD here, once, instead of a traceback in whichever formatter meets them first.
    """
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    limit = limits.max_cell_chars
    if len(text) > limit:
        longest = max(map(len, text.split("\n")))
        if longest > limit:
            raise LimitExceeded("max_cell_chars", limit, longest, "一行或一个单元格的字符数 (characters in one line or cell)")
    return text


@contextmanager
def open_regular(path: Path, limits: Limits) -> Iterator[BinaryIO]:
    """The file opened for reading if it is a regular file within ``max_file_bytes``.

    Opened without blocking and checked on the open descriptor (fstat), so a FIFO never blocks and a
    name swapped for a device between a check and the open is still caught.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError as exc:
        raise ReadError("是文件夹而不是文件 (is a directory)") from exc
    except OSError as exc:
        raise ReadError(f"无法打开文件 (cannot open: {exc.strerror or exc})") from exc
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise ReadError(f"无法打开文件 (cannot open: {exc.strerror or exc})") from exc
    if stat.S_ISDIR(st.st_mode):
        os.close(fd)
        raise ReadError("是文件夹而不是文件 (is a directory)")
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise SpecialFile(f"不是普通文件,未读取 (not a regular file: {special_kind(st.st_mode)})")
    if st.st_size > limits.max_file_bytes:
        os.close(fd)
        raise LimitExceeded("max_file_bytes", limits.max_file_bytes, st.st_size, "文件字节数 (file size)")
    with os.fdopen(fd, "rb") as fh:
        yield fh


def special_kind(mode: int) -> str:
    """'FIFO' | 'character device' | 'block device' | 'socket' | 'special file'."""
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"


def read_bytes(data: bytes, name: str = "input.txt", limits: Limits = DEFAULT_LIMITS) -> str:
    """Like read_file for bytes already in memory (stdin, tests); only text and PDF need no file."""
    import tempfile

    suffix = Path(name).suffix.lower()
    if sniff(data[:2048], suffix) == "text":
        from .text import decode_text

        return clean_text(decode_text(data), limits)
    fd, tmp = tempfile.mkstemp(suffix=suffix or ".bin")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return read_file(tmp, limits)
    finally:
        os.unlink(tmp)
