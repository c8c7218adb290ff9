"""Native locations: a finding on an .xlsx/.docx/.pdf input names the sheet!cell, table/row/cell or page.

Each input is built here from the synthetic FORM_A of the end-to-end tests, placed where real
exports put things (a notes sheet first, the form starting at B3, a title paragraph before the Word
table, merged header cells), and the native location of each finding is checked against where the
test itself wrote the quoted cell.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from test_e2e_cli import FORM_A
from typer.testing import CliRunner

from nlp_audit import pipeline
from nlp_audit.cli import app
from nlp_audit.readers import read_file, read_file_mapped
from nlp_audit.sourcemap import Place, SourceMap, column_letter, native_location, sheet_ref

ROWS = [line.split("\t") for line in FORM_A.split("\n") if line.strip()]


def test_column_letters_and_sheet_refs() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert sheet_ref("Sheet1") == "Sheet1" and sheet_ref("自评表") == "自评表"
    assert sheet_ref("2023 自评") == "'2023 自评'" and sheet_ref("O'Neil") == "'O''Neil'"


def test_map_from_blocks_counts_lines_and_separators() -> None:
    text, smap = SourceMap.from_lines([("a\tb", Place("sheet", "S", 4)), ("", None), ("c\nd", Place("page", 2))])
    assert text == "a\tb\n\nc\nd"
    assert smap.place(1) == Place("sheet", "S", 4) and smap.place(2) is None
    assert smap.place(3) == smap.place(4) == Place("page", 2) and smap.place(5) is None
    assert smap.locate(1, 1)["text"] == "S!B4"
    assert smap.locate(1, 0, 1) == {"kind": "sheet", "sheet": "S", "cell": "A4", "end_cell": "B4", "text": "S!A4:B4"}
    assert native_location(Place("table", 2, 7, (1, 3)), 1)["text"] == "table 2, row 7, cell 3"
    assert native_location(Place("page", 3, x=56.4, y=120.7))["text"] == "page 3 (x 56, y 121)"


def _sheet_form(path: Path) -> dict[str, tuple[int, int]]:
    """FORM_A on sheet 自评表 from B3 (a notes sheet first); returns cell text -> (row, column)."""
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes["A1"] = "本表由单位填写"
    ws = wb.create_sheet("自评表")
    where: dict[str, tuple[int, int]] = {}
    for r, cells in enumerate(ROWS, start=3):
        for c, value in enumerate(cells, start=2):
            if value:
                ws.cell(row=r, column=c, value=value).data_type = "s"
                where.setdefault(value, (r, c))
    wb.save(path)
    return where


def test_xlsx_lines_map_to_sheet_rows_and_cells(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    where = _sheet_form(path)
    text, smap = read_file_mapped(path)
    assert text == read_file(path)
    lines = text.split("\n")
    row = next(i for i, ln in enumerate(lines, start=1) if "补贴发放及时率" in ln)
    cell = lines[row - 1].split("\t").index("补贴发放及时率")
    r, c = where["补贴发放及时率"]
    assert smap.locate(row, cell) == {"kind": "sheet", "sheet": "自评表", "cell": f"{column_letter(c)}{r}",
                                      "text": f"自评表!{column_letter(c)}{r}"}
    assert smap.locate(1, 0)["text"] == "填表说明!A1"


def test_xlsx_findings_carry_the_cell_they_quote(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    where = _sheet_form(path)
    result = pipeline.run([path], select=["S004", "D", "A"])
    (s004,) = [f for f in result.findings if f.rule == "S004"]
    first_cell = s004.evidence.split("\t")[0]
    r, c = where[first_cell]
    assert s004.native["sheet"] == "自评表" and s004.native["cell"] == f"{column_letter(c)}{r}"
    assert s004.native["text"].startswith(f"自评表!{column_letter(c)}{r}:")  # a range over the row's cells
    assert s004.line >= 1 and s004.column >= 1
    for f in result.findings:
        assert f.native and f.native["sheet"] == "自评表", (f.rule, f.native)


def test_xlsx_native_location_in_json_sarif_and_text(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    _sheet_form(path)
    runner = CliRunner()
    base = ["check", str(path), "--select", "S004", "--embedder", "tfidf", "--fail-on", "never"]
    finding = json.loads(runner.invoke(app, [*base, "--format", "jsonl"]).stdout)
    assert finding["native"]["kind"] == "sheet" and finding["native"]["text"].startswith("自评表!")
    sarif = json.loads(runner.invoke(app, [*base, "--format", "sarif"]).stdout)
    (res,) = sarif["runs"][0]["results"]
    assert res["properties"]["native"] == finding["native"]
    assert any(loc["name"] == finding["native"]["text"] for loc in res["locations"][0]["logicalLocations"])
    text = runner.invoke(app, base).stdout
    assert f"{path}:{finding['line']}:{finding['column']}: 警告 S004" in text
    assert finding["native"]["text"] in text


def _docx_form(path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("财政项目支出绩效自评表")
    doc.add_paragraph("(2023 年度)")
    cells = [r for r in ROWS if not (len(r) == 1 or r[0] in ("财政项目支出绩效自评表", "(2023 年度)"))]
    width = max(map(len, cells))
    table = doc.add_table(rows=len(cells), cols=width)
    for i, r in enumerate(cells):
        for j, value in enumerate(r):
            table.cell(i, j).text = value
    table.cell(0, 0).merge(table.cell(0, 1))  # 项目名称 spans two grid columns, as real forms do
    doc.save(path)


def test_docx_lines_map_to_paragraphs_and_table_cells(tmp_path: Path) -> None:
    path = tmp_path / "form.docx"
    _docx_form(path)
    text, smap = read_file_mapped(path)
    lines = text.split("\n")
    assert smap.locate(1) == {"kind": "paragraph", "paragraph": 1, "text": "paragraph 1"}
    row = next(i for i, ln in enumerate(lines, start=1) if "补贴发放及时率" in ln)
    cells = lines[row - 1].split("\t")
    native = smap.locate(row, cells.index("补贴发放及时率"))
    table_row = next(i for i, r in enumerate(r for r in ROWS if len(r) > 1 and r[0] not in (
        "财政项目支出绩效自评表", "(2023 年度)")) if "补贴发放及时率" in r)
    assert native["kind"] == "table" and native["table"] == 1 and native["row"] == table_row + 1
    assert native["cell"] == ROWS[[i for i, r in enumerate(ROWS) if "补贴发放及时率" in r][0]].index("补贴发放及时率") + 1
    first = smap.locate(3, 1)  # the merged 项目名称 cell spans grid columns 1-2: the next cell is column 3
    assert first["row"] == 1 and first["cell"] == 3


def test_docx_findings_name_table_row_cell(tmp_path: Path) -> None:
    path = tmp_path / "form.docx"
    _docx_form(path)
    (s004,) = [f for f in pipeline.run([path], select=["S004"]).findings]
    assert s004.native["kind"] == "table" and s004.native["table"] == 1 and s004.native["row"] > 1
    out = CliRunner().invoke(app, ["check", str(path), "--select", "S004", "--embedder", "tfidf"]).stdout
    assert f"表格1 第{s004.native['row']}行 第{s004.native['cell']}格" in out


needs_reportlab = pytest.mark.skipif(importlib.util.find_spec("reportlab") is None,
                                     reason="reportlab builds the test PDF (test extra)")


@needs_reportlab
def test_pdf_lines_map_to_pages_and_positions(tmp_path: Path) -> None:
    import io

    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10, leading=14)
    buf = io.BytesIO()
    table = Table([["产出指标", "数量指标", "助餐服务人次", "≥3000人次"], ["效益指标", "社会效益指标", "投诉率", "≤5%"]],
                  style=TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(buf).build([Paragraph("第一页的标题", style), PageBreak(), Paragraph("第二页的说明", style), table])
    path = tmp_path / "form.pdf"
    path.write_bytes(buf.getvalue())
    text, smap = read_file_mapped(path)
    lines = text.split("\n")
    assert smap.locate(1)["page"] == 1 and "x" in smap.locate(1)
    row = next(i for i, ln in enumerate(lines, start=1) if ln.startswith("效益指标"))
    first, third = smap.locate(row, 0), smap.locate(row, 2)
    assert first["page"] == third["page"] == 2
    assert third["x"] > first["x"] and third["y"] == pytest.approx(first["y"])
    assert lines[row - 1].split("\t")[2] == "投诉率"
