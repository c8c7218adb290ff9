"""D001–D004: the 偏差原因分析及改进措施 cell of rows that deviate (shortfall, deduction, far over target).

SPEC §2: whenever a target is missed (or far exceeded) the form must say why (the cause) and what
will be done (the improvement measure). This first form is lexicon-based: boilerplate, cause
markers, measure markers and met-claims are lists in the pack, so a province can tune them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..params import param
from ..text import bare, fold
from .assess import OVER, RowAssessment
from .evidence import reason_text, row_finding
from .lexicon import finder, first_hit, hits, memo, word_set, words
from .notes import NoteText, row_notes
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


def vagueness(pack: RulePack, rule_min_chars: int, reason: str | None, name: str = "") -> str | None:
    """Why a reason is vague (None when it is specific enough); ``name`` is the row's indicator, which a
    circular reason repeats ('服务站建设及时率未达到目标')."""
    stripped = bare(reason)
    if _is_stock_phrase(pack, stripped):
        return "整句为套话"
    marker = first_hit(pack, "reason_vague_markers", reason or "")
    if marker:
        return f"含模糊用语“{marker}”"
    if len(stripped) < rule_min_chars:
        return f"不足 {rule_min_chars} 个字,未说明具体原因"
    if is_circular(pack, reason, name):
        return "只复述了差距(未达到目标、完成值或金额),没有说明原因"
    return None


_NUMBER_UNIT = re.compile(r"[\d.,，%％‰]+\s*(?:万元|亿元|元|万|个百分点|百分点|[^\W\d_])?")


def is_circular(pack: RulePack, reason: str | None, name: str = "") -> bool:
    """The reason only restates the gap: once the indicator's name, the numbers and the words that
    state a gap (lexicon circular_reason_words: 未完成的原因是, 完成率, 未达到, 目标, 实际支出, 为…)
    are taken out, fewer than two characters of a cause are left."""
    pattern = finder(pack, "circular_reason_words")
    if pattern is None or not reason:
        return False
    text = bare(reason)
    core = bare(name)
    if len(core) >= 2:
        text = text.replace(core, "")
    text = _NUMBER_UNIT.sub("", text)
    text = pattern.sub("", text)
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 2


def reason_is_explanation(ctx: FormContext, reason: str | None, name: str = "") -> bool:
    """A reason that actually explains something (not empty, not boilerplate, not vague, not circular)."""
    if reason_is_empty(ctx.pack, reason):
        return False
    return vagueness(ctx.pack, _min_chars(ctx), reason, name) is None


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


def _note(ctx: FormContext, ra: RowAssessment) -> NoteText | None:
    """What the form's deviation notes (under the table) say about this row, if anything."""
    return row_notes(ctx).get(ra.index) if ctx.form.notes else None


def _note_finding(ctx: FormContext, code: str, ind: Indicator, note: NoteText, message: str,
                  reasons: list[str]) -> Finding:
    """A finding on what a deviation note says about a row: the evidence is the note's sentence."""
    evidence, source = note.note.quote(note.start, note.end, strip=True)
    return ctx.finding(code, message, evidence, indicator=ind, source=source, reasons=reasons)


@check("D001", "missing-deviation-reason", severity="warning", field="indicator", uses=_ROW_RULES,
       lexicons=("reason_placeholders", "reason_boilerplate", "reason_vague_markers", "circular_reason_words"))
def missing_reason(ctx: FormContext) -> Iterator[Finding]:
    """A row deviates (shortfall, deduction or far over target) and nothing explains it.

    Why: 财预〔2020〕10号 自评表 requires 偏差原因分析及改进措施 for every deviation; an empty cell
    leaves the shortfall or the over-achievement unexplained, unless the form explains it in a
    block under the table (偏差大或目标未完成原因分析, 存在问题 / 改进措施).
    Formula: deviation = actual short of target (a number, or a worded 未完成 / 部分完成 / 无),
    qualitative 部分达成/未达成, 得分 < 分值 beyond rounding, or actual ≥ over_achievement_ratio ×
    target; reason blank, a placeholder (/, -) or without a single word (only digits and
    punctuation); and no deviation note under the table explains the row (a note naming the row,
    or naming no row at all, that is not boilerplate).
    Fires:
      - row 验收通过率 | 100% | 95% | 6 | 5
      - row 验收通过率 | 100% | 95% | 6 | 5
        row 开展培训次数 | ≥12次 | 10次 | 6 | 5
        notes 开展培训次数:受疫情影响两次培训未能举办,下一步将合理安排培训时间。
    Passes:
      - row 验收通过率 | 100% | 95% | 6 | 5 | 施工单位整改延误,下一步将加强验收前自查
      - row 验收通过率 | 100% | 95% | 6 | 5
        notes 部分工程因施工单位整改延误未能按期验收,下一步将加强验收前自查。
    """
    for ra in _deviating(ctx):
        ind = ra.ind
        if not reason_is_empty(ctx.pack, ind.reason):
            continue
        if ind.reason is None and ctx.form.kind == "other" and ctx.form.truncated:
            continue  # a report explains in later sections, and the file stops before they come
        note = _note(ctx, ra)
        if note is not None and reason_is_explanation(ctx, note.text, ind.name):
            continue
        seen = "表下偏差说明未涉及该指标" if ctx.form.notes and note is None else (
            "表下偏差说明为套话" if note is not None else "表下无偏差说明")
        yield row_finding(
            ctx,
            "D001",
            ind,
            f"“{ind.name}”{_deviation_text(ra)},但偏差原因分析及改进措施为空。",
            reasons=[*ra.basis, "偏差原因栏为空或仅有占位符", seen],
        )


@check("D002", "vague-deviation-reason", severity="warning", field="indicator", params=D002Params,
       uses=_ROW_RULES, lexicons=("reason_boilerplate", "reason_vague_markers", "circular_reason_words"))
def vague_reason(ctx: FormContext) -> Iterator[Finding]:
    """The deviation reason is boilerplate, says nothing specific, or only restates the gap.

    Why: SPEC §2: '基本达标', '无', '暂无', '已完成' are not reasons; '偶有疏漏' names no cause an
    auditor could verify; '未完成的原因是完成率未达到目标' or '原因是实际支出为48万元' only says again
    that the target was missed. Rows without a deviation are not judged ('无' is fine there), nor a
    row whose vague cell is explained by a note under the table.
    Formula: on a deviating row, the reason (its cell, or the note tied to it when the cell is
    empty) equals an entry of reason_boilerplate, contains one of reason_vague_markers, has fewer
    than min_chars characters, or is circular: without the indicator's name, the numbers and the
    circular_reason_words, fewer than two characters remain.
    Fires:
      - row 服务站建设成本达标率 | =100% | 90% | 10 | 9 | 基本达标
      - row 服务站建设及时率 | =100% | 90% | 10 | 9 | 未完成的原因是完成率未达到目标
      - row 项目资金支出 | ≥50万元 | 48万元 | 10 | 9.6 | 原因是实际支出为48万元
      - row 服务站建设及时率 | =100% | 90% | 10 | 9
        notes 基本达标。
    Passes:
      - row 服务站建设及时率 | =100% | 90% | 10 | 9 | 建设完成时间比计划时间稍晚
      - row 服务站建设及时率 | =100% | 90% | 10 | 9 | 未完成的原因是雨季施工受阻
    """
    min_chars = _min_chars(ctx)
    for ra in _deviating(ctx):
        ind = ra.ind
        if reason_is_empty(ctx.pack, ind.reason):
            note = _note(ctx, ra)
            if note is None or reason_is_empty(ctx.pack, note.text):
                continue  # D001's
            why = vagueness(ctx.pack, min_chars, note.text, ind.name)
            if why is not None:
                yield _note_finding(ctx, "D002", ind, note,
                                    f"“{ind.name}”{_deviation_text(ra)},表下偏差说明“{note.text.strip()}”{why},"
                                    "不构成原因分析。", [why])
            continue
        why = vagueness(ctx.pack, min_chars, ind.reason, ind.name)
        if why is None:
            continue
        note = _note(ctx, ra)
        if note is not None and reason_is_explanation(ctx, note.text, ind.name):
            continue  # the cell says little, the note under the table explains
        yield _reason_finding(
            ctx, "D002", ind, f"“{ind.name}”{_deviation_text(ra)},偏差原因“{ind.reason.strip()}”{why},不构成原因分析。", [why]
        )


@check("D003", "reason-without-measure", severity="warning", field="indicator", uses=_ROW_RULES,
       lexicons=("cause_markers", "problem_markers", "measure_markers"))
def reason_without_measure(ctx: FormContext) -> Iterator[Finding]:
    """A deviation reason gives a cause but no improvement measure (or a measure but no cause).

    Why: SPEC §2 asks for both: why the target was missed, and what will be done about it; a form
    may give either in the row's cell or in the notes under the table (存在问题 / 改进措施).
    Formula: lexicon-based, on the row's 偏差原因 together with the notes tied to the row: measure
    markers (将, 下一步, 加强, 改进, 完善, 确保, 今后, 拟…) and cause/problem markers (由于, 因, 原因,
    导致, 较多, 稍晚, 延误, 未…). A reason with no measure marker fires; one with measures but no
    cause or problem fires the other way. Boilerplate and circular reasons are D002's, not judged here.
    Fires:
      - row 党员活动参与率 | =100% | 90% | 10 | 9 | 部分党员因工作原因未参加党员活动
      - row 党员活动参与率 | =100% | 90% | 10 | 9
        notes 党员活动参与率:部分党员因工作原因未参加党员活动。
    Passes:
      - row 党员活动参与率 | =100% | 90% | 10 | 9 | 受疫情影响活动延期,下一步将合理安排活动时间
      - row 党员活动参与率 | =100% | 90% | 10 | 9 | 部分党员因工作原因未参加党员活动
        notes 改进措施:下一步将提前发布活动安排,方便党员参加。
    """
    for ra in _deviating(ctx):
        ind = ra.ind
        cell = "" if reason_is_empty(ctx.pack, ind.reason) else (ind.reason or "")
        note = _note(ctx, ra)
        reason = cell + ("\n" + note.text if note is not None else "")
        if not reason.strip() or reason_is_boilerplate(ctx.pack, reason) or (
                not cell and note is not None and vagueness(ctx.pack, _min_chars(ctx), note.text, ind.name)) or (
                cell and is_circular(ctx.pack, cell, ind.name)):
            continue
        measures = hits(ctx.pack, "measure_markers", reason)
        causes = hits(ctx.pack, "cause_markers", reason) + hits(ctx.pack, "problem_markers", reason)
        if measures and causes:
            continue
        said = (cell or note.text).strip()
        if not measures:
            message = f"“{ind.name}”的偏差说明“{said}”只陈述原因或现象,没有改进措施。"
            reasons = ["未出现改进措施用语(将、下一步、加强、改进、完善、确保、今后…)"]
            if causes:
                reasons.insert(0, "原因用语: " + "、".join(dict.fromkeys(causes)))
        else:
            message = f"“{ind.name}”的偏差说明“{said}”只有改进措施,没有说明偏差原因。"
            reasons = ["措施用语: " + "、".join(dict.fromkeys(measures)), "未出现原因或问题用语"]
        if note is not None:
            reasons.append("已合并表下偏差说明")
        if cell:
            yield _reason_finding(ctx, "D003", ind, message, reasons)
        else:
            yield _note_finding(ctx, "D003", ind, note, message, reasons)


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
