"""Formatters: every output format on a RunResult built here, validated by reading it back.

The result is built the way the pipeline builds it (``report.build.file_report`` over a
ParsedFile and its findings) and carries what real ones carry: Chinese messages, quotes, '<', '>'
and '&' in evidence, a garbled comparator that Excel would run as a formula, a rule firing twice
on one form, None fields, an unreadable file and a batch finding naming no file. Formatters see
only the records: the parsed files are not in the result.
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
from nlp_audit.packs import load_pack
from nlp_audit.report.build import batch_findings, file_report
from nlp_audit.report.records import RunMeta, RunResult

FILE_TEXT = (
    "财政项目支出绩效自评表\n"
    "项目名称\t社区老年助餐点运营补助\n"
    "产出指标\t数量指标\t助餐服务人次\t≥3000人次\t2800人次\t10\t10\t\n"
    '效益指标\t社会效益指标\t投诉率\t<5% & 逐年下降\t"6%"\t10\t8\t无\n'
    "满意度指标\t满意度指标\t老人满意度\t+100.00(%)\t95%\t10\t10\t\n"
    "满意度指标\t满意度指标\t家属满意度\t+95.00(%)\t96%\t10\t10\t\n"
)
PROJECT = "社区老年助餐点运营补助"


def place(text: str) -> tuple[int, int, int, int]:
    """(start, end, line, column) of ``text`` in FILE_TEXT, as a reader of the file counts them."""
    start = FILE_TEXT.index(text)
    line = FILE_TEXT.count("\n", 0, start) + 1
    column = start - (FILE_TEXT.rfind("\n", 0, start) + 1) + 1
    return start, start + len(text), line, column


def _finding(rule: str, name: str, severity: str, evidence: str, **kw) -> Finding:
    start, end, line, _ = place(evidence) if evidence and evidence in FILE_TEXT else (None, None, None, None)
    defaults = dict(path="forms/a.txt", form=0, project=PROJECT, start=start, end=end, line=line)
    defaults.update(kw)
    field = defaults.pop("field", "indicator")
    return Finding(rule=rule, name=name, severity=severity, field=field, evidence=evidence, **defaults)


def _findings_a() -> list[Finding]:
    return [
        _finding("S002", "inflated-score", "error", "2800人次\t10\t10", indicator="助餐服务人次",
                 message="目标“≥3000人次”未完成(2800人次),却得满分 10 分。", expected=9.33, actual=10,
                 formula="2800 / 3000 × 10"),
        _finding("D002", "vague-deviation-reason", "warning", '<5% & 逐年下降\t"6%"', indicator="投诉率",
                 message='偏差原因写"无",<说明不了>任何问题 & 无改进措施。',
                 reasons=["原因栏为“无”", "得分 8 < 分值 10"]),
        _finding("P003", "unparsed-value", "warning", "+100.00(%)", indicator="老人满意度",
                 message="年度指标值无法读取:比较符可能是“=”。"),
        _finding("P003", "unparsed-value", "warning", "+95.00(%)", indicator="家属满意度",
                 message="年度指标值无法读取:比较符可能是“=”。"),
        _finding("S005", "total-mismatch", "error", "", field="form", message="总分与各项得分之和不符。",
                 expected=[30, 100], actual={"总分": 28}),
    ]


def build(findings_a: list[Finding] | None = None, pack: str = "default") -> RunResult:
    meta = RunMeta.for_pack(load_pack(pack))
    form = Form(project=PROJECT, title="财政项目支出绩效自评表", department="某区民政局", year=2023,
                indicators=[Indicator(name=n) for n in ("助餐服务人次", "投诉率", "老人满意度", "家属满意度")],
                total_score=28, grade="差", path="forms/a.txt", text=FILE_TEXT)
    empty_form = Form(project="社区文化活动补助", path="forms/b.txt", index=0, text="项目名称\t社区文化活动补助\n")
    locked = Finding(rule="P001", name="unreadable-form", severity="error", field="form",
                     message="无法读取文件: PDF 已加密,需要密码 (encrypted PDF)", path="forms/locked.pdf")
    batch = Finding(rule="B002", name="batch-pattern", severity="info", field="batch",
                    message="本批 3 张表中 2 张全部满分。", evidence="")
    files = [
        file_report(ParsedFile(path="forms/a.txt", forms=[form], text=FILE_TEXT),
                    _findings_a() if findings_a is None else findings_a, "forms/a.txt", meta),
        file_report(ParsedFile(path="forms/b.txt", forms=[empty_form], text=empty_form.text), [], "forms/b.txt",
                    meta),
        file_report(ParsedFile(path="forms/locked.pdf",
                               errors=[ParseProblem("P001", "无法读取文件: PDF 已加密,需要密码 (encrypted PDF)")]),
                    [locked], "forms/locked.pdf", meta),
    ]
    return RunResult(files=files, batch_findings=batch_findings([batch], meta), meta=meta)


@pytest.fixture()
def result() -> RunResult:
    return build()


def test_registry_lists_every_format_and_rejects_unknown(result: RunResult) -> None:
    assert formatters.available() == ["text", "json", "jsonl", "csv", "xlsx", "html", "sarif"]
    assert formatters.is_binary("xlsx") and not formatters.is_binary("json")
    with pytest.raises(formatters.UnknownFormat, match="yaml"):
        formatters.render("yaml", result)
    for name in formatters.available():
        assert isinstance(formatters.render(name, result), bytes)
        assert isinstance(formatters.render(name, result, lang="en"), bytes)


def test_register_adds_a_format(result: RunResult) -> None:
    formatters.register(formatters.FormatSpec("count", lambda r, **_: str(len(r.findings)).encode(), ".txt"))
    try:
        assert "count" in formatters.available()
        assert formatters.render("count", result) == b"7"
    finally:
        formatters._REGISTRY.pop("count")


def test_the_result_holds_no_parsed_text(result: RunResult) -> None:
    assert result.parsed == []
    for fr in result.files:
        assert not hasattr(fr, "text")
        for view in fr.forms:
            assert FILE_TEXT not in json.dumps(view.detail, ensure_ascii=False)


# --------------------------------------------------------------------------- locations


def test_every_finding_with_a_file_has_line_column_and_end(result: RunResult) -> None:
    by_rule = {f.rule: f for f in result.findings}
    start, end, line, column = place("2800人次\t10\t10")
    s002 = by_rule["S002"]
    assert (s002.line, s002.column, s002.end_line, s002.end_column) == (line, column, line, column + end - start)
    s005 = by_rule["S005"]  # no place of its own: the form's title, line 1
    assert (s005.line, s005.column, s005.end_line) == (1, 1, 1)
    assert s005.end_column == len("财政项目支出绩效自评表") + 1
    p001 = by_rule["P001"]  # an unreadable file: its first character
    assert (p001.line, p001.column) == (1, 1)
    assert by_rule["B002"].line is None  # the batch has no file


# --------------------------------------------------------------------------- text


def test_text_is_path_line_col_then_grouped_then_chinese_summary(result: RunResult) -> None:
    out = formatters.render("text", result).decode("utf-8")
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == "forms/a.txt"
    assert lines[1] == f"  表 0 · 项目: {PROJECT}"
    _, _, line, column = place("2800人次\t10\t10")
    head = f"forms/a.txt:{line}:{column}: 错误 S002 得分虚高 · 助餐服务人次"
    assert lines[2] == head
    assert lines[3] == "    目标“≥3000人次”未完成(2800人次),却得满分 10 分。"
    assert lines[4] == "    证据: 「2800人次 | 10 | 10」   应为: 9.33   实际: 10   公式: 2800 / 3000 × 10"
    # the two P003 of the form are one entry with a count and both places
    _, _, l1, c1 = place("+100.00(%)")
    _, _, l2, c2 = place("+95.00(%)")
    assert f"forms/a.txt:{l1}:{c1}: 警告 P003 无法识别的数值 ×2" in lines
    assert (f"    位置: {l1}:{c1} [老人满意度] 「+100.00(%)」 · {l2}:{c2} [家属满意度] 「+95.00(%)」") in lines
    codes = re.findall(r"^\S+:\d+:\d+: \S+ ([A-Z]\d{3})", out, flags=re.M)
    assert codes == ["S002", "D002", "P003", "S005", "P001"]  # in text order; the form-level S005 last
    assert "forms/locked.pdf\n  文件\nforms/locked.pdf:1:1: 错误 P001 无法读取的表" in out
    assert "批次\n    提示 B002 批次统计异常" in out
    assert "forms/b.txt" not in out  # a form without findings prints nothing but counts below
    assert lines[-1] == "共 3 个文件、2 张表、7 个问题(错误 3,警告 3,提示 1);1 个文件无法读取"
    assert "\x1b[" not in out


def test_text_in_english(result: RunResult) -> None:
    out = formatters.render("text", result, lang="en").decode()
    assert "forms/a.txt:3:" in out and ": error S002 Inflated score · 助餐服务人次" in out
    assert out.rstrip().endswith("3 files, 2 forms, 7 findings (error 3, warning 3, info 1), 1 unreadable file")
    assert "  form 0 · project: " in out and "P003 Unparsed value ×2" in out


def test_text_colour_only_on_request(result: RunResult) -> None:
    plain = formatters.render("text", result)
    coloured = formatters.render("text", result, color=True).decode()
    assert "\x1b[1;31m错误\x1b[0m S002" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).encode() == plain
    assert formatters.render("text", result) == plain  # deterministic


def test_text_neutralises_escape_sequences_from_forms() -> None:
    hostile = _finding("D002", "vague-deviation-reason", "warning", "", indicator="投诉\x1b[2J率",
                       message="原因\x1b]0;pwned\x07写“无”\r覆盖\u202e", line=4)
    hostile.evidence = "无\x1b[31m红\x1b[0m"
    out = formatters.render("text", build([hostile]), color=True).decode()
    visible = re.sub(r"\x1b\[(?:[0-9;]*)m", "", out)  # the formatter's own colours are fine
    assert "\x1b" not in visible and "\r" not in out and "\u202e" not in out and "\x07" not in out
    assert "投诉\\x1b[2J率" in out and "\\x1b]0;pwned\\x07" in out and "\\u202e" in out
    assert "「无\\x1b[31m红\\x1b[0m」" in out


def test_text_quiet_drops_the_summary(result: RunResult) -> None:
    out = formatters.render("text", result, quiet=True).decode()
    assert "共 3 个文件" not in out and "S002" in out
    assert formatters.render("text", RunResult(), quiet=True) == b""


def test_text_empty_run() -> None:
    assert formatters.render("text", RunResult()).decode() == "共 0 个文件、0 张表、0 个问题(错误 0,警告 0,提示 0);0 个文件无法读取\n"
    out = formatters.render("text", RunResult(), lang="en").decode()
    assert out == "0 files, 0 forms, 0 findings (error 0, warning 0, info 0), 0 unreadable files\n"


# --------------------------------------------------------------------------- json / jsonl


def test_json_report_shape(result: RunResult) -> None:
    data = json.loads(formatters.render("json", result))
    assert data["version"] == 1 and data["pack"] == "default" and data["tool"]["name"] == "nlp-audit"
    assert data["summary"] == {
        "files": 3,
        "forms": 2,
        "findings": 7,
        "by_severity": {"error": 3, "warning": 3, "info": 1},
        "by_rule": {"B002": 1, "D002": 1, "P001": 1, "P003": 2, "S002": 1, "S005": 1},
        "unreadable_files": [
            {"path": "forms/locked.pdf", "reason": "无法读取文件: PDF 已加密,需要密码 (encrypted PDF)"}
        ],
        "skipped": {},
        "gate": {"baselined": 0, "suppressed": 0, "suppressed_by_reason": {}, "expired_suppressions": []},
    }
    assert [f["rule"] for f in data["findings"]] == ["S002", "D002", "P003", "P003", "S005", "P001", "B002"]
    d002 = data["findings"][1]
    assert d002["evidence"] == '<5% & 逐年下降\t"6%"' and d002["indicator"] == "投诉率"
    assert d002["title_zh"] == "偏差原因空泛" and d002["column"] and d002["end_column"] > d002["column"]
    forms = {(r["path"], r["form"]): r for r in data["forms"]}
    assert forms[("forms/a.txt", 0)]["error"] == 2 and forms[("forms/a.txt", 0)]["warning"] == 3
    assert forms[("forms/a.txt", 0)]["rules"] == ["D002", "P003", "S002", "S005"]
    assert forms[("forms/b.txt", 0)]["findings"] == 0
    assert forms[("forms/locked.pdf", None)]["kind"] == "unreadable"
    rules = {r["code"]: r for r in data["rules"]}
    assert rules["S004"]["title_zh"] == "扣分与规则不符" and rules["S004"]["severity"] == "warning"


def test_jsonl_one_finding_per_line_with_spec_fields(result: RunResult) -> None:
    lines = formatters.render("jsonl", result).decode("utf-8").splitlines()
    assert len(lines) == len(result.findings) == 7  # repeated findings stay one object each
    required = {"path", "form", "project", "rule", "name", "severity", "field", "indicator", "evidence", "message",
                "fingerprint", "line", "column", "end_line", "end_column", "native", "title_zh"}
    for line, finding in zip(lines, result.findings, strict=True):
        obj = json.loads(line)
        assert required <= obj.keys()
        assert obj == json.loads(json.dumps(finding.to_json()))
        assert "anchor" not in obj  # the HTML's business, not the contract's
    assert "“≥3000人次”" in lines[0]  # not \u-escaped
    assert json.loads(lines[0])["severity"] == "error" and json.loads(lines[0])["name"] == "inflated-score"


# --------------------------------------------------------------------------- csv


def test_csv_has_bom_and_round_trips(result: RunResult) -> None:
    data = formatters.render("csv", result)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 7
    by_rule = {r["rule"]: r for r in rows}
    assert list(rows[0])[:18] == ["path", "form", "project", "rule", "name", "severity", "field", "indicator", "line",
                                  "start", "end", "evidence", "message", "expected", "actual", "formula", "reasons",
                                  "fingerprint"]  # the old columns first, in their order
    assert by_rule["D002"]["evidence"] == '<5% & 逐年下降\t"6%"'
    assert by_rule["D002"]["reasons"] == "原因栏为“无”; 得分 8 < 分值 10"
    assert by_rule["S002"]["expected"] == "9.33" and by_rule["S002"]["line"] == "3"
    assert by_rule["S002"]["column"] == str(place("2800人次\t10\t10")[3])
    assert by_rule["P001"]["indicator"] == "" and by_rule["P001"]["form"] == ""
    # formula-looking text is guarded for Excel, nothing else changes
    assert by_rule["P003"]["evidence"] in ("'+100.00(%)", "'+95.00(%)")
    assert json.loads(by_rule["S005"]["actual"]) == {"总分": 28}


def test_csv_cells_stop_at_excels_limit_and_read_back_with_a_strict_reader() -> None:
    """A finding quoting a hostile 200,000-character cell: the CSV cell holds Excel's 32,767 characters
    (the cut one ends in "…") so the default csv reader (field limit 131,072) reads the report back;
    the JSON formats keep the whole evidence."""
    long = "受汛期影响施工推迟" * 22_000
    result = build([_finding("D003", "reason-without-measure", "warning", long, indicator="助餐服务人次",
                             message="偏差原因未说明改进措施。")])
    rows = list(csv.DictReader(io.StringIO(formatters.render("csv", result).decode("utf-8-sig"), newline="")))
    evidence = next(r["evidence"] for r in rows if r["rule"] == "D003")
    assert len(evidence) == 32_767 and evidence.endswith("…") and long.startswith(evidence[:-1])
    line = next(ln for ln in formatters.render("jsonl", result).decode().splitlines() if '"D003"' in ln)
    assert json.loads(line)["evidence"] == long


# --------------------------------------------------------------------------- xlsx


def test_xlsx_chinese_sheets_grouped_findings_and_details(result: RunResult) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(formatters.render("xlsx", result)))
    assert wb.sheetnames == ["问题", "汇总", "各表", "明细"]
    ws = wb["问题"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["文件", "表", "项目", "级别", "规则", "名称"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 6  # the two P003 of one form are one row
    col = {name: header.index(name) for name in header}
    p003 = next(r for r in rows if r[col["规则"]] == "P003")
    assert p003[col["次数"]] == 2 and p003[col["级别"]] == "警告" and p003[col["名称"]] == "无法识别的数值"
    assert "+100.00(%)" in p003[col["各处位置"]] and "+95.00(%)" in p003[col["各处位置"]]
    s002 = next(r for r in rows if r[col["规则"]] == "S002")
    assert s002[col["应为"]] == 9.33 and s002[col["级别"]] == "错误"
    assert s002[col["行:列"]] == "{}:{}".format(*place("2800人次\t10\t10")[2:])

    details = [[c.value for c in r] for r in wb["明细"].iter_rows(values_only=False)]
    dh = details[0]
    assert len(details) - 1 == 7 and "指纹" in dh
    p003s = [r for r in details[1:] if r[dh.index("规则")] == "P003"]
    assert {r[dh.index("证据")] for r in p003s} == {"+100.00(%)", "+95.00(%)"}  # strings, never formulas

    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True) if r[0]}
    assert summary["问题"] == 7 and summary["错误"] == 3 and summary["无法读取的文件"] == 1
    by_rule = {r[0]: r for r in wb["汇总"].iter_rows(values_only=True)
               if r[0] and re.fullmatch(r"[A-Z]\d{3}", r[0])}
    assert by_rule["S002"][1:6] == ("得分虚高", 1, 0, 0, 1)

    forms = list(wb["各表"].iter_rows(values_only=True))
    fh = forms[0]
    a = next(r for r in forms[1:] if r[0] == "forms/a.txt")
    assert a[fh.index("项目")] == PROJECT and a[fh.index("错误")] == 2 and a[fh.index("问题数")] == 5
    locked = next(r for r in forms[1:] if r[0] == "forms/locked.pdf")
    assert locked[fh.index("类型")] == "无法读取" and "encrypted" in locked[fh.index("备注")]


def test_xlsx_in_english(result: RunResult) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(formatters.render("xlsx", result, lang="en")))
    assert wb.sheetnames == ["Findings", "Summary", "Forms", "Details"]
    assert [c.value for c in wb["Findings"][1]][:5] == ["File", "Form", "Project", "Severity", "Rule"]


# --------------------------------------------------------------------------- html


def _page_data(page: str) -> dict:
    m = re.search(r'<script id="nlp-audit-data" type="application/json">(.*?)</script>', page, re.S)
    assert m, "the data is embedded once as JSON"
    return json.loads(m.group(1))


def test_html_is_self_contained_escaped_and_embeds_the_data_once(result: RunResult) -> None:
    page = formatters.render("html", result).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "no CDN, no external asset"
    assert page.count("<script") == 2 and "http://" not in page.split("<script", 1)[1].split("</script>")[0]
    assert "<说明不了>" not in page and "<5%" not in page  # the input never reaches the markup raw
    data = _page_data(page)
    assert len(data["findings"]) == 7 and data["rows"] == [[0, 1], [1, 1], [2, 2], [4, 1], [5, 1], [6, 1]]
    d002 = data["findings"][1]
    assert d002[5] == '<5% & 逐年下降\t"6%"' and d002[6] == '偏差原因写"无",<说明不了>任何问题 & 无改进措施。'
    assert data["rules"]["S002"][0] == "得分虚高" and data["severities"] == ["错误", "警告", "提示"]
    # the per-form view data: the parsed form, and the finding's place in it
    (form,) = [f for f in data["forms"] if f[2] == PROJECT]
    assert [row[2] for row in form[10]["ind"]] == ["助餐服务人次", "投诉率", "老人满意度", "家属满意度"]
    assert d002[10] == ["ind", 1, []]
    # the overview is drawn server side: counts and SVG bars
    assert "<svg" in page and ">7<" in page


def test_html_in_english(result: RunResult) -> None:
    page = formatters.render("html", result, lang="en").decode()
    assert '<html lang="en">' in page and "Overview" in page and _page_data(page)["severities"][0] == "error"


# --------------------------------------------------------------------------- sarif


def test_sarif_structure(result: RunResult) -> None:
    doc = json.loads(formatters.render("sarif", result))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert {"S002", "P001", "P003", "B002"} <= set(ids)
    for r in rules:
        assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert len(results) == 7
    for res in results:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        if res["ruleId"] != "B002":  # every finding with a file has a full region
            region = res["locations"][0]["physicalLocation"]["region"]
            assert {"startLine", "startColumn", "endLine", "endColumn"} <= region.keys(), res["ruleId"]
            assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    s002 = results[0]
    assert s002["ruleId"] == "S002" and s002["level"] == "error"
    region = s002["locations"][0]["physicalLocation"]["region"]
    start, end, line, column = place("2800人次\t10\t10")
    assert region["startLine"] == line and region["charOffset"] == start and region["charLength"] == end - start
    assert region["startColumn"] == column and region["endColumn"] == column + end - start
    assert s002["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "forms/a.txt",
                                                                           "uriBaseId": "%SRCROOT%"}
    assert s002["partialFingerprints"]["nlpAudit/v1"] == result.findings[0].fingerprint
    s005 = next(r for r in results if r["ruleId"] == "S005")
    assert s005["locations"][0]["physicalLocation"]["region"]["startLine"] == 1  # the form's title
    b002 = next(r for r in results if r["ruleId"] == "B002")
    assert b002["level"] == "note" and "locations" not in b002


def test_sarif_rules_carry_the_severity_of_the_pack_the_run_used(tmp_path) -> None:
    pack = tmp_path / "strict.yaml"
    pack.write_text("extends: default\nrules:\n  S004:\n    severity: error\n  A002:\n    severity: warning\n",
                    encoding="utf-8")
    result = build(pack=str(pack))
    rules = {r["id"]: r for r in json.loads(formatters.render("sarif", result))["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["S004"]["defaultConfiguration"]["level"] == "error"
    assert rules["A002"]["defaultConfiguration"]["level"] == "warning"
    assert rules["S002"]["properties"]["title_zh"] == "得分虚高"
    pack.unlink()  # the formatter must not need the pack again
    assert json.loads(formatters.render("sarif", result))["runs"][0]["tool"]["driver"]["rules"]


def test_sarif_uri_is_percent_encoded_and_absolute_paths_are_file_uris(result: RunResult, tmp_path) -> None:
    result.files[0].findings[0].path = "表格/自评 表.txt"
    result.files[0].findings[1].path = str(tmp_path / "b.txt")
    results = json.loads(formatters.render("sarif", result))["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "%E8%A1%A8%E6%A0%BC/%E8%87%AA%E8%AF%84%20%E8%A1%A8.txt"
    )
    uri = results[1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file:///") and "uriBaseId" not in uri
