"""D001–D004: the 偏差原因分析及改进措施 cell of rows that deviate (shortfall, deduction, far over target).

SPEC §2: whenever a target is missed (or far exceeded) the form must say why (the cause) and what
will be done (the improvement measure). This first form is lexicon-based: boilerplate, cause
markers, measure markers and met-claims are lists in the pack, so a province can tune them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..params import param
from ..text import bare, fold
from .assess import OVER, RowAssessment
from .evidence import reason_text, row_finding
from .lexicon import first_hit, hits, memo, word_set, words
from .registry import check

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Indicator
    from ..packs import RulePack
    from .registry import FormContext

def reason_is_empty(pack: RulePack, reason: str | None) -> bool:
    """No reason: blank, or a placeholder ('/', '-', '0') left in the cell."""
    raw = (reason or "").strip()
    if not raw:
        return True
    if fold(raw) in word_set(pack, "reason_placeholders"):  # the lexicon entries are folded too
        return True
    # only digits and punctuation ('10.00' spilled from the score column): no words, no reason
    return not any(ch.isalpha() for ch in raw)


def reason_is_boilerplate(pack: RulePack, reason: str | None) -> bool:
    """The whole reason is a stock phrase that says nothing (基本达标, 无, 暂无, 已完成)."""
    return _is_stock_phrase(pack, bare(reason))


def _is_stock_phrase(pack: RulePack, stripped: str) -> bool:
    """reason_is_boilerplate for a reason already stripped by text.bare."""
    if not stripped:
        return False
    stock = memo(pack, "boilerplate").get("set")
    if stock is None:
        stock = frozenset(bare(w) for w in words(pack, "reason_boilerplate"))
        memo(pack, "boilerplate")["set"] = stock
    return stripped in stock


def vagueness(pack: RulePack, rule_min_chars: int, reason: str | None) -> str | None:
    """Why a reason is vague (None when it is specific enough)."""
    stripped = bare(reason)
    if _is_stock_phrase(pack, stripped):
        return "整句为套话"
    marker = first_hit(pack, "reason_vague_markers", reason or "")
    if marker:
        return f"含模糊用语“{marker}”"
    if len(stripped) < rule_min_chars:
        return f"不足 {rule_min_chars} 个字,未说明具体原因"
    return None


def reason_is_explanation(ctx: FormContext, reason: str | None) -> bool:
    """A reason that actually explains something (not empty, not boilerplate, not vague)."""
    if reason_is_empty(ctx.pack, reason):
        return False
    return vagueness(ctx.pack, _min_chars(ctx), reason) is None


def _min_chars(ctx: FormContext) -> int:
    return ctx.params("D002").min_chars


@dataclass(frozen=True)
class D002Params:
    min_chars: int = param(4, "a reason shorter than this (characters, punctuation removed) names no cause", ge=0)


_ROW_RULES = ("scoring", "qualitative_bands")  # the row verdicts (checks/assess.py) decide what deviates


def _deviation_text(ra: RowAssessment) -> str:
    ind = ra.ind
    parts = []
    if ra.short:
        parts.append("未达到年度指标值")
    elif ra.status == OVER:
        parts.append("远超年度指标值")
    if ra.deducted:
        parts.append(f"得分 {ind.score:g} < 分值 {ind.weight:g}")
    detail = f"(年度指标值 {ind.target.text.strip() or '—'},实际 {ind.actual.text.strip() or '—'})"
    return "、".join(parts) + detail


def _reason_finding(ctx: FormContext, code: str, ind: Indicator, message: str, reasons: list[str]) -> Finding:
    """D002-D004 judge what the 偏差原因 cell says: the evidence is that cell (or the row)."""
    return ctx.finding(
        code, message, reason_text(ctx.form, ind), indicator=ind, source=ind.reason_source or ind.source,
        reasons=reasons,
    )


def _deviating(ctx: FormContext) -> list[RowAssessment]:
    """Rows with a deviation to explain (a declaration has no results, so none)."""
    if ctx.form.kind == "declaration":
        return []
    return ctx.analysis.rows.deviating


@check("D001", "missing-deviation-reason", severity="warning", field="indicator", uses=_ROW_RULES,
       lexicons=("reason_placeholders",))
def missing_reason(ctx: FormContext) -> Iterator[Finding]:
    """A row deviates (shortfall, deduction or far over target) and its 偏差原因 cell is empty.

    Why: 财预〔2020〕10号 自评表 requires 偏差原因分析及改进措施 for every deviation; an empty cell
    leaves the shortfall or the over-achievement unexplained.
    Formula: deviation = actual short of target, qualitative 部分达成/未达成, 得分 < 分值 beyond
    rounding, or actual ≥ over_achievement_ratio × target; reason blank, a placeholder (/, -) or
    without a single word (only digits and punctuation).
    Fires:
      - row 验收通过率 | 100% | 95% | 6 | 5
    Passes:
      - row 验收通过率 | 100% | 95% | 6 | 5 | 施工单位整改延误,下一步将加强验收前自查
    """
    for ra in _deviating(ctx):
        ind = ra.ind
        if not reason_is_empty(ctx.pack, ind.reason):
            continue
        yield row_finding(
            ctx,
            "D001",
            ind,
            f"“{ind.name}”{_deviation_text(ra)},但偏差原因分析及改进措施为空。",
            reasons=[*ra.basis, "偏差原因栏为空或仅有占位符"],
        )


@check("D002", "vague-deviation-reason", severity="warning", field="indicator", params=D002Params,
       uses=_ROW_RULES, lexicons=("reason_boilerplate", "reason_vague_markers"))
def vague_reason(ctx: FormContext) -> Iterator[Finding]:
    """The deviation reason is boilerplate or says nothing specific (基本达标, 无, 暂无, 偶有…).

    Why: SPEC §2: '基本达标', '无', '暂无', '已完成' are not reasons; '偶有疏漏' names no cause an
    auditor could verify. Rows without a deviation are not judged ('无' is fine there).
    Formula: on a deviating row, the reason equals an entry of reason_boilerplate, contains one of
    reason_vague_markers, or has fewer than min_chars characters.
    Fires:
      - row 服务站建设成本达标率 | =100% | 90% | 10 | 9 | 基本达标
    Passes:
      - row 服务站建设及时率 | =100% | 90% | 10 | 9 | 建设完成时间比计划时间稍晚
    """
    min_chars = _min_chars(ctx)
    for ra in _deviating(ctx):
        ind = ra.ind
        if reason_is_empty(ctx.pack, ind.reason):
            continue
        why = vagueness(ctx.pack, min_chars, ind.reason)
        if why is None:
            continue
        yield _reason_finding(
            ctx, "D002", ind, f"“{ind.name}”{_deviation_text(ra)},偏差原因“{ind.reason.strip()}”{why},不构成原因分析。", [why]
        )


@check("D003", "reason-without-measure", severity="warning", field="indicator", uses=_ROW_RULES,
       lexicons=("cause_markers", "problem_markers", "measure_markers"))
def reason_without_measure(ctx: FormContext) -> Iterator[Finding]:
    """A deviation reason gives a cause but no improvement measure (or a measure but no cause).

    Why: SPEC §2 asks for both: why the target was missed, and what will be done about it.
    Formula: lexicon-based: measure markers (将, 下一步, 加强, 改进, 完善, 确保, 今后, 拟…) and
    cause/problem markers (由于, 因, 原因, 导致, 较多, 稍晚, 延误, 未…). A reason with no measure
    marker fires; one with measures but no cause or problem fires the other way. Pure
    boilerplate ('基本达标') is D002's, not judged here.
    Fires:
      - row 党员活动参与率 | =100% | 90% | 10 | 9 | 部分党员因工作原因未参加党员活动
    Passes:
      - row 党员活动参与率 | =100% | 90% | 10 | 9 | 受疫情影响活动延期,下一步将合理安排活动时间
    """
    for ra in _deviating(ctx):
        ind = ra.ind
        reason = ind.reason or ""
        if reason_is_empty(ctx.pack, reason) or reason_is_boilerplate(ctx.pack, reason):
            continue
        measures = hits(ctx.pack, "measure_markers", reason)
        causes = hits(ctx.pack, "cause_markers", reason) + hits(ctx.pack, "problem_markers", reason)
        if measures and causes:
            continue
        if not measures:
            message = f"“{ind.name}”的偏差说明“{reason.strip()}”只陈述原因或现象,没有改进措施。"
            reasons = ["未出现改进措施用语(将、下一步、加强、改进、完善、确保、今后…)"]
            if causes:
                reasons.insert(0, "原因用语: " + "、".join(dict.fromkeys(causes)))
        else:
            message = f"“{ind.name}”的偏差说明“{reason.strip()}”只有改进措施,没有说明偏差原因。"
            reasons = ["措施用语: " + "、".join(dict.fromkeys(measures)), "未出现原因或问题用语"]
        yield _reason_finding(ctx, "D003", ind, message, reasons)


@check("D004", "reason-contradicts-result", severity="warning", field="indicator", uses=_ROW_RULES,
       lexicons=("met_claims", "contradiction_guards"))
def reason_contradicts(ctx: FormContext) -> Iterator[Finding]:
    """The reason says the target was met or completed while the row shows a shortfall.

    Why: '已完成' / '已达标' in the deviation cell of a row whose actual is below target (or whose
    qualitative result is 部分达成) contradicts the table: one of them is wrong.
    Formula: shortfall row, reason contains a met_claims entry and no negation or cause marker
    (未, 不, 但, 因, 原因…), so '已完工但尾款未付' is not a contradiction.
    Fires:
      - row 活动质量达标率 | =100% | 90% | 10 | 9 | 已全部完成
    Passes:
      - row 活动质量达标率 | =100% | 90% | 10 | 9 | 工程已完工,但3%尾款未付
    """
    for ra in _deviating(ctx):
        if not ra.short:
            continue
        ind = ra.ind
        reason = ind.reason or ""
        claim = first_hit(ctx.pack, "met_claims", reason)
        if not claim:
            continue
        guard = first_hit(ctx.pack, "contradiction_guards", reason)
        if guard:
            continue
        yield _reason_finding(
            ctx, "D004", ind, f"“{ind.name}”{_deviation_text(ra)},偏差说明却称“{claim}”,与表中结果矛盾。",
            [*ra.basis, f"偏差说明含“{claim}”且无转折或原因用语"],
        )
