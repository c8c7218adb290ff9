"""F001–F004: the funds block (年初预算数 / 全年预算数 / 全年执行数 / 执行率 / 得分), amounts in 万元."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..text import fold
from .evidence import funds_text
from .lexicon import first_hit, words
from .registry import check
from .rounding import EPS, decimals_in_text, fmt

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Form, FundsRow
    from .registry import FormContext

_COLUMNS = (("budget_initial", "年初预算数"), ("budget_full_year", "全年预算数"), ("executed", "全年执行数"))


def _denominator(row: FundsRow) -> tuple[float | None, str]:
    """全年预算数, or 年初预算数 when the form prints only one budget column (e.g. Beijing A/B)."""
    if row.budget_full_year is not None:
        return row.budget_full_year, "全年预算数"
    return row.budget_initial, "年初预算数"


def _computed_rate(row: FundsRow) -> float | None:
    budget, _ = _denominator(row)
    if budget is None or row.executed is None or budget <= 0:
        return None
    return row.executed / budget * 100


def _rate_plausible(row: FundsRow) -> bool:
    """A stated rate equal to an amount of its own row (229.35 beside 229.35) is a column misread."""
    if row.rate is None:
        return False
    if abs(row.rate - 100) <= 1 or row.rate <= 1.0 + EPS:
        return True
    return all(v is None or abs(v - row.rate) > EPS for v in (row.executed, row.budget_full_year, row.budget_initial))


def _scoring_plausible(row: FundsRow, max_weight: float) -> bool:
    """分值 / 得分 cells that can be a funds score: a block of at most max_funds_weight points, a
    score that is not a percentage ('86%' read into 得分 means the columns slid)."""
    if row.weight is None or row.score is None or row.weight <= 0 or row.weight > max_weight:
        return False
    return "%" not in fold(row.score_text or "")  # folded: ％ too


def _stated_rate_candidates(row: FundsRow) -> list[float]:
    """The stated 执行率 in percent; a value ≤ 1 may be a fraction (0.958 = 95.8%)."""
    if row.rate is None:
        return []
    out = [row.rate]
    if 0 < row.rate <= 1.0 + EPS:
        out.append(row.rate * 100)
    return out


@check("F001", "execution-rate-mismatch", severity="error", field="funds", uses=("execution.rate_tolerance",))
def execution_rate(ctx: FormContext) -> Iterator[Finding]:
    """Stated 执行率 differs from 全年执行数 / 全年预算数.

    Why: the execution rate drives the funds score; a rate that does not follow from the amounts
    printed beside it means one of them is wrong (a stale rate, a typo, a copied row).
    Formula: 执行率 = 全年执行数 / 全年预算数 × 100%, compared within the pack's tolerance
    (execution.rate_tolerance percentage points) or the stated rate's own rounding, whichever is
    larger; a rate printed as a fraction (0.958) is read as 95.8%; rows with a zero budget are skipped.
    Fires:
      - funds 年度资金总额 | 144 | 155.17 | 155.17 | 10 | 90.00 | 9
    Passes:
      - funds 年度资金总额 | 36 | 36 | 34.5 | 10 | 0.958 | 9.58
      - funds 年度资金总额 | 144 | 155.17 | 155.17 | 10 | 100.00 | 10
    """
    base_tol = ctx.settings.execution.rate_tolerance
    for row in ctx.form.funds:
        computed = _computed_rate(row)
        if computed is None:
            continue
        stated = _stated_rate_candidates(row) if _rate_plausible(row) else []
        if not stated:
            continue
        decimals = decimals_in_text(row.rate_text)
        tol = max(base_tol, 0.5 * 10 ** -(decimals or 0)) if decimals is not None else base_tol
        tol = min(tol, _printed_precision(row) or tol)
        if any(abs(s - computed) <= tol + EPS for s in stated):
            continue
        budget, label = _denominator(row)
        yield ctx.finding(
            "F001",
            f"“{row.label}”执行率填报为 {row.rate_text or fmt(row.rate)},但全年执行数 {fmt(row.executed, 4)} / "
            f"{label} {fmt(budget, 4)} = {fmt(computed)}%,两者不符。",
            funds_text(ctx.form, row),
            source=row.source,
            expected=round(computed, 2),
            actual=row.rate,
            formula=f"执行率 = 全年执行数 / {label} × 100% = {fmt(row.executed, 4)} / {fmt(budget, 4)} × 100%",
            reasons=[
                f"计算执行率 {fmt(computed)}%,填报 {row.rate_text or fmt(row.rate)}",
                f"允许误差 ±{fmt(tol)} 个百分点(规则包参数与填报值的取舍精度取大者)",
            ],
        )


_PRINTED_DECIMALS = re.compile(r"\d\.(\d+)")


def _printed_precision(row: FundsRow) -> float | None:
    """The slack a rate printed to two decimals or more ("95.00%") claims for itself: one unit of its
    last printed digit (rounded or truncated) plus what the amounts' own rounding moves the quotient.

    Why: "95.00%" beside 95.36 / 100 = 95.36% is wrong at any rounding; the pack's tolerance is for rates
    printed whole ("96%"), where the form has not said how it rounded."""
    m = _PRINTED_DECIMALS.search(row.rate_text or "")
    budget, _ = _denominator(row)
    if m is None or len(m.group(1)) < 2 or row.rate is None or row.rate <= 1.0 + EPS or not budget \
            or row.executed is None:
        return None
    unit = 10.0 ** -len(m.group(1))
    amount_decimals = max(len(f"{v:.6f}".rstrip("0").partition(".")[2]) for v in (budget, row.executed))
    half = 0.5 * 10.0 ** -amount_decimals
    moved = 100 * (half / budget + row.executed * half / budget**2)
    return unit + moved


def _expected_funds_score(rate: float, weight: float, threshold: float | None) -> float:
    if threshold is not None and rate >= threshold - EPS:
        return weight
    return min(rate, 100.0) / 100 * weight


def _funds_score_formula(rate: float, weight: float, threshold: float | None) -> str:
    """How _expected_funds_score got its number, worded only for a finding."""
    if threshold is not None and rate >= threshold - EPS:
        return f"执行率 {fmt(rate)}% ≥ {fmt(threshold)}% 得满分 {fmt(weight)}"
    e = _expected_funds_score(rate, weight, threshold)
    return f"得分 = min(执行率, 100%) × 分值 = {fmt(min(rate, 100.0))}% × {fmt(weight)} = {fmt(e)}"


@check("F002", "execution-score-mismatch", severity="error", field="funds",
       uses=("execution.full_score_threshold", "execution.max_funds_weight", "scoring.score_tolerance"))
def execution_score(ctx: FormContext) -> Iterator[Finding]:
    """The 预算执行率 得分 differs from what the pack's formula gives for the execution rate.

    Why: the funds score is pure arithmetic under 财预〔2020〕10号 (执行率 × 分值, capped at 100%);
    a higher score inflates the self-evaluation, a lower one signals a copied or stale figure.
    Formula: 得分 = min(执行率, 100%) × 分值 (or full 分值 at/above execution.full_score_threshold
    in packs that set it); compared after rounding to the precision the form uses. Both the computed
    and the stated rate are tried, so an F001 error does not cascade into F002.
    Fires:
      - funds 年度资金总额 | 100 | 100 | 97.8 | 10 | 97.80% | 9
    Passes:
      - funds 年度资金总额 | 100 | 100 | 86.2 | 10 | 86.20% | 9
      - funds 年度资金总额 | 100 | 100 | 86.2 | 100 | 86.20% | 86%
    """
    form = ctx.form
    row = _total_row(ctx) or form.funds_total
    max_weight = ctx.settings.execution.max_funds_weight
    if row is None or not _scoring_plausible(row, max_weight):
        return
    rates: list[float] = []
    computed = _computed_rate(row)
    if computed is not None:
        rates.append(computed)
    if _rate_plausible(row):
        rates.extend(_stated_rate_candidates(row))
    if not rates:
        return
    threshold = ctx.settings.execution.full_score_threshold
    tol = ctx.analysis.rows.tolerance
    options = [_expected_funds_score(r, row.weight, threshold) for r in rates]
    if any(abs(e - row.score) <= tol for e in options):
        return
    expected, formula = options[0], _funds_score_formula(rates[0], row.weight, threshold)
    yield ctx.finding(
        "F002",
        f"预算执行率得分填报 {row.score_text or fmt(row.score)},按执行率 {fmt(rates[0])}% 与分值 {fmt(row.weight)} "
        f"应得 {fmt(expected)} 分,不符。",
        funds_text(form, row),
        source=row.source,
        expected=round(expected, 2),
        actual=row.score,
        formula=formula,
        reasons=[ctx.analysis.rows.describe_tolerance(), f"计算得分 {fmt(expected)},填报 {fmt(row.score)}"],
    )


def is_total_label(label: str) -> bool:
    """年度资金总额 / 合计 / 总计: the funds row that sums the others."""
    return "总额" in label or "合计" in label or "总计" in label


def _total_row(ctx: FormContext) -> FundsRow | None:
    """The row labelled as the grand total (年度资金总额 / 合计), or None when none is labelled.

    Found once per form: F002, F003 and F004 all start from it.
    """
    if "funds:total" not in ctx.memo:
        ctx.memo["funds:total"] = next((row for row in ctx.form.funds if is_total_label(row.label)), None)
    return ctx.memo["funds:total"]


def _sum_candidates(parts: list[float], tol: float) -> Iterator[float]:
    """Ways the listed parts can add up: all of them, and all of them with nested sub-items
    removed (a row followed by consecutive rows that add up to it is a group with its children).
    The plain sum comes first: it usually matches, and the nested reading is then never worked out."""
    yield sum(parts)
    top: list[float] = []
    i = 0
    while i < len(parts):
        top.append(parts[i])
        run, j = 0.0, i + 1
        while j < len(parts) and run < parts[i] - EPS:
            run += parts[j]
            j += 1
        if j > i + 1 and abs(run - parts[i]) <= tol and parts[i] > 0:
            i = j
        else:
            i += 1
    yield sum(top)


@check("F003", "funds-sum-mismatch", severity="error", field="funds", uses=("funds.sum_tolerance",))
def funds_sums(ctx: FormContext) -> Iterator[Finding]:
    """A funds total is not the sum of its sources, or 全年执行数 exceeds 全年预算数.

    Why: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 in every column; a total that its
    parts do not reach (or overshoot) means an amount is wrong, and spending more than the budget
    cannot be right in a self-evaluation.
    Formula: |总额 − Σ 来源| ≤ tolerance per column (年初 / 全年 / 执行); nested sub-items (财政拨款
    = 上级 + 本级) are recognised; with a single '其中' row only 其中 ≤ 总额 is required.
    执行数 ≤ 全年预算数 for every row.
    Fires:
      - funds 年度资金总额 | 100 | 100 | 100
        funds 当年财政拨款 | 80 | 80 | 80
        funds 上年结转资金 | 30 | 30 | 30
      - funds 年度资金总额 | 100 | 100 | 120
    Passes:
      - funds 年度资金总额 | 155.17 | 155.17 | 155.17
        funds 当年财政拨款 | 155.17 | 155.17 | 155.17
        funds 上年结转资金 | 0 | 0 | 0
        funds 其他资金 | 0 | 0 | 0
    """
    form = ctx.form
    tol = ctx.settings.funds.sum_tolerance
    total = _total_row(ctx)
    if total is not None:
        # other total-labelled rows (年度资金申请总额 beside 项目资金总额) restate the total, not parts of it
        parts_rows = [r for r in form.funds if r is not total and not is_total_label(r.label)]
        for attr, label in _COLUMNS:
            t = getattr(total, attr)
            if t is None:
                continue
            values = [getattr(r, attr) for r in parts_rows]
            present = [v for v in values if v is not None]
            if not present:
                continue
            if len(parts_rows) == 1:
                if present[0] > t + tol:
                    yield _f003_sum(ctx, total, label, t, present, [parts_rows[0].label], "其中项大于总额")
                continue
            slack = tol * max(1, len(present))
            if any(abs(s - t) <= slack for s in _sum_candidates(present, tol)):
                continue
            if len(present) < len(values):
                continue  # some source cells are blank: cannot tell what is missing
            yield _f003_sum(ctx, total, label, t, present, [r.label for r in parts_rows], "来源合计与总额不符")
    for row in form.funds:
        if row.executed is None or row.budget_full_year is None:
            continue
        if row.budget_initial is None and row.rate is not None and row.rate <= 100 + tol:
            continue  # 年初 column absent and the form itself says ≤100%: the amounts slid one column
        if row.executed > row.budget_full_year + tol:
            yield ctx.finding(
                "F003",
                f"“{row.label}”全年执行数 {fmt(row.executed, 4)} 大于全年预算数 {fmt(row.budget_full_year, 4)}。",
                funds_text(form, row),
                source=row.source,
                expected=f"≤ {fmt(row.budget_full_year, 4)}",
                actual=row.executed,
                formula="全年执行数 ≤ 全年预算数",
                reasons=["执行数超过预算数,超支或数字填错"],
            )



def _f003_sum(ctx: FormContext, total: FundsRow, column: str, t: float, parts: list[float],
              labels: list[str], why: str) -> Finding:
    s = sum(parts)
    return ctx.finding(
        "F003",
        f"“{total.label}”{column} {fmt(t, 4)} 与其来源({'、'.join(labels)})合计 {fmt(s, 4)} 不符。",
        funds_text(ctx.form, total),
        source=total.source,
        expected=round(s, 4),
        actual=t,
        formula=f"{column}: 总额 = " + " + ".join(fmt(p, 4) for p in parts),
        reasons=[why, "已尝试识别“其中”嵌套子项,仍无法凑成总额"],
    )


@check("F004", "budget-adjusted", severity="warning", field="funds", uses=("budget_adjustment_ratio",),
       lexicons=("budget_adjustment_words",))
def budget_adjusted(ctx: FormContext) -> Iterator[Finding]:
    """全年预算数 moved far from 年初预算数 and no narrative explains the adjustment.

    Why: a large in-year adjustment changes what the targets were set against; the form should
    say why money was added or cut (追加 / 调减 / 收回), otherwise targets and execution rate
    are measured against a moving budget.
    Formula: |全年预算数 − 年初预算数| / 年初预算数 > budget_adjustment_ratio (default 30%), or
    年初 0 with 全年 > 0, for the total row, and for each source row (当年财政拨款, 上年结转…) that
    had an initial budget of its own;
    explained when 预期目标, 实际完成情况 or a 偏差原因 names an adjustment (lexicon
    budget_adjustment_words). One finding per adjustment: the total when it moved (the sources that
    moved named in it), else each source that moved (the total may stay put when one source goes up
    and another down).
    Fires:
      - funds 年度资金总额 | 8.28 | 5.46 | 5.46 | 10 | 100% | 10
        actual 完成年度修缮任务,修缮房屋3处。
      - funds 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10
        funds 当年财政拨款 | 80 | 40 | 40
        funds 上年结转资金 | 20 | 60 | 60
        actual 完成年度修缮任务,修缮房屋3处。
    Passes:
      - funds 年度资金总额 | 155.63 | 151.77 | 151.77 | 10 | 100% | 10
      - funds 年度资金总额 | 8.28 | 5.46 | 5.46 | 10 | 100% | 10
        actual 年中调减预算2.82万元,完成年度修缮任务。
      - funds 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10
        funds 当年财政拨款 | 80 | 75 | 75
        funds 上年结转资金 | 20 | 25 | 25
        actual 完成年度修缮任务,修缮房屋3处。
    """
    form = ctx.form
    total = _total_row(ctx) or form.funds_total
    if total is None:
        return
    limit = ctx.settings.budget_adjustment_ratio
    own = _adjustment(total, limit)
    # a source row counts when it moved from an initial budget of its own ('上年结转 0 → 5' is the
    # usual carry-over, fixed after the year began: only the total's 0 → X is reported)
    subs = [(row, change) for row in form.funds
            if row is not total and not is_total_label(row.label) and (row.budget_initial or 0) > 0
            and (change := _adjustment(row, limit)) is not None]
    if (own is None and not subs) or _adjustment_explained(ctx, form):
        return
    if own is not None:
        # one adjustment, one finding: the total, with the sources that moved named in it
        yield _f004(ctx, total, own, limit, subs)
        return
    for row, change in subs:  # the sources moved while the total did not (one up, one down)
        yield _f004(ctx, row, change, limit, [])


def _adjustment(row: FundsRow, limit: float) -> str | None:
    """How far 全年预算数 moved from 年初预算数 ('+45.2%', or '年初为 0…'), when beyond ``limit``."""
    init, full = row.budget_initial, row.budget_full_year
    if init is None or full is None:
        return None
    if init > 0:
        change = (full - init) / init
        if abs(change) <= limit + EPS:
            return None
        return f"{'+' if change > 0 else ''}{fmt(change * 100, 1)}%"
    return "年初为 0,全部为年内新增" if full > 0 else None


def _f004(ctx: FormContext, row: FundsRow, change_text: str, limit: float,
          subs: list[tuple[FundsRow, str]]) -> Finding:
    init, full = row.budget_initial, row.budget_full_year
    what = (f"“{row.label}”全年预算数 {fmt(full, 4)} 较年初预算数 {fmt(init, 4)} 变动 {change_text},"
            f"超过 {fmt(limit * 100)}%" if init > 0 else
            f"“{row.label}”年初预算数为 0,全年预算数 {fmt(full, 4)} 全部为年内追加")
    reasons = ["叙述中未出现调整类用语(" + "、".join(words(ctx.pack, "budget_adjustment_words")[:6]) + "…)"]
    reasons += [f"其中“{sub.label}”变动 {change}" for sub, change in subs]
    return ctx.finding(
        "F004",
        what + ",但预期目标、实际完成情况和偏差说明均未说明预算调整原因。",
        funds_text(ctx.form, row),
        source=row.source,
        expected=f"|变动| ≤ {fmt(limit * 100)}% 或说明调整原因",
        actual=change_text,
        formula="变动率 = (全年预算数 − 年初预算数) / 年初预算数",
        reasons=reasons,
    )


def _adjustment_explained(ctx: FormContext, form: Form) -> bool:
    texts = [form.goal.text, form.actual.text] + [i.reason or "" for i in form.indicators]
    if form.kind == "other" and not (form.goal or form.actual):
        texts.append(form.text)  # a prose report is its own narrative (as for the C rules)
    return any(first_hit(ctx.pack, "budget_adjustment_words", t) for t in texts if t)
