"""Layout: turn the text of one input file into Forms. The only place that knows column orders.

Public API:
    parse_text(text: str, path: str = "") -> ParsedFile

Flow: forms.split_forms -> per form: scan.scan_labels (one pass) -> header / funds / narratives
(label to next label) -> the indicator table, read from its cells: table (where it is) -> stream
(cells of any layout) -> celltypes (what each cell holds) -> decode (column order, with detached value
runs cut one tuple per name by detached; rows; roles weigh a cell for a column) -> rows (indicators)
-> projects (one form per project of a shared table); prose
(sentences of a report) -> problems (P001-P004).
"""

from __future__ import annotations

import re

from ..model import Form, ParsedFile, ParseProblem, Source
from .forms import split_forms
from .funds import read_funds
from .header import read_header
from .lexicon import lex
from .narratives import is_narrative_label, read_narratives_ex
from .notes import read_notes
from .problems import drop_placeholder_rows, merge_adjacent_placeholders
from .projects import split_by_project
from .prose import fill_from_prose, prints_table
from .report_title import report_project
from .scan import Doc, scan_labels
from .table import find_table, find_table_by_content, is_placeholder, read_table_projects

__all__ = ["clear_caches", "parse_text"]

_TOTAL_NUM = re.compile(r"(\d+(?:\.\d+)?)")
_LE100 = re.compile(r"100(?:\.0+)?|[1-9]?\d(?:\.\d+)?")
_TOTAL_LEAD = re.compile(r"[\s|:：(（分)）]*((?:\d+(?:\.\d+)?\s*分?[\s|]*){1,3})")


def parse_text(text: str, path: str = "") -> ParsedFile:
    """Parse the text of one file; never raises on bad input (problems become ParseProblems)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    pf = ParsedFile(path=path, text=text)
    if not text.strip():
        pf.errors.append(ParseProblem("P001", "文件为空", evidence=""))
        return pf
    doc = Doc.of(text)
    for seg in split_forms(doc):
        for form in _parse_form(doc, seg, path):
            form.index = len(pf.forms)
            form.problems = merge_adjacent_placeholders(form.problems, text)
            pf.forms.append(form)
    return pf


def clear_caches() -> None:
    """Drop the per-text caches (cell kinds, folded keys); for benchmarks and long-lived processes."""
    from .cells import _KINDS

    _KINDS.clear()
    lex()._keys.clear()


def _kind(doc: Doc, seg, table_cols: list[str] | None, labels) -> str:
    if seg.kind:
        return seg.kind
    if table_cols is not None and not any(c in table_cols for c in ("actual", "score")):
        return "declaration"
    if _is_report(doc, seg, labels):
        return "other"
    return "self_evaluation"


def _is_report(doc: Doc, seg, labels) -> bool:
    """An untitled prose report (自评报告 excerpt, real-dev 056): none of a form's header, funds or
    narrative labels, and several report phrases ("得分原因", "本项目满分")."""
    if any(lb.family in ("header", "ftotal") or is_narrative_label(doc, lb) for lb in labels):
        return False
    cues = lex().raw.get("report_cues") or {}
    words = cues.get("words") or []
    if not words:
        return False
    key = doc.compact_text(seg.start, seg.end)
    return sum(1 for w in words if lex().fold_key(w) in key) >= int(cues.get("min", 3))


def _parse_form(doc: Doc, seg, path: str) -> list[Form]:
    """The form(s) of one segment: one, or one per project when its table is shared by several."""
    a, b = seg.start, seg.end
    labels = scan_labels(doc, a, b)
    if not labels:
        if seg.kind == "other" and doc.raw[a:b].strip():
            # a titled prose report (自评报告) with none of a form's labels: still a form, whose narrative
            # checks read the whole text, and whose sentences state its indicators and funds
            form = Form(kind="other", title=seg.title, path=path, text=doc.raw[a:b], text_offset=a)
            fill_from_prose(form, form.text, a, doc.line_of(a) + 1)
            _report_project(form)
            return [form]
        if find_table_by_content(doc, labels, a, b) is None:
            return []  # (a titled table none of whose labels the lexicon knows is still read below)
    kind0 = seg.kind or "self_evaluation"
    table = find_table(doc, labels, a, b, kind0) or find_table_by_content(doc, labels, a, b)
    kind = _kind(doc, seg, table.cols if table else None, labels)
    stop = table.header_start if table else b
    form = Form(kind=kind, title=seg.title, path=path, text=doc.raw[a:b], text_offset=a)
    header, problems = read_header(doc, labels, a, b, stop)
    form.project, form.department, form.unit, form.year = (header[k] for k in ("project", "department", "unit", "year"))
    form.problems.extend(problems)
    funds, unit, fprob = read_funds(doc, labels, stop, kind)
    form.funds, form.funds_unit_in_source = funds, unit
    form.problems.extend(fprob)
    goal, actual, seen, _narr_end = read_narratives_ex(doc, labels, stop)
    form.goal, form.actual = goal, actual
    groups: list = []
    if table is not None:
        inds, tprob, groups = read_table_projects(doc, table, kind)
        inds, empty_rows = drop_placeholder_rows(inds, is_placeholder, doc.raw)
        tprob = [*tprob, *empty_rows]
        form.indicators = inds
        form.problems.extend(tprob)
        if not seg.kind and not table.cols and inds and kind == "declaration" \
                and any(i.actual.text or i.score is not None for i in inds):
            form.kind = "self_evaluation"  # a table found by its content: its rows say whether results are in
        form.layout = _layout_name(doc, table.start, table.end)
        _totals(doc, labels, table.start, b, form, table.cols)
        _cell_problems(form)
    if kind == "other" or not prints_table(form.text, a, labels):
        # a prose report: its statements are sentences (and a form read only from sentences is a report)
        if fill_from_prose(form, form.text, a, doc.line_of(a) + 1) and not seg.kind:
            form.kind = "other"
    _report_project(form)
    _form_problems(doc, form, labels, seen, a, b)
    form.notes = read_notes(form.text, a, doc.line_of(a) + 1)
    if len(groups) > 1:
        return split_by_project(doc, form, groups, labels, stop)
    return [form]


def _report_project(form: Form) -> None:
    """A prose report with no 项目名称 cell names its project in its title lines."""
    if form.kind == "other" and form.project is None:
        hit = report_project(form.text)
        if hit is not None:
            form.project = hit[0]


def _layout_name(doc: Doc, a: int, b: int) -> str:
    body = doc.raw[a:b]
    if "\t" in body:
        return "tabbed"
    lines = [ln for ln in body.split("\n") if ln.strip()]
    if lines and sum(ln.count("|") for ln in lines) >= len(lines):
        return "pipe-per-cell" if all(ln.count("|") <= 1 for ln in lines) else "pipe"
    if any(doc.is_fused_line(doc.line_of(a + body.find(ln))) for ln in lines[:5]):
        return "fused"
    if lines and sum(1 for ln in lines if len(ln.split()) <= 1) > 0.7 * len(lines):
        return "cell-per-line"
    return "spaced"


def _totals(doc: Doc, labels, a: int, b: int, form: Form, cols: list[str]) -> None:
    """总分 / 合计 (and 评分等级) after the table; a 自评总分 printed in the header when none follows it.

    Only the numbers right after the label count ("总分99.6偏差大…备注:1." is 99.6, not 99.6 and 1).
    Two numbers are 分值 then 得分. A lone number after 合计 in a table with a 分值 column is the
    weight total (Sichuan prints "合计 | 100 |" with the 得分 cell left blank), else it is the score.
    """
    lx = lex()
    tl = [lb for lb in labels if lb.family == "total" and a <= lb.start < b]
    if not tl:
        tl = [lb for lb in labels if lb.family == "total" and lb.start < a and lb.key.startswith("自评总分")]
    for lb in tl:
        m = _TOTAL_LEAD.match(doc.raw, lb.end, min(b, lb.end + 80))
        nums = _TOTAL_NUM.findall(m.group(1)) if m else []
        if not nums:
            continue
        if len(nums) == 1 and len(nums[0]) > 3 and nums[0].startswith("100") and _LE100.fullmatch(nums[0][3:]):
            nums = ["100", nums[0][3:]]  # fused "总分10095": 分值 100, 得分 95
        if len(nums) >= 2:
            form.total_weight, form.total_score = float(nums[0]), float(nums[1])
        elif lb.key == "合计" and "weight" in cols:
            form.total_weight = float(nums[0])
        else:
            form.total_score = float(nums[0])
        form.total_source = Source(start=lb.start, end=lb.end, line=lb.line + 1)
        break
    for lb in labels:
        if lb.start < a or lb.family != "grade":
            continue
        nxt = lx.fold_key(doc.raw[lb.end : min(b, lb.end + 20)])
        g = next((g for g in lx.grades if nxt.startswith(g)), None)
        if g is not None:
            form.grade = g
            form.grade_source = Source(start=lb.start, end=lb.end, line=lb.line + 1)
            break


def _cell_problems(form: Form) -> None:
    for ind in form.indicators:
        for cv in (ind.target, ind.actual):
            if cv.garbled or cv.unread:
                ev, src = cv.text, cv.source
                if ind.name_source and src and src.start is not None and src.end is not None:
                    # quote a little of the row before the cell so the auditor sees which row it is
                    start = max(ind.name_source.start, src.start - 10)
                    ev = form.text[start - form.text_offset : src.end - form.text_offset]
                    moved = form.text.count("\n", start - form.text_offset, src.start - form.text_offset)
                    line = src.line - moved if src.line is not None else None
                    src = Source(path=src.path, start=start, end=src.end, line=line)
                form.problems.append(ParseProblem("P003", f"指标值无法按原文读取: {cv.text}", evidence=ev,
                                                  field="indicator", indicator=ind.name, source=src))


def _form_problems(doc: Doc, form: Form, labels, seen_narr: bool, a: int, b: int) -> None:
    lx = lex()
    body = doc.raw[a:b]
    # P004: template prompts left in narratives or notes
    key = doc.compact_text(a, b)
    for pr in lx.prompts:
        if pr in key:
            hit = doc.compact_find(a, b, pr)
            ev = doc.raw[hit[0] : hit[1]] if hit else pr
            form.problems.append(ParseProblem("P004", "模板提示文字未替换", evidence=ev, field="form"))
    # P001: form-looking text with nothing extracted
    if not form.indicators and form.project is None and not form.funds:
        form.problems.append(ParseProblem("P001", "看起来是绩效表,但无法提取字段或指标表", evidence=body.strip()[:60]))
        return
    truncated = b >= len(doc.raw) and len(doc.raw) > 1500
    if not form.indicators and not any(p.code == "P001" and p.field == "indicator" for p in form.problems):
        if form.kind != "other" and any(lb.family == "tcol" for lb in labels):  # a report's 完成情况 is prose
            ev = _first_table_text(doc, labels, b)
            form.problems.append(ParseProblem("P001", "指标表无法提取(行内容不可辨认)", evidence=ev, field="indicator"))
        elif not truncated and form.kind != "other":  # a report (自评报告) states its results in prose
            form.problems.append(ParseProblem("P002", "缺少绩效指标表", field="indicator"))
    if form.kind == "self_evaluation" and not truncated:
        scored = any(i.weight is not None or i.score is not None for i in form.indicators)
        if form.total_score is None and form.total_source is None and scored:  # no 分值/得分 column: no total
            form.problems.append(ParseProblem("P002", "缺少总分", field="form"))
        if seen_narr is False and form.indicators:
            form.problems.append(ParseProblem("P002", "缺少预期目标/实际完成情况", field="goal"))
        elif seen_narr and form.indicators and form.layout == "tabbed":
            # labels printed, cell left blank; only where cells are delimited: in fused or wrapped text an
            # empty narrative is more often a reading failure than a blank cell
            if not form.goal:
                form.problems.append(ParseProblem("P002", "预期目标为空", field="goal"))
            if not form.actual:
                form.problems.append(ParseProblem("P002", "实际完成情况为空", field="actual"))


def _first_table_text(doc: Doc, labels, b: int) -> str:
    for lb in labels:
        if lb.family == "tcol" and lb.name in ("target", "weight", "actual"):
            seg = doc.raw[lb.end : min(b, lb.end + 200)]
            m = re.search(r"[\u4e00-\u9fff]+指标\d{3,}", seg)
            if m:
                return m.group(0)
            return seg.strip()[:40]
    return ""
