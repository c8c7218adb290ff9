"""The document model: what a parsed form is, independent of the file it came from.

Plain typed dataclasses with no behaviour beyond small derived properties. Every value keeps
where it came from (``Source``) so that a finding can quote the exact evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from .sourcemap import SourceMap

_NEWLINE = re.compile("\n")

FormKind = Literal["self_evaluation", "declaration", "other"]

# Comparators, as they appear in the JSON output (SPEC §4 / score_gold): ">=", "<=", "=", ">", "<",
# "qual" for qualitative targets (提升, 及时, 健全...), "unknown" for a number without a comparator.
Op = str


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value sits in the input text: character offsets [start, end) and 1-based line."""

    path: str = ""
    start: int | None = None
    end: int | None = None
    line: int | None = None


@dataclass(slots=True)
class Quantity:
    """One quantity found in a string by the grammar (``nlp_audit.quantities``).

    ``start``/``end`` are offsets into the string the grammar was given. ``value`` is the
    headline number (for a change "从20增加到100" the end value 100, with ``base`` 20). Money is
    normalised to 万元 with unit "万元"; a percentage is 50 with unit "%".
    """

    text: str
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    op: Op | None = None
    approx: bool = False
    unit: str | None = None
    period: str | None = None  # 年 / 季度 / 月 / 周 / 日 for 每月, 全年, 每季度 ...
    kind: str = "absolute"  # absolute | change | relative | ratio | pp | frequency | deadline | date
    base: float | None = None  # start value of a change ("从20余项增加到100余项" -> 20)
    explanation: str = ""  # which lexicon entries made this reading, for explain/debug
    direction: str | None = None  # "up" / "down" for a change or relative quantity (增长 / 下降), from its verb

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "low_inclusive": self.low_inclusive,
            "high_inclusive": self.high_inclusive,
            "op": self.op,
            "approx": self.approx,
            "unit": self.unit,
            "period": self.period,
            "kind": self.kind,
            "base": self.base,
            "direction": self.direction,
        }


@dataclass(slots=True)
class CellValue:
    """A target (年度指标值) or actual (实际完成值) cell, read.

    ``op`` is ">=", "<=", "=", ">", "<" for numeric targets, "qual" for a qualitative value
    (提升, 及时, 达成指标), "unknown" for a bare number whose comparator is not stated, None when
    the cell is empty. ``garbled`` marks a comparator that had to be guessed ("+100.00(%)").
    ``unread`` marks a cell with text the grammar could not read (a P003 candidate).
    """

    text: str = ""
    op: Op | None = None
    value: float | None = None
    unit: str | None = None
    qualitative: str | None = None
    period: str | None = None
    approx: bool = False
    garbled: bool = False
    unread: bool = False
    source: Source | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    @property
    def is_numeric(self) -> bool:
        return self.value is not None

    def to_json(self, with_op: bool = True) -> dict:
        d: dict = {}
        if with_op:
            d["op"] = self.op
        d.update(value=self.value, unit=self.unit, text=self.text)
        if self.qualitative:
            d["qualitative"] = self.qualitative
        if self.garbled:
            d["garbled"] = True
        return d


@dataclass(slots=True)
class Indicator:
    """One row of the indicator table (三级指标 with its cells)."""

    name: str
    level1: str | None = None  # 产出指标 / 效益指标 / 满意度指标 / 成本指标 ...
    level2: str | None = None  # 数量指标 / 质量指标 / 时效指标 / 社会效益指标 ...
    target: CellValue = field(default_factory=CellValue)
    actual: CellValue = field(default_factory=CellValue)
    weight: float | None = None  # 分值
    score: float | None = None  # 得分
    reason: str | None = None  # 偏差原因分析及改进措施
    source: Source | None = None  # the row (name cell start .. last cell end)
    name_source: Source | None = None
    reason_source: Source | None = None
    weight_text: str | None = None  # raw 分值 / 得分 cells, for P003 and evidence
    score_text: str | None = None
    parent: int | None = None  # index of the parent row for "其中…" child rows
    category_inferred: bool = False  # level1/level2 re-attached from the name, not read in place
    extra: dict[str, str] = field(default_factory=dict)  # 复核分, 得分系数, 权重占比 ...

    @property
    def is_qualitative(self) -> bool:
        return self.target.op == "qual"

    def to_json(self) -> dict:
        d = {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "target": self.target.to_json(),
            "actual": self.actual.to_json(with_op=False),
            "weight": self.weight,
            "score": self.score,
            "reason": self.reason,
        }
        if self.parent is not None:
            d["parent"] = self.parent
        if self.extra:
            d["extra"] = dict(self.extra)
        if self.source and self.source.line is not None:
            d["line"] = self.source.line
        return d


@dataclass(slots=True)
class FundsRow:
    """One row of the funds block; amounts normalised to 万元 (``unit_in_source`` says what was read)."""

    label: str
    budget_initial: float | None = None  # 年初预算数
    budget_full_year: float | None = None  # 全年预算数 / 调整后预算数
    executed: float | None = None  # 全年执行数
    weight: float | None = None  # 分值
    rate: float | None = None  # 执行率, in percent (100.0), as stated
    score: float | None = None  # 得分
    rate_text: str | None = None
    score_text: str | None = None
    source: Source | None = None
    # where each value was printed, by field name ("executed", "rate"...), when the values of one row are
    # not one line of the file (funds stated in sentences); not part of the JSON output
    sources: dict[str, Source] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "年初预算数": self.budget_initial,
            "全年预算数": self.budget_full_year,
            "全年执行数": self.executed,
            "分值": self.weight,
            "执行率": self.rate,
            "得分": self.score,
        }


@dataclass(slots=True)
class Narrative:
    """A prose field (预期目标, 实际完成情况, 项目概述) with its place in the input.

    The parser joins a narrative from pieces (a PDF cell wrapped over lines, one column of two
    side-by-side narratives, one cell per line), so ``text`` is not always a slice of the file.
    ``pieces`` maps it back: one ``(offset in text, offset in file text, 1-based line)`` per run of
    ``text`` that is a verbatim slice of the file, in text order (each runs to the next one's text
    offset). ``joins[k]`` is the file text between piece k and k+1 when only whitespace, line breaks
    or '|' separate them (the two read as one contiguous quote), None when anything else sits there
    (the other column's text). A narrative built in code with a ``source`` but no pieces is taken
    as one verbatim run at ``source.start``. ``file_span`` / ``evidence`` / ``quote`` use the map so
    that a finding quotes only text that occurs in the file, at the offsets where it occurs.
    """

    text: str
    source: Source | None = None
    pieces: list[tuple[int, int, int]] = field(default_factory=list)  # added: text -> file map
    joins: list[str | None] = field(default_factory=list)  # added: file text between pieces k, k+1
    # offsets of the text's newlines, built on the first quote: counting them per quote made quoting
    # every claim of a long narrative quadratic
    _newlines: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def _map(self) -> tuple[list[tuple[int, int, int]], list[str | None]]:
        if self.pieces:
            return self.pieces, self.joins
        src = self.source
        if src is None or src.start is None or not self.text:
            return [], []
        return [(0, src.start, src.line or 0)], []

    def _groups(self, start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) cut into maximal text ranges that are contiguous in the file."""
        pieces, joins = self._map()
        out: list[tuple[int, int]] = []
        cur: tuple[int, int] | None = None
        n = len(pieces)
        for k in range(n):
            a = pieces[k][0]
            b = pieces[k + 1][0] if k + 1 < n else len(self.text)
            lo, hi = max(a, start), min(b, end)
            if lo >= hi or pieces[k][1] < 0:  # outside the range, or text with no place in the file
                if a >= end:
                    break
                if cur is not None and lo < hi:
                    out.append(cur)
                    cur = None
                continue
            if cur is not None and cur[1] == lo and joins[k - 1] is not None:
                cur = (cur[0], hi)
            else:
                if cur is not None:
                    out.append(cur)
                cur = (lo, hi)
        if cur is not None:
            out.append(cur)
        return out

    def _piece_at(self, pos: int) -> int:
        pieces = self.pieces
        lo, hi = 0, len(pieces) - 1
        while lo < hi:  # last piece whose text offset <= pos
            mid = (lo + hi + 1) // 2
            if pieces[mid][0] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def file_span(self, start: int, end: int) -> tuple[int, int] | None:
        """File offsets [s, e) of text[start:end] when those characters sit in one contiguous file
        range (pieces joined only by whitespace / line breaks / '|'), else None."""
        pieces, _joins = self._map()
        if not pieces or not 0 <= start < end <= len(self.text):
            return None
        if not self.pieces:
            return pieces[0][1] + start, pieces[0][1] + end
        groups = self._groups(start, end)
        if len(groups) != 1:
            return None
        i, j = self._piece_at(start), self._piece_at(end - 1)
        return pieces[i][1] + start - pieces[i][0], pieces[j][1] + end - pieces[j][0]

    def _verbatim(self, start: int, end: int) -> str:
        """The file text of a contiguous text range: text pieces with the joins between them."""
        if not self.pieces:
            return self.text[start:end]
        i, j = self._piece_at(start), self._piece_at(end - 1)
        if i == j:
            return self.text[start:end]
        parts = []
        for k in range(i, j + 1):
            a = max(start, self.pieces[k][0])
            b = min(end, self.pieces[k + 1][0] if k + 1 < len(self.pieces) else len(self.text))
            parts.append(self.text[a:b])
            if k < j:
                parts.append(self.joins[k] or "")
        return "".join(parts)

    def quote_range(self, start: int, end: int, number: tuple[int, int] | None = None) -> tuple[int, int] | None:
        """The text range a finding on text[start:end] should quote: all of it when contiguous in the
        file; else the longest contiguous part that overlaps ``number`` (the claim's quantity) when
        one does, else the longest part. None when the narrative has no place in the file."""
        start, end = max(0, start), min(end, len(self.text))
        if start >= end:
            return None
        groups = self._groups(start, end)
        if not groups:
            return None
        if len(groups) == 1:
            return groups[0]
        pool = groups
        if number is not None:
            with_num = [g for g in groups if g[0] < number[1] and number[0] < g[1]]
            pool = with_num or groups
        return max(pool, key=lambda g: (g[1] - g[0], -g[0]))

    def evidence(self, start: int, end: int, number: tuple[int, int] | None = None) -> str:
        """Exact file text for a finding on text[start:end] (see ``quote_range``); the joined text
        itself when the narrative has no place in the file (a form built in code)."""
        rng = self.quote_range(start, end, number)
        if rng is None:
            return self.text[max(0, start) : end]
        return self._verbatim(*rng)

    def _newlines_between(self, a: int, b: int) -> int:
        """``text.count("\\n", a, b)`` by bisection over the newline offsets."""
        if self._newlines is None:
            text = self.text
            self._newlines = [m.start() for m in _NEWLINE.finditer(text)] if "\n" in text else []
        return bisect_left(self._newlines, b) - bisect_left(self._newlines, a)

    def quote(self, start: int, end: int, number: tuple[int, int] | None = None,
              strip: bool = False) -> tuple[str, Source | None]:
        """``evidence`` with the Source (file offsets, 1-based line) of exactly that text; with
        ``strip`` the quote and its offsets drop surrounding whitespace."""
        rng = self.quote_range(start, end, number)
        if rng is None:
            seg = self.text[max(0, start) : end]
            return (seg.strip() if strip else seg), None
        a, b = rng
        if strip:
            seg = self.text[a:b]
            a += len(seg) - len(seg.lstrip())
            b -= len(seg) - len(seg.rstrip())
            if a >= b:
                a, b = rng
        pieces, _j = self._map()
        k = self._piece_at(a) if self.pieces else 0
        t0, f0, line0 = pieces[k]
        fs = f0 + a - t0
        fe_span = self.file_span(a, b)
        fe = fe_span[1] if fe_span else fs + (b - a)
        line = line0 + self._newlines_between(t0, a) if line0 else None
        path = self.source.path if self.source is not None else ""
        return self._verbatim(a, b), Source(path=path, start=fs, end=fe, line=line)


@dataclass(slots=True)
class ParseProblem:
    """Something the parser could not read; becomes a P finding (P001-P004) in the checker."""

    code: str  # P001 | P002 | P003 | P004
    message: str  # Chinese, for the auditor
    evidence: str = ""  # the raw text
    field: str = "form"  # header | funds | goal | actual | indicator | form
    indicator: str | None = None
    source: Source | None = None


@dataclass(slots=True)
class Form:
    kind: FormKind = "self_evaluation"
    title: str | None = None
    project: str | None = None
    department: str | None = None  # 主管部门
    unit: str | None = None  # 实施单位
    year: int | None = None
    funds: list[FundsRow] = field(default_factory=list)
    funds_unit_in_source: str = "万元"  # 元 or 万元 as printed on the form
    goal: Narrative = field(default_factory=lambda: Narrative(""))  # 预期目标 / 年度总体目标 / 项目概述
    actual: Narrative = field(default_factory=lambda: Narrative(""))  # 实际完成情况
    # form-level deviation notes under the table (偏差大或目标未完成原因分析, 存在问题 / 改进措施 blocks):
    # read by the deviation rules for rows whose own 偏差原因 cell is empty (layout/notes.py)
    notes: list[Narrative] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    total_score: float | None = None
    total_weight: float | None = None  # 总分 row's 分值 column (usually 100)
    grade: str | None = None
    total_source: Source | None = None
    grade_source: Source | None = None
    problems: list[ParseProblem] = field(default_factory=list)
    layout: str = ""  # which layout family the parser recognised (tabbed, cell-per-line, pipe, fused...)
    index: int = 0  # 0-based position of the form in its file
    path: str = ""
    text: str = ""  # the raw text of the form (evidence is quoted from here)
    text_offset: int = 0  # offset of ``text`` in the file text
    # the file stops inside this form (a cut download or excerpt, see completeness.py): what the cut took
    # away (the total, later blocks, the notes) is not the form's omission; not part of the JSON output
    truncated: bool = False

    @property
    def funds_total(self) -> FundsRow | None:
        """The 年度资金总额 row (or the first row when none is labelled as a total)."""
        for row in self.funds:
            if any(k in row.label for k in ("总额", "合计", "总计")):
                return row
        return self.funds[0] if self.funds else None

    def to_json(self) -> dict:
        out = {
            "kind": self.kind,
            "project": self.project,
            "department": self.department,
            "unit": self.unit,
            "year": self.year,
            "layout": self.layout,
            "funds": {
                "unit": "万元",
                "unit_in_source": self.funds_unit_in_source,
                "rows": [r.to_json() for r in self.funds],
            },
            "goal": self.goal.text,
            "actual": self.actual.text,
            "indicators": [i.to_json() for i in self.indicators],
            "total_score": self.total_score,
            "total_weight": self.total_weight,
            "grade": self.grade,
        }
        if self.notes:  # additive key: only forms that print such blocks carry it
            out["notes"] = [n.text for n in self.notes]
        return out


@dataclass(slots=True)
class ParsedFile:
    """One input file: its forms and the problems that stopped it (P001 records).

    ``source_map`` (set by the pipeline from the reader, never by the layout stage) says where each
    line of ``text`` sits in a .xlsx/.docx/.pdf file; None for text files.
    """

    path: str
    forms: list[Form] = field(default_factory=list)
    errors: list[ParseProblem] = field(default_factory=list)
    text: str = ""
    source_map: SourceMap | None = None
