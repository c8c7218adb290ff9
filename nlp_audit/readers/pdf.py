"""PDF input: ruled tables as tab-separated rows, the text around them as lines, in reading order.

Most published forms are PDFs printed from Excel or Word, so the cell grid is drawn with lines:
pdfplumber's line-based table finder recovers the cells far better than plain text extraction,
which fuses neighbouring cells ("1515100%15"). Text outside the tables (title, year, signature)
is kept as lines and merged with the table rows by vertical position. Cells wrapped over several
lines are joined back (see cells.join_wrapped). A PDF without any character is a scan: the
reader says so instead of returning nothing, since OCR is outside this tool.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..limits import DEFAULT_LIMITS, LimitExceeded, Limits
from ..sourcemap import Place, SourceMap
from . import pdfstreams
from .cells import join_wrapped, row_line
from .errors import ReadError

# pdfminer writes '(cid:1234)' for a glyph whose font has no Unicode mapping (embedded subset
# fonts without ToUnicode): such a "text layer" is as unreadable as a scan.
_CID = re.compile(r"\(cid:\d+\)")


Lines = list[tuple[str, Place]]  # one page's text lines, each with its page and position


def read_pdf(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of every page; ReadError for encrypted, damaged or scanned (image-only) PDFs,
    LimitExceeded past ``max_pdf_pages`` pages or a stream that inflates past ``max_part_bytes``."""
    return read_pdf_mapped(path, limits)[0]


def read_pdf_mapped(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, SourceMap]:
    """``read_pdf`` and the page of every line, with its position where pdfplumber gives one."""
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError("缺少 pdfplumber,无法读取 PDF (pdfplumber not installed)") from exc
    pages: list[Lines] = []
    chars = images = 0
    page_error: Exception | None = None
    with pdfstreams.bounded(limits.max_part_bytes) as guard:
        try:
            with pdfplumber.open(str(path)) as pdf:
                _check_pages(len(pdf.pages), limits)
                for page in pdf.pages:
                    try:  # one broken page (bad content stream) must not cost the others
                        chars += len(page.chars)
                        images += len(page.images)
                        pages.append(_page_lines(page))
                    except LimitExceeded:
                        raise
                    except Exception as exc:  # noqa: BLE001
                        page_error = exc
                    finally:
                        page.close()  # release the page's parsed objects: long reports stay small
                    guard.raise_if_hit()  # pdfminer may have swallowed the limit's exception
        except LimitExceeded:
            raise
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on bad input
            guard.raise_if_hit()
            raise _classify(exc) from exc
    if page_error is not None and not pages:
        raise _classify(page_error)
    text, smap = _join_pages(pages)
    if not chars or not text.strip():
        if images:
            raise ReadError("PDF 没有文字层(可能是扫描件),需先做 OCR (no text layer (scanned?))")
        raise ReadError("PDF 没有文字 (no text in PDF)")
    if garbled_share(text) > 0.5:
        # pdfminer loses the CID mapping of some fonts (notably in encrypted "no-copy" PDFs);
        # PDFium, already installed with pdfplumber, reads them - as plain lines, without tables.
        text, smap = _join_pages(_pdfium_pages(path, limits))
        if not text.strip() or garbled_share(text) > 0.5:
            raise ReadError("PDF 字体缺少 Unicode 映射,文字无法解码 (text layer without Unicode mapping)")
    return text + "\n", smap


def _join_pages(pages: list[Lines]) -> tuple[str, SourceMap]:
    """Pages with text, one blank line apart (the text the parser always read)."""
    blocks: list[tuple[str, Place | None]] = []
    for lines in pages:
        if not "".join(t for t, _ in lines).strip():
            continue
        if blocks:
            blocks.append(("", None))
        blocks.extend(lines)
    return SourceMap.from_lines(blocks)


def _check_pages(n: int, limits: Limits) -> None:
    if n > limits.max_pdf_pages:
        raise LimitExceeded("max_pdf_pages", limits.max_pdf_pages, n, "PDF 页数 (pages)")


def _pdfium_pages(path: str | Path, limits: Limits) -> list[Lines]:
    """Plain text of every page through PDFium ([] when it is unavailable or fails too)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a pdfplumber dependency
        return []
    pages: list[Lines] = []
    try:
        pdf = pdfium.PdfDocument(str(path))
        try:
            _check_pages(len(pdf), limits)
            for number, page in enumerate(pdf, start=1):
                textpage = page.get_textpage()
                text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n").strip()
                pages.append([(text, Place("page", number))])
                textpage.close()
                page.close()
        finally:
            pdf.close()
    except LimitExceeded:
        raise
    except Exception:  # noqa: BLE001 - any failure here means: no better text than pdfminer's
        return []
    return pages


def garbled_share(text: str) -> float:
    """Share of the visible characters that pdfminer could only write as '(cid:N)' glyph codes."""
    glyphs = len(_CID.findall(text))
    if not glyphs:
        return 0.0
    rest = len("".join(_CID.sub("", text).split()))
    return glyphs / (glyphs + rest)


def _classify(exc: Exception) -> ReadError:
    """Name the cause an auditor can act on: a password, or a damaged file."""
    names = {
        type(exc).__name__,
        *(type(a).__name__ for a in getattr(exc, "args", ()) if isinstance(a, Exception)),
    }
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        names.add(type(cause).__name__)
    blob = " ".join(names) + " " + str(exc)
    if "Password" in blob or "Encrypt" in blob or "encrypt" in blob:
        return ReadError("PDF 已加密,需要密码 (encrypted PDF)")
    return ReadError(f"PDF 文件已损坏或不是 PDF (damaged or not a PDF: {type(exc).__name__})")


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _page_lines(page) -> Lines:
    """One page: lines outside tables and table rows, sorted top to bottom, each with its place."""
    number = page.page_number
    tables = page.find_tables()
    if not tables:
        return _plain_lines(page, number)
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, b) for b in boxes) if "x0" in obj else True)
    items: list[tuple[float, float, Lines]] = []
    for line in outside.extract_text_lines(return_chars=False):
        if line["text"].strip():
            place = Place("page", number, x=line["x0"], y=line["top"])
            items.append((line["top"], line["x0"], [(line["text"].strip(), place)]))
    for table in tables:
        rows: Lines = []
        for cells, group in zip(table.extract(), table.rows, strict=False):
            line = row_line([join_wrapped(c) for c in cells])
            if line.strip():
                corners = tuple((b[0], b[1]) if b is not None else (None, None) for b in group.cells)
                rows.append((line, Place("page", number, cells=corners, x=group.bbox[0], y=group.bbox[1])))
        if rows:
            items.append((table.bbox[1], table.bbox[0], rows))
    items.sort(key=lambda it: (round(it[0]), it[1]))
    return [line for _, _, lines in items for line in lines]


def _plain_lines(page, number: int) -> Lines:
    """A page without ruled tables: pdfplumber's text, the position of each line from its text
    lines (the same text map, so the non-empty lines pair up in order); the page alone if not."""
    text = page.extract_text() or ""
    lines = text.split("\n")
    found = page.extract_text_lines(return_chars=False)
    filled = [ln for ln in lines if ln.strip()]
    if len(found) != len(filled) or any(f["text"].strip() != ln.strip() for f, ln in zip(found, filled, strict=True)):
        return [(text, Place("page", number))]
    out: Lines = []
    positions = iter(found)
    for ln in lines:
        if ln.strip():
            f = next(positions)
            out.append((ln, Place("page", number, x=f["x0"], y=f["top"])))
        else:
            out.append((ln, Place("page", number)))
    return out
