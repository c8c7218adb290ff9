"""Quantities as real text writes them (issue 9): negatives, mixed magnitudes, spaces from PDF/OCR,
full-width thousands separators, per mille, 成 and 折, fractions, ranges, currencies and dimensions.

Every block has phrases that must be read and near misses that must not (or must read differently).
The phrases are written for this project; none is copied from Recognizers-Text's specs.
"""

from __future__ import annotations

import pytest

from nlp_audit.model import CellValue
from nlp_audit.quantities import find_quantities, read_cell, to_base


def _one(text: str):
    qs = find_quantities(text)
    assert len(qs) == 1, f"{text!r}: {[(q.text, q.value, q.unit, q.kind) for q in qs]}"
    q = qs[0]
    assert text[q.start:q.end] == q.text
    return q


def _read(text: str) -> list[tuple]:
    return [(q.value, q.unit, q.kind) for q in find_quantities(text)]


# --- negatives and declines -------------------------------------------------------------------------
@pytest.mark.parametrize("text,span,value,unit", [
    ("利润增长率为-12.5%", "-12.5%", -12.5, "%"),
    ("同比增幅－３．２％", "同比增幅－３．２％", -3.2, "%"),  # a relative change, its verb in the span
    ("净资产负3.9%", "负3.9%", -3.9, "%"),
    ("结余为负一万零十二", "负一万零十二", -10012, None),
    ("气温−5摄氏度", "−5摄氏度", -5, "摄氏度"),
])
def test_negative_values_keep_their_sign(text, span, value, unit):
    q = _one(text)
    assert (q.text, q.value, q.unit) == (span, value, unit)


@pytest.mark.parametrize("text,expected", [
    ("工期3-5天", [(None, "天", "absolute")]),          # a range, not 3 and -5
    ("3天-5天完成", [(None, "天", "absolute")]),
    ("误差正负3%", [(3, "%", "absolute")]),           # 正负 is ±, not negative
    ("任务——5项", [(5, "项", "absolute")]),          # a Chinese dash before the number
    ("负责3个村", [(3, "村", "absolute")]),           # 负责 is a verb
    ("第二页 -1- 完", [(1, None, "absolute")]),       # a page number between dashes
])
def test_dashes_and_words_that_are_not_signs(text, expected):
    assert _read(text) == expected


def test_declines_keep_a_positive_value_and_say_down():
    q = _one("运营成本较上年下降22.2%")
    assert (q.value, q.kind, q.direction) == (22.2, "relative", "down")
    q = _one("参与率提高了8%")
    assert (q.value, q.kind, q.direction) == (8, "relative", "up")
    q = _one("从15降至9天")
    assert (q.kind, q.base, q.value, q.direction) == ("change", 15, 9, "down")


# --- mixed magnitudes -------------------------------------------------------------------------------
@pytest.mark.parametrize("text,value,unit", [
    ("受益群众5万4千6百人", 54600, "人"),
    ("覆盖7万5千4百户", 75400, "户"),
    ("累计3万4000人次", 34000, "人次"),
    ("发放25万6千元", 25.6, "万元"),
    ("共1千零20名", 1020, "人"),
    ("合计2千零30万", 20300000, None),
    ("资产5亿1万4千6百", 500014600, None),
])
def test_arabic_digits_between_chinese_units(text, value, unit):
    q = _one(text)
    assert (q.value, q.unit) == (value, unit)


def test_mixed_magnitude_near_misses():
    assert _read("10万5人参加") == [(5, "人", "absolute")]  # 10万5 is not a number: 万 then a bare 5 is a guess
    assert _read("3万人") == [(30000, "人", "absolute")]
    assert _read("四万万同胞") == [(400000000, None, "absolute")]  # 万万 is the old word for 亿


# --- spaces from PDF / OCR ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,span,value,unit", [
    ("服务 一百 五 十 二 户", "一百 五 十 二 户", 152, "户"),
    ("投入 7 万5 千4 百 元", "7 万5 千4 百 元", 7.54, "万元"),
    ("金额 1 234.5 6 元", "1 234.5 6 元", 0.123456, "万元"),
    ("人口 1 234 567 人", "1 234 567 人", 1234567, "人"),
    ("知晓率 七成 六", "七成 六", 76, "%"),
    ("提升 四点 五个百分点", "提升 四点 五个百分点", 4.5, "个百分点"),
    ("占 百分之 五 十", "百分之 五 十", 50, "%"),
    ("二十 亿 元", "二十 亿 元", 200000, "万元"),
])
def test_spaced_numerals_read_as_one(text, span, value, unit):
    q = _one(text)
    assert (q.text, q.value, q.unit) == (span, pytest.approx(value), unit)


@pytest.mark.parametrize("text,values", [
    ("得分 10 100%", [10, 100]),           # two cells of a table row, not 10100%
    ("得分 12 345", [12, 345]),             # one three-digit group and no decimal part: two numbers
    ("十 二十", [20]),                       # 十二十 is no numeral: 二十 alone, the lone 十 is prose
    ("三 五 天", [5]),                       # 三五 is vague (three or five): not joined
    ("1 4/3", [1, pytest.approx(4 / 3)]),    # a whole number and a ratio, not 14/3
])
def test_spaces_that_separate_numbers_stay(text, values):
    assert [q.value for q in find_quantities(text) if q.kind != "numeral"] == values


def test_spaced_offsets_index_the_original():
    text = "全年 培训 一百 二 十 人次，支出 3 万 元"
    qs = find_quantities(text)
    assert [(q.text, q.value, q.unit) for q in qs] == [("一百 二 十 人次", 120, "人次"), ("3 万 元", 3, "万元")]
    assert all(text[q.start:q.end] == q.text for q in qs)


# --- full-width thousands separators -----------------------------------------------------------------
def test_fullwidth_comma_groups_fullwidth_digits():
    assert _read("人口４，５６５人") == [(4565, "人", "absolute")]
    assert _read("合计１２３，４５６，７８９元") == [(12345.6789, "万元", "absolute")]


def test_fullwidth_comma_between_ascii_digits_separates_items():
    assert [q.value for q in find_quantities("分别为120，150人")] == [120, 150]
    assert [q.value for q in find_quantities("分别为１２，１５人")] == [12, 15]  # not a group of three


# --- per mille, 成, 折, fractions, E notation ---------------------------------------------------------
@pytest.mark.parametrize("text,value,unit,kind", [
    ("成灾率0.5‰以下", 0.05, "%", "absolute"),          # per mille is reported in % like every percentage
    ("发生率千分之三", 0.3, "%", "absolute"),
    ("误差百万分之五", 0.0005, "%", "absolute"),
    ("群众知晓率七成六", 76, "%", "absolute"),
    ("九成五以上", 95, "%", "absolute"),
    ("门票八折", 80, "%", "discount"),
    ("按七五折收取", 75, "%", "discount"),
    ("打对折", 50, "%", "discount"),
    ("三分之一的村", pytest.approx(1 / 3), None, "absolute"),
    ("二又二分之一倍", 2.5, "倍", "absolute"),
    ("表中为1.2E+05", 120000, None, "absolute"),
    ("约.5公里", 0.5, "公里", "absolute"),
])
def test_shares_discounts_and_notation(text, value, unit, kind):
    q = _one(text)
    assert (q.value, q.unit, q.kind) == (value, unit, kind)


@pytest.mark.parametrize("text", [
    "按汇率折合人民币",      # 折合 converts: no discount
    "资产折旧",
    "工作不打折扣",
    "对折后装订",            # 对折 (fold in two) without 打
    "一成不变",              # an idiom
    "十折",                  # no discount at all is not a discount
])
def test_words_with_zhe_and_cheng_are_not_shares(text):
    assert [q for q in find_quantities(text) if q.unit == "%"] == []


def test_per_mille_cells_keep_their_unit_and_compare_in_percent():
    c = read_cell("≤0.5‰")
    assert (c.op, c.value, c.unit) == ("<=", 0.5, "‰")  # a cell as printed
    assert to_base(c.value, c.unit) == (0.05, "%")  # ... and in the unit the narrative reports
    assert to_base(3, "万人") == (30000, "人")
    assert to_base(86, "万元") == (86, "万元")
    assert to_base(8400, "元") == (0.84, "万元")


def test_narrative_per_mille_agrees_with_a_per_mille_cell():
    from nlp_audit.nlp.claims import extract_claims
    from nlp_audit.nlp.matching import compare

    _, claims = extract_claims("林业有害生物成灾率为0.3‰。", "actual")
    (claim,) = [c for c in claims if c.quantity.unit == "%"]
    assert compare(claim, CellValue("0.3‰", "unknown", 0.3, "‰"), "actual") == "agree"
    assert compare(claim, CellValue("0.2‰", "unknown", 0.2, "‰"), "actual") == "disagree"
    assert compare(claim, CellValue("0.03%", "unknown", 0.03, "%"), "actual") == "agree"


# --- lone numerals of prose --------------------------------------------------------------------------
@pytest.mark.parametrize("text,values", [
    ("答案是四不是五", [4, 5]),
    ("排名前三的单位", [3]),
    ("“一”和“五”", [1, 5]),
])
def test_lone_numerals_are_read_as_kind_numeral(text, values):
    qs = find_quantities(text)
    assert [q.value for q in qs] == values and {q.kind for q in qs} == {"numeral"}


@pytest.mark.parametrize("text", ["他一看就懂", "我家在四川", "(一)项目概况", "队伍建设", "一是加强领导", "重要内容之一，"])
def test_digits_inside_words_are_not_numerals(text):
    assert [q for q in find_quantities(text) if q.kind != "date"] == []


def test_numerals_never_become_claims():
    from nlp_audit.nlp.claims import extract_claims

    _, claims = extract_claims("考核结果是五，排名前三。完成培训3次。", "actual")
    assert [c.quantity.value for c in claims] == [3]


def test_numeral_kind_is_not_a_cell_value():
    assert read_cell("一").value is None
    assert read_cell("答案是五").value is None


# --- ranges ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,low,high,unit", [
    ("每批10到20人", 10, 20, "人"),
    ("每组10-20人", 10, 20, "人"),
    ("补助20至30万元", 20, 30, "万元"),           # the first bound in the second's magnitude
    ("规模3-5万人", 30000, 50000, "人"),
    ("面积大于10小于20亩", 10, 20, "亩"),
    ("年龄10以上20以下", 10, 20, None),
    ("新增不少于5个且不超过10个", 5, 10, "个"),
    ("温度在10和20之间", 10, 20, None),
    ("介于三十与四十之间", 30, 40, None),
    ("数值介于10和20", 10, 20, None),
    ("三十到四十", 30, 40, None),
    ("增幅大于5%，小于8%", 5, 8, "%"),
])
def test_two_bound_ranges(text, low, high, unit):
    q = _one(text)
    assert (q.op, q.value, q.low, q.high, q.unit) == ("range", None, low, high, unit)


@pytest.mark.parametrize("text,expected", [
    ("比30大", [(">", 30, None)]),
    ("比一百小", [("<", None, 100)]),
    ("至少二十", [(">=", 20, None)]),
    ("不超过五十", [("<=", None, 50)]),
    ("二十或以上", [(">=", 20, None)]),
    ("等于三十", [("=", 30, 30)]),
])
def test_one_bound_ranges(text, expected):
    assert [(q.op, q.low, q.high) for q in find_quantities(text)] == expected


@pytest.mark.parametrize("text,n", [
    ("满意度大于90%，投诉率小于5%", 2),       # two things, two bounds: lower above upper, no range
    ("培训超过100人，支出低于200万元", 2),   # different units
    ("5000-3万元", 2),                       # which magnitude 5000 has is a guess
    ("比上年多3个", 1),                       # 比 without a number after it
    ("分别为10和20", 2),                      # 和 without 之间 is a list
])
def test_range_near_misses(text, n):
    qs = find_quantities(text)
    assert len(qs) == n and all(q.op != "range" for q in qs), [(q.text, q.op) for q in qs]


# --- currencies and dimensions -----------------------------------------------------------------------
@pytest.mark.parametrize("text,value,unit", [
    ("采购价5美元", 5, "美元"),
    ("一百欧元", 100, "欧元"),
    ("十英镑", 10, "英镑"),
    ("三万日元", 30000, "日元"),
    ("50港币", 50, "港元"),
    ("折合2.5万美元", 25000, "美元"),
    ("人民币100元", 0.01, "万元"),
    ("￥1,200", 0.12, "万元"),
    ("三块五", 0.00035, "万元"),
    ("5元3角", 0.00053, "万元"),
    ("两块五毛钱", 0.00025, "万元"),
    ("五毛", 5, "毛"),
    ("十五块钱", 0.0015, "万元"),
    ("九毛九", 0.000099, "万元"),
    ("十元零五分", 0.001005, "万元"),
    ("一角钱", 1, "毛"),                # 一角 is an idiom, 一角钱 is money
])
def test_currencies(text, value, unit):
    q = _one(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text,value,unit", [
    ("道路三十公里", 30, "公里"),
    ("厂房1.5万平方米", 15000, "平方米"),
    ("运输2吨", 2, "吨"),
    ("种植二十亩", 20, "亩"),
    ("重5千克", 5, "公斤"),
    ("库容3立方米", 3, "立方米"),
    ("气温三十摄氏度", 30, "摄氏度"),
    ("风速12米/秒", 12, "米/秒"),
    ("时速80公里/小时", 80, "公里/小时"),
    ("用时两小时", 2, "小时"),
    ("长十英尺", 10, "英尺"),
    ("容量500毫升", 500, "毫升"),
    ("装2.5L", 2.5, "升"),
    ("半公斤", 0.5, "公斤"),
    ("用时一个半小时", 1.5, "小时"),
    ("气温零下五度", -5, "度"),
])
def test_dimensions_keep_the_unit_as_written(text, value, unit):
    q = _one(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", ["五角星", "三角区建设", "半导体产业", "半径范围", "半年度报告", "每半年开展"])
def test_words_with_jiao_and_ban_are_not_amounts(text):
    assert find_quantities(text) == []


def test_block_is_still_a_count_unless_a_digit_follows():
    assert _read("制作展板3块") == [(3, "块", "absolute")]
    assert _read("3块5个") == [(3, "块", "absolute"), (5, "个", "absolute")]


def test_foreign_money_is_not_yuan_in_claims():
    from nlp_audit.nlp.claims import extract_claims

    _, claims = extract_claims("采购设备花费5万美元。", "actual")
    (c,) = claims
    assert c.quantity.unit == "美元" and not c.checkable


# --- ranges as forms write them (the bounds each carry their own 万, 成, a lone digit, 约, 控制在) ------
@pytest.mark.parametrize("text,low,high,unit", [
    ("建设周期三到五年", 3, 5, "年"),             # a lone digit before 到 is a bound, not prose
    ("新建五至十个服务站", 5, 10, "个"),
    ("每次十到二十公斤", 10, 20, "公斤"),
    ("建设规模1万至2万平方米", 10000, 20000, "平方米"),  # the first bound has its own 万: no second scaling
    ("吸引2万到3万人", 20000, 30000, "人"),
    ("单个项目支持10万-50万元", 10, 50, "万元"),     # 10万 read in 元, put in the second bound's 万元
    ("知晓率提高四至六成", 40, 60, "%"),             # 四 counts tenths like 六成
    ("人数控制在50到80人之间", 50, 80, "人"),       # 控制在 says where the range lies
    ("受训人数从10到20不等", 10, 20, None),         # 从…到… with no verb of change spans values
    ("评分从零到一百", 0, 100, None),
    ("取值大于10而小于20", 10, 20, None),
    ("坡度5°至15°", 5, 15, "度"),
    ("气温零下5度到零上10度", -5, 10, "度"),       # 零上 is above zero: no sign
    ("取值大于50，并且小于100", 50, 100, None),     # a comma before the joining word
])
def test_ranges_whose_bounds_are_written_differently(text, low, high, unit):
    q = _one(text)
    assert (q.op, q.low, q.high, q.unit) == ("range", low, high, unit)


def test_an_approximate_first_bound_makes_an_approximate_range():
    q = _one("约300-400人参加")
    assert (q.op, q.low, q.high, q.approx) == ("range", 300, 400, True)


@pytest.mark.parametrize("text,expected", [
    ("星期一到星期五", []),                                   # 一 is no bound: no numeral follows 到
    ("说一到做到", []),
    ("控制在50人", [("<=", None, 50)]),                      # alone, 控制在 is still "at most"
    ("从10人增加到20人", [("=", 20, 20)]),                    # a verb: a change, not a range
    ("满意度从85%提升到90%", [("=", 90, 90)]),                # a verb: a change
])
def test_range_words_near_misses(text, expected):
    assert [(q.op, q.low, q.high) for q in find_quantities(text)] == expected
    assert all(q.op != "range" for q in find_quantities(text))


def test_a_verb_between_comparator_and_number_keeps_the_bound():
    assert [(q.op, q.low, q.high) for q in find_quantities("至少完成20项")] == [(">=", 20, None)]
    assert [(q.op, q.low) for q in find_quantities("不少于开展3次")] == [(">=", 3)]
    assert [(q.op, q.low) for q in find_quantities("高于等于85分")] == [(">=", 85)]
    # a verb outside the list, or after a symbol, is not read through
    assert [(q.op, q.value) for q in find_quantities("至少要求举办6场")] == [("=", 6)]


# --- units that begin with a magnitude, squared units, 万方 -------------------------------------------
@pytest.mark.parametrize("text,value,unit", [
    ("变压器容量400千伏安", 400, "千伏安"),   # 千 begins the unit, it is no magnitude
    ("水压0.3兆帕", 0.3, "兆帕"),
    ("200万人民币", 200, "万元"),             # 万 + 人民币, not 万人 + 民币
    ("硬化面积800m2", 800, "平方米"),          # not a code like G20
    ("水域面积3km2", 3, "平方公里"),
    ("新增蓄水50万方", 500000, "立方米"),
    ("土方十万方", 100000, "立方米"),
    ("修建三公里水渠", 3, "公里"),             # 三公 is an idiom, 三公里 is not
    ("7亿5千万元", 75000, "万元"),             # 千 then 万 inside a mixed numeral
    ("更换60W灯泡", 60, "瓦"),
    ("年发电3亿千瓦时", 300000000, "千瓦时"),
    ("电池5000mAh", 5000, "毫安时"),
])
def test_units_read_whole(text, value, unit):
    q = _one(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", ["三方协议", "三公经费", "800m2x", "G20峰会", "十分重要", "三元里街道", "一分为二",
                                  "一分一厘"])
def test_unit_and_idiom_near_misses(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text,approx", [
    ("节约3.2吨标准煤", False),   # 节约 (save) holds 约 but says nothing about precision
    ("签约5家企业", False),
    ("附近3公里", False),
    ("约3吨", True),
    ("接近90%", True),
])
def test_approx_words_inside_other_words(text, approx):
    assert _one(text).approx is approx


def test_ten_points_is_not_the_idiom_very():
    assert _read("扣十分") == [(10, "分", "absolute")]


def test_a_span_of_school_years_is_a_date():
    assert [q.kind for q in find_quantities("2022-2023学年")] == ["date"]


# --- currencies named before 元, ISO codes ---------------------------------------------------------
@pytest.mark.parametrize("text,value,unit", [
    ("港币1000元", 1000, "港元"),          # the 元 of a named currency is that currency, not RMB
    ("新台币3000元", 3000, "新台币"),
    ("RMB 2000", 0.2, "万元"),
    ("500 RMB", 0.05, "万元"),
    ("USD 100", 100, "美元"),
    ("1000 EUR", 1000, "欧元"),
    ("韩元100万", 1000000, "韩元"),
    ("5000印度卢比", 5000, "卢比"),
])
def test_named_currencies(text, value, unit):
    q = _one(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_iso_letters_inside_a_word_are_not_a_currency():
    assert [(q.value, q.unit) for q in find_quantities("USDT 5")] == [(5, None)]
    assert [(q.value, q.unit) for q in find_quantities("人民币100元")] == [(0.01, "万元")]
