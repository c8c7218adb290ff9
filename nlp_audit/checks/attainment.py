"""A001–A003: whether target and actual can be compared at all (units, thresholds, wording)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import indicator_kinds as kinds
from .evidence import row_finding
from .lexicon import memo, word_hit, word_set
from .registry import check
from .rounding import EPS, fmt

if TYPE_CHECKING:
    from ..findings import Finding
    from ..packs import RulePack
    from .registry import FormContext


@check("A001", "unit-mismatch", severity="warning", field="indicator",
       lexicons=("rate_name_suffixes", "rate_name_markers", "count_units", "unit_aliases"))
def unit_mismatch(ctx: FormContext) -> Iterator[Finding]:
    """Target and actual units differ, or a '…率' indicator is measured in 人 / 次 / 个.

    Why: values in different units cannot be compared, so the row's attainment and score are
    unverifiable; a rate (完成率, 及时率) counted in heads or times measures something else
    than its name says. Declarations are checked on the target alone.
    Formula: unit(target) ≠ unit(actual) after unit_aliases; or the name is a rate
    (rate_name_suffixes / rate_name_markers) and a unit is in count_units.
    Fires:
      - row 志愿者队伍建设完成率 | ≥20.00(人) | 20.00(人) | 10 | 10
      - row 设备运维次数 | ≥4次 | 4个 | 10 | 10
    Passes:
      - row 活动知晓率 | ≥85.00(%) | 85.00(%) | 10 | 10
      - row 设备运维次数 | ≥4次 | 4次 | 10 | 10
    """
    pack = ctx.pack
    declaration = ctx.form.kind == "declaration"
    known = memo(pack, "unit_problems")  # the same names and units recur in every form of a batch
    for ind in kinds.form_rows(ctx):
        tgt, act = ind.target, ind.actual
        key = (ind.name, tgt.unit, act.unit, declaration)
        reasons = known.get(key)
        if reasons is None:
            reasons = _unit_problems(*key, pack)
            if len(known) < 10000:
                known[key] = reasons
        if not reasons:
            continue
        yield row_finding(
            ctx,
            "A001",
            ind,
            f"“{ind.name}”: " + ";".join(reasons) + ",目标与实际无法按比率核对。",
            expected=tgt.unit,
            actual=act.unit,
            reasons=list(reasons),
        )


def _unit_problems(name: str, target_unit: str | None, actual_unit: str | None, declaration: bool,
                   pack: RulePack) -> tuple[str, ...]:
    """Why a row's units make target and actual incomparable (empty when they do not)."""
    reasons: list[str] = []
    if not declaration and kinds.units_differ(target_unit, actual_unit, pack):
        reasons.append(f"年度指标值单位“{target_unit}”与实际完成值单位“{actual_unit}”不同")
    if kinds.is_rate_name(name, pack):
        count_units = word_set(pack, "count_units")
        cells = [("年度指标值", target_unit)] + ([] if declaration else [("实际完成值", actual_unit)])
        bad = [(label, unit) for label, unit in cells if kinds.norm_unit(unit, pack) in count_units]
        if bad:
            label, unit = bad[0]
            reasons.append(f"指标名称为比率(“…率”),但{label}以“{unit}”计")
    return tuple(reasons)


@check("A002", "at-threshold", severity="info", field="indicator", lexicons=("unit_aliases",))
def at_threshold(ctx: FormContext) -> Iterator[Finding]:
    """The actual equals a ≥ / ≤ threshold exactly.

    Why: results that land exactly on the threshold (满意度 ≥90% → 90%) are common when actuals
    are copied from targets rather than measured; one is unremarkable, many in a batch are a
    pattern (B002 counts them). Equality targets ('=100%' → 100%) are not thresholds.
    Formula: target op ∈ {≥, ≤}, actual is a measured number (no comparator of its own), same
    unit, actual = target.
    Fires:
      - row 党员群众满意度 | ≥90.00(%) | 90.00(%) | 10 | 10
    Passes:
      - row 服务站建设完成数量 | =100.00(%) | 100.00(%) | 20 | 20
      - row 党员群众满意度 | ≥90% | 95% | 10 | 10
    """
    if ctx.form.kind == "declaration":
        return
    for ind in kinds.form_rows(ctx):
        tgt, act = ind.target, ind.actual
        if tgt.op not in (">=", "<=") or tgt.value is None or act.value is None:
            continue
        if act.op in kinds.COMPARATORS or kinds.units_conflict(tgt, act, ctx.pack):
            continue
        if abs(float(act.value) - float(tgt.value)) > EPS:
            continue
        sign = "≥" if tgt.op == ">=" else "≤"
        yield row_finding(
            ctx,
            "A002",
            ind,
            f"“{ind.name}”实际完成值 {act.text.strip()} 恰好等于阈值 {sign}{fmt(tgt.value)},请核实是否为实测值。",
            expected=f"{sign}{fmt(tgt.value)}",
            actual=act.value,
            reasons=["实际值与阈值完全相等(提示项,批量统计见 B002)"],
        )


@check("A003", "qualitative-actual-for-quantitative-target", severity="warning", field="indicator",
       lexicons=("met_words",))
def qualitative_actual(ctx: FormContext) -> Iterator[Finding]:
    """The target is a number, the actual only says 达成指标 / 完成.

    Why: a numeric target is measured by a number; '完成' cannot show whether ≤30万元 or 12次 was
    reached, so the score rests on an assertion.
    Formula: target has a value (op not qual), actual has no value and its text is a met word
    (met_words lexicon).
    Fires:
      - row 单位造价控制 | ≤30万元 | 完成 | 10 | 10
    Passes:
      - row 单位造价控制 | ≤30万元 | 28.6万元 | 10 | 10
      - row 基层治理水平提升情况 | 提升 | 达成指标 | 20 | 20
    """
    if ctx.form.kind == "declaration":
        return
    for ind in kinds.form_rows(ctx):
        tgt, act = ind.target, ind.actual
        if tgt.value is None or tgt.op == "qual" or act.value is not None or act.is_empty:
            continue
        word = word_hit(ctx.pack, "met_words", act.text)
        if not word or kinds.attainment_level(act.text, ctx.pack) in ("partial", "failed"):
            continue
        yield row_finding(
            ctx,
            "A003",
            ind,
            f"“{ind.name}”年度指标值为数值({tgt.text.strip()}),实际完成值只写“{act.text.strip()}”,无法核对。",
            expected=f"数值(单位 {tgt.unit or '同目标'})",
            actual=act.text.strip(),
            reasons=[f"实际完成值为定性用语“{word}”"],
        )
