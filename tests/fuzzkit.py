"""The fuzz harness: hostile inputs of every type, and the run that holds the pipeline to its contract.

Used by tests/test_fuzz.py (a short campaign inside the suite) and scripts/fuzz.py (the long one).

- ``fuzz_input()``: a hypothesis strategy for one input file. A base form (the seeds, the bundled
  examples, generated forms of every layout family) is garbled by a few text mutators (cuts, lost
  tabs and newlines, junk and control characters, long digit runs, 400-digit and non-finite
  numbers, repeated rows, huge cells and narratives, full-width digits) and written as .txt in one
  of the supported encodings, .xlsx, .xlsm, .docx or .pdf; sometimes its bytes are damaged too.
- ``bombs(dir)``: the container bombs and special files of issue 11 (a workbook cell or shared
  string past the part limit, a row at column XFD, a sheet of a million cells, a docx part that
  inflates past the limit, a PDF stream that inflates from a few hundred bytes, a PDF with too many
  pages, a FIFO, a link to /dev/zero, a file name that is not UTF-8).
- ``check_folder(dir)``: one streamed run over a folder through every output format and `parse`, returning
  what broke the contract: an exception that escaped, a file lost from the results, a report a
  strict parser rejects (NaN/Infinity in JSON, a workbook that does not open), a file over the
  time limit, and the P001s that hide a caught crash (reader/parser/check errors).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import resource
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # devtools/ (the synthetic generator) is imported from the checkout
    sys.path.insert(0, str(ROOT))
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5")
KINDS = tuple(f"txt:{e}" for e in ENCODINGS) + ("xlsx", "xlsm", "docx", "pdf")
CRASH_MARKERS = ("reader error", "parser error", "检查过程出错", "批量检查出错", "worker checking this file failed")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# --------------------------------------------------------------------------------------- bases


def base_texts() -> list[str]:
    """The forms mutations start from: seeds, bundled examples, a generated form of each family."""
    from devtools.synth.corpus import CORPUS_FAMILIES, make_file

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    for p in sorted((ROOT / "corpus" / "examples").glob("*.txt")):
        raw = p.read_bytes()
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(raw.decode("gb18030", "replace"))
    rng = random.Random(11)
    for family in CORPUS_FAMILIES:
        texts.append(make_file(rng, family).text)
    return texts


# ------------------------------------------------------------------------------------- mutators


def _at(rng: random.Random, text: str) -> int:
    return rng.randrange(len(text) + 1)


def cut(text: str, rng: random.Random) -> str:
    return text[: _at(rng, text)]


def lose_tabs(text: str, rng: random.Random) -> str:
    return text.replace("\t", rng.choice(["", " ", "|"]))


def lose_newlines(text: str, rng: random.Random) -> str:
    return text.replace("\n", rng.choice(["", " "]), rng.randrange(1, 200))


def junk(text: str, rng: random.Random) -> str:
    pool = "\x00\x01\x07\x1b\x7f\x85\u200b\u200e\u202e\ufeff\ufffd\ue000😀𠀀<>&\"'=+-@%\\|\t\n≥≤＝％"
    bits = "".join(rng.choice(pool) for _ in range(rng.randrange(1, 30)))
    i = _at(rng, text)
    return text[:i] + bits + text[i:]


def digit_run(text: str, rng: random.Random) -> str:
    """A long run of digits in a cell or narrative (fused rows, OCR)."""
    run = "".join(rng.choice("0123456789.") for _ in range(rng.choice([20, 60, 150, 400])))
    i = _at(rng, text)
    return text[:i] + run + text[i:]


def absurd_number(text: str, rng: random.Random) -> str:
    """A 400-digit value, a non-finite spelling or an exponent where a number stood."""
    numbers = list(re.finditer(r"\d+(?:\.\d+)?", text))
    if not numbers:
        return text
    m = rng.choice(numbers)
    new = rng.choice(["9" * 400, "1" + "0" * 320, "1e999", "inf", "NaN", "-0", "0.0000000001", "1" * 40])
    return text[: m.start()] + new + text[m.end() :]


def repeat_rows(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    return "\n".join(lines[: i + 1] + [lines[i]] * rng.choice([5, 200, 3000]) + lines[i + 1 :])


def huge_cell(text: str, rng: random.Random) -> str:
    filler = rng.choice(["偏差原因", "完成", "1", "，", "其中党员80人次、", "全年服务老人1260人,"])
    i = _at(rng, text)
    return text[:i] + filler * rng.choice([500, 5_000, 20_000]) + text[i:]


def full_width(text: str, rng: random.Random) -> str:
    return text.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))


def shuffle_cells(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randrange(1, 5)):
        i = rng.randrange(len(lines))
        cells = lines[i].split("\t")
        rng.shuffle(cells)
        lines[i] = "\t".join(cells)
    return "\n".join(lines)


MUTATORS = (cut, lose_tabs, lose_newlines, junk, digit_run, absurd_number, repeat_rows, huge_cell,
            full_width, shuffle_cells)


def damage_bytes(data: bytes, rng: random.Random) -> bytes:
    """Truncate, flip a few bytes, or splice a chunk: what transfers and disks do to files."""
    if not data:
        return data
    how = rng.choice(["truncate", "flip", "splice"])
    if how == "truncate":
        return data[: rng.randrange(len(data))]
    buf = bytearray(data)
    if how == "flip":
        for _ in range(rng.randrange(1, 16)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    a = rng.randrange(len(buf))
    return bytes(buf[:a] + buf[rng.randrange(len(buf)) :])


# ------------------------------------------------------------------------------------ renderers


def render(kind: str, text: str) -> tuple[bytes, str]:
    """(file bytes, suffix) of ``text`` as an input of ``kind``."""
    if kind.startswith("txt:"):
        enc = kind[4:]
        data = text.encode(enc, "replace") if enc != "utf-16" else text.encode("utf-16")
        return data, ".txt"
    if kind in ("xlsx", "xlsm"):
        return xlsx_bytes([line.split("\t") for line in text.split("\n")]), "." + kind
    if kind == "docx":
        return docx_bytes(text), ".docx"
    if kind == "pdf":
        return pdf_bytes(text), ".pdf"
    raise ValueError(kind)


def _xml_safe(s: str) -> str:
    return _XML_ILLEGAL.sub("", s)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    """A one-sheet workbook of inline strings, the XML openpyxl's write-only mode writes (its template
    parts, reused), serialised here: openpyxl took up to 5 s on a fuzzed form of thousands of rows."""
    from openpyxl.utils import get_column_letter

    parts, head, tail = _xlsx_template_parts()
    out = [head]
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row, start=1):
            text = _xml_safe(value)[:32_000]
            ref = f"{get_column_letter(c)}{r}"
            if not text:
                out.append(f'<c r="{ref}" t="inlineStr"></c>')
                continue
            if text.startswith("=") and len(text) > 1:  # openpyxl writes these as formulas with no value
                out.append(f'<c r="{ref}"><f>{escape(text[1:])}</f><v></v></c>')
                continue
            space = ' xml:space="preserve"' if text != text.strip() else ""
            out.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>')
        out.append("</row>")
    out.append(tail)
    sheet = "".join(out).encode("ascii", "xmlcharrefreplace")
    return _zip_with({**parts, "xl/worksheets/sheet1.xml": sheet})


_XLSX_PARTS: tuple[dict[str, bytes], str, str] | None = None



def _zip_template(buf: io.BytesIO, member: str, open_after: str, close_at: str) -> tuple[dict, str, str]:
    """A library-written container's parts, and ``member``'s XML cut around the place rows go: the text up
    to and including ``open_after`` and the text from ``close_at`` on."""
    with zipfile.ZipFile(buf) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    xml = parts[member].decode("utf-8")
    return parts, xml[: xml.index(open_after) + len(open_after)], xml[xml.index(close_at):]

def _xlsx_template_parts() -> tuple[dict[str, bytes], str, str]:
    """The parts of an empty write-only workbook, and its sheet's XML around ``<sheetData>``."""
    global _XLSX_PARTS
    if _XLSX_PARTS is None:
        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        wb.create_sheet("表1").append(["x"])
        buf = io.BytesIO()
        wb.save(buf)
        _XLSX_PARTS = _zip_template(buf, "xl/worksheets/sheet1.xml", "<sheetData>", "</sheetData>")
    return _XLSX_PARTS


def docx_bytes(text: str) -> bytes:
    """Paragraphs, and runs of tab-separated lines as tables, in the XML python-docx writes (its default
    template, reused); serialised here because python-docx's cell access is quadratic in the table
    size (5 s on one fuzzed form)."""
    parts, head, tail = _docx_template_parts()
    out = [head]
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            width = max(len(r) for r in block)
            col = 8640 // width
            out.append('<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:tblLook w:firstColumn="1" '
                       'w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" '
                       'w:val="04A0"/></w:tblPr><w:tblGrid>' + f'<w:gridCol w:w="{col}"/>' * width + "</w:tblGrid>")
            cell_pr = f'<w:tcPr><w:tcW w:type="dxa" w:w="{col}"/></w:tcPr>'
            for cells in block:
                out.append("<w:tr>")
                for value in cells + [""] * (width - len(cells)):
                    out.append(f"<w:tc>{cell_pr}<w:p>{_docx_run(value) or '<w:r/>'}</w:p></w:tc>")
                out.append("</w:tr>")
            out.append("</w:tbl>")
            block.clear()

    for line in _xml_safe(text).split("\n")[:400]:
        if "\t" in line:
            block.append(line.split("\t")[:30])
        else:
            flush()
            run = _docx_run(line)
            out.append(f"<w:p>{run}</w:p>" if run else "<w:p/>")
    flush()
    out.append(tail)
    return _zip_with({**parts, "word/document.xml": "".join(out).encode("utf-8")})


def _docx_run(text: str) -> str:
    """One run of ``text`` as python-docx writes it (a carriage return becomes a line break)."""
    if not text:
        return ""
    pieces = []
    for i, piece in enumerate(text.split("\r")):
        if i:
            pieces.append("<w:br/>")
        if piece:
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            pieces.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "<w:r>" + "".join(pieces) + "</w:r>"


_DOCX_PARTS: tuple[dict[str, bytes], str, str] | None = None


def _docx_template_parts() -> tuple[dict[str, bytes], str, str]:
    """The parts of python-docx's empty document, and its document.xml around the body's content."""
    global _DOCX_PARTS
    if _DOCX_PARTS is None:
        import docx

        buf = io.BytesIO()
        docx.Document().save(buf)
        _DOCX_PARTS = _zip_template(buf, "word/document.xml", "<w:body>", "<w:sectPr")
    return _DOCX_PARTS


_FONT = None


def pdf_bytes(text: str, max_pages: int = 5) -> bytes:
    """A PDF with a CJK CID font (no font file needed); tab-separated cells drawn in ruled boxes.

    At most ``max_pages`` (a form is one or two): reading a page costs the PDF reader about half a
    second, and twenty-page PDFs of repeated rows took a third of a campaign's time; long PDFs are
    the page bomb's business (``pdf_many_pages``)."""
    global _FONT
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if _FONT is None:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        _FONT = "STSong-Light"
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(842, 595))
    y, pages = 570, 1
    for line in _xml_safe(text).split("\n"):
        cells = line.split("\t")
        x = 20
        for cell in cells[:12]:
            c.setFont(_FONT, 7)
            c.drawString(x + 2, y + 3, cell[:60])
            if len(cells) > 1:
                c.rect(x, y, 66, 12)
            x += 66
        y -= 12
        if y < 20:
            if pages >= max_pages:
                break
            c.showPage()
            y, pages = 570, pages + 1
    c.save()
    return buf.getvalue()


# --------------------------------------------------------------------------------- the strategy


_BASES: list[str] | None = None


def _bases() -> list[str]:
    global _BASES
    if _BASES is None:
        _BASES = base_texts()
    return _BASES


@st.composite
def fuzz_input(draw) -> tuple[str, bytes]:
    """(file name, bytes) of one mutated form in one input type (the suite's short campaign)."""
    base = draw(st.integers(0, len(_bases()) - 1))
    ops = draw(st.lists(st.sampled_from(MUTATORS), max_size=4))
    seed = draw(st.integers(0, 2**32 - 1))
    kind = draw(st.sampled_from(KINDS))
    damaged = draw(st.integers(0, 9)) == 0
    return make_input(base, ops, seed, kind, damaged)


def random_input(rng: random.Random) -> tuple[str, bytes]:
    """The same draw as ``fuzz_input`` from a plain generator, for the long campaign: hypothesis
    favours small and repeated values (a third of its first hundred examples were duplicates) and
    its per-example bookkeeping buys nothing where nothing is shrunk."""
    base = rng.randrange(len(_bases()))
    ops = [rng.choice(MUTATORS) for _ in range(rng.randrange(5))]
    return make_input(base, ops, rng.getrandbits(32), rng.choice(KINDS), rng.randrange(10) == 0)


def make_input(base: int, ops, seed: int, kind: str, damaged: bool) -> tuple[str, bytes]:
    """(file name, bytes): base form ``base`` garbled by ``ops`` (seeded) and written as ``kind``."""
    rng = random.Random(seed)
    text = _bases()[base]
    for op in ops:
        text = op(text, rng)
    data, suffix = render(kind, text)
    if damaged:
        data = damage_bytes(data, rng)
    label = "-".join(op.__name__ for op in ops) or "plain"
    return f"{kind.replace(':', '_')}-{label}-{seed:08x}{suffix}", data


# ------------------------------------------------------------------------------------- bombs


def _zip_with(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx_template() -> dict[str, bytes]:
    data = xlsx_bytes([["项目名称", "社区老年助餐服务补贴"]])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _sheet(rows_xml: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows_xml}</sheetData></worksheet>").encode()


def xlsx_bomb(kind: str, scale: int = 1) -> bytes:
    """'huge_cell' (an inline string past the part limit), 'xfd' (rows with a value at column XFD),
    'cells' (a sheet of more cells than the limit), 'shared' (one huge shared string)."""
    parts = _xlsx_template()
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    if kind == "huge_cell":
        parts[sheet] = _sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"完" * (12_000_000 * scale)}</t></is></c></row>')
    elif kind == "xfd":
        parts[sheet] = _sheet("".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目{r}</t></is></c>'
                                      f'<c r="XFD{r}"><v>{r}</v></c></row>' for r in range(1, 2000 * scale)))
    elif kind == "cells":
        parts[sheet] = _sheet("".join(f'<row r="{r}">' + "".join(f'<c r="{col}{r}"><v>1</v></c>' for col in "ABCDEFGHIJ")
                                      + "</row>" for r in range(1, 12_000 * scale)))
    elif kind == "shared":
        parts["xl/sharedStrings.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                                         'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                                         f'<si><t>{"字" * (12_000_000 * scale)}</t></si></sst>').encode()
    else:
        raise ValueError(kind)
    return _zip_with(parts)


def docx_bomb(scale: int = 1) -> bytes:
    """A document.xml that inflates past the part limit (paragraphs of one repeated character)."""
    parts = dict(_docx_template_parts()[0])
    para = "<w:p><w:r><w:t>" + "完" * 10_000 + "</w:t></w:r></w:p>"
    body = para * (1300 * scale)
    parts["word/document.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
        f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>').encode()
    return _zip_with(parts)


def pdf_stream_bomb(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A one-page PDF whose content stream is a few hundred KB deflated and ``inflated`` bytes inflated."""
    import zlib

    comp = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    body = b"".join(comp.compress(chunk) for _ in range(inflated // len(chunk))) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length " + str(len(body)).encode() + b" /Filter /FlateDecode >>\nstream\n" + body + b"\nendstream",
    ]
    return _pdf(objs)


def _pdf(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_many_pages(n: int) -> bytes:
    kids = " ".join(f"{3 + i} 0 R" for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"] * n
    return _pdf(objs)


def bombs(folder: Path) -> dict[str, str]:
    """Write the container bombs and special files into ``folder``: {file name: what must happen}."""
    folder.mkdir(parents=True, exist_ok=True)
    expect = {
        "bomb_huge_cell.xlsx": "max_part_bytes",
        "bomb_shared_string.xlsx": "max_part_bytes",
        "bomb_xfd.xlsx": "max_row_columns",
        "bomb_cells.xlsx": "max_sheet_cells",
        "bomb_document.docx": "max_part_bytes",
        "bomb_stream.pdf": "max_part_bytes",
        "bomb_pages.pdf": "max_pdf_pages",
    }
    (folder / "bomb_huge_cell.xlsx").write_bytes(xlsx_bomb("huge_cell"))
    (folder / "bomb_shared_string.xlsx").write_bytes(xlsx_bomb("shared"))
    (folder / "bomb_xfd.xlsx").write_bytes(xlsx_bomb("xfd"))
    (folder / "bomb_cells.xlsx").write_bytes(xlsx_bomb("cells"))
    (folder / "bomb_document.docx").write_bytes(docx_bomb())
    (folder / "bomb_stream.pdf").write_bytes(pdf_stream_bomb())
    (folder / "bomb_pages.pdf").write_bytes(pdf_many_pages(400))
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo_form.txt")
        expect["fifo_form.txt"] = "skipped"
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", folder / "zero_link.txt")
        expect["zero_link.txt"] = "skipped"
    bad = os.fsdecode(b"bad_name_\xff\xfe.txt")
    try:
        (folder / bad).write_text((ROOT / "corpus" / "examples" / "synthetic_tabbed_clean.txt").read_text("utf-8"))
        expect[bad] = "read"
    except (OSError, UnicodeEncodeError):  # a file system that refuses such names
        pass
    return expect


# ---------------------------------------------------------------------------------- the check


@dataclass(slots=True)
class Outcome:
    """What one run over a folder did against the contract."""

    inputs: int = 0
    escaped: list[str] = field(default_factory=list)  # exceptions that escaped, with the stage
    lost: list[str] = field(default_factory=list)  # inputs missing from the results
    rejected: list[str] = field(default_factory=list)  # reports a strict parser refused
    slow: list[tuple[str, float]] = field(default_factory=list)  # files over the time limit + grace
    caught: list[tuple[str, str]] = field(default_factory=list)  # P001s that hide a caught crash
    peak_rss_mb: float = 0.0
    seconds: float = 0.0

    @property
    def broken(self) -> bool:
        return bool(self.escaped or self.lost or self.rejected or self.slow)


def check_folder(folder: Path, limits=None, embedder: str = "tfidf", grace: float = 5.0, jobs: int = 1) -> Outcome:
    """Run `check` over ``folder`` the way the command does (streamed: each file's report handed to a
    writer of every format as the file finishes, whole-run formats spooled and rendered at the end),
    then `parse`; see Outcome. With ``jobs`` > 1 files run in worker processes (a worker past the time
    limit is killed) and per-file times are not measured."""
    import traceback

    from nlp_audit import formatters, pipeline
    from nlp_audit.discover import discover, display_path
    from nlp_audit.limits import DEFAULT_LIMITS
    from nlp_audit.nlp.embedders import make_embedder
    from nlp_audit.packs import load_pack
    from nlp_audit.report.records import RunMeta
    from nlp_audit.report_parse import parse_json, parse_text_summary

    limits = limits or DEFAULT_LIMITS
    out = Outcome()
    t0 = time.monotonic()
    found = discover([folder])
    out.inputs = len(found.files) + sum(found.skipped.values())
    timings: dict[str, float] = {}
    original = pipeline._check_file
    pack = load_pack("default")
    buffers = {name: io.BytesIO() for name in formatters.available()}
    writers = {name: formatters.writer(name, buf, RunMeta.for_pack(pack)) for name, buf in buffers.items()}
    seen: list[str] = []

    def timed(path, *args):
        start = time.monotonic()
        try:
            return original(path, *args)
        finally:
            timings[display_path(path)] = time.monotonic() - start

    def sink(report) -> None:
        seen.append(report.path)
        for f in report.findings:
            if f.rule == "P001" and any(m in f.message for m in CRASH_MARKERS) and f.form is not None:
                out.caught.append((f.path, f.message[:200]))
        for name, writer in list(writers.items()):
            try:
                writer.add(report)
            except BaseException as exc:  # noqa: BLE001 - one format failing must not hide the others
                out.rejected.append(f"{name}: {type(exc).__name__}: {str(exc)[:300]}")
                writers.pop(name).close()

    pipeline._check_file = timed
    try:
        result = pipeline.run([folder], pack, embedder=make_embedder(embedder), limits=limits, jobs=jobs,
                              found=found, sink=sink, keep_parsed=True)
    except BaseException:  # noqa: BLE001 - the harness reports what escaped instead of dying with it
        out.escaped.append("check: " + traceback.format_exc(limit=-8))
        for writer in writers.values():
            writer.close()
        return out
    finally:
        pipeline._check_file = original
    out.slow = [(p, s) for p, s in timings.items() if s > limits.max_seconds + grace]
    expected = [display_path(item.path) for item in found.files]
    out.lost = sorted(set(expected) - set(seen)) + sorted({p for p in seen if seen.count(p) > 1})
    for pf in result.parsed:
        for problem in pf.errors:
            if any(m in problem.message for m in CRASH_MARKERS):
                out.caught.append((pf.path, problem.message[:200]))
    for name, writer in writers.items():
        try:
            writer.finish(result)
            _validate(name, buffers[name].getvalue())
        except BaseException as exc:  # noqa: BLE001
            out.rejected.append(f"{name}: {type(exc).__name__}: {str(exc)[:300]}")
        finally:
            writer.close()
    try:  # `parse` prints the same parsed files the run kept; parsing them again would only cost time
        _strict_json(parse_json(result.parsed))
        parse_text_summary(result.parsed).encode("utf-8")
    except BaseException:  # noqa: BLE001
        out.escaped.append("parse: " + traceback.format_exc(limit=-8))
    out.seconds = time.monotonic() - t0
    out.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _no_constant(name: str):
    raise ValueError(f"non-standard JSON constant {name}")


def _strict_json(text: str):
    return json.loads(text, parse_constant=_no_constant)


def _validate(name: str, data: bytes) -> None:
    """Parse a report the way a strict consumer would."""
    if name in ("json", "sarif"):
        _strict_json(data.decode("utf-8"))
    elif name == "jsonl":
        for line in data.decode("utf-8").split("\n"):  # JSON Lines split on \n only (U+2028 may sit in a string)
            if line:
                _strict_json(line)
    elif name == "csv":
        list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    elif name == "xlsx":
        import openpyxl

        openpyxl.load_workbook(io.BytesIO(data), read_only=True).close()
    else:
        data.decode("utf-8")
