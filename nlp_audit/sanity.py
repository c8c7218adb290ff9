"""What a parsed file must satisfy before any check sees it: finite, plausible numbers and bounded tables.

The parser reads numbers as printed, and a printed number can be anything: a 400-digit score is
``inf`` as a float, and an infinity in a form reaches every output (strict JSON has no Infinity,
XlsxWriter refuses it) and every formula. So this is the one gate between the parser and the
model the checks read: a number that is not finite or is larger than ``max_abs_number`` is taken
out of the form (the field becomes unknown) and reported as P003 with the raw text of its cell,
and a form with more indicator rows than ``max_indicators`` (a long cell read as thousands of
phantom rows) is not checked but reported as P001. Everything else in the file goes on.
"""

from __future__ import annotations

import math

from .limits import DEFAULT_LIMITS, Limits
from .model import CellValue, Form, FundsRow, ParsedFile, ParseProblem, Source

CUT_ROW = "最后一行不完整"  # the message of the P003 on a row the file stops inside (completeness reads it)

_FUNDS_FIELDS = (
    ("budget_initial", "年初预算数"),
    ("budget_full_year", "全年预算数"),
    ("executed", "全年执行数"),
    ("weight", "分值"),
    ("rate", "执行率"),
    ("score", "得分"),
)


def plausible(value: float | None, limit: float = DEFAULT_LIMITS.max_abs_number) -> bool:
    """None, or a finite number no larger in magnitude than ``limit``."""
    if value is None:
        return True
    try:
        return math.isfinite(value) and abs(value) <= limit
    except (TypeError, OverflowError):  # an int too large for a float
        return False


def guard_file(parsed: ParsedFile, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """``parsed`` with every implausible number taken out (P003) and oversized forms dropped (P001)."""
    kept: list[Form] = []
    for form in parsed.forms:
        if len(form.indicators) > limits.max_indicators:
            parsed.errors.append(_too_many_rows(form, limits))
            continue
        guard_form(form, limits.max_abs_number)
        _truncated_last_row(parsed.text, form)
        kept.append(form)
    parsed.forms = kept
    return parsed


def guard_form(form: Form, limit: float) -> None:
    """Take implausible numbers out of one form, each with a P003 quoting its raw text."""
    for ind in form.indicators:
        for cell, label in ((ind.target, "年度指标值"), (ind.actual, "实际完成值")):
            if not plausible(cell.value, limit):
                _unread(cell)
                form.problems.append(_p003(form, label, cell.text, cell.source or ind.source, ind.name))
        if not plausible(ind.weight, limit):
            ind.weight = None
            form.problems.append(_p003(form, "分值", ind.weight_text or _row_text(form, ind.source),
                                       ind.source, ind.name))
        if not plausible(ind.score, limit):
            ind.score = None
            form.problems.append(_p003(form, "得分", ind.score_text or _row_text(form, ind.source),
                                       ind.source, ind.name))
    for row in form.funds:
        _guard_funds_row(form, row, limit)
    for attr, label in (("total_score", "总分"), ("total_weight", "总分值")):
        if not plausible(getattr(form, attr), limit):
            setattr(form, attr, None)
            form.problems.append(_p003(form, label, _row_text(form, form.total_source), form.total_source, None,
                                       field="form"))


def _guard_funds_row(form: Form, row: FundsRow, limit: float) -> None:
    for attr, label in _FUNDS_FIELDS:
        if not plausible(getattr(row, attr), limit):
            setattr(row, attr, None)
            raw = {"rate": row.rate_text, "score": row.score_text}.get(attr) or _row_text(form, row.source)
            form.problems.append(_p003(form, f"{row.label} {label}", raw, row.source, None, field="funds"))


def _truncated_last_row(text: str, form: Form) -> None:
    """The file ends inside the form's last indicator row (a cut download, a truncated copy): the
    cells it has are read into the wrong columns (the cut actual "93" as the 分值), so the row's
    numbers are taken out and reported as P003. A row is cut when it reaches the very end of a text
    with no final newline and lacks the 得分 that the form's other scored rows all have."""
    if not form.indicators or not text or text.endswith("\n"):
        return
    last = form.indicators[-1]
    src = last.source
    if src is None or src.end is None or src.end < len(text.rstrip()):
        return
    others = form.indicators[:-1]
    if last.score is not None or not others or any(i.score is None for i in others if i.parent is None):
        return
    raw = _row_text(form, src)
    for cell in (last.target, last.actual):
        if cell.value is not None:
            _unread(cell)
    last.weight = None
    form.problems.append(ParseProblem(
        "P003",
        f"{CUT_ROW},文件在此处截断,数值无法按列读取 (the file ends inside this row): {raw[-60:]}",
        evidence=raw,
        field="indicator",
        indicator=last.name,
        source=src,
    ))


def _unread(cell: CellValue) -> None:
    cell.op, cell.value, cell.unit, cell.qualitative, cell.unread = None, None, None, None, True


def _row_text(form: Form, src: Source | None) -> str:
    """The line of the form where ``src`` starts (the raw row), or ''."""
    if src is None or src.start is None:
        return ""
    at = src.start - form.text_offset
    if not 0 <= at <= len(form.text):
        return ""
    line_start = form.text.rfind("\n", 0, at) + 1
    line_end = form.text.find("\n", at)
    return form.text[line_start : line_end if line_end >= 0 else len(form.text)].strip()


def _p003(form: Form, label: str, raw: str, src: Source | None, indicator: str | None,
          field: str = "indicator") -> ParseProblem:
    shown = raw if len(raw) <= 80 else raw[:40] + "…" + raw[-20:]
    return ParseProblem(
        "P003",
        f"{label}数值超出合理范围或无穷大,无法核对 (number not finite or out of range): {shown}",
        evidence=raw,
        field=field,
        indicator=indicator,
        source=src,
    )


def _too_many_rows(form: Form, limits: Limits) -> ParseProblem:
    name = f"《{form.project}》" if form.project else ""
    return ParseProblem(
        "P001",
        f"第 {form.index + 1} 张表{name}的指标行数 {len(form.indicators):,} 超过上限 max_indicators="
        f"{limits.max_indicators:,},未检查 (too many indicator rows; a long cell read as rows?)",
        evidence=form.project or "",
        field="form",
    )
