"""Layout: turn the text of one input file into Forms. The only place that knows column orders.

Public API:
    parse_text(text: str, path: str = "") -> ParsedFile

Flow: forms.split_forms -> per form: scan.scan_labels (one pass) -> header / funds / narratives
(label to next label) -> table.find_table + table.parse_rows (cells, line machine, column
assignment, category re-attachment) -> problems (P001-P004).
"""

from __future__ import annotations

import re

from ..model import Form, ParsedFile, ParseProblem, Source
from .forms import split_forms
from .funds import read_funds
from .header import read_header, read_narratives
from .lexicon import lex
from .scan import Doc, scan_labels
from .table import find_table, parse_rows

__all__ = ["parse_text"]

_TOTAL_NUM = re.compile(r"(\d+(?:\.\d+)?)")


def parse_text(text: str, path: str = "") -> ParsedFile:
    """Parse the text of one file; never raises on bad input (problems become ParseProblems)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    pf = ParsedFile(path=path, text=text)
    if not text.strip():
        pf.errors.append(ParseProblem("P001", "文件为空", evidence=""))
        return pf
    doc = Doc.of(text)
    for seg in split_forms(doc):
        form = _parse_form(doc, seg, path)
        if form is None:
            continue
        form.index = len(pf.forms)
        pf.forms.append(form)
    return pf


def _kind(doc: Doc, seg, table_cols: list[str] | None) -> str:
    if seg.kind:
        return seg.kind
    if table_cols is not None and not any(c in table_cols for c in ("actual", "score")):
        return "declaration"
    return "self_evaluation"


def _parse_form(doc: Doc, seg, path: str) -> Form | None:
    a, b = seg.start, seg.end
    labels = scan_labels(doc, a, b)
    if not labels:
        return None
    kind0 = seg.kind or "self_evaluation"
    table = find_table(doc, labels, a, b, kind0)
    kind = _kind(doc, seg, table.cols if table else None)
    stop = table.header_start if table else b
    form = Form(kind=kind, title=seg.title, path=path, text=doc.raw[a:b], text_offset=a)
    header, problems = read_header(doc, labels, a, b, stop)
    form.project, form.department, form.unit, form.year = (header[k] for k in ("project", "department", "unit", "year"))
    form.problems.extend(problems)
    funds, unit, fprob = read_funds(doc, labels, stop, kind)
    form.funds, form.funds_unit_in_source = funds, unit
    form.problems.extend(fprob)
    goal, actual, seen = read_narratives(doc, labels, stop)
    form.goal, form.actual = goal, actual
    if table is not None:
        inds, tprob = parse_rows(doc, table, kind)
        form.indicators = inds
        form.problems.extend(tprob)
        form.layout = _layout_name(doc, table.start, table.end)
        _totals(doc, labels, table.start, b, form)
        _cell_problems(form)
    _form_problems(doc, form, labels, seen, a, b)
    return form


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


def _totals(doc: Doc, labels, a: int, b: int, form: Form) -> None:
    lx = lex()
    for lb in labels:
        if lb.start < a:
            continue
        if lb.family == "total" and form.total_score is None:
            nxt = doc.raw[lb.end : min(b, lb.end + 60)]
            nums = _TOTAL_NUM.findall(nxt.split("\n偏差")[0].split("\n评")[0].split("注")[0])
            if not nums:
                continue
            line_nums = _TOTAL_NUM.findall(nxt.split("\n")[0]) if nxt.split("\n")[0].strip() else nums
            nums = line_nums or nums
            if len(nums) >= 2 and "\t" in nxt.split("\n")[0] or len(nums) >= 2 and "|" not in nxt[:3]:
                form.total_weight, form.total_score = float(nums[0]), float(nums[1])
            elif len(nums) == 1 or "分" in nxt[:8]:
                form.total_score = float(nums[0])
            else:
                form.total_weight, form.total_score = float(nums[0]), float(nums[1])
            if len(nums[0]) == 6 and nums[0] == "100100":
                form.total_weight, form.total_score = 100.0, 100.0
            form.total_source = Source(start=lb.start, end=lb.end, line=lb.line + 1)
        if lb.family == "grade" and form.grade is None:
            nxt = lx.fold_key(doc.raw[lb.end : min(b, lb.end + 20)])
            for g in lx.grades:
                if nxt.startswith(g):
                    form.grade = g
                    form.grade_source = Source(start=lb.start, end=lb.end, line=lb.line + 1)
                    break


def _cell_problems(form: Form) -> None:
    for ind in form.indicators:
        for cv in (ind.target, ind.actual):
            if cv.garbled or cv.unread:
                ev = cv.text
                if ind.name_source and cv.source and cv.source.start is not None:
                    ev = form.text[max(ind.name_source.start, cv.source.start - 10) - form.text_offset:
                                   cv.source.end - form.text_offset]
                form.problems.append(ParseProblem("P003", f"指标值无法按原文读取: {cv.text}", evidence=ev,
                                                  field="indicator", indicator=ind.name, source=cv.source))


def _form_problems(doc: Doc, form: Form, labels, seen_narr: bool, a: int, b: int) -> None:
    lx = lex()
    body = doc.raw[a:b]
    # P004: template prompts left in narratives or notes
    key = doc.compact_text(a, b)
    for pr in lx.prompts:
        if pr in key:
            idx = _find_raw(body, pr)
            form.problems.append(ParseProblem("P004", "模板提示文字未替换", evidence=idx or pr, field="form"))
    # P001: form-looking text with nothing extracted
    if not form.indicators and form.project is None and not form.funds:
        form.problems.append(ParseProblem("P001", "看起来是绩效表,但无法提取字段或指标表", evidence=body.strip()[:60]))
        return
    truncated = b >= len(doc.raw) and len(doc.raw) > 1500
    if not form.indicators:
        if any(lb.family == "tcol" for lb in labels):
            ev = _first_table_text(doc, labels, b)
            form.problems.append(ParseProblem("P001", "指标表无法提取(行内容不可辨认)", evidence=ev, field="indicator"))
        elif not truncated:
            form.problems.append(ParseProblem("P002", "缺少绩效指标表", field="indicator"))
    if form.kind == "self_evaluation" and not truncated:
        if form.total_score is None and form.indicators:
            form.problems.append(ParseProblem("P002", "缺少总分", field="form"))
        if seen_narr is False and form.indicators:
            form.problems.append(ParseProblem("P002", "缺少预期目标/实际完成情况", field="goal"))


def _first_table_text(doc: Doc, labels, b: int) -> str:
    for lb in labels:
        if lb.family == "tcol" and lb.name in ("target", "weight", "actual"):
            seg = doc.raw[lb.end : min(b, lb.end + 200)]
            m = re.search(r"[\u4e00-\u9fff]+指标\d{3,}", seg)
            if m:
                return m.group(0)
            return seg.strip()[:40]
    return ""


def _find_raw(body: str, key: str) -> str | None:
    """Raw text of a prompt (the folded key may differ from the raw by width/punctuation)."""
    probe = key[:6]
    for i in range(len(body)):
        if lex().fold_key(body[i : i + 8]).startswith(probe[:4]):
            chunk = body[i : i + len(key) + 6]
            return chunk.split("|")[0].split("\n")[0].strip()
    return None
