"""Readers: every input format turned into the text the layout parser reads.

Each test builds its input file here (openpyxl, python-docx, reportlab) from a small synthetic
self-evaluation form and asserts the exact lines that come out: cells, order, merged cells,
number formatting, encodings - and that broken inputs raise ReadError with a reason.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import zipfile
from pathlib import Path

import pytest

from nlp_audit.readers import ReadError, read_bytes, read_file, sniff
from nlp_audit.readers.cells import join_wrapped
from nlp_audit.readers.numfmt import format_number
from nlp_audit.readers.text import decode_text, detect_encoding

# A synthetic 自评表 (not taken from any real form).
TITLE = "财政项目支出绩效自评表"
YEAR = "(2023年度)"
ROWS = [
    ["项目名称", "社区老年助餐点运营补助", "", ""],
    ["主管部门", "某区民政局", "实施单位", "某街道社区服务中心"],
    ["年度资金总额", "120", "118.5", "98.75%"],
    ["产出指标", "数量指标", "助餐服务人次≥3000人次", "3120人次"],
    ["效益指标", "满意度指标", "老人满意度≥90%", "93%"],
]
NARRATIVE = "全年为辖区老人提供助餐服务3120人次,满意度93%。"


def _lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


# --------------------------------------------------------------------------- text / encodings


def _form_text(newline: str = "\n") -> str:
    body = [TITLE, YEAR] + ["\t".join(r).rstrip("\t") for r in ROWS] + [NARRATIVE]
    return newline.join(body) + newline


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b""), ("utf-16", b"")],
)
def test_text_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / f"form-{encoding}.txt"
    path.write_bytes(prefix + _form_text().encode(encoding))
    text = read_file(path)
    assert text == _form_text()
    assert not text.startswith("\ufeff")
    assert text.split("\n")[2] == "项目名称\t社区老年助餐点运营补助"


def test_utf16_without_bom_is_detected() -> None:
    data = _form_text().encode("utf-16-le")
    assert detect_encoding(data) == "utf-16-le"
    assert decode_text(data) == _form_text()


def test_gbk_is_detected_not_guessed() -> None:
    data = _form_text().encode("gbk")
    assert detect_encoding(data) == "gb18030"
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the file really is not UTF-8: detection, not luck


def test_utf8_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + _form_text("\r\n").encode("utf-8"))
    text = read_file(path)
    assert "\r" not in text and "\ufeff" not in text
    assert _lines(text)[0] == TITLE
    assert text == _form_text()


def test_old_mac_newlines_and_form_feed_become_newlines() -> None:
    text = decode_text("第一页\r第二行\x0c第二页".encode())
    assert text.split("\n") == ["第一页", "第二行", "第二页"]


def test_big5_traditional_text_is_read(tmp_path: Path) -> None:
    source = (
        "財政項目支出績效自評表\n項目名稱\t人才驛站運營補助\n實際完成情況\t全年服務人才一百二十人次,滿意度達到百分之九十五。\n"
        * 3
    )
    path = tmp_path / "trad.txt"
    path.write_bytes(source.encode("big5"))
    assert read_file(path) == source


def test_traditional_text_saved_as_gbk_is_read(tmp_path: Path) -> None:
    """GBK holds traditional characters too (converted pages are saved that way): most are outside
    GB2312, yet the bytes are no Big5, so the file is GB18030, not binary."""
    source = (
        "某縣鄉村道路養(yǎng)護資金績效自評報告\n項(xiàng)目名稱\t鄉村道路養護\n"
        "實際完成情況\t全年養護縣鄉道路三百二十公裏,資金撥付到位率達到百分之百。\n"
    ) * 3
    data = source.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    path = tmp_path / "trad-gbk.txt"
    path.write_bytes(data)
    assert read_file(path) == source


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \r\n\t\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_empty_and_binary_text_raise(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason):
        read_file(path)


def test_random_bytes_are_not_text() -> None:
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(ReadError):
        decode_text(data)


def test_missing_file_and_directory_raise(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot open"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="directory"):
        read_file(tmp_path)


# --------------------------------------------------------------------------- xlsx


def _workbook(path: Path, *, second_sheet: bool = False, hidden_sheet: bool = False) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = TITLE
    ws.merge_cells("A1:F1")
    ws["A2"] = YEAR
    ws.append([])  # row 3 stays empty: spacing, dropped by the reader
    ws.append(["项目名称", "社区老年助餐点运营补助", None, None, None, None])
    ws.merge_cells("B4:F4")
    ws.append(["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"])
    ws.append(["年度资金总额", 120, 155.17, 118.5, 0.958, 9.6])
    ws["E6"].number_format = "0.00%"
    ws["B6"].number_format = "0.00"
    ws.append(["产出指标", "数量指标", "助餐服务人次", "≥3000人次", "3120人次", 10.0])
    ws.append([None, None, "服务时长", "全年", "全年", 10])
    ws.merge_cells("A7:A8")  # 一级指标 spans two rows: the label stays in A7 only
    ws.append(["资金总额(元)", 4483000])
    ws["B9"].number_format = "#,##0.00"
    ws.append(["偏差原因", "部分老人外出就餐\n下年加强宣传\t并扩大覆盖"])
    ws.append(["完成时间", dt.datetime(2023, 12, 31), dt.date(2023, 6, 30)])
    ws["C11"].number_format = 'yyyy"年"m"月"d"日"'
    if hidden_sheet:
        lists = wb.create_sheet("下拉选项")
        lists.append(["优", "良", "中", "差"])
        lists.sheet_state = "hidden"
    if second_sheet:
        ws2 = wb.create_sheet("第二张")
        ws2.append(["项目名称", "社区文化活动补助"])
        ws2.append(["总分", 91.5])
    wb.save(path)


def test_xlsx_rows_become_tab_separated_lines(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    _workbook(path)
    lines = read_file(path).split("\n")
    assert lines[0] == TITLE
    assert lines[1] == YEAR
    # merged cell: value only in the top-left cell; empty row 3 dropped; trailing empties dropped
    assert lines[2] == "项目名称\t社区老年助餐点运营补助"
    assert lines[3] == "项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t执行率\t得分"
    # numbers as the sheet shows them: 0.00 format, General 155.17, percent format, 9.6
    assert lines[4] == "年度资金总额\t120.00\t155.17\t118.5\t95.80%\t9.6"
    # 10.0 is shown as 10; the vertically merged 一级指标 reads empty on its second row
    assert lines[5] == "产出指标\t数量指标\t助餐服务人次\t≥3000人次\t3120人次\t10"
    assert lines[6] == "\t\t服务时长\t全年\t全年\t10"
    assert lines[7] == "资金总额(元)\t4,483,000.00"
    # a line break (Alt+Enter) and a tab inside a cell never split the row
    assert lines[8] == "偏差原因\t部分老人外出就餐 下年加强宣传 并扩大覆盖"
    assert lines[9] == "完成时间\t2023-12-31\t2023年6月30日"


def test_xlsx_sheets_are_separated_by_a_blank_line_and_hidden_sheets_skipped(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsm"
    _workbook(path, second_sheet=True, hidden_sheet=True)
    text = read_file(path)
    first, second = text.rstrip("\n").split("\n\n")
    assert first.split("\n")[0] == TITLE
    assert second.split("\n") == ["项目名称\t社区文化活动补助", "总分\t91.5"]
    assert "下拉选项" not in text and "优\t良" not in text


def test_xlsx_formula_results_are_read(tmp_path: Path) -> None:
    """data_only: the cached value Excel computed, not the formula text."""
    import openpyxl

    path = tmp_path / "formula.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["合计", "=1+2"])
    wb.save(path)
    # openpyxl cannot compute formulas, so an openpyxl-written file has no cached value: empty cell,
    # never the formula source that would look like a garbled comparator.
    assert "=1+2" not in read_file(path)


def test_truncated_xlsx_raises(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    _workbook(good)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(ReadError, match="xlsx"):
        read_file(bad)


def test_empty_workbook_raises(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ReadError, match="no cell values"):
        read_file(path)


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (155.17, "General", "155.17"),
        (100.0, "General", "100"),
        (0.1 + 0.2, "General", "0.3"),
        (100, "0.00", "100.00"),
        (0.958, "0.00%", "95.80%"),
        (1, "0%", "100%"),
        (4483000, "#,##0.00", "4,483,000.00"),
        (155.17, '0.00"万元"', "155.17万元"),
        (-3.5, "#,##0.00_ ;[Red]-#,##0.00", "-3.50"),
        (12.5, "[$¥-804]#,##0.00", "¥12.50"),
        (12.3, "0.0#", "12.3"),
        (12.345, "0.0#", "12.35"),
        (7, "0.##", "7"),
    ],
)
def test_number_formats(value: float, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


# --------------------------------------------------------------------------- docx


def _document(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph(YEAR)
    d.add_paragraph("")  # spacing paragraph, dropped
    table = d.add_table(rows=5, cols=4)
    values = [
        ["项目名称", "社区老年助餐点运营补助", None, None],
        ["年度资金总额", "120", "118.5", "98.75%"],
        ["产出指标", "数量指标", "助餐服务人次≥3000人次", "3120人次"],
        [None, "质量指标", "餐食抽检合格率=100%", "100%"],
        ["满意度指标", "满意度", "老人满意度≥90%", "93%"],
    ]
    for r, row in enumerate(values):
        for c, val in enumerate(row):
            if val is not None:
                table.cell(r, c).text = val
    table.cell(0, 1).merge(table.cell(0, 3))  # horizontal merge: one cell spanning three columns
    table.cell(2, 0).merge(table.cell(3, 0))  # vertical merge: 产出指标 spans two rows
    # a cell holding two paragraphs stays on its row
    table.cell(4, 3).add_paragraph("较上年提高")
    d.add_paragraph("实际完成情况:" + NARRATIVE)
    d.save(path)


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    path = tmp_path / "form.docx"
    _document(path)
    lines = read_file(path).rstrip("\n").split("\n")
    assert lines == [
        TITLE,
        YEAR,
        "项目名称\t社区老年助餐点运营补助",  # horizontal merge collapsed to one cell
        "年度资金总额\t120\t118.5\t98.75%",
        "产出指标\t数量指标\t助餐服务人次≥3000人次\t3120人次",
        "\t质量指标\t餐食抽检合格率=100%\t100%",  # vertical merge continuation reads empty
        "满意度指标\t满意度\t老人满意度≥90%\t93% 较上年提高",
        "实际完成情况:" + NARRATIVE,
    ]


def test_docx_python_docx_would_repeat_merged_cells(tmp_path: Path) -> None:
    """Guard the reason we walk the XML: python-docx repeats merged cells in row.cells."""
    import docx

    path = tmp_path / "form.docx"
    _document(path)
    row = docx.Document(str(path)).tables[0].rows[0]
    assert [c.text for c in row.cells].count("社区老年助餐点运营补助") == 3
    assert read_file(path).split("\n")[2].count("社区老年助餐点运营补助") == 1


def test_docx_tracked_insertions_hyperlinks_and_tab_stops(tmp_path: Path) -> None:
    """Text inside w:ins / w:hyperlink counts, deleted text and tab-stop definitions do not."""
    import copy

    import docx
    from docx.oxml.ns import qn

    d = docx.Document()
    p = d.add_paragraph("项目名称")
    p.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(4))  # a w:tab in w:pPr/w:tabs
    run = p.add_run()
    run.add_tab()
    run.add_text("社区老年助餐点")
    ins = p._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "x"})
    ins.append(copy.deepcopy(run._r))
    ins[0].remove(ins[0].find(qn("w:tab")))
    ins[0].find(qn("w:t")).text = "运营补助"
    p._p.append(ins)
    deleted = p._p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "x"})
    r = p._p.makeelement(qn("w:r"), {})
    dt = p._p.makeelement(qn("w:delText"), {})
    dt.text = "(旧名称)"
    r.append(dt)
    deleted.append(r)
    p._p.append(deleted)
    path = tmp_path / "tracked.docx"
    d.save(path)
    assert read_file(path) == "项目名称\t社区老年助餐点运营补助\n"


def test_truncated_and_empty_docx_raise(tmp_path: Path) -> None:
    import docx

    good = tmp_path / "good.docx"
    _document(good)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good.read_bytes()[:700])
    with pytest.raises(ReadError, match="docx"):
        read_file(bad)
    empty = tmp_path / "empty.docx"
    docx.Document().save(empty)
    with pytest.raises(ReadError, match="no text"):
        read_file(empty)


# --------------------------------------------------------------------------- pdf

needs_reportlab = pytest.mark.skipif(
    importlib.util.find_spec("reportlab") is None, reason="reportlab builds the test PDFs (test extra)"
)


def _pdf_bytes(*, table: bool = True, encrypt: str | None = None, wrap: bool = False) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10, leading=14)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, encrypt=encrypt)
    story = [Paragraph(TITLE, style), Paragraph(YEAR, style)]
    if table:
        data = [list(r) for r in ROWS]
        if wrap:  # a narrow cell whose text wraps over lines, as printed forms do
            data[3][2] = Paragraph("助餐服务人次≥3000人次", style)
        t = Table(
            data,
            colWidths=[80, 60 if wrap else 150, 60 if wrap else 150, 100],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("SPAN", (1, 0), (3, 0)),
                ]
            ),
        )
        story.append(t)
    story.append(Paragraph(NARRATIVE, style))
    doc.build(story)
    return buf.getvalue()


@needs_reportlab
def test_pdf_tables_become_tab_rows_with_text_around(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(_pdf_bytes())
    lines = read_file(path).rstrip("\n").split("\n")
    assert lines[0] == TITLE
    assert lines[1] == YEAR
    assert lines[2] == "项目名称\t社区老年助餐点运营补助"  # spanned cells read empty, trailing dropped
    assert lines[3] == "主管部门\t某区民政局\t实施单位\t某街道社区服务中心"
    assert lines[4] == "年度资金总额\t120\t118.5\t98.75%"
    assert lines[5] == "产出指标\t数量指标\t助餐服务人次≥3000人次\t3120人次"
    assert lines[-1] == NARRATIVE


@needs_reportlab
def test_pdf_wrapped_cell_is_joined_without_spaces(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(_pdf_bytes(wrap=True))
    lines = read_file(path).split("\n")
    row = next(ln for ln in lines if ln.startswith("产出指标"))
    assert row.split("\t")[2] == "助餐服务人次≥3000人次"


@needs_reportlab
def test_pdf_without_ruled_table_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(_pdf_bytes(table=False))
    assert _lines(read_file(path)) == [TITLE, YEAR, NARRATIVE]


@needs_reportlab
def test_encrypted_pdf_raises(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf_bytes(encrypt="s3cret"))
    with pytest.raises(ReadError, match="encrypted"):
        read_file(path)


@needs_reportlab
def test_copy_protected_pdf_is_read(tmp_path: Path) -> None:
    """Government PDFs often forbid copying (empty user password): the text must still come out.

    pdfminer loses the CJK font mapping in such files; the reader falls back to PDFium.
    """
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("", ownerPassword="owner", canPrint=1, canModify=0, canCopy=0, canAnnotate=0)
    path = tmp_path / "nocopy.pdf"
    path.write_bytes(_pdf_bytes(encrypt=enc))
    lines = _lines(read_file(path))
    assert lines[0] == TITLE
    assert "项目名称 社区老年助餐点运营补助" in lines
    assert lines[-1] == NARRATIVE
    assert "(cid:" not in read_file(path)


@needs_reportlab
def test_scanned_pdf_without_text_layer_raises(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("RGB", (200, 100), "white")
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(img), 50, 600, width=200, height=100)
    c.showPage()
    c.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match=r"no text layer \(scanned\?\)"):
        read_file(path)


@pytest.mark.parametrize("name", ["random.pdf", "random.xlsx", "random.docx"])
def test_random_bytes_with_office_or_pdf_names_raise(tmp_path: Path, name: str) -> None:
    import random

    rng = random.Random(11)
    path = tmp_path / name
    path.write_bytes(bytes(rng.randrange(256) for _ in range(3000)))
    with pytest.raises(ReadError):
        read_file(path)


def test_pdf_glyph_codes_count_as_no_text() -> None:
    from nlp_audit.readers.pdf import garbled_share

    assert garbled_share("(cid:4512)(cid:877)(cid:23)\t(cid:9)") == 1.0
    assert garbled_share("项目名称\t社区助餐") == 0.0
    assert garbled_share("项目名称(cid:12)服务") < 0.5


@needs_reportlab
def test_truncated_pdf_raises(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(_pdf_bytes()[:400])
    with pytest.raises(ReadError, match="PDF"):
        read_file(path)


# --------------------------------------------------------------------------- dispatch


@needs_reportlab
def test_content_wins_over_the_suffix(tmp_path: Path) -> None:
    """A PDF saved as .txt and a workbook renamed .docx are read as what they are."""
    pdf_as_txt = tmp_path / "report.txt"
    pdf_as_txt.write_bytes(_pdf_bytes(table=False))
    assert _lines(read_file(pdf_as_txt))[0] == TITLE
    book = tmp_path / "book.xlsx"
    _workbook(book)
    renamed = tmp_path / "book.docx"
    renamed.write_bytes(book.read_bytes())
    assert read_file(renamed) == read_file(book)


def test_legacy_office_and_plain_zip_raise(tmp_path: Path) -> None:
    ole = tmp_path / "old.xls"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReadError, match="legacy or encrypted"):
        read_file(ole)
    archive = tmp_path / "bundle.txt"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.txt", "项目名称")
    with pytest.raises(ReadError, match="zip"):
        read_file(archive)


def test_sniff_and_read_bytes() -> None:
    assert sniff(b"%PDF-1.7\n", ".txt") == "pdf"
    assert sniff("项目名称".encode(), ".txt") == "text"
    assert read_bytes(_form_text().encode("gbk"), "x.txt") == _form_text()


def test_join_wrapped_glues_cjk_and_spaces_latin() -> None:
    assert join_wrapped("实际完成\n情况") == "实际完成情况"
    assert join_wrapped("total\nscore") == "total score"
    assert join_wrapped("≥300\n0人次") == "≥3000人次"
    assert join_wrapped("≥3000\n人次") == "≥3000人次"
    assert join_wrapped(None) == ""


# --------------------------------------------------------------------------- real excerpts


def _real_texts(shared_dir: Path) -> list[Path]:
    files = sorted((shared_dir / "real-dev").glob("*.txt")) + sorted((shared_dir / "seeds").glob("*.txt"))
    if not files:
        pytest.skip("no real-dev excerpts")
    return files


def _grid(text: str) -> list[list[str]]:
    """Non-empty lines as trimmed cell lists, trailing empty cells dropped (what readers emit)."""
    rows = []
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append(cells)
    return rows


def test_real_excerpts_survive_every_encoding(shared_dir: Path, tmp_path: Path) -> None:
    for path in _real_texts(shared_dir):
        original = read_file(path)
        for encoding in ("gb18030", "utf-16"):
            copy = tmp_path / f"{encoding}-{path.name}"
            copy.write_bytes(original.encode(encoding))
            assert read_file(copy) == original, (path.name, encoding)


def test_real_excerpts_round_trip_through_xlsx_and_docx(shared_dir: Path, tmp_path: Path) -> None:
    """Each excerpt laid into a workbook and a Word table, one line per row, reads back cell for cell."""
    import docx
    import openpyxl

    for path in _real_texts(shared_dir):
        grid = _grid(read_file(path))
        wb = openpyxl.Workbook()
        ws = wb.active
        width = max(len(r) for r in grid)
        document = docx.Document()
        table = document.add_table(rows=len(grid), cols=width)
        for r, (row, doc_row) in enumerate(zip(grid, table.rows, strict=True), start=1):
            doc_cells = doc_row.cells  # once per row: table.cell(r, c) is linear in the table size
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c)
                cell.value = value
                cell.data_type = "s"  # '=100%' stays text, as in the source
                if value:
                    doc_cells[c - 1].text = value
        xlsx_path, docx_path = tmp_path / f"{path.stem}.xlsx", tmp_path / f"{path.stem}.docx"
        wb.save(xlsx_path)
        document.save(docx_path)
        assert _grid(read_file(xlsx_path)) == grid, path.name
        assert _grid(read_file(docx_path)) == grid, path.name
