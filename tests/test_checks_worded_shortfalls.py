"""Shortfalls that are not numbers: worded or negated actuals (未完成, 部分完成, 基本达到, 无) against a
numeric or qualitative target, and actuals that repeat a comparator ('≥95%'). D001, S002 and S003 see
them as shortfalls or as met, as the case may be. Synthetic forms written for these tests."""

from __future__ import annotations

import pytest
from builders import row, rules_of, run, seed_form

REASON = "受雨季影响工期延误,下一步将提前开工"


def _row(target, actual, score, reason=None, name="开展技能培训次数"):
    return seed_form({0: row(name, target, actual, 20, score, reason)})


def _codes(f):
    return rules_of(run(f, "S002,S003,S004,D001"))


@pytest.mark.parametrize(
    ("target", "actual", "score", "reason", "codes"),
    [
        # numeric target, worded shortfall: scored by the qualitative bands (partial 60-80%, failed 0-60%)
        ("≥12次", "未完成", 20, None, ["D001", "S002"]),
        ("≥12次", "未完成", 10, REASON, []),
        ("≥12次", "部分完成", 20, REASON, ["S002"]),
        ("≥12次", "部分完成", 14, REASON, []),
        ("≥12次", "部分完成", 8, REASON, ["S004"]),
        # '无' for something that should have happened is a failure ...
        ("≥12次", "无", 20, None, ["D001", "S002"]),
        ("≥12次", "无", 0, REASON, []),
        # ... a qualitative 基本达到 is a partial attainment
        ("有效提升", "基本达到", 20, REASON, ["S002"]),
        ("有效提升", "基本达到", 15, REASON, []),
    ],
)
def test_worded_actuals(target, actual, score, reason, codes):
    assert _codes(_row(target, actual, score, reason)) == codes


@pytest.mark.parametrize(
    ("name", "target", "score", "codes"),
    [
        ("安全事故发生起数", "≤1起", 20, []),  # nothing happened under a ceiling: met
        ("安全事故发生起数", "≤1起", 16, ["D001", "S003"]),  # met, yet points deducted
        ("重大安全事故", "无重大安全事故", 20, []),  # a nil target met by a nil
        ("重大安全事故", "无重大安全事故", 16, ["D001"]),  # 80% is inside the achieved band
        ("重大安全事故", "无重大安全事故", 14, ["D001", "S003"]),
    ],
)
def test_none_meets_a_ceiling_or_a_nil_target(name, target, score, codes):
    assert _codes(_row(target, "无", score, name=name)) == codes


@pytest.mark.parametrize(
    ("target", "actual", "score", "codes"),
    [
        ("≥90%", "≥95%", 20, []),  # the bound guarantees the target: met
        ("≥90%", "≥95%", 16, ["D001", "S003"]),
        ("≥90%", "≤80%", 20, ["D001", "S002"]),  # the bound rules the target out: short, at most 80/90
        ("≥90%", "≤80%", 17, ["D001"]),
        ("≥90%", "≥85%", 20, []),  # undecided: at least 85 may or may not reach 90
        ("≥90%", "≥85%", 16, ["D001"]),  # ... only the deduction is certain
        ("≤5天", "≤3天", 16, ["D001", "S003"]),  # reverse: at most 3 meets at most 5
        ("≤5天", "≥7天", 20, ["D001"]),  # reverse: at least 7 misses at most 5 (no proportional rule)
    ],
)
def test_actuals_that_repeat_a_comparator(target, actual, score, codes):
    assert _codes(_row(target, actual, score, name="服务事项达标率" if "%" in target else "办结时限")) == codes
