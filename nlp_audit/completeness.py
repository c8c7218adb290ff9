"""What a form owes, judged after the parse: a missing part is a finding only where it could be there.

The parser reports the parts it did not find (P002 缺少总分 / 缺少绩效指标表 / 缺少预期目标/实际完成情况, P001
for an indicator table whose rows it could not read). On real files two things make such a report wrong:

- **The file stops inside the form** (a cut download, a web preview, an excerpt): the table's last row
  is unfinished, or a new block of the table starts and stops, or the table stops at its header, or
  the last line stops mid-sentence. The total and the rest are then missing from the file, not from
  the form: one P002 says where the file stops, in place of one finding per part the cut took away
  (none when the parser already reported the cut row). ``Form.truncated`` keeps the fact for the
  checks that need the whole form (S007's block structure, D001 on a report whose reasons come in
  later sections).
- **The form's template has no such part**: 预期目标 / 实际完成情况 belong to the national 自评表, which
  prints its funds columns (年初预算数, 全年预算数, 全年执行数) and 年度总体目标; the Hubei 20+80 sheet, the
  决策/过程/绩效 scoring sheets and a fragment that starts inside a table have none to miss. An
  "unreadable indicator table" needs an indicator table: a form printing no target, actual, 分值 or
  得分 column has none (an expenditure list is not one), and is reported as having no table.

Words come from rules/lexicons/completeness.yaml and, for the table's column and closing labels, from the
parser's own lexicon (layout.yaml), read, never copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Form, Indicator, ParsedFile, ParseProblem, Source
from .packs import load_lexicon_file
from .sanity import CUT_ROW
from .text import fold, key

LEXICON_FILE = "completeness.yaml"

MISSING_TOTAL = "缺少总分"
MISSING_TABLE = "缺少绩效指标表"
MISSING_NARRATIVE = "缺少预期目标/实际完成情况"
UNREADABLE_TABLE = "指标表无法提取(行内容不可辨认)"

_FILLER = re.compile(r"[\s|｜\u3000]+")
_DATE_LINE = re.compile(r"(\d{2,4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|\d{4}[-./]\d{1,2}[-./]\d{1,2})$")
_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z]")
_VALUE_COLUMNS = ("target", "actual", "weight", "score")
_QUOTE_CHARS = 40
_CELL_BREAK = re.compile(r"\t|[|｜]| {2,}|\u3000")


@dataclass(frozen=True, slots=True)
class Cut:
    """Where the file stops inside a form: why we say so, and the last line (the cut point)."""

    why: str
    source: Source
    evidence: str


@dataclass(frozen=True, slots=True)
class _Words:
    narrative_marks: tuple[str, ...]
    min_marks: int
    closing: tuple[str, ...]
    signature_suffixes: tuple[str, ...]
    max_tail_chars: int
    min_sentence_chars: int
    value_columns: re.Pattern[str]  # a target / actual / 分值 / 得分 column header, folded text
    any_column: re.Pattern[str]  # any column header of the indicator table, folded text


def _spaced(words: list[str]) -> re.Pattern[str]:
    """Any of ``words`` (folded), with whitespace or '|' allowed between its characters (wrapped cells)."""
    alts = sorted({key(w) for w in words if key(w)}, key=len, reverse=True)
    return re.compile("|".join(r"[\s|]*".join(map(re.escape, w)) for w in alts))


@lru_cache(maxsize=1)
def words() -> _Words:
    own = load_lexicon_file(LEXICON_FILE)
    layout = load_lexicon_file("layout.yaml")
    notes = layout.get("deviation_notes") or {}
    closing = [*own.get("closing_labels", []), *layout.get("total_labels", []), *layout.get("grade_labels", []),
               *notes.get("labels", []), *notes.get("end_labels", [])]
    columns = layout.get("table_columns") or {}
    narrative = own.get("narrative_template") or {}
    return _Words(
        narrative_marks=tuple(key(w) for w in narrative.get("marks", [])),
        min_marks=int(narrative.get("min_marks", 2)),
        closing=tuple(sorted({key(w) for w in closing if key(w)})),
        signature_suffixes=tuple(own.get("signature_suffixes", [])),
        max_tail_chars=int(own.get("max_tail_chars", 60)),
        min_sentence_chars=int(own.get("min_sentence_chars", 8)),
        value_columns=_spaced([w for c in _VALUE_COLUMNS for w in columns.get(c, [])]),
        any_column=_spaced([w for ws in columns.values() for w in ws]),
    )


# ------------------------------------------------------------------------------------------ the cut


def cut_at_end(text: str, form: Form) -> Cut | None:
    """Where ``text`` (the whole file) stops inside ``form``, or None when the form ends whole.

    Only the form the file ends in can be cut. A whole last row ending the text is no cut (the form may
    just lack what follows, which is then a finding); a last row missing the cells the other rows have
    is. After the last row, a short tail with no closing word (总分, 评价结论, 填报人…) is a block the file
    stopped in. A form with no rows is cut when the text stops at the table's header, or when its last
    line stops on a word mid-sentence (not a date, not a signature).
    """
    body_end = len(_rstrip(text))
    if form.text_offset + len(form.text) < body_end or body_end == 0:
        return None
    w = words()
    last_line = _last_line(text, body_end)
    if form.indicators:
        last = form.indicators[-1]
        end = last.source.end if last.source is not None else None
        if end is not None and end >= body_end:
            if _unfinished(last, form.indicators[:-1]):
                return _cut("指标表最后一行不完整", text, last_line)
            return None
        if end is not None and end >= form.text_offset:
            tail = text[end:body_end]
            meaningful = _FILLER.sub("", tail)
            if meaningful and len(meaningful) <= w.max_tail_chars and not _closes(tail):
                return _cut("指标表在下一块的开头中断", text, last_line)
    elif _stops_at_header(text, form, body_end):
        return _cut("指标表只有表头", text, last_line)
    if _stops_mid_sentence(text[last_line[0] : last_line[1]]):
        return _cut("最后一句未完", text, last_line)
    return None


def _rstrip(text: str) -> str:
    return text.rstrip(" \t\n\r|｜\u3000")


def _last_line(text: str, body_end: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, body_end) + 1
    while start < body_end and text[start] in " \t|｜\u3000":
        start += 1
    return start, body_end


def _cut(why: str, text: str, line: tuple[int, int]) -> Cut:
    """The cut at the end of the last line; a long line (a fused table) is quoted by its last words."""
    start, end = line
    start = max(start, end - _QUOTE_CHARS)
    return Cut(why, Source(start=start, end=end, line=text.count("\n", 0, start) + 1), text[start:end])


def _has(ind: Indicator, column: str) -> bool:
    if column == "target":
        return not ind.target.is_empty
    if column == "actual":
        return not ind.actual.is_empty
    return getattr(ind, column) is not None


def _unfinished(last: Indicator, others: list[Indicator]) -> bool:
    """The row lacks a cell that most other rows of its table have (the file stopped inside it)."""
    if not others:
        return False
    for column in _VALUE_COLUMNS:
        having = sum(1 for i in others if _has(i, column))
        if having * 2 > len(others) and not _has(last, column):
            return True
    return False


def _closes(segment: str) -> bool:
    k = key(segment)
    return any(word in k for word in words().closing)


def _stops_at_header(text: str, form: Form, body_end: int) -> bool:
    """The form's last words are the indicator table's column headers, with no row under them."""
    w = words()
    folded = fold(text[form.text_offset : body_end])
    last = max(w.value_columns.finditer(folded), key=lambda m: m.start(), default=None)
    if last is None:
        return False
    rest = w.any_column.sub("", folded[last.end() :])
    return len(_FILLER.sub("", rest)) <= 2


def _stops_mid_sentence(line: str) -> bool:
    """The line's last cell is prose that stops on a word: long enough to be a sentence (a short cell is
    a table's value or name), no closing punctuation, not a date, not a signature."""
    w = words()
    s = _FILLER.sub("", fold(_CELL_BREAK.split(line.strip(" \t|｜\u3000"))[-1]))
    if len(s) < w.min_sentence_chars or not _CJK.match(s[-1]):
        return False
    if _DATE_LINE.search(s) or _closes(s[-30:]):
        return False
    return not (len(s) < 20 and s.endswith(w.signature_suffixes))


# ------------------------------------------------------------------------------------------ the review


def owes_narrative(form: Form) -> bool:
    """The form's template has 预期目标 / 实际完成情况: it prints the national 自评表's marks."""
    w = words()
    k = key(form.text)
    return sum(1 for mark in w.narrative_marks if mark in k) >= w.min_marks


def prints_indicator_header(form: Form) -> bool:
    """The form prints a target, actual, 分值 or 得分 column header (an indicator table is there)."""
    return words().value_columns.search(fold(form.text)) is not None


def _claims_lost_part(p: ParseProblem) -> bool:
    """A problem about a part that comes after the cut: the total, the table, the table's rows."""
    return (p.code == "P002" and p.message in (MISSING_TOTAL, MISSING_TABLE)) or (
        p.code == "P001" and p.message == UNREADABLE_TABLE)


def review(parsed: ParsedFile) -> ParsedFile:
    """``parsed`` with the missing-part problems its forms do not owe taken out, and a cut told once."""
    for i, form in enumerate(parsed.forms):
        cut = cut_at_end(parsed.text, form) if i == len(parsed.forms) - 1 else None
        form.truncated = cut is not None
        kept: list[ParseProblem] = []
        lost = False
        for p in form.problems:
            if p.code == "P002" and p.message == MISSING_NARRATIVE and not owes_narrative(form):
                continue
            if p.code == "P001" and p.message == UNREADABLE_TABLE and not prints_indicator_header(form):
                p = ParseProblem("P002", MISSING_TABLE, field="indicator")
            if cut is not None and _claims_lost_part(p):
                lost = True
                continue
            kept.append(p)
        if cut is not None and lost and not any(p.code == "P003" and p.message.startswith(CUT_ROW) for p in kept):
            kept.append(_cut_problem(cut, parsed.path))
        form.problems = kept
    return parsed


def _cut_problem(cut: Cut, path: str) -> ParseProblem:
    src = Source(path=path, start=cut.source.start, end=cut.source.end, line=cut.source.line)
    return ParseProblem(
        "P002",
        f"文件不完整,在此处中断({cut.why}):其后的指标、总分等不在文件中,无法核对,请取得完整文件 "
        "(the file stops inside the form)",
        evidence=cut.evidence,
        field="form",
        source=src,
    )
