"""read_cell on indicator cells as printed in the forms (SPEC §1 comparator / unit / qualitative lists)."""

from __future__ import annotations

import pytest

from nlp_audit.model import CellValue
from nlp_audit.quantities import read_cell, to_wan

# (cell text, op, value, unit, extra fields)
CELLS = [
    # comparators in every spelling
    ("≥90.00(%)", ">=", 90, "%", {}),
    ("≥ 85%", ">=", 85, "%", {}),
    (">=98 %(百分比)", ">=", 98, "%", {}),
    (">= 75 %(百分比)", ">=", 75, "%", {}),
    ("≧90%", ">=", 90, "%", {}),
    ("⩾60%", ">=", 60, "%", {}),
    ("≤30万元", "<=", 30, "万元", {}),
    ("≦15天", "<=", 15, "天", {}),
    ("<=5%", "<=", 5, "%", {}),
    ("=8.00(人)", "=", 8, "人", {}),
    ("═100%", "=", 100, "%", {}),
    ("﹦1", "=", 1, None, {}),
    ("＝12个", "=", 12, "个", {}),
    ("==3项", "=", 3, "项", {}),
    (">50人", ">", 50, "人", {}),
    ("＞0", ">", 0, None, {}),
    ("<3%", "<", 3, "%", {}),
    ("＜10次", "<", 10, "次", {}),
    ("+100.00(%)", "=", 100, "%", {"garbled": True}),
    # prose comparators
    ("90%及以上", ">=", 90, "%", {}),
    ("95%以上", ">=", 95, "%", {}),
    ("5%以下", "<=", 5, "%", {}),
    ("2天以内", "<=", 2, "天", {}),
    ("3个工作日内", "<=", 3, "工作日", {}),
    ("不少于12种", ">=", 12, "种", {}),
    ("不低于95%", ">=", 95, "%", {}),
    ("不超过预算的100%", "<=", 100, "%", {}),
    ("至少2次", ">=", 2, "次", {}),
    ("超过500人", ">", 500, "人", {}),
    ("不足5%", "<", 5, "%", {}),
    ("低于1%", "<", 1, "%", {}),
    ("20余项", ">", 20, "项", {"approx": True}),
    ("约3000人", "unknown", 3000, "人", {"approx": True}),
    ("100人左右", "unknown", 100, "人", {"approx": True}),
    # periods
    ("全年不少于2次", ">=", 2, "次", {"period": "年"}),
    ("每月一次", "unknown", 1, "次", {"period": "月"}),
    ("每月不少于3次", ">=", 3, "次", {"period": "月"}),
    ("每季度1次", "unknown", 1, "次", {"period": "季度"}),
    ("≥2次/年", ">=", 2, "次", {"period": "年"}),
    # bare numbers: comparator unknown, value as printed
    ("12个月", "unknown", 12, "个月", {}),
    ("100%覆盖", "unknown", 100, "%", {}),
    ("290%", "unknown", 290, "%", {}),
    ("0.958", "unknown", 0.958, None, {}),
    ("100.00", "unknown", 100, None, {}),
    ("4,483,000.00", "unknown", 4483000, None, {}),
    ("128406", "unknown", 128406, None, {}),
    ("97.30%", "unknown", 97.3, "%", {}),
    ("1.00(次)", "unknown", 1, "次", {}),
    ("20.00(人)", "unknown", 20, "人", {}),
    ("153.27平方米", "unknown", 153.27, "平方米", {}),
    ("121.5米", "unknown", 121.5, "米", {}),
    ("50厘米", "unknown", 50, "厘米", {}),
    ("1.5亩", "unknown", 1.5, "亩", {}),
    ("25TB", "unknown", 25, "TB", {}),
    ("12头", "unknown", 12, "头", {}),
    ("180只", "unknown", 180, "只", {}),
    ("168起", "unknown", 168, "起", {}),
    ("14例", "unknown", 14, "例", {}),
    ("32座", "unknown", 32, "座", {}),
    ("2倍", "unknown", 2, "倍", {}),
    ("15年", "unknown", 15, "年", {}),
    ("360天", "unknown", 360, "天", {}),
    ("6000平方米", "unknown", 6000, "平方米", {}),
    ("1000元/人", "unknown", 1000, "元/人", {}),
    # money keeps the printed magnitude (to_wan converts)
    ("5万", "unknown", 5, "万元", {}),
    ("1000万元", "unknown", 1000, "万元", {}),
    ("6.47亿元", "unknown", 6.47, "亿元", {}),
    ("8400元", "unknown", 8400, "元", {}),
    ("≥12.684万元", ">=", 12.684, "万元", {}),
    ("3万人", "unknown", 3, "万人", {}),
    ("2万亩", "unknown", 2, "万亩", {}),
    # traditional characters and full width read the same
    ("0萬元", "unknown", 0, "万元", {}),
    ("10萬元", "unknown", 10, "万元", {}),
    (">=2個", ">=", 2, "个", {}),
    ("５項", "unknown", 5, "项", {}),
    ("１００％", "unknown", 100, "%", {}),
    ("20餘項", ">", 20, "项", {"approx": True}),
    # Chinese numerals in cells
    ("二十余项", ">", 20, "项", {"approx": True}),
    ("百分之九十五", "unknown", 95, "%", {}),
    ("两次", "unknown", 2, "次", {}),
    # deadlines
    ("9月前", "<=", 9, "月", {}),
    ("12月底前", "<=", 12, "月", {}),
]

QUAL = [
    ("提升", "提升"),
    ("提高", "提高"),
    ("健全", "健全"),
    ("建立健全", "建立健全"),
    ("及时", "及时"),
    ("良好", "良好"),
    ("有效", "有效"),
    ("达成指标", "达成指标"),
    ("达成年度指标", "达成指标"),
    ("部分达成指标并具有一定效果", "部分达成指标并具有一定效果"),
    ("部分达成年度指标并具有一定效果", "部分达成指标并具有一定效果"),
    ("未达成", "未达成"),
    ("未达成年度指标且效果较差", "未达成"),
    ("是", "是"),
    ("否", "否"),
    ("基本达到", "基本达到"),
    ("显著提升", "显著提升"),
    ("较上一年度提高", "较上一年度提高"),
    ("较上年提高", "较上一年度提高"),
    ("展现", "展现"),
    ("全年", "全年"),
    ("按时", "按时"),
    ("合格", "合格"),
    ("完成", "完成"),
    ("有效提升", "显著提升"),
    ("有效改善", "有效"),
    ("達成指標", "达成指标"),
    ("滿意", "满意"),
    ("良好。", "良好"),
    ("专款专用", "专款专用"),
    ("全天候", "全年"),
    ("市级保护单位", "市级保护单位"),
    ("程度较高", "较高"),
]


@pytest.mark.parametrize("text,op,value,unit,extra", CELLS, ids=[f"cell{i}" for i in range(len(CELLS))])
def test_numeric_cells(text, op, value, unit, extra):
    c = read_cell(text)
    assert isinstance(c, CellValue)
    assert (c.op, c.value, c.unit) == (op, value, unit)
    assert c.text == text.strip()
    assert not c.unread
    assert c.qualitative is None
    for k, v in extra.items():
        assert getattr(c, k) == v, k
    if "garbled" not in extra:
        assert not c.garbled


@pytest.mark.parametrize("text,word", QUAL, ids=[f"qual{i}" for i in range(len(QUAL))])
def test_qualitative_cells(text, word):
    c = read_cell(text)
    assert (c.op, c.value, c.qualitative) == ("qual", None, word)
    assert not c.unread


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_cell(text):
    c = read_cell(text)
    assert c.op is None and c.text == "" and c.is_empty and c.value is None


def test_none_is_empty():
    assert read_cell(None).op is None  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2023年12月前", "完成时间为2022年12月30日", "2023年10月"])
def test_dates_are_not_amounts(text):
    c = read_cell(text)
    assert not c.unread
    assert c.value in (None, 12)  # a deadline keeps its month, a date has no value
    assert c.value != 2023 and c.value != 2022


@pytest.mark.parametrize("text", ["3#5%", "98%/96%/9", "第1.2.3", "3..5次", "≥3≥4", "10 10", "100 100"])
def test_unreadable_digits_are_flagged_not_guessed(text):
    c = read_cell(text)
    assert c.unread or c.value is not None
    if c.unread:
        assert c.value is None and c.op is None


def test_whitespace_separates_numbers():
    c = read_cell("10 10")
    assert c.unread and c.value is None  # never 1010


def test_comparator_or_unit_column_alone():
    assert (read_cell("≤").op, read_cell("≤").value) == ("<=", None)
    assert (read_cell("≥").op, read_cell("不少于").op) == (">=", ">=")
    assert (read_cell("%").unit, read_cell("%").op) == ("%", None)
    assert read_cell("(人)").unit == "人" and read_cell("百分比").unit == "%"


@pytest.mark.parametrize("text", ["汉财社字〔2022〕33号", "指标1工程完工率", "附件1"])
def test_codes_and_labels_are_text_not_amounts(text):
    c = read_cell(text)
    assert c.value is None and not c.unread and c.op == "qual"


def test_unread_when_leftover_digits():
    c = read_cell("90%，另有3")
    assert c.unread and c.value is None


@pytest.mark.parametrize("text", ["XX", "××", "指标1", "-", "/"])
def test_placeholders_are_not_values(text):
    c = read_cell(text)
    assert c.value is None and c.op is None and not c.unread


def test_actual_may_repeat_the_comparator():
    c = read_cell("≥266米", role="actual")
    assert (c.op, c.value, c.unit) == (">=", 266, "米")


def test_cache_returns_fresh_objects():
    a = read_cell("≥90%")
    a.value = 1.0
    b = read_cell("≥90%")
    assert b.value == 90 and a is not b


def test_to_wan():
    assert to_wan(8400, "元") == (0.84, "万元")
    assert to_wan(6.47, "亿元") == (64700, "万元")
    assert to_wan(5, "万元") == (5, "万元")
    assert to_wan(3, "人") == (3, "人")
    assert to_wan(None, "元") == (None, "元")


def test_json_shape():
    d = read_cell("+100.00(%)").to_json()
    assert d == {"op": "=", "value": 100, "unit": "%", "text": "+100.00(%)", "garbled": True}


@pytest.mark.parametrize(
    "text,op,value,unit",
    [
        ("97. 7", "unknown", 97.7, None),  # a decimal point, then a space (PDF extraction)
        ("93. 86(%)", "unknown", 93.86, "%"),
        ("≥1. 5万元", ">=", 1.5, "万元"),
        ("3 104人", "unknown", 3104.0, "人"),  # thousands spaced apart, then a unit
        ("≥2 500(人)", ">=", 2500.0, "人"),
        ("1 234.5公里", "unknown", 1234.5, "公里"),
    ],
)
def test_spaces_that_extraction_leaves_inside_one_number(text, op, value, unit):
    c = read_cell(text)
    assert (c.op, c.value, c.unit, c.unread) == (op, value, unit, False)


@pytest.mark.parametrize("text", ["10 100%", "10 100", "10 10", "≥90% 95%"])
def test_two_numbers_in_one_cell_are_not_joined(text):
    # near miss: a weight beside a rate, two bare numbers, two rates: no joined reading is safe
    assert read_cell(text).unread
