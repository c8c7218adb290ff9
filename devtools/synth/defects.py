"""Planting defects: each function bends one part of a clean form and labels what a checker must find.

Why one function per code: the label (expected codes + evidence) is written by the same code that
makes the defect, so the two cannot disagree. A planter returns False when the form has nothing
it can use (e.g. no quantitative row left); the caller then simply does not claim the defect.
Some defects necessarily bring a second finding (an over-achievement with an empty reason is both
S008 and D001); the label lists both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .generator import Builder, PlantedDefect, RowSpec
from .numbers import fmt, grade_for, proportional_score, round_half_up

SELF_DEFECTS = (
    "F001", "F002", "F004", "S001", "S002", "S003", "S004", "S005", "S006", "S008",
    "A001", "A002", "A003", "D001", "D002", "D003", "C001", "C002", "C005", "C006", "G001",
)  # fmt: skip
DECLARATION_DEFECTS = ("A001", "C001", "G001")

# at most one defect of a group per form: they rewrite the same fields
_GROUPS = ({"F001", "F002", "F004"},)
_NARRATIVE_EXCLUSIVE = {"C005", "C006"}
_NARRATIVE = {"C001", "C002", "C005", "C006"}

UNIT_SWAP = {"人": "人次", "人次": "人", "次": "场", "场": "次", "场次": "次", "个": "项", "户": "人", "座": "处", "处": "个"}


def plant(b: Builder, code: str) -> bool:
    """Plant ``code`` on the builder's form; False when impossible or in conflict."""
    fn = _PLANTERS.get(code)
    if fn is None:
        raise ValueError(f"no planter for {code!r}; plantable: {', '.join(sorted(_PLANTERS))}")
    if b.kind == "declaration" and code not in DECLARATION_DEFECTS:
        return False
    planted_codes = b.planted_codes
    for group in _GROUPS:
        if code in group and planted_codes & group:
            return False
    if code in _NARRATIVE and planted_codes & _NARRATIVE_EXCLUSIVE:
        return False
    if code in _NARRATIVE_EXCLUSIVE and planted_codes & _NARRATIVE:
        return False
    ok = fn(b)
    if ok:
        planted_codes.add(code)
    return ok


def _add(b: Builder, rule: str, key: tuple, row: RowSpec | None = None, why: str = "") -> None:
    b.defects.append(PlantedDefect(rule=rule, indicator=row.name if row else None, why=why, key=key))


# ---------------------------------------------------------------------------- funds


def _f001(b: Builder) -> bool:
    """Stated 执行率 is not 执行数 / 全年预算数."""
    s, fw = b.style, b.style.funds_weight
    rate = b.executed / b.budget * 100
    if b.executed < b.budget and s.score_decimals == 0 and round_half_up(rate / 100 * fw, 0) == fw and rate < 99.4:
        b.rate_override = 100.0  # rounded up to "100%" although money is left over
        why = f"执行数/全年预算数 = {rate:.2f}%, stated 100%"
    else:
        b.executed = b.budget
        if b.style.has_initial:  # the classic slip: divided by 年初预算数 instead of 全年预算数
            b.initial = round(b.budget / b.rng.uniform(1.06, 1.25), 2)
            b.rate_override = b.executed / b.initial * 100
        else:
            b.rate_override = 100.0 + b.rng.choice([5.0, 8.0, 12.5, 20.0])
        why = f"执行数/全年预算数 = 100%, stated {b.rate_override:.2f}%"
    _add(b, "F001", ("rate",), why=why)
    return True


def _f002(b: Builder) -> bool:
    """预算执行率 得分 below min(rate, 100%) x 分值 beyond the form's rounding."""
    s, fw = b.style, b.style.funds_weight
    b.executed = round(b.budget * b.rng.uniform(0.9, 0.985), 2)
    exact = b.executed / b.budget * fw
    stated = round_half_up(exact, s.score_decimals) - (1.0 if s.score_decimals == 0 else b.rng.choice([0.5, 1.0]))
    if abs(stated - exact) <= 0.5:
        stated -= 1.0
    b.funds_score_override = round_half_up(stated, s.score_decimals)
    _add(b, "F002", ("rate",), why=f"{b.executed}/{b.budget} x {fw} = {exact:.2f}, stated {b.funds_score_override}")
    return True


def _f004(b: Builder) -> bool:
    """全年预算数 far from 年初预算数 and no narrative says why."""
    if not b.style.has_initial:
        return False
    factor = b.rng.choice([b.rng.uniform(0.4, 0.62), b.rng.uniform(1.5, 2.6)])
    b.initial = round(b.budget / factor, 2 if not b.style.trim_money else 1)
    _add(b, "F004", ("initial",), why=f"年初 {b.initial} vs 全年 {b.budget}")
    return True


# ---------------------------------------------------------------------------- scoring rows


def _shortfall(b: Builder, low: float, high: float, pred: Callable[[RowSpec], bool] | None = None) -> RowSpec | None:
    """Turn a free positive quantitative row into a shortfall (actual/target in [low, high])."""
    cands = b.free_rows(lambda r: r.positive and r.weight is not None and r.kind in ("count", "measure", "rate"))
    if pred:
        cands = [i for i in cands if pred(b.rows[i])]
    if not cands:
        return None
    r = b.rows[b.rng.choice(cands)]
    ratio = b.rng.uniform(low, high)
    if r.kind == "count":
        actual = float(max(0, min(int(r.target) - 1, int(r.target * ratio))))
    else:
        actual = round(r.target * ratio, b.rng.choice([0, 1]))
        if actual >= r.target:
            actual = r.target - 1
    r.actual, r.used = actual, True
    if r.op == ">=" and actual >= r.target:
        return None
    return r


def _deducted(b: Builder, r: RowSpec) -> bool:
    """The rule's score is clearly below full marks (so a full score would be inflated)."""
    exact = proportional_score(r.actual, r.target, r.weight, r.op)
    return r.weight - exact > 0.75


def _shortfall_row(b: Builder) -> RowSpec | None:
    for _ in range(3):
        r = _shortfall(b, 0.7, 0.9)
        if r is None:
            return None
        if _deducted(b, r):
            return r
        r.actual = r.target * 0.75 if r.kind != "count" else float(int(r.target * 0.75))
        if _deducted(b, r):
            return r
    return None


def _s004(b: Builder) -> bool:
    """Shortfall scored below the proportional score."""
    r = _shortfall_row(b)
    if r is None:
        return False
    d = b.style.score_decimals
    exact = proportional_score(r.actual, r.target, r.weight, r.op)
    floor = math.floor(exact * 10**d) / 10**d
    r.score = max(0.0, round_half_up(floor - max(1.0, round_half_up(r.weight * 0.2, 0)), d))
    r.reason = b.good_reason()
    _add(b, "S004", ("name", b.rows.index(r)), r, f"{r.actual}/{r.target} x {r.weight} = {exact:.2f}, scored {r.score}")
    return True


def _s002(b: Builder) -> bool:
    """Shortfall but full marks."""
    r = _shortfall_row(b)
    if r is None:
        return False
    r.score = r.weight
    r.reason = b.good_reason()
    exact = proportional_score(r.actual, r.target, r.weight, r.op)
    _add(b, "S002", ("name", b.rows.index(r)), r, f"{r.actual} vs {r.target}: proportional {exact:.2f}, full {r.weight}")
    return True


def _met_row(b: Builder, pred: Callable[[RowSpec], bool] | None = None) -> RowSpec | None:
    cands = b.free_rows(lambda r: r.weight is not None and r.weight >= 5 and (pred is None or pred(r)))
    if not cands:
        return None
    r = b.rows[b.rng.choice(cands)]
    r.used = True
    return r


def _s003(b: Builder) -> bool:
    """Target met, points deducted, no reason (also D001)."""
    r = _met_row(b)
    if r is None:
        return False
    r.score = r.weight - b.rng.choice([1.0, 2.0])
    r.reason = ""
    i = b.rows.index(r)
    _add(b, "S003", ("name", i), r, "target met but scored below 分值")
    _add(b, "D001", ("name", i), r, "deduction without any reason")
    return True


def _s001(b: Builder) -> bool:
    """得分 above 分值."""
    r = _met_row(b)
    if r is None:
        return False
    r.score = r.weight + b.rng.choice([1.0, 2.0, 5.0])
    _add(b, "S001", ("name", b.rows.index(r)), r, f"scored {r.score} of {r.weight}")
    return True


def _s008(b: Builder) -> bool:
    """Actual far above target, unexplained (also D001: empty reason)."""
    r = _met_row(b, lambda r: r.kind in ("count", "measure") and r.op in (">=", "="))
    if r is None:
        return False
    r.op = ">="
    r.actual = float(round(r.target * b.rng.uniform(1.5, 3.2)))
    r.reason = ""
    i = b.rows.index(r)
    _add(b, "S008", ("name", i), r, f"{r.actual} = {r.actual / r.target:.0%} of target {r.target}")
    _add(b, "D001", ("name", i), r, "over-achievement with an empty reason")
    return True


def _d(b: Builder, rule: str, reason: str | None) -> bool:
    r = _shortfall_row(b)
    if r is None:
        return False
    r.reason = reason
    i = b.rows.index(r)
    key = ("name", i) if rule == "D001" else ("reason", i)
    _add(b, rule, key, r, f"shortfall {r.actual} vs {r.target}")
    return True


def _d001(b: Builder) -> bool:
    return _d(b, "D001", "")


def _d002(b: Builder) -> bool:
    return _d(b, "D002", b.rng.choice(b.v["reasons"]["vague"]))


def _d003(b: Builder) -> bool:
    return _d(b, "D003", b.rng.choice(b.v["reasons"]["causes"]))


# ---------------------------------------------------------------------------- attainment


def _a002(b: Builder) -> bool:
    """Actual exactly at a >= threshold."""
    r = _met_row(b, lambda r: r.numeric and r.op == ">=" and r.kind in ("count", "measure", "rate"))
    if r is None:
        return False
    r.actual = r.target
    _add(b, "A002", ("name", b.rows.index(r)), r, f"actual {r.actual} exactly at >= {r.target}")
    return True


def _a001(b: Builder) -> bool:
    """Target and actual in different units (declarations: a rate counted in 人)."""
    if b.kind == "declaration":
        r = _met_row_any(b, lambda r: r.kind == "rate" and r.name.endswith("率"))
        if r is None:
            return False
        r.unit, r.target, r.op, r.prose = "人", float(b.rng.randint(8, 60)), ">=", ""
        _add(b, "A001", ("name", b.rows.index(r)), r, "a rate whose target is a head count")
        return True
    r = _met_row(b, lambda r: r.kind == "count" and r.unit in UNIT_SWAP)
    if r is None:
        return False
    r.actual_unit = UNIT_SWAP[r.unit]
    r.claimable = False
    _add(b, "A001", ("name", b.rows.index(r)), r, f"target in {r.unit}, actual in {r.actual_unit}")
    return True


def _met_row_any(b: Builder, pred: Callable[[RowSpec], bool]) -> RowSpec | None:
    cands = b.free_rows(pred)
    if not cands:
        return None
    r = b.rows[b.rng.choice(cands)]
    r.used = True
    return r


def _a003(b: Builder) -> bool:
    """Numeric target, actual only '完成'."""
    r = _met_row(b, lambda r: r.numeric and r.kind in ("count", "measure"))
    if r is None:
        return False
    r.qual_actual = b.rng.choice(b.v["qual_actuals"])
    r.claimable = False
    _add(b, "A003", ("name", b.rows.index(r)), r, "numeric target, qualitative actual")
    return True


def _g001(b: Builder) -> bool:
    """A bare direction word (提升) as the target of a qualitative row."""
    r = _met_row_any(b, lambda r: r.kind == "qual" and r.level2 != "时效指标")
    if r is None:
        return False
    r.qual_target = b.rng.choice(b.v["direction_words"])
    _add(b, "G001", ("target", b.rows.index(r)), r, f"target {r.qual_target!r} is a direction, not a level")
    return True


# ---------------------------------------------------------------------------- totals


def _s005(b: Builder) -> bool:
    """总分 is not the sum of the scores (grade still fits the printed total)."""
    form = b.finalize()
    true = form.total_score or 0.0
    bands = b.grade_bands()
    for delta in b.rng.sample([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0, -5.0], 7):
        stated = round_half_up(true + delta, b.style.score_decimals)
        if 0 <= stated <= 100 and grade_for(stated, bands) == grade_for(true, bands):
            b.total_override = stated
            _add(b, "S005", ("total",), why=f"Σ得分 = {fmt(true, 2, trim=True)}, 总分 {fmt(stated, 2, trim=True)}")
            return True
    return False


def _s006(b: Builder) -> bool:
    """评分等级 does not fit 总分."""
    form = b.finalize()
    names = [g for g, _ in b.grade_bands()]
    right = form.grade or grade_for(form.total_score or 0.0, b.grade_bands())
    i = names.index(right)
    b.grade_override = names[i + 1] if i + 1 < len(names) else names[i - 1]
    _add(b, "S006", ("grade",), why=f"总分 {form.total_score} is {right}, stated {b.grade_override}")
    return True


# ---------------------------------------------------------------------------- narratives


def _c001(b: Builder) -> bool:
    """A quantitative claim no indicator measures (in 实际完成情况; in 项目概述 for declarations)."""
    phrase = b.rng.choice(b.sec["unsupported"])
    known = {x for r in b.rows for x in (r.target, r.actual) if x is not None} | {b.budget, b.executed}
    nums = [n for n in range(3, 80) if float(n) not in known]  # a number no row could back
    a, v = b.rng.choice(nums[:30]), b.rng.choice(nums)
    big = next(n for n in (a * k for k in (3, 4, 5, 6)) if float(n) not in known)
    text = phrase.replace("{a}", str(a)).replace("{b}", str(big)).replace("{v}", str(v))
    if b.kind == "declaration":
        b.narr.intro += b.style.comma + "计划" + text
    else:
        b.narr.extra_claims.append(text)
    _add(b, "C001", ("text",), why="no indicator measures this")
    b.defects[-1].evidence = text
    return True


def _c002(b: Builder) -> bool:
    """实际完成情况 states a value the table contradicts."""
    cands = [
        i for i in b.free_rows(lambda r: r.numeric and r.claimable and "claim" in r.tpl and r.kind != "days")
    ]
    if not cands:
        return False
    i = b.rng.choice(cands)
    r = b.rows[i]
    r.used = True
    if r.kind == "rate":
        v = r.actual - b.rng.choice([3.0, 4.0, 5.0, 6.0])
    elif r.actual != r.target:
        v = r.target
    else:
        v = float(round(r.actual * b.rng.choice([1.2, 1.3, 0.8])))
    others = {x.actual for x in b.rows if x.actual is not None} | {b.executed, b.budget}
    while v in others:  # the stated number must not happen to match another row
        v += 1.0
    if v <= 0:
        return False
    b.narr.overrides[i] = v
    if i not in b.narr.actual_rows:
        b.narr.actual_rows = sorted([*b.narr.actual_rows, i])
    _add(b, "C002", ("claim", i, "claim"), r, f"narrative says {fmt(v, 2, trim=True)}, table {r.actual}")
    return True


def _c005(b: Builder) -> bool:
    """实际完成情况 restates 预期目标 (no concrete fact left: also C006)."""
    b.narr.goal_rows = []
    b.narr.restate = True
    _add(b, "C005", ("actual_narr", 16), why="完成情况 copies 预期目标")
    _add(b, "C006", ("actual_narr", 16), why="no checkable fact in 完成情况")
    return True


def _c006(b: Builder) -> bool:
    """实际完成情况 says nothing checkable."""
    b.narr.vague = b.rng.choice(b.v["vague_actual"])
    _add(b, "C006", ("actual_narr", 40), why="no checkable fact in 完成情况")
    return True


_PLANTERS: dict[str, Callable[[Builder], bool]] = {
    "F001": _f001, "F002": _f002, "F004": _f004,
    "S001": _s001, "S002": _s002, "S003": _s003, "S004": _s004, "S005": _s005, "S006": _s006, "S008": _s008,
    "A001": _a001, "A002": _a002, "A003": _a003,
    "D001": _d001, "D002": _d002, "D003": _d003,
    "C001": _c001, "C002": _c002, "C005": _c005, "C006": _c006,
    "G001": _g001,
}  # fmt: skip


def random_defects(rng, kind: str = "self_evaluation", k: int | None = None) -> list[str]:
    """``k`` distinct plantable codes for a form of ``kind`` (k random in 1..3 when None)."""
    pool = DECLARATION_DEFECTS if kind == "declaration" else SELF_DEFECTS
    if k is None:
        k = rng.choice([1, 1, 2, 3])
    return rng.sample(list(pool), min(k, len(pool)))
