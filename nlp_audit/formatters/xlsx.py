"""`--format xlsx`: the auditors' workbook - Findings, Summary, Forms and Details sheets.

Findings: one row per finding, except that a rule firing several times on one form is one row with
its count and the list of places (the noise an auditor does not want to scroll through); frozen
header, autofilter, wrapped message/evidence columns. Summary: the run's numbers and a table per
rule x severity. Forms: one row per form with its finding counts - what auditors sort to decide
which forms to open first. Details: one row per finding with its fingerprint, for filtering.
Chinese by default (sheet names, headers, severities, rule titles), English with ``lang="en"``.
Every text goes through ``write_string`` so evidence such as '=100.00(%)' is never a formula.

Written in XlsxWriter's constant-memory mode: each sheet's rows go to disk as they are written,
read one file at a time from the run's records, so a workbook of 50,000 forms is not built in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from .. import i18n
from ..findings import Finding
from ..report.records import RunMeta, RunResult
from .common import (
    SEVERITY_ORDER,
    collapse,
    iter_form_rows,
    iter_groups,
    position,
    scalar,
    summary,
    tool_version,
)

SHEETS = {"zh": ("问题", "汇总", "各表", "明细"), "en": ("Findings", "Summary", "Forms", "Details")}

# (key, Chinese header, English header, width)
_FINDING_COLUMNS = (
    ("path", "文件", "File", 28),
    ("form", "表", "Form", 6),
    ("project", "项目", "Project", 26),
    ("severity", "级别", "Severity", 8),
    ("rule", "规则", "Rule", 7),
    ("title", "名称", "Name", 20),
    ("field", "部位", "Field", 10),
    ("indicator", "指标", "Indicator", 22),
    ("position", "行:列", "Line:col", 9),
    ("native", "原表位置", "Native location", 16),
    ("count", "次数", "Count", 6),
    ("message", "说明", "Message", 50),
    ("evidence", "证据", "Evidence", 44),
    ("expected", "应为", "Expected", 11),
    ("actual", "实际", "Actual", 11),
    ("formula", "公式", "Formula", 22),
    ("places", "各处位置", "Places", 40),
)
_DETAIL_COLUMNS = (
    *(c for c in _FINDING_COLUMNS if c[0] not in ("count", "places")),
    ("line", "行", "Line", 6),
    ("fingerprint", "指纹", "Fingerprint", 18),
)
_FORM_COLUMNS = (
    ("path", "文件", "File", 28),
    ("form", "表", "Form", 6),
    ("project", "项目", "Project", 30),
    ("kind", "类型", "Kind", 12),
    ("department", "主管部门", "Department", 18),
    ("unit", "实施单位", "Unit", 18),
    ("year", "年度", "Year", 7),
    ("indicators", "指标数", "Indicators", 8),
    ("total_score", "总分", "Total", 8),
    ("grade", "等级", "Grade", 7),
    ("findings", "问题数", "Findings", 8),
    ("error", "错误", "Error", 7),
    ("warning", "警告", "Warning", 7),
    ("info", "提示", "Info", 7),
    ("rules", "规则", "Rules", 30),
    ("note", "备注", "Note", 40),
)


def _put(ws, row: int, col: int, value: Any, fmt=None) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, scalar(value), fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, (list, tuple, dict)):
        ws.write_string(row, col, scalar(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _table(ws, columns, rows: Iterable[dict], lang: str, header_fmt, wrap_cols: set[str], wrap_fmt) -> None:
    ws.freeze_panes(1, 0)
    for c, (key, zh, en, width) in enumerate(columns):
        ws.write_string(0, c, zh if lang == "zh" else en, header_fmt)
        ws.set_column(c, c, width, wrap_fmt if key in wrap_cols else None)
    n = 0
    for r, row in enumerate(rows, start=1):
        for c, (key, *_rest) in enumerate(columns):
            _put(ws, r, c, row.get(key), wrap_fmt if key in wrap_cols else None)
        n = r
    ws.autofilter(0, 0, max(n, 1), len(columns) - 1)


def _row(f: Finding, meta: RunMeta, lang: str) -> dict[str, Any]:
    row = f.to_json()
    row["severity"] = i18n.severity(f.severity, lang)
    row["title"] = meta.rule(f.rule, f).title(lang)
    row["field"] = i18n.field_name(f.field, lang)
    row["position"] = position(f)
    row["native"] = i18n.native_label(f.native, lang)
    row["expected"] = f.expected if isinstance(f.expected, (int, float)) else scalar(f.expected)
    row["actual"] = f.actual if isinstance(f.actual, (int, float)) else scalar(f.actual)
    row["count"] = 1
    return row


def _place(f: Finding, lang: str) -> str:
    parts = [position(f), i18n.native_label(f.native, lang)]
    if f.indicator:
        parts.append(f"[{f.indicator}]")
    if f.evidence.strip():
        parts.append(f"「{' '.join(f.evidence.split())[:60]}」")
    return " ".join(p for p in parts if p)


def _creation_date():
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else 315532800  # 1980-01-01, the zip entries' own date
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _finding_rows(result: RunResult, lang: str) -> Iterable[dict[str, Any]]:
    for g in iter_groups(result):
        for item in collapse(g.findings):
            row = _row(item.first, result.meta, lang)
            if len(item) > 1:
                row["count"] = len(item)
                row["indicator"] = None
                row["evidence"] = None
                row["places"] = "\n".join(_place(f, lang) for f in item.findings)
            yield row


def _form_rows(result: RunResult, lang: str) -> Iterable[dict[str, Any]]:
    for r in iter_form_rows(result):
        r["kind"] = i18n.kind(r["kind"], lang)
        yield r


def write(result: RunResult, out: IO[bytes], lang: str = i18n.DEFAULT_LANG, **_: Any) -> None:
    import xlsxwriter

    names = SHEETS.get(lang, SHEETS["zh"])
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    # a fixed creation date (SOURCE_DATE_EPOCH when set): the same run gives the same bytes
    wb.set_properties({"title": "nlp-audit findings", "comments": f"nlp-audit {tool_version(result)}",
                       "created": _creation_date()})
    header = wb.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    )
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    _table(wb.add_worksheet(names[0]), _FINDING_COLUMNS, _finding_rows(result, lang), lang, header,
           {"message", "evidence", "places"}, wrap)
    _summary_sheet(wb.add_worksheet(names[1]), result, header, lang)
    _table(wb.add_worksheet(names[2]), _FORM_COLUMNS, _form_rows(result, lang), lang, header, {"note"}, wrap)
    details = (_row(f, result.meta, lang) for f in result.iter_findings())
    _table(wb.add_worksheet(names[3]), _DETAIL_COLUMNS, details, lang, header, {"message", "evidence"}, wrap)
    wb.close()


_FACTS = {
    "zh": ("规则包", "文件", "表", "问题", "无法读取的文件", "规则", "名称", "合计", "原因", "跳过", "基线中未显示", "已抑制",
           "无法读取的文件名"),
    "en": ("Pack", "Files", "Forms", "Findings", "Unreadable files", "Rule", "Name", "Total", "Reason", "Skipped",
           "In baseline (not shown)", "Suppressed", "Unreadable file"),
}


def _summary_sheet(ws, result: RunResult, header, lang: str) -> None:
    words = _FACTS.get(lang, _FACTS["zh"])
    s = summary(result)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 6, 10)
    facts: list[tuple[str, Any]] = [
        (words[0], result.pack),
        (words[1], s["files"]),
        (words[2], s["forms"]),
        (words[3], s["findings"]),
        *((i18n.severity(sev, lang), n) for sev, n in s["by_severity"].items()),
        (words[4], len(s["unreadable_files"])),
    ]
    if s["skipped"]:
        facts.append((words[9], sum(s["skipped"].values())))
    if s["gate"]["baselined"]:
        facts.append((words[10], s["gate"]["baselined"]))
    if s["gate"]["suppressed"]:
        facts.append((words[11], s["gate"]["suppressed"]))
    for r, (label, value) in enumerate(facts):
        ws.write_string(r, 0, label, header)
        _put(ws, r, 1, value)
    top = len(facts) + 1
    titles = [words[5], words[6], *(i18n.severity(s_, lang) for s_ in SEVERITY_ORDER), words[7]]
    for c, title in enumerate(titles):
        ws.write_string(top, c, title, header)
    totals = result.totals
    counts: dict[str, dict[str, int]] = {}
    for (rule, severity), n in totals.by_rule_severity.items():
        counts.setdefault(rule, dict.fromkeys(SEVERITY_ORDER, 0))[severity] += n
    first = totals.first
    for r, code in enumerate(sorted(counts), start=top + 1):
        ws.write_string(r, 0, code)
        ws.write_string(r, 1, result.meta.rule(code, first[code]).title(lang))
        for c, sev in enumerate(SEVERITY_ORDER, start=2):
            ws.write_number(r, c, counts[code][sev])
        ws.write_number(r, 2 + len(SEVERITY_ORDER), sum(counts[code].values()))
    if s["unreadable_files"]:
        r = top + len(counts) + 2
        ws.write_string(r, 0, words[12], header)
        ws.write_string(r, 1, words[8], header)
        for i, u in enumerate(s["unreadable_files"], start=r + 1):
            ws.write_string(i, 0, u["path"])
            ws.write_string(i, 1, u["reason"])
