"""Indicators and funds stated in sentences (自评报告-style documents), read the way an auditor reads them.

Public API (called by the form builder for prose reports and forms with no indicator table):
    read_prose_indicators(text, offset) -> list[Indicator]
    read_prose_funds(text, offset) -> list[FundsRow]
    fill_from_prose(form, text, offset, line)               both, into a Form (a report's own reading first)
    prints_table(text, offset, labels)                      a table, read by the table reader or not

The pieces, in the order of the data: prose_text (the outline: headings, sections, clauses, offsets) ->
prose_clause (what one clause says) -> prose_statements (the statements of a sentence, merged by name into
indicators); prose_funds (the total and its parts). The words are the ``prose`` section of
rules/lexicons/layout.yaml.

How a statement is read (each wording occurs in more than one unrelated source: the real-dev excerpts
named by number; the examples below are made up in their image):
- explicit: a cue word names the value — "目标值不少于100人，实际完成111人", "绩效目标值是3个，实际完成值
  为2个" (056), "目标为…，完成…", "计划培训200人次，实际培训180人次"; "该指标分值10分，得9分" /
  "本项目满分10分，得8分" (056) give 分值 and 得分. Read in any section but background and funds.
- implicit: a name and its number, "补贴核发准确率100%" (202, 212, 216, 231), "教材更新率达到30%"; a
  verb, a count and the name, "编印12册培训教材" (216; the same wording fills the narratives of table
  forms, 013, 033). Read only where the outline says what the numbers are — under a goal heading (targets:
  "绩效目标设定情况", 204, 231) or a result heading (actuals: "完成情况", "实施情况", "评价结果", 202, 212,
  216) — or in a category list ("数量指标：A；B；C", 231, 056). Comparators come from the grammar
  (不少于/以上 -> ≥, 不超过/以内/控制在 -> ≤) and "达到" before a target (≥); normative wording ("不少于",
  "控制在") makes a value the target even under a result heading.
- not read: background sections (基本情况, 人员情况: staff counts, 212, 216), funds sections and money
  sentences (``prose_funds`` reads those), a sentence restating a rule ("按照相关规定，…标准为每人每月…",
  202, 204), clauses with several numbers and no cue word (pairs of counts, beneficiaries by village and
  household: 204, 216), meta text (how many indicators were set, 204; "该项指标…" with nothing before it,
  212), changes on the year before (206), and the number in "低于控制指标N起" (212: it may be the margin,
  not the limit; only the comparator is kept).
Every value keeps its exact offsets in the file (``Source``); names are quoted as printed.
"""

from __future__ import annotations

import re

from ..model import Form, FundsRow, Indicator
from .prose_funds import read_funds_doc
from .prose_statements import has_value, read_statements
from .prose_text import ProseDoc

__all__ = ["fill_from_prose", "prints_table", "read_prose_funds", "read_prose_indicators"]

_NAME_START = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_SENTENCE_MARK = re.compile(r"[，,。；;]")
_CELL_SPLIT = re.compile(r"[|\t\n \u3000]+")
_BARE_NUMBER = re.compile(r"[-+=≥≤<>]?\d+(?:\.\d+)?%?")
_HEADER_GAP = re.compile(r"[\s|:：()（）/、]{0,6}")  # what separates the labels of a header row


def read_prose_indicators(text: str, offset: int = 0, *, line: int = 1) -> list[Indicator]:
    """Indicator statements of a prose text; ``offset``/``line`` place ``text`` in the file."""
    return read_statements(ProseDoc.of(text, offset, line))


def read_prose_funds(text: str, offset: int = 0, *, line: int = 1) -> list[FundsRow]:
    """The funds a prose text states (a total row, and its parts), amounts in 万元."""
    return read_funds_doc(ProseDoc.of(text, offset, line))


def fill_from_prose(form: Form, text: str, offset: int, line: int = 1) -> bool:
    """Fill a prose report from its sentences (a form of kind "other", or one whose text has a report's
    outline, "三、绩效目标完成情况", and prints no indicator table): indicators when the sentences give more
    plausible rows than the table reader found (it cuts sentences into "rows" when it takes prose for a fused
    table: ",全年实际", "(二)效益指标。"), funds when it has none, or a report's sentences state as many of them
    as the funds reader found (it reads a rate out of a sentence, 106). The table reader's indicator
    problems go with its rows. True when the sentences gave either."""
    doc = ProseDoc.of(text, offset, line)
    if form.kind != "other" and not doc.has_report_outline:
        return False
    filled = False
    stated = read_statements(doc)
    if sum(map(_plausible, stated)) > sum(map(_plausible, form.indicators)):
        form.indicators, form.layout = stated, "prose"
        form.problems = [p for p in form.problems if p.field != "indicator"]
        filled = True
    if not form.funds or form.kind == "other":
        rows = read_funds_doc(doc)
        if rows and _amounts(rows[0]) >= max(map(_amounts, form.funds), default=0):  # a report's own reading first
            form.funds, form.funds_unit_in_source = rows, "万元"
            filled = True
    return filled


def prints_table(text: str, offset: int, labels: list) -> bool:
    """Whether the text prints a table: a header of three or more column labels back to back ("三级指标 年度指标值
    实际完成值 分值 得分", fused or not), or three or more bare numbers as cells of their own ("182.93 | 175.59 |
    95.99% | 10", known labels or not). A report uses the column words one at a time, each before its value
    ("…完成值297万元，该指标分值15分"), and its numbers sit in sentences. ``text`` is the form's, at ``offset``
    in the file (the labels' offsets)."""
    return _header_run(text, offset, labels) or _numeric_cells(text)


def _numeric_cells(raw: str) -> bool:
    run = 0
    for cell in _CELL_SPLIT.split(raw):
        if not cell:
            continue
        run = run + 1 if _BARE_NUMBER.fullmatch(cell) else 0
        if run >= 3:
            return True
    return False


def _header_run(text: str, offset: int, labels: list) -> bool:
    run = 0
    prev_end = -1
    for lb in labels:
        if lb.family != "tcol":
            continue
        gap = text[prev_end - offset : lb.start - offset] if prev_end >= 0 else ""
        run = run + 1 if prev_end >= 0 and _HEADER_GAP.fullmatch(gap) else 1
        if run >= 3:
            return True
        prev_end = lb.end
    return False


def _plausible(ind: Indicator) -> bool:
    """A row with a value whose name reads as a name (not a piece of a sentence cut at a number)."""
    name = ind.name.strip()
    return bool(name) and _NAME_START.match(name) is not None and not _SENTENCE_MARK.search(name) and (
        has_value(ind))


def _amounts(row: FundsRow) -> int:
    return sum(v is not None for v in (row.budget_initial, row.budget_full_year, row.executed, row.rate))
