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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from .. import i18n
from ..findings import SEVERITY_RANK, Finding
from ..report.records import FormView, RunResult
from .common import (
    SEVERITY_ORDER,
    FormGroup,
    batch_group,
    collapse,
    file_groups,
    numbers,
    position,
    summary,
    tool_version,
)

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


@dataclass(slots=True)
class _Part:
    """One file's share of the page data; indices are run-wide (forms and findings before it counted)."""

    file: list[Any] | None
    forms: list[list[Any]] = field(default_factory=list)
    findings: list[list[Any]] = field(default_factory=list)
    rows: list[list[int]] = field(default_factory=list)


def _part(fi: int, file: list[Any] | None, views: list[FormView], groups: list[FormGroup], form_base: int,
          finding_base: int, lang: str) -> _Part:
    part = _Part(file)
    ref_of: dict[int, int] = {}
    for view in views:
        ref_of[view.index] = form_base + len(part.forms)
        part.forms.append([fi, view.index, view.project or "", view.department or view.unit or "", view.kind,
                           view.year, view.grade or "", view.total_score, view.indicators, 0, view.detail])
    for g in groups:
        ref = ref_of.get(g.form, -1) if g.form is not None else -1
        if ref >= 0:
            part.forms[ref - form_base][9] = len(g.findings)
        for item in collapse(g.findings):
            part.rows.append([finding_base + len(part.findings), len(item)])
            for f in item.findings:
                part.findings.append([fi, ref, f.rule, _SEV_INDEX[f.severity], f.indicator or "", f.evidence,
                                      f.message, position(f), i18n.native_label(f.native, lang),
                                      _numbers_text(f, lang), _anchor(f.anchor)])
    return part


def _parts(result: RunResult, lang: str) -> Iterator[_Part]:
    """The page data file by file (the batch's findings last), read from the run's records one at a time."""
    form_base = finding_base = 0
    for fi, fr in enumerate(result.files):
        part = _part(fi, [fr.path, fr.unreadable], fr.forms, file_groups(fr), form_base, finding_base, lang)
        form_base += len(part.forms)
        finding_base += len(part.findings)
        yield part
    batch = batch_group(result)
    if batch is not None:
        yield _part(-1, None, [], [batch], form_base, finding_base, lang)


def _head(result: RunResult, lang: str) -> dict[str, Any]:
    first = result.totals.first
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
    }


_ARRAYS = ("files", "forms", "findings", "rows")


def data(result: RunResult, lang: str) -> dict[str, Any]:
    """The page's data: files, forms (with their parsed detail), findings grouped for display."""
    out: dict[str, Any] = {**_head(result, lang), **{key: [] for key in _ARRAYS}}
    for part in _parts(result, lang):
        if part.file is not None:
            out["files"].append(part.file)
        out["forms"].extend(part.forms)
        out["findings"].extend(part.findings)
        out["rows"].extend(part.rows)
    return out


def _write_data(out: IO[bytes], result: RunResult, lang: str) -> None:
    """``_dumps(data(result, lang))``, written one file at a time: one pass over the records per array."""
    head = _dumps(_head(result, lang))
    out.write(head[:-1].encode("utf-8"))  # without its closing brace
    for key in _ARRAYS:
        out.write(f',"{key}":['.encode())
        n = 0
        for part in _parts(result, lang):
            items = ([part.file] if part.file is not None else []) if key == "files" else getattr(part, key)
            for item in items:
                out.write((b"," if n else b"") + _dumps(item).encode("utf-8"))
                n += 1
        out.write(b"]")
    out.write(b"}")


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
    for (rule, severity), n in result.totals.by_rule_severity.items():
        by_family.setdefault(rule[0], [0, 0, 0])[_SEV_INDEX[severity]] += n
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


_DATA = "\x00nlp-audit-page-data\x00"  # where the data goes in the rendered template


def write(result: RunResult, out: IO[bytes], lang: str = i18n.DEFAULT_LANG, **_: Any) -> None:
    """The page: the template around the data, the data written one file at a time (never one string)."""
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
        data_json=_DATA,
        severity_rank=SEVERITY_RANK,
    )
    before, after = page.split(_DATA)
    out.write(before.encode("utf-8"))
    _write_data(out, result, lang)
    out.write(after.encode("utf-8"))
