"""C003 on the lists real narratives write: parts after 其中 / 含, items added mid-year, products that
are not parts, a 共 inside one part, two lists in one sentence. Each case fires, its near miss does not.
Synthetic narratives written for these tests."""

from __future__ import annotations

import pytest
from builders import rules_of, run, seed_form


def _c003(actual: str) -> list:
    return run(seed_form(actual=actual), "C003")


@pytest.mark.parametrize(
    "actual",
    [
        "共建设站点10个,其中城区4个、乡镇5个。",  # the parts fall short of the total
        "共培训120人次,其中党员80人次、群众60人次。",  # ... or exceed it
        "建成站点6个,含城区站点2个、乡镇站点3个。",  # 含 opens the list like 其中
        "年初有服务站点3个,年中增加2个,共6个。",  # items added mid-year
        "共建设站点10个,其中城区共4个、乡镇5个。",  # a 共 inside one part is a part, not a new total
        "共培训120人次,其中党员80人次、群众30人次,发放资料500份,其中宣传册300份、手册200份。",  # first list wrong
        "共培训120人次,其中党员80人次、群众40人次,发放资料500份,其中宣传册300份、手册100份。",  # second list wrong
    ],
)
def test_lists_that_do_not_add_up(actual):
    found = _c003(actual)
    assert rules_of(found) == ["C003"], actual
    assert found[0].evidence in actual


@pytest.mark.parametrize(
    "actual",
    [
        "共建设站点10个,其中城区4个、乡镇6个。",
        "共建设站点10个,其中城区4个、乡镇5个等。",  # the list says it is partial
        "共建设站点10个,其中主要有城区4个、乡镇5个。",
        "共培训120人次,其中党员80人次。",  # one part is a subset
        "建成站点6个,含城区站点2个、乡镇站点4个。",
        "年初有服务站点3个,年中增加3个,共6个。",
        "共建设站点10个,其中城区共4个、乡镇6个。",
        "共培训120人次,其中党员80人次、群众40人次,发放资料500份,其中宣传册300份、手册200份。",
        "发放高龄补贴4.2万元(12人×0.35万元),共发放4.2万元。",  # a rate × count is a product, not parts
        "发放补贴4.2万元,标准0.35万元/人,共发放4.2万元。",
        "水质含量达标,共监测样本30个,其中合格30个。",  # 含量 is no list
    ],
)
def test_near_misses_pass(actual):
    assert _c003(actual) == [], actual


def test_a_list_opening_the_next_sentence_adds_up_to_the_total_before_it():
    assert rules_of(_c003("下达转移支付资金642.08万元。其中:中央级118.45万元,省级301.27万元,市级222.53万元。")) == ["C003"]
    assert _c003("下达转移支付资金642.25万元。其中:中央级118.45万元,省级301.27万元,市级222.53万元。") == []


def test_a_run_on_report_does_not_make_a_distant_amount_a_part():
    actual = ("合计156万元,其中省级资金98.4万元,县级57.6万元,资金主要用于保障站点日常运行,包括物业费、燃气费、"
              "培训费等方面的支出,未用于人员经费支出四、资金管理情况全年实际支出合计63.18万元")
    assert _c003(actual) == []


def test_a_list_with_an_item_that_lost_its_number_is_not_added_up():
    assert _c003("下达资金3.85万元,其中:河道清淤 万元,护岸修复4.16万元。") == []


def test_change_words_are_not_a_subject_stated_twice():
    actual = "收入648.15万元,同比上年度增加132.40万元。其中:财政拨款收入648.15万元,同比上年度增加151.06万元。"
    assert _c003(actual) == []
    assert rules_of(_c003("全年培训农民工人数120人。年底统计,全年培训农民工人数135人。")) == ["C003"]


def test_items_of_two_lists_are_shares_of_two_totals_not_one_quantity_twice():
    actual = ("下达省级资金1845万元。其中:灌区节水改造1265万元,坡耕地治理580万元。"
              "下达配套资金624万元。其中:灌区节水改造414万元,坡耕地治理210万元。")
    assert _c003(actual) == []
    assert rules_of(_c003("完成坡耕地治理580万元。年底复核,完成坡耕地治理620万元。")) == ["C003"]
