"""S001–S008: indicator scores against weights, the proportional / band rules, totals and grades.

Every row verdict (met, short, band) comes from ``assess.py`` so the scoring and deviation checks
agree. The form's own 分值 are what the scores are checked against; the pack's split is only
compared in S007, so a 20/80 form under the default pack gets one S007 note, not a cascade.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..text import fold, key
from . import indicator_kinds as kinds
from .assess import MET, OVER, FormAssessment, RowAssessment
from .deviation import reason_is_explanation
from .evidence import funds_text, row_finding, row_text, span_text
from .funds import is_total_label
from .lexicon import mapping, memo
from .registry import check
from .rounding import EPS, fmt

if TYPE_CHECKING:
    from ..findings import Finding
    from ..packs import RulePack
    from .registry import FormContext

# what the row verdicts (checks/assess.py) read: the S rules that judge a row's score use all of it
_ROW_RULES = ("scoring", "qualitative_bands")
_ATTAINMENT = ("attainment_achieved", "attainment_partial", "attainment_failed")
_CATEGORY_NAMES = {"funds": "预算执行率", "output": "产出指标", "benefit": "效益指标", "satisfaction": "满意度指标",
                   "indicators": "绩效指标合计"}


def _scored_rows(fa: FormAssessment) -> list[RowAssessment]:
    """Rows with both 分值 and 得分 (child rows normally have neither, so are never counted twice)."""
    return [] if fa.form.kind == "declaration" else fa.scored


@check("S001", "score-exceeds-weight", severity="error", field="indicator", uses=("scoring.score_tolerance",))
def score_exceeds_weight(ctx: FormContext) -> Iterator[Finding]:
    """A row's 得分 is larger than its 分值.

    Why: a score can never exceed the points the indicator carries; it inflates 总分.
    Formula: 得分 ≤ 分值 (plus the form's rounding slack); also checked for the funds row.
    Fires:
      - row 服务站建设达标率 | ≥90% | 95% | 10 | 12
    Passes:
      - row 服务站建设达标率 | ≥90% | 95% | 10 | 10
    """
    fa = ctx.analysis.rows
    for ra in _scored_rows(fa):
        ind = ra.ind
        if ind.score > ind.weight + fa.tolerance:
            yield row_finding(
                ctx,
                "S001",
                ind,
                f"“{ind.name}”得分 {fmt(ind.score)} 超过其分值 {fmt(ind.weight)}。",
                expected=f"≤ {fmt(ind.weight)}",
                actual=ind.score,
                formula="得分 ≤ 分值",
                reasons=[fa.describe_tolerance()],
            )
    if ctx.form.kind == "declaration":
        return
    for row in ctx.form.funds:
        if row.weight is None or row.score is None or not row.score > row.weight + fa.tolerance:
            continue
        if "%" not in fold(row.score_text or ""):  # with '%' it is a rate read into the 得分 column
            yield ctx.finding(
                "S001",
                f"“{row.label}”得分 {fmt(row.score)} 超过其分值 {fmt(row.weight)}。",
                funds_text(ctx.form, row),
                source=row.source,
                field="funds",
                expected=f"≤ {fmt(row.weight)}",
                actual=row.score,
                formula="得分 ≤ 分值",
            )


def _within(score: float, band: tuple[float, float], tol: float) -> bool:
    return band[0] - tol <= score <= band[1] + tol


def _band_text(band: tuple[float, float]) -> str:
    return fmt(band[0]) if abs(band[0] - band[1]) < EPS else f"{fmt(band[0])}–{fmt(band[1])}"


def _verdict_rows(fa: FormAssessment) -> list[RowAssessment]:
    """Scored rows with a rule band, not already over their weight (S001 says that)."""
    return [] if fa.form.kind == "declaration" else fa.banded


def _cells(ind) -> str:
    """'(年度指标值 ≥90%,实际 85%)' for S002-S004 messages."""
    return f"(年度指标值 {ind.target.text.strip()},实际 {ind.actual.text.strip()})"


def _band_finding(ctx: FormContext, fa: FormAssessment, ra: RowAssessment, code: str, expected: float,
                  message: str) -> Finding:
    """S002-S004: a row's 得分 outside the band its verdict allows, with the formula and basis used."""
    return row_finding(
        ctx,
        code,
        ra.ind,
        message,
        expected=expected,
        actual=ra.ind.score,
        formula=ra.formula,
        reasons=[*ra.basis, fa.describe_tolerance()],
    )


@check("S002", "inflated-score", severity="warning", field="indicator", uses=_ROW_RULES, lexicons=_ATTAINMENT)
def inflated_score(ctx: FormContext) -> Iterator[Finding]:
    """Target not met, yet full marks or more than the proportional / band rule gives.

    Why: under 财预〔2020〕10号 a positive indicator below target scores actual / target × 分值, a
    reverse one above its ceiling is deducted, and a partly achieved qualitative one gets 60–80%;
    a higher score inflates the self-evaluation.
    Formula: 得分 > rule score (rounded to the form's precision) for a shortfall row; qualitative
    bands from qualitative_bands; reverse rows per scoring.reverse_rule.
    Fires:
      - row 家庭医生签约服务人数 | 42600人 | 41450人 | 3 | 3
        row 健康教育讲座 | ≥12次 | 12次 | 2.5 | 2.5
    Passes:
      - row 服务站建设及时率 | =100% | 90% | 10 | 9
    """
    fa = ctx.analysis.rows
    for ra in _verdict_rows(fa):
        ind = ra.ind
        if ra.short and ind.score > ra.band[1] + fa.tolerance:
            full = ind.score >= ind.weight - fa.tolerance
            yield _band_finding(
                ctx, fa, ra, "S002", round(ra.band[1], 2),
                f"“{ind.name}”未达到年度指标值{_cells(ind)},"
                f"按规则应得 {_band_text(ra.band)} 分,自评却给了{'满分 ' if full else ''}{fmt(ind.score)} 分,自评打分偏高。",
            )


@check("S003", "unexplained-deduction", severity="warning", field="indicator", uses=_ROW_RULES,
       lexicons=_ATTAINMENT)
def unexplained_deduction(ctx: FormContext) -> Iterator[Finding]:
    """Target met, yet points deducted.

    Why: a met target earns its full 分值 (a qualitative 达成 row at least 80%); a deduction the
    table does not justify misstates the result and usually hides a real shortfall or a typo.
    Over-achievement far above target may be scored down (the target was set too low), so
    those rows are left to S008.
    Formula: met → 得分 = 分值 (qualitative 达成: ≥ 80% × 分值), after rounding to the form's precision.
    Fires:
      - row 围墙修缮、竣工验收 | 完成时间为2023年11月20日 | 完成时间为2023年11月20日 | 6 | 5
    Passes:
      - row 服务站建设达标率 | ≥90% | 90% | 10 | 10
    """
    fa = ctx.analysis.rows
    for ra in _verdict_rows(fa):
        ind = ra.ind
        if ra.status == MET and not ra.short and ind.score < ra.band[0] - fa.tolerance:
            yield _band_finding(
                ctx, fa, ra, "S003", round(ra.band[0], 2),
                f"“{ind.name}”已达到年度指标值{_cells(ind)},"
                f"应得 {_band_text(ra.band)} 分,却只得 {fmt(ind.score)} 分,扣分无依据。",
            )


@check("S004", "deduction-inconsistent", severity="warning", field="indicator", uses=_ROW_RULES,
       lexicons=_ATTAINMENT)
def deduction_inconsistent(ctx: FormContext) -> Iterator[Finding]:
    """A shortfall row is scored lower than the proportional / band rule gives.

    Why: the deduction for a shortfall follows a rule (actual / target × 分值, the reverse rule, or
    the qualitative band); a bigger deduction than the rule means the score or the actual is wrong.
    Formula: 得分 < rule score beyond the form's rounding (e.g. =100%, 完成 90%, 分值 10 → 9).
    Fires:
      - row 活动质量达标率 | =100% | 90% | 10 | 8
    Passes:
      - row 活动参与人数达标率 | =100% | 90% | 20 | 18
    """
    fa = ctx.analysis.rows
    for ra in _verdict_rows(fa):
        ind = ra.ind
        if ra.short and ind.score < ra.band[0] - fa.tolerance:
            yield _band_finding(
                ctx, fa, ra, "S004", round(ra.band[0], 2),
                f"“{ind.name}”未完全达成{_cells(ind)},"
                f"按规则应得 {_band_text(ra.band)} 分,实得 {fmt(ind.score)} 分,扣分与规则不一致。",
            )


def _funds_row(ctx: FormContext):
    """The funds block's total row (its 分值 / 得分 count toward 总分); found once per form for S005 and S007."""
    if "funds_row" not in ctx.memo:
        found = next((row for row in ctx.form.funds if is_total_label(fold(row.label))), None)
        ctx.memo["funds_row"] = found if found is not None else ctx.form.funds_total
    return ctx.memo["funds_row"]


@check("S005", "total-mismatch", severity="error", field="form", uses=("scoring.score_tolerance",))
def total_mismatch(ctx: FormContext) -> Iterator[Finding]:
    """总分 differs from the sum of the scores, or Σ 分值 differs from the stated maximum.

    Why: 总分 = 预算执行率得分 + Σ 指标得分; a total that its parts do not make, or weights that do
    not add up to the printed maximum (usually 100), change the grade.
    Formula: 总分 = funds 得分 + Σ top-level row 得分 (child '其中' rows excluded); Σ 分值 (funds +
    top-level rows) = 总分 row's 分值; within the form's rounding. Skipped when a score cell is blank
    or the funds block's 得分 / 分值 was not read (a page fragment cannot be added up).
    Fires:
      - funds 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10
        row[产出指标] 开展活动次数 | ≥12次 | 12次 | 50 | 50
        row[效益指标] 居民参与率 | ≥80% | 85% | 30 | 30
        row[满意度指标] 居民满意度 | ≥90% | 95% | 10 | 10
        total 100 | 95
    Passes:
      - funds 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10
        row[产出指标] 开展活动次数 | ≥12次 | 12次 | 50 | 50
        row[效益指标] 居民参与率 | ≥80% | 85% | 30 | 30
        row[满意度指标] 居民满意度 | ≥90% | 95% | 10 | 10
        total 100 | 100
    """
    form = ctx.form
    if form.kind == "declaration":
        return
    fa = ctx.analysis.rows
    top = kinds.form_rows(ctx, top_only=True)
    if not top:
        return
    funds = _funds_row(ctx)
    problems: list[str] = []
    expected = actual = None
    formula = ""
    tol = fa.tolerance
    # the funds block's 得分 / 分值 are part of the sums: when they were not read (a fragment of a
    # page, a slid funds row) the difference cannot be attributed, so nothing is claimed
    if form.total_score is not None and funds is not None and funds.score is not None:
        scores = [i.score for i in top]
        parts = [funds.score] + [s for s in scores if s is not None]
        s = sum(parts)
        if abs(s - form.total_score) > tol and None not in scores:
            problems.append(f"总分 {fmt(form.total_score)} ≠ Σ得分 {fmt(s)}")
            expected, actual = round(s, 2), form.total_score
            formula = "总分 = " + " + ".join(fmt(p) for p in parts)
    if form.total_weight is not None and funds is not None and funds.weight is not None:
        weights = [i.weight for i in top]
        if None not in weights:
            parts = [funds.weight] + weights
            s = sum(parts)
            if abs(s - form.total_weight) > tol:
                problems.append(f"总分栏分值 {fmt(form.total_weight)} ≠ Σ分值 {fmt(s)}")
                if expected is None:
                    expected, actual = round(s, 2), form.total_weight
                formula = (formula + "; " if formula else "") + "Σ分值 = " + " + ".join(fmt(p) for p in parts)
    if not problems:
        return
    yield ctx.finding(
        "S005",
        ";".join(problems) + "。",
        span_text(form, form.total_source) or _total_evidence(form),
        source=form.total_source,
        expected=expected,
        actual=actual,
        formula=formula,
        reasons=[*problems, "“其中”子行不计入合计", fa.describe_tolerance()],
    )


def _total_evidence(form) -> str:
    parts = ["总分"]
    if form.total_weight is not None:
        parts.append(fmt(form.total_weight))
    if form.total_score is not None:
        parts.append(fmt(form.total_score))
    return "\t".join(parts)


def _grade_aliases(pack: RulePack) -> list[tuple[str, Any]]:
    """The pack's grade aliases, longest first (优秀 before 优), sorted once per pack."""
    cached = memo(pack, "grade")
    aliases = cached.get("aliases")
    if aliases is None:
        aliases = cached["aliases"] = sorted(mapping(pack, "grade_aliases").items(), key=lambda kv: -len(kv[0]))
    return aliases


def _normalise_grade(grade: str, ctx: FormContext) -> str | None:
    text = key(grade)  # 優秀 reads as 优秀
    bands = ctx.settings.grade_bands
    for alias, target in _grade_aliases(ctx.pack):
        if alias in text:
            return str(target)
    for name in bands:
        if name in text:
            return str(name)
    return None


@check("S006", "grade-mismatch", severity="error", field="form", uses=("grade_bands",), lexicons=("grade_aliases",))
def grade_mismatch(ctx: FormContext) -> Iterator[Finding]:
    """评分等级 does not fit 总分.

    Why: the grade follows from the total by fixed bands (优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60);
    a better grade than the total earns is an inflated result.
    Formula: grade = the highest band of grade_bands whose lower bound ≤ 总分 (aliases 优秀 → 优 ...).
    Fires:
      - total 100 | 86
        grade 优
    Passes:
      - total 100 | 98
        grade 优
    """
    form = ctx.form
    if form.kind == "declaration" or form.total_score is None or not form.grade:
        return
    bands = ctx.settings.grade_bands
    if not bands:
        return
    stated = _normalise_grade(form.grade, ctx)
    if stated is None:
        return
    ordered = sorted(((float(v), str(k)) for k, v in bands.items()), reverse=True)
    expected = next((name for low, name in ordered if form.total_score >= low - EPS), ordered[-1][1])
    if stated == expected:
        return
    yield ctx.finding(
        "S006",
        f"总分 {fmt(form.total_score)} 对应等级应为“{expected}”,表中填写“{form.grade.strip()}”。",
        span_text(form, form.grade_source) or form.grade,
        source=form.grade_source,
        expected=expected,
        actual=form.grade.strip(),
        formula="等级: " + ", ".join(f"{name} ≥ {fmt(low)}" for low, name in ordered),
        reasons=[f"“{form.grade.strip()}”按别名归为“{stated}”"],
    )


@check("S007", "weight-structure", severity="info", field="form",
       uses=("weights", "weight_tolerance", "structure.required_level1"),
       lexicons=("level1_categories", "level2_categories"))
def weight_structure(ctx: FormContext) -> Iterator[Finding]:
    """A 一级指标 block is missing, or the weights are far from the pack's split.

    Why: 财预〔2020〕10号 sets the split (预算执行率 10, 产出 50, 效益 30, 满意度 10) and local
    packs set theirs (e.g. Hubei 20 + 80); a form without a 效益 or 满意度 block, or with its
    points elsewhere, is reported once here. The rows are still scored by their own 分值, so a
    different split never produces S-errors elsewhere.
    Formula: per block Σ top-level 分值 vs params.weights (|Δ| > weight_tolerance); blocks from
    一级 / 二级 labels (数量/质量/时效/成本 → 产出); only on forms whose 总分 / 合计 line is
    present (a cut form cannot be judged). Declarations are skipped.
    Fires:
      - funds 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10
        row[产出指标] 开展活动次数 | ≥12次 | 12次 | 70 | 70
        row[效益指标] 居民参与率 | ≥80% | 85% | 10 | 10
        row[满意度指标] 居民满意度 | ≥90% | 95% | 10 | 10
        total 100 | 100
    Passes:
      - funds 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10
        row[产出指标] 开展活动次数 | ≥12次 | 12次 | 50 | 50
        row[效益指标] 居民参与率 | ≥80% | 85% | 30 | 30
        row[满意度指标] 居民满意度 | ≥90% | 95% | 10 | 10
        total 100 | 100
    """
    form = ctx.form
    if form.kind == "declaration":
        return
    top = kinds.form_rows(ctx, top_only=True)
    if not top:
        return
    if form.kind == "other" and all(i.weight is None for i in top):
        return  # a report's table lists the indicators it discusses, with no 分值: no block structure to judge
    # a cut form (page fragment, preview) cannot be judged: require its 总分 / 合计 line (a 合计
    # row is what form_rows leaves out)
    complete = (form.total_score is not None or form.total_weight is not None
                or len(kinds.form_rows(ctx)) < len(form.indicators))
    if not complete:
        return
    pack = ctx.pack
    cats = kinds.categories(top, pack)
    issues: list[str] = []
    required = ctx.settings.structure.required_level1
    if None not in cats:
        missing = [c for c in required if c not in cats]
        if missing:
            issues.append("缺少一级指标: " + "、".join(_CATEGORY_NAMES.get(c, c) for c in missing))
    weights = {f: getattr(ctx.settings.weights, f) for f in _CATEGORY_NAMES}
    tol = ctx.settings.weight_tolerance
    sums: dict[str, float] = {}
    top_weights = [i.weight for i in top]
    if None not in cats and None not in top_weights:
        for cat, w in zip(cats, top_weights, strict=True):
            sums[cat] = sums.get(cat, 0.0) + float(w)
        sums["indicators"] = sum(map(float, top_weights))
        funds = _funds_row(ctx)
        if funds is not None and funds.weight is not None:
            sums["funds"] = float(funds.weight)
        for key, want in weights.items():
            have = sums.get(key)
            if want is None or have is None:
                continue
            if abs(have - float(want)) > tol + EPS:
                issues.append(f"{_CATEGORY_NAMES.get(key, key)} {fmt(have)} 分(规则包 {fmt(float(want))} 分)")
    if not issues:
        return
    first = top[0]
    evidence = span_text(form, form.total_source) or row_text(form, first)
    yield ctx.finding(
        "S007",
        "指标结构与规则包“" + ctx.pack.name + "”不一致: " + ";".join(issues) + "。各指标仍按表内分值核算。",
        evidence,
        source=form.total_source or first.source,
        expected={k: v for k, v in weights.items() if v is not None},
        actual=sums or None,
        formula="一级指标分值合计 vs params.weights (容差 ±" + fmt(tol) + ")",
        reasons=issues,
    )


@check("S008", "over-achievement", severity="warning", field="indicator",
       uses=("scoring.over_achievement_ratio",), lexicons=("reason_boilerplate", "reason_vague_markers"))
def over_achievement(ctx: FormContext) -> Iterator[Finding]:
    """Actual far above target (default ≥ 130%) and no explanation.

    Why: a target exceeded by far was usually set too low; the unit must explain it and may be
    scored down for it. Reverse indicators (costs, complaint rates) below their ceiling are fine.
    Formula: positive / equal row, same unit, actual / target ≥ scoring.over_achievement_ratio,
    and the 偏差原因 cell is empty or boilerplate.
    Fires:
      - row 多媒体设备运行维护频次 | ≥4次 | 12次 | 10 | 10
    Passes:
      - row 服务水平达标率 | ≥90% | 100% | 10 | 10
      - row 多媒体设备运行维护频次 | ≥4次 | 12次 | 10 | 10 | 群众使用需求增加,增加维护频次,下一年度将调高目标值
    """
    fa = ctx.analysis.rows
    if ctx.form.kind == "declaration":
        return
    ratio = ctx.settings.scoring.over_achievement_ratio
    for ra in fa.rows:
        if ra.status != OVER:
            continue
        ind = ra.ind
        if reason_is_explanation(ctx, ind.reason, ind.name):
            continue
        yield row_finding(
            ctx,
            "S008",
            ind,
            f"“{ind.name}”实际完成 {ind.actual.text.strip()},为年度指标值 {ind.target.text.strip()} 的 "
            f"{fmt(ra.ratio * 100, 0)}%,远超目标却未说明原因(目标可能设定偏低)。",
            expected=f"< {fmt(ratio * 100)}% 或说明原因",
            actual=f"{fmt(ra.ratio * 100, 1)}%",
            formula=f"实际完成值 / 年度指标值 = {fmt(ind.actual.value)} / {fmt(ind.target.value)}",
            reasons=[*ra.basis, "偏差原因为空或为套话" if ind.reason else "偏差原因为空"],
        )

