"""`--format xlsx`: the auditors' workbook - Findings, Summary and Forms sheets.

Findings: one row per finding, frozen header, autofilter, wrapped message/evidence columns.
Summary: the run's numbers and a table per rule x severity. Forms: one row per form with its
finding counts - what auditors sort to decide which forms to open first.
Every text goes through ``write_string`` so evidence such as '=100.00(%)' is never a formula.
"""

from __future__ import annotations

import io
from typing import Any

from .common import SEVERITY_ORDER, form_rows, scalar, summary, tool_version

_FINDING_COLUMNS = (
    ("path", "文件 path", 28),
    ("form", "表 form", 7),
    ("project", "项目 project", 26),
    ("severity", "级别 severity", 10),
    ("rule", "规则 rule", 8),
    ("name", "名称 name", 24),
    ("field", "部位 field", 10),
    ("indicator", "指标 indicator", 22),
    ("line", "行 line", 7),
    ("message", "说明 message", 50),
    ("evidence", "证据 evidence", 50),
    ("expected", "应为 expected", 12),
    ("actual", "实际 actual", 12),
    ("formula", "公式 formula", 24),
    ("fingerprint", "指纹 fingerprint", 18),
)
_FORM_COLUMNS = (
    ("path", "文件 path", 28),
    ("form", "表 form", 7),
    ("project", "项目 project", 30),
    ("kind", "类型 kind", 14),
    ("department", "主管部门", 18),
    ("unit", "实施单位", 18),
    ("year", "年度 year", 8),
    ("indicators", "指标数 indicators", 10),
    ("total_score", "总分 total", 9),
    ("grade", "等级 grade", 8),
    ("findings", "问题数 findings", 10),
    ("error", "error", 8),
    ("warning", "warning", 8),
    ("info", "info", 8),
    ("rules", "规则 rules", 30),
    ("note", "备注 note", 40),
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


def _table(ws, columns, rows: list[dict], header_fmt, wrap_cols: set[str], wrap_fmt) -> None:
    for c, (_, title, width) in enumerate(columns):
        ws.write_string(0, c, title, header_fmt)
        ws.set_column(c, c, width, wrap_fmt if columns[c][0] in wrap_cols else None)
    for r, row in enumerate(rows, start=1):
        for c, (key, _, _) in enumerate(columns):
            _put(ws, r, c, row.get(key), wrap_fmt if key in wrap_cols else None)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


def _creation_date():
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else 315532800  # 1980-01-01, the zip entries' own date
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def render(result: Any, **_: Any) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    # a fixed creation date (SOURCE_DATE_EPOCH when set): the same run gives the same bytes
    wb.set_properties({"title": "nlp-audit findings", "comments": f"nlp-audit {tool_version()}",
                       "created": _creation_date()})
    header = wb.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    )
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    ws = wb.add_worksheet("Findings")
    rows = []
    for f in result.findings:
        row = f.to_json()
        row["expected"] = f.expected if isinstance(f.expected, (int, float)) else scalar(f.expected)
        row["actual"] = f.actual if isinstance(f.actual, (int, float)) else scalar(f.actual)
        rows.append(row)
    _table(ws, _FINDING_COLUMNS, rows, header, {"message", "evidence"}, wrap)

    _summary_sheet(wb.add_worksheet("Summary"), result, header)

    ws = wb.add_worksheet("Forms")
    _table(ws, _FORM_COLUMNS, form_rows(result), header, {"note"}, wrap)

    wb.close()
    return buf.getvalue()


def _summary_sheet(ws, result: Any, header) -> None:
    from ..checks.registry import get_spec

    s = summary(result)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 6, 10)
    facts = [
        ("规则包 pack", result.pack),
        ("文件 files", s["files"]),
        ("表 forms", s["forms"]),
        ("问题 findings", s["findings"]),
        *((f"{sev}", n) for sev, n in s["by_severity"].items()),
        ("无法读取 unreadable files", len(s["unreadable_files"])),
        *((("跳过 skipped special files", len(s["skipped_files"])),) if s["skipped_files"] else ()),
    ]
    for r, (label, value) in enumerate(facts):
        ws.write_string(r, 0, label, header)
        _put(ws, r, 1, value)
    top = len(facts) + 1
    titles = ["规则 rule", "名称 name", *SEVERITY_ORDER, "合计 total"]
    for c, title in enumerate(titles):
        ws.write_string(top, c, title, header)
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for f in result.findings:
        counts.setdefault(f.rule, dict.fromkeys(SEVERITY_ORDER, 0))[f.severity] += 1
        names.setdefault(f.rule, f.name)
    for r, code in enumerate(sorted(counts), start=top + 1):
        spec = get_spec(code)
        ws.write_string(r, 0, code)
        ws.write_string(r, 1, names[code] or (spec.name if spec else ""))
        for c, sev in enumerate(SEVERITY_ORDER, start=2):
            ws.write_number(r, c, counts[code][sev])
        ws.write_number(r, 2 + len(SEVERITY_ORDER), sum(counts[code].values()))
    if s["unreadable_files"]:
        r = top + len(counts) + 2
        ws.write_string(r, 0, "无法读取 unreadable", header)
        ws.write_string(r, 1, "原因 reason", header)
        for i, u in enumerate(s["unreadable_files"], start=r + 1):
            ws.write_string(i, 0, u["path"])
            ws.write_string(i, 1, u["reason"])
