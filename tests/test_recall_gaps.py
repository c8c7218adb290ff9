"""Expected findings real forms showed the tool missing (issue 9 with issue 8), one mechanism each: a form
that fires it and a near miss that must not. Every form here is synthetic, written in the image of the
phenomenon (fused OCR funds rows, money outcomes in a goal, rates printed to the cent)."""

from __future__ import annotations

import pytest
from builders import form, funds, parse_one, row, rules_of, run, seed_form

from nlp_audit.layout.funds import assign_row

# --- funds rows fused by OCR: the column header glued too, the stated rate slightly wrong ---------------

_FUSED = """2023年某中心项目支出自评表
项目名称 社区服务平台升级
项目资金 (万元)全年预算数全年执行数执行率
年度资金总额{full}万元{run}
年度目标 完成平台升级
实际完成情况 已完成平台升级
一级指标 二级指标 三级指标 年度指标值 实际完成值
产出指标 数量指标 平台升级模块数 ≥5个 6个
"""


def test_fused_funds_header_and_row_are_read_and_a_slightly_wrong_rate_fires_f001():
    f = parse_one(_FUSED.format(full=80, run="61.4276.00%"))
    total = f.funds[0]
    assert (total.budget_full_year, total.executed, total.rate) == (80.0, 61.42, 76.0)
    assert rules_of(run(f, "F001")) == ["F001"]


def test_fused_funds_row_whose_rate_agrees_reads_without_f001():
    f = parse_one(_FUSED.format(full=80, run="61.4276.78%"))
    assert (f.funds[0].executed, f.funds[0].rate) == (61.42, 76.78)
    assert run(f, "F001") == []


def test_a_cut_whose_rate_is_far_from_the_amounts_is_not_trusted():
    # "61.4236.00%": 61.42 / 80 = 76.78%, nowhere near 36%: no cut proves itself, the row is not guessed
    cols = ("budget_full_year", "executed", "rate")
    assert assign_row(cols, ("80万元", "61.4236.00%"), (), "self_evaluation") is None
    assert assign_row(cols, ("80万元", "61.4276.00%"), (), "self_evaluation") is not None


# --- F001: a rate printed to the cent is held to it ------------------------------------------------------

def test_f001_rate_printed_to_two_decimals_is_held_to_its_precision():
    rows = [funds("年度资金总额", 100, 100, 95.36, 10, "95.00%", 9.5)]  # 95.36%
    assert rules_of(run(seed_form(funds_rows=rows), "F001")) == ["F001"]


@pytest.mark.parametrize("rate", ["95.36%", "95.37%", "95%", "95.4%"])
def test_f001_rate_rounded_or_truncated_or_printed_whole_passes(rate):
    rows = [funds("年度资金总额", 100, 100, 95.364, 10, rate, 9.5)]  # 95.364%
    assert run(seed_form(funds_rows=rows), "F001") == []


def test_f001_small_amounts_keep_their_own_rounding():
    # 3.36 / 3.37 = 99.70%: amounts rounded to the cent move the quotient by about 0.3 points
    rows = [funds("年度资金总额", 3.37, 3.37, 3.36, 10, "99.85%", 10)]
    assert run(seed_form(funds_rows=rows), "F001") == []


# --- C001: money that measures an outcome is a claim --------------------------------------------------------

_OUTCOME_ROWS = [
    row("平台升级模块数", "≥5个", "6个", 20, 20, level1="产出指标", level2="数量指标"),
    row("项目建设成本", "≤80万元", "61.42万元", 20, 20, level1="产出指标", level2="成本指标"),
]


def test_c001_money_outcome_of_the_goal_with_no_indicator():
    f = form(_OUTCOME_ROWS, goal="完成平台升级,预计全年带动商户销售额3.2亿元。")
    found = run(f, "C001")
    assert rules_of(found) == ["C001"]
    assert "3.2亿元" in found[0].evidence


def test_c001_money_of_the_project_funds_is_not_a_claim():
    f = form(_OUTCOME_ROWS, goal="完成平台升级,项目总预算80万元,其中设备采购30万元。")
    assert run(f, "C001") == []


def test_c001_money_outcome_measured_by_an_indicator_is_supported():
    rows = [*_OUTCOME_ROWS, row("带动商户销售额", "≥3亿元", "3.2亿元", 20, 20, level1="效益指标",
                                level2="经济效益指标")]
    f = form(rows, goal="完成平台升级,预计全年带动商户销售额3.2亿元。")
    assert run(f, "C001") == []


def test_a_money_claim_in_yi_is_not_agreed_with_a_cost_ceiling_in_wan():
    # the stated precision of '3.2亿元' is 0.1亿 = 1000万元, not 10^7 万元: 3.2亿元 does not fit '≤80万元'
    f = form(_OUTCOME_ROWS[1:], goal="预计全年带动商户销售额3.2亿元。")
    assert rules_of(run(f, "C001,C002")) == ["C001"]


# --- C003: a list opened by '，为' / '，用于' right after its total ----------------------------------------------

def _c003(actual: str) -> list:
    return run(seed_form(actual=actual), "C003")


@pytest.mark.parametrize("actual", [
    "县级配套资金86.5万元,为东村道路硬化40万元,西村水渠修缮30万元,南村路灯安装(某财建〔2023〕17号)20万元。",
    "下达资金150万元,用于购置设备80万元、人员培训60万元。",
])
def test_c003_amount_led_list_that_does_not_add_up(actual):
    found = _c003(actual)
    assert rules_of(found) == ["C003"]
    assert found[0].evidence in actual


@pytest.mark.parametrize("actual", [
    "县级配套资金90万元,为东村道路硬化40万元,西村水渠修缮30万元,南村路灯安装(某财建〔2023〕17号)20万元。",
    "县级配套资金95万元,为东村道路硬化40万元,西村水渠修缮30万元等。",  # the list says it is partial
    "下达资金150万元,用于购置设备。",  # nothing listed
    "完成投资150万元,为计划投资200万元的75%。",  # one amount after 为 is no list
    "下达资金150万元,主要用于购置设备80万元、人员培训60万元。",  # 主要: partial
])
def test_c003_amount_led_list_near_misses(actual):
    assert _c003(actual) == []


# --- C003: one allocation document, two amounts ----------------------------------------------------------------

_DOCS = ("某市财政局某财农〔2023〕12号文件《关于下达2023年农业发展资金的通知》,下达我县2023年资金{a}万元。"
         "某市财政局某财农〔2023〕15号文件,下达我县2023年资金300万元。\n"
         "根据某财农〔2023〕12号文件,下达我县2023年农田灌溉设施维护{b}万元。")


def test_c003_same_document_allocating_two_amounts():
    found = _c003(_DOCS.format(a=8, b=9))
    assert rules_of(found) == ["C003"]
    assert "9万元" in found[0].evidence and "〔2023〕12号" in found[0].message


@pytest.mark.parametrize("a,b", [(8, 8), (8.0, 8)])
def test_c003_same_document_same_amount_passes(a, b):
    assert _c003(_DOCS.format(a=a, b=b)) == []


def test_c003_one_document_allocating_to_several_projects_is_not_compared():
    actual = ("根据某财农〔2023〕12号文件,下达甲项目50万元、乙项目30万元。"
              "根据某财农〔2023〕12号文件,下达乙项目30万元。")
    assert _c003(actual) == []


# --- C003: a breakdown restated with other shares ---------------------------------------------------------------

_BREAKDOWN = ("一、资金下达情况\n某镇2023年度下达上级转移支付资金500万元。其中:中央级转移支付资金120万元,"
              "省级转移支付资金300万元,市级转移支付资金80万元。\n二、资金使用情况\n"
              "1.某镇2023年度下达{line}")


def test_c003_breakdown_restated_with_other_shares():
    found = _c003(_BREAKDOWN.format(line="中央级转移支付资金500万元。省级转移支付资金120万元,全部用于村道硬化。"))
    assert rules_of(found) == ["C003"]
    assert "中央级转移支付资金500万元" in found[0].evidence


@pytest.mark.parametrize("line", [
    "上级转移支付资金500万元。省级转移支付资金300万元,全部用于村道硬化。",  # the same shares
    "县级配套资金200万元。省级转移支付资金120万元,全部用于村道硬化。",  # the total not restated: other money
])
def test_c003_breakdown_restated_near_misses(line):
    assert _c003(_BREAKDOWN.format(line=line)) == []


# --- C003: paid in full, and paid another amount --------------------------------------------------------------

def test_c003_paid_in_full_against_a_paid_amount():
    actual = "1.资金到位情况。专项资金860万元目前已全部拨付。\n2.资金执行情况。项目资金共860万元,截至年底,已拨付812.5万元,执行率94%。"
    found = _c003(actual)
    assert rules_of(found) == ["C003"]
    assert found[0].evidence == "860万元目前已全部拨付"


@pytest.mark.parametrize("actual", [
    "专项资金860万元目前已全部拨付。项目资金共860万元,已拨付860万元。",  # the same amount
    "专项资金860万元目前已全部拨付。另有配套资金200万元,已拨付150万元。",  # other money in that sentence
    "专项资金860万元目前已全部到位。项目资金共860万元,已拨付812.5万元。",  # arrived in full, paid in part
])
def test_c003_paid_in_full_near_misses(actual):
    assert _c003(actual) == []


# --- funds rows whose whole run of digits is glued: the cut the stated rate proves ----------------------

_COLS5 = ("budget_full_year", "executed", "weight", "rate", "score")


@pytest.mark.parametrize(("atoms", "want"), [
    (("149.58149.5810100.00%", "10"), ("149.58", "149.58", "10", "100.00%", "10")),
    (("2480.692330.961093.96%", "9"), ("2480.69", "2330.96", "10", "93.96%", "9")),
])
def test_a_glued_funds_run_is_cut_where_the_rate_proves_it(atoms, want):
    got = assign_row(_COLS5, atoms, (), "self_evaluation")
    assert got == tuple(zip(_COLS5, want, strict=True))


def test_a_part_row_repeating_the_total_glued_is_cut_to_the_total_amounts():
    ref = (("budget_full_year", 1375.19), ("executed", 1375.19))
    assert assign_row(_COLS5, ("1375.191375.19",), ref, "self_evaluation") == ref_tokens(ref)
    assert assign_row(_COLS5, ("1375.191375.18",), ref, "self_evaluation") is None  # nothing proves that cut


def ref_tokens(ref):
    return tuple((c, f"{v:.2f}") for c, v in ref)
