"""S001–S008: scores vs weights and rules, totals, grades, structure, over-achievement."""

from __future__ import annotations

import pytest
from builders import (
    declaration_form,
    form,
    hubei_form,
    row,
    rules_of,
    run,
    seed_form,
    sichuan_form,
    standard_funds,
)


def test_clean_seed_form_has_no_s_findings():
    assert run(seed_form(), "S") == []


def test_clean_layout_families_have_no_scoring_errors():
    for f, pack in ((hubei_form(), "hubei"), (declaration_form(), "default")):
        assert [x.rule for x in run(f, "S", pack=pack)] == []


# --- S001 ---------------------------------------------------------------------------------

def test_s001_score_above_weight_and_not_at_weight():
    f = seed_form({1: row("服务站建设达标率", "≥90.00(%)", "95.00(%)", 10, 12)})
    hits = run(f, "S001")
    assert rules_of(hits) == ["S001"] and hits[0].indicator == "服务站建设达标率"
    assert "\t12.00" in hits[0].evidence
    assert run(seed_form(), "S001") == []


# --- S002 / S003 / S004 proportional rule ------------------------------------------------------

def test_s004_seed_rule_gives_nine_not_eight():
    f = seed_form({3: row("活动质量达标率", "=100.00(%)", "90.00(%)", 10, 8, "活动中人数较多, 服务偶有疏漏")})
    hits = run(f, "S")
    s004 = [h for h in hits if h.rule == "S004"]
    assert len(s004) == 1 and s004[0].expected == 9.0 and s004[0].actual == 8
    assert "90 / 100 × 10 = 9" in s004[0].formula
    assert "S002" not in rules_of(hits) and "S003" not in rules_of(hits)


def test_proportional_score_passes():
    f = seed_form({3: row("活动参与人数达标率", "=100.00(%)", "90.00(%)", 10, 9, "因工作原因未参加")})
    assert run(f, "S") == []


def test_s002_full_score_despite_shortfall():
    f = seed_form({0: row("家庭医生签约服务人数", "42600人", "41450人", 20, 20)})
    hits = run(f, "S002")
    assert len(hits) == 1 and "满分" in hits[0].message
    assert abs(hits[0].expected - 19.46) < 0.01


def test_s002_more_than_proportional_on_one_decimal_form():
    rows = [row("慢性病随访管理数", "4150人", "3520人", 2, 1.9, level1="产出指标", level2="数量指标"),
            row("残疾人康复服务数", "186人", "183人", 2, 1.8, level1="产出指标", level2="数量指标"),
            row("孕产妇访视数", "236人", "236人", 2, 2, level1="产出指标", level2="数量指标")]
    hits = run(form(rows, standard_funds(10, 10, 10)), "S")
    by = {h.indicator: h.rule for h in hits if h.rule in ("S002", "S003", "S004")}
    assert by == {"慢性病随访管理数": "S002", "残疾人康复服务数": "S004"}


def test_rounding_tolerance_follows_form_precision():
    # 86.2% of 10 = 8.62: 9 on a whole-point form is fine ...
    f = seed_form({1: row("服务站建设达标率", "=100%", "86.2%", 10, 9, "因资金到位晚,下一步将提前申报")})
    assert run(f, "S") == []
    # ... but on a form that scores to one decimal, 9 is more than proportional
    g = seed_form({1: row("服务站建设达标率", "=100%", "86.2%", 10, 9, "因资金到位晚,下一步将提前申报"),
                   2: row("服务站建设及时率", "=100%", "95%", 10, 9.5, "因天气延误,下一步将合理安排")})
    assert rules_of(run(g, "S")) == ["S002"]


def test_s003_met_but_deducted_including_same_text_dates():
    f = seed_form({1: row("服务站建设达标率", "≥90.00(%)", "95.00(%)", 10, 8)})
    hits = run(f, "S003")
    assert len(hits) == 1 and hits[0].expected == 10
    d = seed_form({2: row("围墙修缮、竣工验收", "完成时间为2023年11月20日", "完成时间为2023年11月20日", 10, 8)})
    assert rules_of(run(d, "S003")) == ["S003"]


def test_s003_not_for_over_achievement_scored_down():
    f = seed_form({1: row("维护频次", "≥4.00(次)", "12.00(次)", 10, 8, "目标设定偏低,下一步将提高目标值")})
    assert "S003" not in rules_of(run(f, "S"))


def test_reverse_indicator_linear_default_and_inverse_ratio_in_hubei():
    r = row("项目成本控制", "≤30万元", "36万元", 10, 8, level1="产出指标", level2="成本指标")
    f = seed_form({3: r})
    hits = run(f, "S")  # linear to 0 at 2x: 10 × (1 − 6/30) = 8
    assert [h.rule for h in hits if h.rule in ("S002", "S004")] == []
    r2 = row("项目成本控制", "≤30万元", "36万元", 10, 8, level1="产出指标", level2="成本指标")
    h = hubei_form([r2] + hubei_form().indicators[1:])  # Hubei: 10 × 30/36 = 8.33 -> 8 whole points
    assert [x.rule for x in run(h, "S002,S004", pack="hubei")] == []
    r3 = row("项目成本控制", "≤30万元", "36万元", 10, 10, level1="产出指标", level2="成本指标")
    assert rules_of(run(seed_form({3: r3}), "S002")) == ["S002"]


def test_reverse_rate_by_name_met_when_below_ceiling():
    f = seed_form({1: row("群众投诉率", "5%", "2%", 10, 10)})
    assert run(f, "S") == []
    g = seed_form({1: row("群众投诉率", "5%", "2%", 10, 7)})
    assert rules_of(run(g, "S")) == ["S003"]


def test_cost_pass_rate_named_with_cost_word_is_positive():
    f = seed_form({3: row("服务站建设成本达标率", "=100.00(%)", "90.00(%)", 10, 9, "基本达标")})
    assert run(f, "S") == []


def test_money_without_comparator_is_not_scored():
    f = seed_form({0: row("工程资金金额", "52.8", "45.51", 20, 18, "尾款未付,下一步将加快结算")})
    assert run(f, "S002,S003,S004") == []


def test_qualitative_bands_default_and_hubei():
    part = row("运营服务及时性", "及时", "部分达成指标并具有一定效果", 20, 16, "人流多时服务偶有不及时")
    assert run(seed_form({0: part}), "S") == []
    inflated = row("运营服务及时性", "及时", "部分达成指标并具有一定效果", 20, 20, "人流多时服务偶有不及时")
    assert rules_of(run(seed_form({0: inflated}), "S")) == ["S002"]
    low = row("运营服务及时性", "及时", "部分达成指标并具有一定效果", 20, 11, "人流多时服务偶有不及时")
    assert rules_of(run(seed_form({0: low}), "S")) == ["S004"]  # 60% band floor is 12
    rows = hubei_form().indicators
    rows[3] = row("改善人居环境", "有效改善", "部分达成", 15, 8, level1="效益指标", level2="社会效益指标")
    assert run(hubei_form(rows), "S002,S004", pack="hubei") == []  # 80/50: 7.5–12
    assert rules_of(run(hubei_form(rows), "S004")) == ["S004"]  # default 60%: 9


def test_child_rows_are_not_scored_or_counted():
    rows = [row("种植面积", "≥29.5亩", "29.5亩", 20, 20, level1="产出指标", level2="数量指标"),
            row("其中: 小麦", "≥20亩", "18亩", None, None, parent=0, level1="产出指标", level2="数量指标"),
            *seed_form().indicators[1:]]
    f = form(rows, standard_funds(9.48, 9.48, 9.48))
    assert run(f, "S") == []


# --- S005 / S006 ------------------------------------------------------------------------------

def test_s005_total_not_sum_and_weights_not_max():
    f = seed_form(total=96)
    hits = run(f, "S005")
    assert len(hits) == 1 and hits[0].expected == 100 and hits[0].actual == 96
    rows = seed_form().indicators
    rows[0].weight = 30
    g = form(rows, standard_funds(1, 1, 1), total=100, total_weight=100)
    hits = run(g, "S005")
    assert len(hits) == 1 and "Σ分值 110" in hits[0].message


def test_s005_not_on_declaration_or_when_a_score_is_blank():
    assert run(declaration_form(), "S005") == []
    rows = seed_form().indicators
    rows[1].score = None
    assert run(form(rows, standard_funds(1, 1, 1), total=95), "S005") == []


def test_s006_grade_bands_and_aliases():
    assert rules_of(run(seed_form(total="auto", grade="良"), "S006")) == ["S006"]
    assert run(seed_form(grade="优秀"), "S006") == []
    f = seed_form({0: row("服务站建设完成数量", "=100%", "60%", 20, 12, "因资金未到位,下一步将加快实施")})
    assert f.total_score == 92 and run(f, "S006") == []
    g = seed_form({0: row("服务站建设完成数量", "=100%", "10%", 20, 2, "因资金未到位,下一步将加快实施")},
                  grade="优")
    hit = run(g, "S006")
    assert len(hit) == 1 and hit[0].expected == "良" and hit[0].evidence == "优"


# --- S007 -------------------------------------------------------------------------------------

def test_s007_default_split_passes_and_hubei_split_is_one_info_under_default():
    assert run(seed_form(), "S007") == []
    hits = run(hubei_form(), "S")
    assert rules_of(hits) == ["S007"] and hits[0].severity == "info"
    assert run(hubei_form(), "S", pack="hubei") == []


def test_s007_missing_satisfaction_block_sichuan():
    hits = run(sichuan_form(), "S007")
    assert len(hits) == 1 and "满意度指标" in hits[0].message


def test_s007_not_on_cut_form_or_declaration():
    cut = sichuan_form(total=None, total_weight=None)
    assert [h for h in run(cut, "S007") if "缺少" in h.message] == []
    assert run(declaration_form(), "S007") == []


def test_s007_seventy_twenty_split():
    rows = seed_form().indicators
    rows[0].weight = rows[0].score = 40
    rows[4].weight = rows[4].score = 10
    hits = run(form(rows, standard_funds(1, 1, 1), total_weight=110), "S007")
    assert len(hits) == 1 and "产出指标 70" in hits[0].message and "效益指标 20" in hits[0].message


# --- S008 -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "actual", "reason", "fires"),
    [
        ("≥4.00(次)", "12.00(次)", None, True),
        ("≥4.00(次)", "12.00(次)", "无", True),
        ("≥4.00(次)", "12.00(次)", "因群众需求增加,增加了维护频次,下一步将合理设定目标", False),
        ("≥90.00(%)", "100.00(%)", None, False),  # 111%
        ("≥5亿元", "6.47亿元", None, False),  # 129.4%, below 130%
        ("≤0.9%", "0%", None, False),  # reverse: below the ceiling is good
        ("≥75(%)", "100(%)", None, True),  # 133%
    ],
)
def test_s008_over_achievement(target, actual, reason, fires):
    f = seed_form({1: row("测试指标频次", target, actual, 10, 10, reason)})
    assert bool(run(f, "S008")) is fires


def test_s008_not_on_declaration():
    assert run(declaration_form(), "S008") == []


def test_total_line_kept_as_a_row_is_not_an_indicator():
    rows = [row("成本控制数", "≤30万元", "28万元", 90, 90, level1="产出指标", level2="成本指标"),
            row("合计", "", "", 100, None, level1="产出指标", level2="成本指标")]
    f = form(rows, standard_funds(3.36, 3.36, 3.36), total=100, total_weight=100)
    hits = run(f, "S")
    assert "S005" not in rules_of(hits)
    s007 = [h for h in hits if h.rule == "S007"]
    assert s007 and "190" not in s007[0].message and "产出指标 90" in s007[0].message


def test_s005_not_on_a_fragment_without_funds_block():
    rows = [row("成本控制数", "≤30万元", "完成", 90, 90, level1="产出指标", level2="成本指标")]
    assert run(form(rows, [], total=100, total_weight=100), "S005") == []
    assert rules_of(run(form(rows, standard_funds(1, 1, 1), total=100, total_weight=100), "S005")) == []
    assert rules_of(run(form(rows, standard_funds(1, 1, 1), total=95, total_weight=100), "S005")) == ["S005"]


def test_fused_number_runs_are_not_judged():
    # '退耕还林补植面积万亩3510710': target / actual / 分值 / 得分 printed without separators
    f = seed_form({0: row("退耕还林补植面积", "35", "7", 20, 20)})
    ind = f.indicators[0]
    start = ind.source.start
    fused_line = "退耕还林补植面积3572020"
    f.text = f.text[:start] + fused_line + f.text[ind.source.end:]
    shift = len(fused_line) - (ind.source.end - start)
    ind.source = type(ind.source)(start=start, end=ind.source.end + shift)
    for later in f.indicators[1:]:
        later.source = type(later.source)(start=later.source.start + shift, end=later.source.end + shift)
    assert run(f, "S002,D001") == []
    assert rules_of(run(seed_form({0: row("退耕还林补植面积", "35", "7", 20, 20)}), "S002")) == ["S002"]
