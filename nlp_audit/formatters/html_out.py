"""`--format html`: one self-contained, offline page for an auditor's batch (jinja2 template).

The page holds an overview (counts, findings by family and severity, by department, grade spread,
as small inline SVG charts drawn here), a findings table with filters (severity, family, rule,
department, form), text search, sort and paging, a forms list, and a per-form view that draws the
parsed form - funds, narratives, indicator table - with each finding highlighted in place (the
cell, the sentence). The data is embedded once as JSON and rendered on demand by a small vanilla
script (no CDN, no framework), so a 5,000-form batch stays usable. A rule that fires several times
on one form is one table row with a count. Chinese by default, English with ``lang="en"``.

Everything from the input is escaped: the JSON with ``<``/``>``/``&`` as \\u escapes, the rest by
jinja2's autoescape; the script builds the DOM with textContent.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import i18n
from ..findings import SEVERITY_RANK, Finding
from ..report.records import RunResult
from .common import SEVERITY_ORDER, collapse, groups, numbers, position, summary, tool_version

TEMPLATES = Path(__file__).resolve().parent / "templates"
_SEV_INDEX = {name: i for i, name in enumerate(SEVERITY_ORDER)}  # error 0, warning 1, info 2
GRADES = ("优", "良", "中", "差")

UI = {
    "zh": {
        "title": "绩效表审核报告", "overview": "概览", "findings": "问题", "forms": "各表", "form": "表详情",
        "files": "文件", "forms_n": "张表", "findings_n": "个问题", "unreadable": "无法读取", "pack": "规则包",
        "by_family": "按类别与级别", "by_department": "按部门(前15)", "grades": "评分等级分布", "no_grade": "无等级",
        "severity": "级别", "family": "类别", "rule": "规则", "department": "部门", "all": "全部",
        "search": "搜索(说明、证据、项目、指标、文件)", "count": "次数", "where": "位置", "message": "说明",
        "evidence": "证据", "project": "项目", "indicator": "指标", "file": "文件", "shown": "共 {n} 条",
        "prev": "上一页", "next": "下一页", "page": "第 {p} / {n} 页", "open": "查看",
        "funds": "资金(万元)", "goal": "预期目标", "actual": "实际完成情况", "table": "绩效指标",
        "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值",
        "actual_v": "实际完成值", "weight": "分值", "score": "得分", "reason": "偏差原因",
        "f_label": "项目", "f_bi": "年初预算数", "f_bf": "全年预算数", "f_ex": "全年执行数", "f_w": "分值",
        "f_rate": "执行率", "f_score": "得分", "total": "总分", "grade": "等级", "this_form": "本表问题",
        "back": "返回问题列表", "batch": "批次", "none": "(无)", "kind": "类型", "year": "年度",
        "no_place": "该问题在表中没有对应位置,证据如下", "skipped": "已跳过", "baselined": "基线中未显示",
        "suppressed": "已抑制", "sort": "点击表头排序", "n_forms_filter": "表",
    },
    "en": {
        "title": "Performance form audit report", "overview": "Overview", "findings": "Findings", "forms": "Forms",
        "form": "Form", "files": "files", "forms_n": "forms", "findings_n": "findings", "unreadable": "unreadable",
        "pack": "pack", "by_family": "By family and severity", "by_department": "By department (top 15)",
        "grades": "Grades", "no_grade": "no grade", "severity": "Severity", "family": "Family", "rule": "Rule",
        "department": "Department", "all": "All", "search": "Search (message, evidence, project, indicator, file)",
        "count": "Count", "where": "Where", "message": "Message", "evidence": "Evidence", "project": "Project",
        "indicator": "Indicator", "file": "File", "shown": "{n} shown", "prev": "Previous", "next": "Next",
        "page": "page {p} of {n}", "open": "open", "funds": "Funds (10k yuan)", "goal": "Goal",
        "actual": "Results", "table": "Indicators", "level1": "Level 1", "level2": "Level 2", "name": "Indicator",
        "target": "Target", "actual_v": "Actual", "weight": "Weight", "score": "Score", "reason": "Deviation reason",
        "f_label": "Row", "f_bi": "Initial budget", "f_bf": "Full-year budget", "f_ex": "Executed", "f_w": "Weight",
        "f_rate": "Rate", "f_score": "Score", "total": "Total", "grade": "Grade", "this_form": "Findings of this form",
        "back": "Back to findings", "batch": "batch", "none": "(none)", "kind": "Kind", "year": "Year",
        "no_place": "This finding has no place in the parsed form; its evidence:", "skipped": "skipped",
        "baselined": "in baseline, not shown", "suppressed": "suppressed", "sort": "click a header to sort",
        "n_forms_filter": "Form",
    },
}


def _dumps(value: Any) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' can close the element or start markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _anchor(a: dict[str, Any] | None) -> list[Any] | None:
    if not a:
        return None
    part = a["part"]
    if part in ("ind", "funds"):
        return [part, a["row"], a.get("cells", [])]
    if part in ("goal", "actual"):
        return [part, a["start"], a["end"]]
    return [part]


def _numbers_text(f: Finding, lang: str) -> str:
    return " · ".join(f"{i18n.t(key, lang)} {text}" for key, text in numbers(f))


def data(result: RunResult, lang: str) -> dict[str, Any]:
    """The page's data: files, forms (with their parsed detail), findings grouped for display."""
    files: list[list[Any]] = []
    forms: list[list[Any]] = []
    form_ref: dict[tuple[int, int], int] = {}
    for i, fr in enumerate(result.files):
        files.append([fr.path, fr.unreadable])
        for view in fr.forms:
            form_ref[(i, view.index)] = len(forms)
            forms.append([i, view.index, view.project or "", view.department or view.unit or "", view.kind,
                          view.year, view.grade or "", view.total_score, view.indicators, 0, view.detail])
    file_index = {fr.path: i for i, fr in enumerate(result.files)}
    findings: list[list[Any]] = []
    rows: list[list[int]] = []
    for g in groups(result):
        fi = file_index.get(g.path, -1) if not g.is_batch else -1
        ref = form_ref.get((fi, g.form), -1) if g.form is not None else -1
        if ref >= 0:
            forms[ref][9] = len(g.findings)
        for item in collapse(g.findings):
            rows.append([len(findings), len(item)])
            for f in item.findings:
                findings.append([fi, ref, f.rule, _SEV_INDEX[f.severity], f.indicator or "", f.evidence,
                                 f.message, position(f), i18n.native_label(f.native, lang), _numbers_text(f, lang),
                                 _anchor(f.anchor)])
    first: dict[str, Finding] = {}
    for f in result.findings:
        first.setdefault(f.rule, f)
    rules = {code: [result.meta.rule(code, first.get(code)).title(lang),
                    result.meta.rule(code, first.get(code)).summary_in(lang)]
             for code in sorted(set(result.meta.rules) | set(first))}
    return {
        "lang": lang,
        "ui": UI[lang],
        "severities": [i18n.severity(s, lang) for s in SEVERITY_ORDER],
        "families": {code: i18n.family(code, lang) for code in "PFSADCGB"},
        "kinds": i18n.KIND[lang],
        "rules": rules,
        "files": files,
        "forms": forms,
        "findings": findings,
        "rows": rows,
    }


def _bars(items: list[tuple[str, list[int]]], colours: list[str], width: int = 520) -> dict[str, Any]:
    """Geometry of a horizontal stacked bar chart (label, [value per series]) for the template."""
    top = max((sum(v) for _, v in items), default=0) or 1
    label_w, bar_w, row_h = 150, width - 150 - 50, 22
    bars = []
    for r, (label, values) in enumerate(items):
        x = label_w
        segments = []
        for value, colour in zip(values, colours, strict=False):
            w = value / top * bar_w
            if value:
                segments.append({"x": round(x, 1), "w": round(max(w, 1), 1), "colour": colour, "value": value})
            x += w
        bars.append({"y": r * row_h, "label": label, "segments": segments, "total": sum(values),
                     "end": round(x + 4, 1)})
    return {"width": width, "height": len(items) * row_h + 4, "label_w": label_w, "bars": bars}


SEV_COLOURS = ["#b00020", "#d4a72c", "#0b6e99"]


def overview(result: RunResult, lang: str) -> dict[str, Any]:
    """Aggregates drawn as SVG in the page (server side: the overview shows before any script runs)."""
    s = summary(result)
    by_family: dict[str, list[int]] = {}
    for f in result.findings:
        row = by_family.setdefault(f.rule[0], [0, 0, 0])
        row[_SEV_INDEX[f.severity]] += 1
    order = [c for c in "PFSADCGB" if c in by_family]
    family_chart = _bars([(f"{c} {i18n.family(c, lang)}", by_family[c]) for c in order], SEV_COLOURS)

    dept_counts: dict[str, list[int]] = {}
    grades: Counter[str] = Counter()
    for fr in result.files:
        for view in fr.forms:
            grades[view.grade if view.grade in GRADES else ""] += 1
        views = {v.index: v for v in fr.forms}
        for f in fr.findings:
            if f.form is None:
                continue
            view = views.get(f.form)
            dept = (view.department or view.unit) if view is not None else None
            row = dept_counts.setdefault(dept or UI[lang]["none"], [0, 0, 0])
            row[_SEV_INDEX[f.severity]] += 1
    top_depts = sorted(dept_counts.items(), key=lambda kv: (-sum(kv[1]), kv[0]))[:15]
    dept_chart = _bars(top_depts, SEV_COLOURS)
    grade_items = [(g, [grades.get(g, 0)]) for g in GRADES] + [(UI[lang]["no_grade"], [grades.get("", 0)])]
    grade_chart = _bars(grade_items, ["#4a7bb7"], width=420)
    return {"summary": s, "family_chart": family_chart, "dept_chart": dept_chart, "grade_chart": grade_chart,
            "legend": list(zip([i18n.severity(x, lang) for x in SEVERITY_ORDER], SEV_COLOURS, strict=True))}


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(result: RunResult, lang: str = i18n.DEFAULT_LANG, **_: Any) -> bytes:
    env = _environment()
    page = env.get_template("report.html.j2").render(
        lang=lang,
        ui=UI[lang],
        tool=tool_version(result),
        pack=result.pack,
        ov=overview(result, lang),
        severity_names={s: i18n.severity(s, lang) for s in SEVERITY_ORDER},
        summary_line=i18n.summary_line(summary(result), lang),
        css=(TEMPLATES / "report.css").read_text("utf-8"),
        script=(TEMPLATES / "report.js").read_text("utf-8"),
        data_json=_dumps(data(result, lang)),
        severity_rank=SEVERITY_RANK,
    )
    return page.encode("utf-8")
