"""Formatters: every output format on a RunResult built here, validated by reading it back.

The findings carry what real ones carry: Chinese messages, quotes, '<', '>' and '&' in evidence,
a garbled comparator that Excel would run as a formula, None fields, an unreadable file and a
batch finding naming no file.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from nlp_audit import formatters
from nlp_audit.findings import Finding
from nlp_audit.model import Form, Indicator, ParsedFile, ParseProblem
from nlp_audit.pipeline import RunResult

FILE_TEXT = (
    "财政项目支出绩效自评表\n"
    "项目名称\t社区老年助餐点运营补助\n"
    "产出指标\t数量指标\t助餐服务人次\t≥3000人次\t2800人次\t10\t10\t\n"
    '效益指标\t社会效益指标\t投诉率\t<5% & 逐年下降\t"6%"\t10\t8\t无\n'
    "满意度指标\t满意度指标\t老人满意度\t+100.00(%)\t95%\t10\t10\t\n"
)


def _find(text: str) -> tuple[int, int, int]:
    start = FILE_TEXT.index(text)
    return start, start + len(text), FILE_TEXT.count("\n", 0, start) + 1


def _finding(rule: str, name: str, severity: str, evidence: str, **kw) -> Finding:
    start, end, line = _find(evidence) if evidence and evidence in FILE_TEXT else (None, None, None)
    defaults = dict(
        path="forms/a.txt", form=0, project="社区老年助餐点运营补助", start=start, end=end, line=line
    )
    defaults.update(kw)
    field = defaults.pop("field", "indicator")
    return Finding(rule=rule, name=name, severity=severity, field=field, evidence=evidence, **defaults).seal()


@pytest.fixture()
def result() -> RunResult:
    form = Form(
        project="社区老年助餐点运营补助",
        department="某区民政局",
        year=2023,
        indicators=[Indicator(name="助餐服务人次"), Indicator(name="投诉率"), Indicator(name="老人满意度")],
        total_score=28,
        grade="差",
        path="forms/a.txt",
        text=FILE_TEXT,
    )
    empty_form = Form(project="社区文化活动补助", path="forms/b.txt", index=0)
    findings = [
        _finding(
            "S002",
            "inflated-score",
            "error",
            "2800人次\t10\t10",
            indicator="助餐服务人次",
            message="目标“≥3000人次”未完成(2800人次),却得满分 10 分。",
            expected=9.33,
            actual=10,
            formula="2800 / 3000 × 10",
        ),
        _finding(
            "D002",
            "vague-deviation-reason",
            "warning",
            '<5% & 逐年下降\t"6%"',
            indicator="投诉率",
            message='偏差原因写"无",<说明不了>任何问题 & 无改进措施。',
            reasons=["原因栏为“无”", "得分 8 < 分值 10"],
        ),
        _finding(
            "P003",
            "unparsed-value",
            "warning",
            "+100.00(%)",
            indicator="老人满意度",
            message="年度指标值无法读取:比较符可能是“=”。",
        ),
        _finding(
            "S005",
            "total-mismatch",
            "error",
            "",
            field="form",
            message="总分与各项得分之和不符。",
            expected=[30, 100],
            actual={"总分": 28},
        ),
        Finding(
            rule="P001",
            name="unreadable-form",
            severity="error",
            field="form",
            message="无法读取文件: PDF 已加密,需要密码 (encrypted PDF)",
            path="forms/locked.pdf",
        ).seal(),
        Finding(
            rule="B002",
            name="batch-pattern",
            severity="info",
            field="batch",
            message="本批 3 张表中 2 张全部满分。",
            evidence="",
        ).seal(),
    ]
    files = [
        ParsedFile(path="forms/a.txt", forms=[form], text=FILE_TEXT),
        ParsedFile(path="forms/b.txt", forms=[empty_form], text="项目名称\t社区文化活动补助\n"),
        ParsedFile(
            path="forms/locked.pdf",
            errors=[ParseProblem("P001", "无法读取文件: PDF 已加密,需要密码 (encrypted PDF)")],
        ),
    ]
    return RunResult(files=files, findings=findings, pack="default")


def test_registry_lists_every_format_and_rejects_unknown(result: RunResult) -> None:
    assert formatters.available() == ["text", "json", "jsonl", "csv", "xlsx", "html", "sarif"]
    assert formatters.is_binary("xlsx") and not formatters.is_binary("json")
    with pytest.raises(formatters.UnknownFormat, match="yaml"):
        formatters.render("yaml", result)
    for name in formatters.available():
        assert isinstance(formatters.render(name, result), bytes)


def test_register_adds_a_format(result: RunResult) -> None:
    formatters.register(formatters.FormatSpec("count", lambda r, **_: str(len(r.findings)).encode(), ".txt"))
    try:
        assert "count" in formatters.available()
        assert formatters.render("count", result) == b"6"
    finally:
        formatters._REGISTRY.pop("count")


# --------------------------------------------------------------------------- text


def test_text_groups_per_file_and_form_then_summary(result: RunResult) -> None:
    out = formatters.render("text", result).decode("utf-8")
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == "forms/a.txt"
    assert lines[1] == "  表 0 (form 0) · 项目: 社区老年助餐点运营补助"
    # findings in the order of the form's lines; the form-level S005 (no line) last
    codes = re.findall(r"^    \w+\s+([A-Z]\d{3}) ", out, flags=re.M)
    assert codes == ["S002", "D002", "P003", "S005", "P001", "B002"]
    s002 = out.index("S002 inflated-score  [助餐服务人次]  line 3")
    assert out.index("目标“≥3000人次”未完成", s002) < out.index("evidence: 「2800人次 | 10 | 10」", s002)
    assert "expected: 9.33   actual: 10   formula: 2800 / 3000 × 10" in out
    assert "expected: 30, 100   actual: 总分=28" in out
    assert "forms/locked.pdf\n  文件 (file)\n    error   P001" in out
    assert "批次 (batch)\n    info    B002 batch-pattern" in out
    assert "forms/b.txt" not in out  # a form without findings prints nothing but counts below
    assert lines[-1] == "3 files, 2 forms, 6 findings (error 3, warning 2, info 1), 1 unreadable file"
    assert "\x1b[" not in out


def test_text_colour_only_on_request(result: RunResult) -> None:
    plain = formatters.render("text", result)
    coloured = formatters.render("text", result, color=True).decode()
    assert "\x1b[1;31merror  \x1b[0m S002" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).encode() == plain
    assert formatters.render("text", result) == plain  # deterministic


def test_text_empty_run() -> None:
    out = formatters.render("text", RunResult()).decode()
    assert out == "0 files, 0 forms, 0 findings (error 0, warning 0, info 0), 0 unreadable files\n"


# --------------------------------------------------------------------------- json / jsonl


def test_json_report_shape(result: RunResult) -> None:
    data = json.loads(formatters.render("json", result))
    assert data["version"] == 1 and data["pack"] == "default" and data["tool"]["name"] == "nlp-audit"
    assert data["summary"] == {
        "files": 3,
        "forms": 2,
        "findings": 6,
        "by_severity": {"error": 3, "warning": 2, "info": 1},
        "by_rule": {"B002": 1, "D002": 1, "P001": 1, "P003": 1, "S002": 1, "S005": 1},
        "unreadable_files": [
            {"path": "forms/locked.pdf", "reason": "无法读取文件: PDF 已加密,需要密码 (encrypted PDF)"}
        ],
        "skipped_files": [],
    }
    assert [f["rule"] for f in data["findings"]] == ["S002", "D002", "P003", "S005", "P001", "B002"]
    d002 = data["findings"][1]
    assert d002["evidence"] == '<5% & 逐年下降\t"6%"' and d002["indicator"] == "投诉率"
    forms = {(r["path"], r["form"]): r for r in data["forms"]}
    assert forms[("forms/a.txt", 0)]["error"] == 2 and forms[("forms/a.txt", 0)]["warning"] == 2
    assert forms[("forms/a.txt", 0)]["rules"] == ["D002", "P003", "S002", "S005"]
    assert forms[("forms/b.txt", 0)]["findings"] == 0
    assert forms[("forms/locked.pdf", None)]["kind"] == "unreadable"


def test_jsonl_one_finding_per_line_with_spec_fields(result: RunResult) -> None:
    lines = formatters.render("jsonl", result).decode("utf-8").splitlines()
    assert len(lines) == len(result.findings)
    required = {
        "path",
        "form",
        "project",
        "rule",
        "name",
        "severity",
        "field",
        "indicator",
        "evidence",
        "message",
        "fingerprint",
    }
    for line, finding in zip(lines, result.findings, strict=True):
        obj = json.loads(line)
        assert required <= obj.keys()
        assert obj == json.loads(json.dumps(finding.to_json()))
    assert "“≥3000人次”" in lines[0]  # not \u-escaped


# --------------------------------------------------------------------------- csv


def test_csv_has_bom_and_round_trips(result: RunResult) -> None:
    data = formatters.render("csv", result)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 6
    by_rule = {r["rule"]: r for r in rows}
    assert by_rule["D002"]["evidence"] == '<5% & 逐年下降\t"6%"'
    assert by_rule["D002"]["reasons"] == "原因栏为“无”; 得分 8 < 分值 10"
    assert by_rule["S002"]["expected"] == "9.33" and by_rule["S002"]["line"] == "3"
    assert by_rule["P001"]["indicator"] == "" and by_rule["P001"]["form"] == ""
    # formula-looking text is guarded for Excel, nothing else changes
    assert by_rule["P003"]["evidence"] == "'+100.00(%)"
    assert json.loads(by_rule["S005"]["actual"]) == {"总分": 28}


# --------------------------------------------------------------------------- xlsx


def test_xlsx_reopens_with_three_sheets(result: RunResult) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(formatters.render("xlsx", result)))
    assert wb.sheetnames == ["Findings", "Summary", "Forms"]
    ws = wb["Findings"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["文件 path", "表 form", "项目 project", "级别 severity", "规则 rule"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 6
    p003 = next(r for r in rows if r[4] == "P003")
    assert p003[header.index("证据 evidence")] == "+100.00(%)"  # a string, never a formula
    s002 = next(r for r in rows if r[4] == "S002")
    assert s002[header.index("应为 expected")] == 9.33 and s002[header.index("行 line")] == 3

    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
    assert (
        summary["问题 findings"] == 6 and summary["error"] == 3 and summary["无法读取 unreadable files"] == 1
    )
    by_rule = {
        r[0]: r
        for r in wb["Summary"].iter_rows(values_only=True)
        if r[0] and re.fullmatch(r"[A-Z]\d{3}", r[0])
    }
    assert by_rule["S002"][1:6] == ("inflated-score", 1, 0, 0, 1)

    forms = list(wb["Forms"].iter_rows(values_only=True))
    fh = forms[0]
    a = next(r for r in forms[1:] if r[0] == "forms/a.txt")
    assert a[fh.index("项目 project")] == "社区老年助餐点运营补助"
    assert (
        a[fh.index("error")] == 2 and a[fh.index("问题数 findings")] == 4 and a[fh.index("年度 year")] == 2023
    )
    locked = next(r for r in forms[1:] if r[0] == "forms/locked.pdf")
    assert locked[fh.index("类型 kind")] == "unreadable" and "encrypted" in locked[fh.index("备注 note")]


# --------------------------------------------------------------------------- html


def test_html_is_self_contained_and_escaped(result: RunResult) -> None:
    page = formatters.render("html", result).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and "<script" not in page
    # evidence highlighted in its context, escaped
    assert "<mark>&lt;5% &amp; 逐年下降\t&quot;6%&quot;</mark>" in page
    assert "社会效益指标\t投诉率\t<mark>" in page  # the text before the evidence is shown too
    assert "偏差原因写&quot;无&quot;,&lt;说明不了&gt;任何问题 &amp; 无改进措施。" in page
    assert "<说明不了>" not in page and "<5%" not in page
    assert "<mark>+100.00(%)</mark>" in page
    assert "forms/locked.pdf" in page and "encrypted PDF" in page
    assert page.count('<div class="finding ') == 6
    anchors = set(re.findall(r'id="(g\d+)"', page))
    assert set(re.findall(r'href="#(g\d+)"', page)) == anchors and len(anchors) == 3


# --------------------------------------------------------------------------- sarif


def test_sarif_structure(result: RunResult) -> None:
    doc = json.loads(formatters.render("sarif", result))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert {"S002", "P001", "P003", "B002"} <= set(ids)
    for r in rules:
        assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in (
            "error",
            "warning",
            "note",
        )
    results = run["results"]
    assert len(results) == 6
    for res in results:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
    s002 = results[0]
    assert s002["ruleId"] == "S002" and s002["level"] == "error"
    region = s002["locations"][0]["physicalLocation"]["region"]
    start, end, line = _find("2800人次\t10\t10")
    assert (
        region["startLine"] == line and region["charOffset"] == start and region["charLength"] == end - start
    )
    assert s002["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "forms/a.txt",
        "uriBaseId": "%SRCROOT%",
    }
    assert s002["partialFingerprints"]["nlpAudit/v1"] == result.findings[0].fingerprint
    b002 = next(r for r in results if r["ruleId"] == "B002")
    assert b002["level"] == "note" and "locations" not in b002
    p001 = next(r for r in results if r["ruleId"] == "P001")
    assert "region" not in p001["locations"][0]["physicalLocation"]


def test_sarif_uri_is_percent_encoded_and_absolute_paths_are_file_uris(result: RunResult, tmp_path) -> None:
    result.findings[0].path = "表格/自评 表.txt"
    result.findings[1].path = str(tmp_path / "b.txt")
    results = json.loads(formatters.render("sarif", result))["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "%E8%A1%A8%E6%A0%BC/%E8%87%AA%E8%AF%84%20%E8%A1%A8.txt"
    )
    uri = results[1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file:///") and "uriBaseId" not in uri
