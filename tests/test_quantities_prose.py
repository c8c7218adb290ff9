"""Narrative gaps reported by the claims engineer: count units, round-number words (近百, 数十),
numerals that are dates or names (三五学雷锋, 十一国庆), and spaces left inside phrases by PDF text.

Each block has rows that must fire and near misses that must not.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_audit.quantities import find_quantities, read_cell


def _one(text: str):
    qs = find_quantities(text)
    assert len(qs) == 1, f"{text!r}: {[(q.text, q.value, q.unit) for q in qs]}"
    q = qs[0]
    assert text[q.start:q.end] == q.text
    return q


# --- 1. count units -------------------------------------------------------------------------------
UNITS = [
    ("更换老旧路灯86盏", "86盏", 86, "盏"),
    ("新打机井12眼", "12眼", 12, "眼"),
    ("整治山塘5口", "5口", 5, "口"),
    ("维修拦河坝3座", "3座", 3, "座"),
    ("改造危房17栋", "17栋", 17, "栋"),
    ("调处矛盾纠纷42宗", "42宗", 42, "宗"),
    ("筛查疑似病例6例", "6例", 6, "例"),
    ("购置环卫车辆4辆", "4辆", 4, "辆"),
    ("配备救生船2艘", "2艘", 2, "艘"),
    ("补栏鸡苗800羽", "800羽", 800, "羽"),
    ("增殖放流鱼苗5万尾", "5万尾", 50000, "尾"),
    ("存栏能繁母猪1.2万头", "1.2万头", 12000, "头"),
    ("清运垃圾320吨", "320吨", 320, "吨"),
    ("清淤1.5万立方米", "1.5万立方米", 15000, "立方米"),
    ("治理水土流失面积48公顷", "48公顷", 48, "公顷"),
    ("新增装机2.5万千瓦", "2.5万千瓦", 25000, "千瓦"),
    ("新增护理床位150张床位", "150张床位", 150, "床"),
    ("开设培训3个班", "3个班", 3, "班"),
    ("完成授课48课时", "48课时", 48, "课时"),
    ("累计培训120学时", "120学时", 120, "学时"),
    ("开设选修课程6门", "6门", 6, "门"),
    ("印发宣传画200幅", "200幅", 200, "幅"),
    ("接种疫苗3000剂次", "3000剂次", 3000, "剂次"),
    ("开行公交专线80班次", "80班次", 80, "班次"),
    ("新建涵洞4孔", "4孔", 4, "孔"),
    ("建成党史馆十盏灯", "十盏", 10, "盏"),
    ("纪念建馆三十周年", "三十周年", 30, "周年"),
]


@pytest.mark.parametrize("text,span,value,unit", UNITS, ids=[f"unit{i}" for i in range(len(UNITS))])
def test_count_units(text, span, value, unit):
    q = _one(text)
    assert (q.text, q.value, q.unit, q.op) == (span, value, unit, "=")


def test_unit_in_parentheses_after_the_unit_keeps_the_first():
    q = _one("出栏肉牛32头(只)")
    assert (q.value, q.unit) == (32, "头")


def test_unit_like_characters_inside_place_names_are_not_units():
    assert find_quantities("三门峡市财政局") == []
    assert find_quantities("三台县水务局") == []
    assert [(q.value, q.unit) for q in find_quantities("三门课程")] == [(3, "门")]  # near miss: a count


def test_unit_cells_read_the_new_units():
    c = read_cell("≥120盏")
    assert (c.op, c.value, c.unit) == (">=", 120, "盏")
    c = read_cell("3万尾")
    assert (c.value, c.unit) == (3, "万尾")  # cells keep the printed magnitude


# --- 2. round-number words ------------------------------------------------------------------------
def test_near_hundred_is_below_one_hundred():
    q = _one("救治受伤野生动物近百头(只)")
    assert q.text == "近百头(只)"
    assert (q.value, q.unit, q.approx, q.op) == (100, "头", True, None)
    assert (q.low, q.high, q.high_inclusive) == (None, 100, False)


def test_near_hundred_people():
    q = _one("帮扶困难群众近百人")
    assert (q.text, q.value, q.unit, q.high) == ("近百人", 100, "人", 100)


def test_up_to_hundreds_is_at_least():
    q = _one("开展入户走访上百次")
    assert (q.text, q.op, q.value, q.low, q.high, q.approx, q.unit) == ("上百次", ">=", 100, 100, None, True, "次")


def test_over_a_thousand_is_more_than():
    q = _one("服务群众逾千人")
    assert (q.op, q.value, q.low, q.low_inclusive, q.unit) == (">", 1000, 1000, False, "人")


@pytest.mark.parametrize("text,span,low,high,unit", [
    ("新建便民设施数十个", "数十个", 10, 100, "个"),
    ("办理民生实事几十项", "几十项", 10, 100, "项"),
    ("吸引游客数百人次", "数百人次", 100, 1000, "人次"),
    ("投入资金几十万元", "几十万元", 10, 100, "万元"),  # money still normalised to 万元
    ("惠及数万户", "数万户", 10000, 100000, "户"),
])
def test_several_tens_is_a_range_without_a_value(text, span, low, high, unit):
    q = _one(text)
    assert (q.text, q.value, q.op, q.low, q.high, q.unit, q.approx) == (span, None, "range", low, high, unit, True)
    assert q.low_inclusive and not q.high_inclusive


@pytest.mark.parametrize("text,expected", [
    ("参与人数十五人", [(15, "人", "=")]),        # 人数 is a noun: 15 people, not "several tens"
    ("受益户数十二户", [(12, "户", "=")]),
    ("近十五年来", [(15, "年", None)]),             # 近 + an exact numeral: the usual approx reading
    ("满意度近百分之九十", [(90, "%", None)]),     # 百分之 is a percentage, not 近百
    ("以上百姓均受益", []),                        # 以上 + 百姓, not 上百
    ("十几个", [(10, "个", ">")]),                  # 十几 keeps its more-than reading
])
def test_round_word_near_misses(text, expected):
    assert [(q.value, q.unit, q.op) for q in find_quantities(text)] == expected


def test_round_words_in_cells():
    c = read_cell("上百次")
    assert (c.op, c.value, c.unit, c.approx) == (">=", 100, "次", True)
    c = read_cell("数十人")
    assert (c.op, c.value, c.unit, c.approx, c.unread) == ("unknown", None, "人", True, False)


# --- 3. numerals that are dates or names ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "开展三五学雷锋志愿服务活动",
    "举办五四青年节主题团日",
    "七一建党节走访慰问老党员",
    "八一建军节慰问退役军人",
    "十一国庆期间加强值守",
    "十一期间游客量大",
    "双十一期间快递量增加",
    "三八妇女节座谈会",
    "纪念一二九运动",
    "二十四节气主题展览",
    "十八洞村考察学习",
    "约法三章",
])
def test_date_and_name_numerals_are_not_quantities(text):
    assert [(q.text, q.value) for q in find_quantities(text) if q.kind != "date"] == []


@pytest.mark.parametrize("text,value,unit", [
    ("开展学雷锋活动三五次", 3, None),     # 三五次 is vague (digit run): not read, see below
    ("十一人参加", 11, "人"),                # near miss: 十一 + a unit is a count
    ("慰问老党员二十余名", 20, "人"),        # 余 after the numeral: a count
    ("累计服务十五，其中", 15, None),        # numeral before punctuation: still a number
    ("安排资金二十万用于维修", 200000, None),  # a numeral with 万 is an amount even before a word
])
def test_date_idiom_near_misses(text, value, unit):
    qs = [(q.value, q.unit) for q in find_quantities(text)]
    if text.endswith("三五次"):
        assert qs == []  # 三五 has no zero: a vague "three or five", never 35
    else:
        assert qs == [(value, unit)]


# --- 4. spaces inside phrases (PDF text) ----------------------------------------------------------
@pytest.mark.parametrize("text,span,fields", [
    ("新增服务项目 20 余项", "20 余项", dict(value=20, op=">", unit="项", low=20, high=30, approx=True)),
    ("覆盖率达 90% 以上", "90% 以上", dict(value=90, op=">=", unit="%", low=90, high=None)),
    ("盘活闲置用房 2500 平方米", "2500 平方米", dict(value=2500, op="=", unit="平方米")),
    ("参与度提升超过 50%", "提升超过 50%", dict(value=50, op=">", kind="relative")),
    ("吸纳 10 余家 区域单位", "10 余家", dict(value=10, op=">", unit="家")),
    ("损耗率 5% 以下", "5% 以下", dict(value=5, op="<=", high=5)),
    ("道路 3 公里 左右", "3 公里 左右", dict(value=3, approx=True, unit="公里")),
    ("投入\u3000120\u3000余万元", "120\u3000余万元", dict(value=120, op=">", unit="万元")),
])
def test_spaced_phrases_read_whole(text, span, fields):
    q = _one(text)
    assert q.text == span
    for k, v in fields.items():
        assert getattr(q, k) == v, (k, getattr(q, k))


def test_spaced_change_keeps_offsets_into_the_original():
    text = "服务内容从原来 20 余项增加到 100 余项。"
    (q,) = find_quantities(text)
    assert (q.kind, q.base, q.value, q.unit) == ("change", 20, 100, "项")
    assert text[q.start:q.end] == q.text == "从原来 20 余项增加到 100 余项"


@pytest.mark.parametrize("text,expected", [
    ("得分 10 内容完整", [(10, None, "=")]),      # one-character 内 after a space is the next cell
    ("数量 20 多媒体设备", [(20, None, "=")]),    # 多 after a space without a unit is another word
    ("合计 90%\t以上", [(90, "%", "=")]),         # a tab separates table cells, not words
])
def test_space_near_misses(text, expected):
    assert [(q.value, q.unit, q.op) for q in find_quantities(text)] == expected


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["余项", "余人", "多个", "%以上", "%以下", "平方米"]),
       st.sampled_from([" ", "  ", "\u3000", "\u00a0"]))
def test_a_space_before_the_modifier_reads_like_none(n, tail, space):
    compact = f"完成{n}{tail}"
    spaced = f"完成{n}{space}{tail}" if not tail.startswith("%") else f"完成{n}%{space}{tail[1:]}"
    (a,) = find_quantities(compact)
    (b,) = find_quantities(spaced)
    assert (a.value, a.op, a.unit, a.low, a.high) == (b.value, b.op, b.unit, b.low, b.high)
    assert spaced[b.start:b.end] == b.text and b.text.replace(space, "") == a.text
