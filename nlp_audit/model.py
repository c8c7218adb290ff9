"""The document model: what a parsed form is, independent of the file it came from.

Plain typed dataclasses with no behaviour beyond small derived properties. Every value keeps
where it came from (``Source``) so that a finding can quote the exact evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
    """A prose field (预期目标, 实际完成情况, 项目概述) with its place in the input."""

    text: str
    source: Source | None = None

    def __bool__(self) -> bool:
        return bool(self.text.strip())


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

    @property
    def funds_total(self) -> FundsRow | None:
        """The 年度资金总额 row (or the first row when none is labelled as a total)."""
        for row in self.funds:
            if any(k in row.label for k in ("总额", "合计", "总计")):
                return row
        return self.funds[0] if self.funds else None

    def to_json(self) -> dict:
        return {
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


@dataclass(slots=True)
class ParsedFile:
    """One input file: its forms and the problems that stopped it (P001 records)."""

    path: str
    forms: list[Form] = field(default_factory=list)
    errors: list[ParseProblem] = field(default_factory=list)
    text: str = ""
