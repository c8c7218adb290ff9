"""One verdict per indicator row, computed once per form and shared by the S, A and D checks.

For every row: is the target met, short, or far exceeded; what score the pack's rule gives (a
band of acceptable points, with the formula used); and whether the row shows a deviation that the
偏差原因 cell must explain. Keeping this in one place means S004 and D001 can never disagree about
whether a row fell short.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..text import key
from . import indicator_kinds as kinds
from .evidence import span_text
from .rounding import EPS, fmt, form_precision, half_unit

if TYPE_CHECKING:
    from ..model import Form, Indicator
    from ..packs import RulePack

MET, SHORT, OVER, UNKNOWN = "met", "shortfall", "over", "unknown"

# A sentence of the basis or the formula: plain text, or a function that words it from the row on
# demand. Every row of every form is assessed but only a few end up quoted in a finding, and
# formatting the numbers of every row was the largest single cost of checking a form.
Text = str | Callable[["RowAssessment"], str]


def _say(text: Text, ra: RowAssessment) -> str:
    return text if isinstance(text, str) else text(ra)


@dataclass(slots=True)
class RowAssessment:
    index: int
    ind: Indicator
    direction: str
    status: str = UNKNOWN  # met | shortfall | over | unknown
    level: str | None = None  # qualitative attainment: achieved | partial | failed
    ratio: float | None = None  # actual / target
    band: tuple[float, float] | None = None  # acceptable score (points) before rounding slack
    score_formula: Text = ""  # how the band was computed (read it as ``formula``)
    notes: list[Text] = field(default_factory=list)  # how the verdict was reached (read it as ``basis``)
    units_conflict: bool = False
    fused: bool = False  # the row's numbers touch each other in the input ('3510710'): the split is a guess
    actual_restates_target: bool = False
    deducted: bool = False  # 得分 < 分值 beyond rounding

    @property
    def formula(self) -> str:
        """The score formula with the row's numbers, worded when a finding asks for it."""
        return _say(self.score_formula, self)

    @property
    def basis(self) -> list[str]:
        """How the verdict was reached, worded when a finding asks for it."""
        return [_say(note, self) for note in self.notes]

    @property
    def top_level(self) -> bool:
        return self.ind.parent is None

    @property
    def scored(self) -> bool:
        return self.ind.weight is not None and self.ind.score is not None

    @property
    def short(self) -> bool:
        """The row fell short: a numeric shortfall or a partial/failed qualitative attainment."""
        return self.status == SHORT or self.level in ("partial", "failed")

    @property
    def deviation(self) -> bool:
        """Anything the 偏差原因 cell must explain: shortfall, over-achievement or a deduction."""
        return self.short or self.status == OVER or self.deducted


@dataclass(slots=True)
class FormAssessment:
    form: Form
    pack: RulePack
    precision: int
    tolerance: float
    rows: list[RowAssessment]
    # the rows the S rules score and the rows the D rules judge, picked once instead of by each rule
    scored: list[RowAssessment] = field(default_factory=list)  # rows with both 分值 and 得分
    banded: list[RowAssessment] = field(default_factory=list)  # scored rows with a rule band, not over 分值
    deviating: list[RowAssessment] = field(default_factory=list)  # rows whose 偏差原因 must explain

    def describe_tolerance(self) -> str:
        unit = "整数分" if self.precision == 0 else f"{self.precision} 位小数"
        return f"表内得分精度为{unit},按此取舍后比较(容差 ±{fmt(self.tolerance, 3)} 分)"


def assess(form: Form, pack: RulePack) -> FormAssessment:
    """The verdict on every row of ``form`` (read it as ``FormAnalysis.rows``: built once per form)."""
    precision = form_precision(form)
    tol = half_unit(precision) + pack.settings.scoring.score_tolerance + EPS
    rows = [_assess_row(i, ind, pack, tol, _numbers_fused(form, ind))
            for i, ind in enumerate(form.indicators) if not kinds.is_total_row(ind)]
    scored = [ra for ra in rows if ra.scored]
    # S001 reports a score over its 分值; S002-S004 judge the others against their band
    banded = [ra for ra in scored if ra.band is not None and not ra.ind.score > ra.ind.weight + tol]
    return FormAssessment(form, pack, precision, tol, rows, scored=scored, banded=banded,
                          deviating=[ra for ra in rows if ra.deviation])


def _numbers_fused(form: Form, ind: Indicator) -> bool:
    """True when a numeric cell of the row touches another digit in the input ('退耕还林补植面积
    3510710'): where the parser cut such a run is a guess, so no verdict is built on it."""
    text = None
    for cell in (ind.target.text.strip(), ind.actual.text.strip()):
        if not cell or not (cell[0].isdigit() or cell[-1].isdigit()):
            continue  # '≥90%', '达成指标': nothing that could run into a neighbouring digit
        if text is None:
            text = span_text(form, ind.source) or ""
        i = text.find(cell)
        found = i >= 0
        while i >= 0:
            if not _touches(text, i, i + len(cell), cell):
                found = False
                break
            i = text.find(cell, i + 1)
        if found:
            return True
    return False


def _touches(text: str, start: int, end: int, cell: str) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if cell[0].isdigit() and (before.isdigit() or before == "."):
        return True
    return cell[-1].isdigit() and (after.isdigit() or (after == "." and text[end + 1 : end + 2].isdigit()))


def _assess_row(index: int, ind: Indicator, pack: RulePack, tol: float, fused: bool = False) -> RowAssessment:
    ra = RowAssessment(index, ind, kinds.direction(ind, pack))
    tgt, act = ind.target, ind.actual
    if fused:
        ra.fused = True
        ra.notes.append("该行数字在原文中首尾相连(如“3510710”),拆分方式不确定,不作判断")
        return ra
    if ind.weight is not None and ind.score is not None and ind.score < ind.weight - tol:
        ra.deducted = True
    target, actual = tgt.text.strip(), act.text.strip()
    if not actual:
        return ra
    # the actual repeats the target word for word ('≥266米' / '≥266米', a date, a phrase); texts
    # that start differently cannot match once blanks are dropped, so most rows skip _norm
    if target and target[0] == actual[0] and key(target) == key(actual):
        ra.actual_restates_target = True
        ra.status = MET
        ra.notes.append("实际完成值与年度指标值文字相同,视为达成")
        _full_band(ra)
        return ra
    if tgt.op == "qual" or (tgt.value is None and target):
        _assess_qualitative(ra, pack)
        return ra
    if tgt.value is not None and act.value is not None:
        _assess_quantitative(ra, pack)
    elif tgt.value is not None:
        _assess_worded_actual(ra, pack)
    return ra


def _assess_worded_actual(ra: RowAssessment, pack: RulePack) -> None:
    """A numeric target and a worded actual: only an admitted shortfall ('未完成', '部分完成', '基本达到',
    '无' for something that should happen) or a nil that meets a ceiling ('无' under ≤ 1 起) is certain.
    A shortfall is scored by the qualitative bands, the only rule that fits a worded result."""
    text = ra.ind.actual.text
    if kinds.is_none_word(text, pack):
        if ra.direction == kinds.REVERSE:
            ra.status = MET
            ra.notes.append(lambda r: f"反向指标,实际完成值“{r.ind.actual.text.strip()}”即为零,未超过上限")
            _full_band(ra)
            return
        if ra.direction in (kinds.POSITIVE, kinds.EQUAL):
            _band_by_level(ra, "failed", pack)
            ra.notes.append(_worded_shortfall_basis)
        return
    level = kinds.attainment_level(text, pack)
    if level in ("partial", "failed"):
        _band_by_level(ra, level, pack)
        ra.notes.append(_worded_shortfall_basis)


def _full_band(ra: RowAssessment) -> None:
    w = ra.ind.weight
    if w is not None:
        ra.band = (w, w)
        ra.score_formula = _full_marks_formula


_LEVEL_LABELS = {"achieved": "达成年度指标", "partial": "部分达成年度指标并具有一定效果", "failed": "未达成年度指标"}


def _assess_qualitative(ra: RowAssessment, pack: RulePack) -> None:
    actual = ra.ind.actual.text
    if kinds.is_none_word(actual, pack):
        # '无' meets a target that is itself a nil ('无安全事故', '杜绝…'), and fails any other
        level = "achieved" if kinds.is_negated_target(ra.ind.target.text, pack) else "failed"
    else:
        level = kinds.attainment_level(actual, pack)
    if level is None:
        return
    label = _LEVEL_LABELS[level]
    ra.notes.append(lambda _: f"定性指标,实际完成值“{actual.strip()}”归为“{label}”档")
    _band_by_level(ra, level, pack)


def _band_by_level(ra: RowAssessment, level: str, pack: RulePack) -> None:
    """Status and score band of a row whose attainment is a level (achieved / partial / failed)."""
    ra.level = level
    ra.status = MET if level == "achieved" else SHORT
    lo, hi = getattr(pack.settings.qualitative_bands, level)
    label = _LEVEL_LABELS[level]
    w = ra.ind.weight
    if w is not None:
        ra.band = (lo * w, hi * w)
        ra.score_formula = lambda _: (
            f"{label}: 得分区间 {fmt(lo * 100)}%–{fmt(hi * 100)}% × 分值 {fmt(w)} = "
            f"{fmt(lo * w)}–{fmt(hi * w)}"
        )


def _assess_quantitative(ra: RowAssessment, pack: RulePack) -> None:
    ind = ra.ind
    tgt, act = ind.target, ind.actual
    if kinds.is_date_like(tgt.text) or kinds.is_date_like(act.text):
        ra.notes.append("目标或实际为日期,不作数值比较")
        return
    if kinds.units_conflict(tgt, act, pack):
        ra.units_conflict = True
        ra.notes.append(_units_basis)
        return
    if act.op in kinds.COMPARATORS:
        _assess_bound(ra)
        return
    t, a = float(tgt.value), float(act.value)
    if tgt.unit == "%" and act.unit is None and 0 < a <= 1.0 < t:
        ra.notes.append("实际完成值疑为小数比例,与百分数目标不可直接比较")
        return
    if t <= 0 or a < 0:
        ra.notes.append("目标值为零或负数,不按比例计分")
        return
    ra.ratio = a / t
    w = ind.weight
    direction = ra.direction
    if direction in (kinds.POSITIVE, kinds.EQUAL):
        over_ratio = pack.settings.scoring.over_achievement_ratio
        if a >= t - EPS:
            ra.status = OVER if a >= over_ratio * t - EPS else MET
            _full_band(ra)
        else:
            ra.status = SHORT
            if w is not None:
                e = a / t * w
                ra.band = (e, e)
                ra.score_formula = _proportional_formula
        ra.notes.append(_positive_basis)
    elif direction == kinds.REVERSE:
        if a <= t + EPS:
            ra.status = MET
            _full_band(ra)
        else:
            ra.status = SHORT
            if w is not None:
                e, formula = _reverse_score(a, t, w, pack)
                ra.band = (e, e)
                ra.score_formula = formula
        ra.notes.append(_reverse_basis)
    else:
        ra.notes.append("指标方向不明(金额等无比较符),不判断是否达成")


def _assess_bound(ra: RowAssessment) -> None:
    """An actual that repeats a comparator ('≥95%'): a bound, not a measurement. It meets the target
    when the bound guarantees it (≥95% for ≥90%), falls short when the bound rules it out (≤80% for
    ≥90%: scored at most proportionally), and is left undecided otherwise (≥85% for ≥90%)."""
    tgt, act = ra.ind.target, ra.ind.actual
    t, a = float(tgt.value), float(act.value)
    lower = act.op in (">=", ">")  # the actual says "at least a"
    ra.notes.append(_comparator_basis)
    if ra.direction in (kinds.POSITIVE, kinds.EQUAL):
        if lower and a >= t - EPS:
            ra.status = MET
            _full_band(ra)
        elif not lower and (a < t - EPS or (act.op == "<" and a <= t + EPS)) and t > 0:
            ra.status = SHORT
            w = ra.ind.weight
            if w is not None and a >= 0:
                ra.band = (0.0, min(a / t, 1.0) * w)
                ra.score_formula = _bound_formula
    elif ra.direction == kinds.REVERSE:
        if not lower and a <= t + EPS:
            ra.status = MET
            _full_band(ra)
        elif lower and (a > t + EPS or (act.op == ">" and a >= t - EPS)):
            ra.status = SHORT


def _reverse_score(a: float, t: float, w: float, pack: RulePack) -> tuple[float, Text]:
    """Score of a reverse indicator above its ceiling: the pack's rule (linear to 0, or target/actual)."""
    rule = pack.settings.scoring.reverse_rule
    if rule == "inverse_ratio":
        e = t / a * w
        return e, lambda _: f"反向指标得分 = 年度指标值 / 实际完成值 × 分值 = {fmt(t)} / {fmt(a)} × {fmt(w)} = {fmt(e)}"
    z = pack.settings.scoring.reverse_zero_at_ratio
    e = max(0.0, w * (1 - (a - t) / (t * (z - 1))))
    return e, lambda _: (
        f"反向指标得分 = 分值 × (1 − (实际 − 目标) / (目标 × {fmt(z - 1)})) = "
        f"{fmt(w)} × (1 − ({fmt(a)} − {fmt(t)}) / ({fmt(t)} × {fmt(z - 1)})) = {fmt(e)}"
    )


# The sentences of the common verdicts, worded from the row itself (its cells and its band), so an
# assessment keeps a reference to the function instead of formatting numbers nobody may read.


def _full_marks_formula(ra: RowAssessment) -> str:
    return f"达成目标得满分 = 分值 {fmt(ra.ind.weight)}"


def _proportional_formula(ra: RowAssessment) -> str:
    a, t = float(ra.ind.actual.value), float(ra.ind.target.value)
    return f"得分 = 实际完成值 / 年度指标值 × 分值 = {fmt(a)} / {fmt(t)} × {fmt(ra.ind.weight)} = {fmt(ra.band[0])}"


def _positive_basis(ra: RowAssessment) -> str:
    a, t = float(ra.ind.actual.value), float(ra.ind.target.value)
    return f"正向指标({ra.ind.target.op or '='}),完成 {fmt(a)} / 目标 {fmt(t)} = {fmt(ra.ratio * 100, 1)}%"


def _reverse_basis(ra: RowAssessment) -> str:
    a, t = float(ra.ind.actual.value), float(ra.ind.target.value)
    return f"反向指标({ra.ind.target.op or '≤'}),实际 {fmt(a)},上限 {fmt(t)}"


def _worded_shortfall_basis(ra: RowAssessment) -> str:
    return f"数值目标,实际完成值“{ra.ind.actual.text.strip()}”表明未完全达成"


def _comparator_basis(ra: RowAssessment) -> str:
    return f"实际完成值“{ra.ind.actual.text.strip()}”带比较符,是一个界限而非实测值,按界限判断是否达成"


def _bound_formula(ra: RowAssessment) -> str:
    a, t = float(ra.ind.actual.value), float(ra.ind.target.value)
    return f"得分 ≤ 实际完成值上限 / 年度指标值 × 分值 = {fmt(a)} / {fmt(t)} × {fmt(ra.ind.weight)} = {fmt(ra.band[1])}"


def _units_basis(ra: RowAssessment) -> str:
    return f"单位不一致({ra.ind.target.unit} / {ra.ind.actual.unit}),不作数值比较"
