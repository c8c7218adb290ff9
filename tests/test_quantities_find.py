"""find_quantities on narrative phrases: value, comparator, bounds, unit, period and kind.

One row per phrase; every row of research/quantities.md's table is here (in our own wording),
plus SPEC §2's modifier rules and the things that must NOT be read as quantities.
"""

from __future__ import annotations

import pytest

from nlp_audit.quantities import find_quantities

# (text, expected span text, fields that must match)
ONE = [
    # research/quantities.md table
    ("社区服务项目从15余项增加到60余项", "从15余项增加到60余项",
     dict(kind="change", base=15, value=60, op=">", approx=True, unit="项", low=60, high=70)),
    ("活动参与度提升超过40%", "提升超过40%", dict(kind="relative", value=40, op=">", unit="%", low=40,
                                                 low_inclusive=False)),
    ("读者满意度达92%以上", "92%以上", dict(value=92, op=">=", unit="%", low=92, low_inclusive=True, high=None)),
    ("改造1800平方米的旧厂房", "1800平方米", dict(value=1800, op="=", unit="平方米", kind="absolute")),
    ("全年开展督查不少于3次", "不少于3次", dict(value=3, op=">=", unit="次", period="年", kind="frequency")),
    ("每周巡查一次", "一次", dict(value=1, unit="次", kind="frequency", period="周")),
    ("惠及群众近5000人", "近5000人", dict(value=5000, approx=True, unit="人", high=5000, high_inclusive=False)),
    ("安排资金三百四十万元", "三百四十万元", dict(value=340, unit="万元", op="=")),
    ("建成六百多个网点", "六百多个", dict(value=600, op=">", approx=True, unit="个", low=600, high=700)),
    # SPEC §2 modifiers
    ("覆盖率在85%以下", "85%以下", dict(op="<=", high=85, high_inclusive=True)),
    ("差错率控制在2%以内", "控制在2%以内", dict(op="<=", value=2, unit="%")),
    ("培训不少于120人次", "不少于120人次", dict(op=">=", value=120, unit="人次")),
    ("成本不超过45万元", "不超过45万元", dict(op="<=", value=45, unit="万元")),
    ("合格率不低于98%", "不低于98%", dict(op=">=", value=98, unit="%")),
    ("至少举办6场", "至少举办6场"[0:2], None),  # placeholder, replaced below
    ("参与人数超过800人", "超过800人", dict(op=">", value=800, low_inclusive=False)),
    ("投诉率高于3%", "高于3%", dict(op=">", value=3)),
    ("支出不足50万元", "不足50万元", dict(op="<", value=50, high=50, high_inclusive=False)),
    ("空置率低于5%", "低于5%", dict(op="<", value=5)),
    ("处理时长小于24小时", "小于24小时", dict(op="<", value=24, unit="小时")),
    ("新增岗位多于30个", "多于30个", dict(op=">", value=30, unit="个")),
    ("种植面积大于200亩", "大于200亩", dict(op=">", value=200, unit="亩")),
    ("修缮古建筑20余处", "20余处", dict(op=">", approx=True, value=20, unit="处", low=20, high=30)),
    ("救助困难家庭100多户", "100多户", dict(op=">", approx=True, value=100, unit="户", high=200)),
    ("吸纳二十几人就业", "二十几人", dict(op=">", approx=True, value=20, unit="人")),
    ("受益群众约1.2万人", "约1.2万人", dict(approx=True, value=12000, unit="人", op=None)),
    ("改造道路3公里左右", "3公里左右", dict(approx=True, value=3, unit="公里")),
    ("大约投入80万元", "大约投入80万元"[4:], dict(value=80, unit="万元")),
    # money normalised to 万元
    ("实际支付926,400元", "926,400元", dict(value=92.64, unit="万元")),
    ("下拨补助资金75万", "75万", dict(value=75, unit="万元")),
    ("总投资2.3亿元", "2.3亿元", dict(value=23000, unit="万元")),
    ("采购经费4500元", "4500元", dict(value=0.45, unit="万元")),
    ("奖补资金一千二百万元", "一千二百万元", dict(value=1200, unit="万元")),
    ("支出86千元", "86千元", dict(value=8.6, unit="万元")),
    # Chinese numerals
    ("设置百分之三十的预留", "百分之三十", dict(value=30, unit="%")),
    ("三分之二的村完成改造", "三分之二", dict(value=pytest.approx(2 / 3))),
    ("招聘两千名志愿者", "两千名", dict(value=2000, unit="人")),
    ("配备十二台设备", "十二台", dict(value=12, unit="台")),
    ("建设一百零五座", "一百零五座", dict(value=105, unit="座")),
    ("惠及三万五千人", "三万五千人", dict(value=35000, unit="人")),
    ("九成以上群众知晓", "九成以上", dict(value=90, op=">=", unit="%")),
    ("超过一半的社区", "超过一半", dict(value=50, op=">", unit="%")),
    ("过半数", "过半", dict(value=50, op=">", unit="%")),
    ("一半以上的农户", "一半以上", dict(value=50, op=">=", unit="%")),
    ("发生率为千分之三", "千分之三", dict(value=0.3, unit="%")),  # per mille is a percentage (cells keep ‰)
    # units and aliases
    ("绿化面积500㎡", "500㎡", dict(value=500, unit="平方米")),
    ("新建厂房3000m²", "3000m²", dict(value=3000, unit="平方米")),
    ("服务1200户次", "1200户次", dict(value=1200, unit="户次")),
    ("开展活动45场次", "45场次", dict(value=45, unit="场")),
    ("工期8个月", "8个月", dict(value=8, unit="个月")),
    ("存储容量25TB", "25TB", dict(value=25, unit="TB")),
    ("修建水渠5.6公里", "5.6公里", dict(value=5.6, unit="公里")),
    ("装机容量300kW", "300kW", dict(value=300, unit="千瓦")),
    ("补助标准1000元/人", "1000元/人", dict(value=1000, unit="元/人")),
    ("受益人口3.5万人", "3.5万人", dict(value=35000, unit="人")),
    ("造林2万亩", "2万亩", dict(value=20000, unit="亩")),
    ("提高2.5个百分点", "提高2.5个百分点", dict(kind="pp", value=2.5, unit="个百分点")),
    ("同比下降3个百分点", "同比下降3个百分点", dict(kind="pp", value=3)),
    # frequency, period
    ("全年不少于4次", "全年不少于4次", dict(period="年", op=">=", value=4, unit="次", kind="frequency")),
    ("每月一次", "每月一次", dict(period="月", value=1, unit="次", kind="frequency", op="=")),
    ("每季度2次", "每季度2次", dict(period="季度", value=2, kind="frequency")),
    ("每月不少于3次", "每月不少于3次", dict(period="月", op=">=", value=3, kind="frequency")),
    ("巡检2次/周", "2次/周", dict(period="周", value=2, unit="次", kind="frequency")),
    ("每日开放8小时", "每日开放8小时"[4:], dict(value=8, unit="小时")),
    # relative, change
    ("较上年增长12.5%", "增长12.5%", dict(kind="relative", value=12.5, unit="%")),
    ("客流同比提高了8%", "同比提高了8%", dict(kind="relative", value=8)),
    ("事故率降低20%", "降低20%", dict(kind="relative", value=20)),
    ("达标率提升到96%", "96%", dict(kind="absolute", value=96)),
    ("由原来的30人增加到45人", "由原来的30人增加到45人", dict(kind="change", base=30, value=45, unit="人")),
    ("从8个提高至12个", "从8个提高至12个", dict(kind="change", base=8, value=12, unit="个")),
    ("由60%提升至85%", "由60%提升至85%", dict(kind="change", base=60, value=85, unit="%")),
    ("从15降至9天", "从15降至9天", dict(kind="change", base=15, value=9, unit="天")),
    # ratio, range
    ("完成值/指标值为47/50", "47/50", dict(kind="ratio", value=0.94, base=50)),
    ("工期3-5天", "3-5天", dict(op="range", low=3, high=5, value=None, unit="天")),
    ("比例在60%~80%", "60%~80%", dict(op="range", low=60, high=80, unit="%")),
    ("每次培训20至30人", "20至30人", dict(op="range", low=20, high=30, unit="人")),
    # deadlines
    ("11月前完成验收", "11月前", dict(kind="deadline", value=11, unit="月", op="<=")),
    ("3个工作日内办结", "3个工作日内", dict(kind="deadline", value=3, unit="工作日", op="<=")),
    ("48小时以内响应", "48小时以内", dict(kind="deadline", value=48, unit="小时", op="<=")),
    ("十月底前完成", "十月底前", dict(kind="deadline", value=10, unit="月")),
    ("2024年6月底前完工", "2024年6月底前", dict(kind="deadline", value=6)),
    # dates
    ("2022年完成建设", "2022年", dict(kind="date", value=None)),
    ("2021年度绩效自评", "2021年度", dict(kind="date", value=None)),
    ("于2023年11月5日验收", "2023年11月5日", dict(kind="date", value=None)),
    ("截至2022-12-31", "2022-12-31", dict(kind="date")),
    ("二〇二三年预算", "二〇二三年", dict(kind="date")),
    ("2019-2021年连续实施", "2019-2021年", dict(kind="date")),
    # full-width, traditional, look-alikes
    ("滿意度≧９５％", "≧９５％", dict(op=">=", value=95, unit="%")),
    ("完成１２０萬元", "１２０萬元", dict(value=120, unit="万元")),
    ("建成3個站點", "3個", dict(value=3, unit="个")),
    ("辦理20餘項", "20餘項", dict(value=20, op=">", unit="项")),
    ("兩千人", "兩千人", dict(value=2000, unit="人")),
    ("≤30万元", "≤30万元", dict(op="<=", value=30, unit="万元")),
    (">=98 %", ">=98 %", dict(op=">=", value=98, unit="%")),
]
# a verb of the comparator_verbs list between the comparator and the number keeps the bound (issue 9)
ONE[14] = ("至少举办6场", "至少举办6场", dict(value=6, unit="场", op=">="))
ONE.append(("至少6场", "至少6场", dict(value=6, unit="场", op=">=")))

NONE = [
    "较上一年度提高",
    "依据财预〔2020〕10号文件",
    "按川财发[2021]23号执行",
    "联系电话028-86543210",
    "手机13812345678",
    "一是加强领导，二是统一思想",
    "1.加强组织领导",
    "（一）项目概况",
    "(2)资金使用",
    "推进一体化建设，打造一站式服务",
    "进一步提升服务质量",
    "项目编码43000017R000000020463",
    "5G网络覆盖",
    "第三季度",
    "第1批",
    "打造一流团队，一线工作",
    "统一部署，一律公开",
    "老百姓的获得感",
    "千方百计抓落实",
    "落实“两不愁三保障”",
    "十四五规划",
    "三会一课制度",
    "一次性补助",
    "上一年度结转",
    "万一发生事故",
    "下一步工作打算",
    "陆续到位",
    "队伍建设",
    "发布时间16:35",
    "https://www.example.gov.cn/a/2023/10/5.html",
    "",
    "无",
    "提升服务能力",
]


def _one(text: str):
    qs = [q for q in find_quantities(text)]
    assert len(qs) == 1, f"{text!r}: expected one span, got {[(q.text, q.value) for q in qs]}"
    return qs[0]


@pytest.mark.parametrize("text,span,fields", ONE, ids=[f"one{i}" for i in range(len(ONE))])
def test_one_quantity(text, span, fields):
    q = _one(text)
    assert q.text == span
    assert text[q.start:q.end] == q.text
    for k, v in fields.items():
        assert getattr(q, k) == v, f"{k}: {getattr(q, k)!r} != {v!r}"


@pytest.mark.parametrize("text", NONE, ids=[f"none{i}" for i in range(len(NONE))])
def test_not_a_quantity(text):
    assert [(q.text, q.kind) for q in find_quantities(text) if q.kind != "date"] == []


def test_several_spans_in_a_sentence_keep_order_and_offsets():
    text = "实际支出118.5万元，预算执行率98.75%，培训不少于2次，群众满意度95%以上。"
    qs = find_quantities(text)
    assert [q.text for q in qs] == ["118.5万元", "98.75%", "不少于2次", "95%以上"]
    assert [q.value for q in qs] == [118.5, 98.75, 2, 95]
    assert all(text[q.start:q.end] == q.text for q in qs)
    assert qs == sorted(qs, key=lambda q: q.start)


def test_bare_wan_without_money_context_is_not_money():
    (q,) = find_quantities("受益群众3万")
    assert q.value == 30000 and q.unit is None


def test_period_words_apart_from_the_number():
    (q,) = find_quantities("每季度开展督导1次")
    assert q.kind == "frequency" and q.period == "季度" and q.value == 1


def test_lone_chinese_digit_is_prose():
    assert find_quantities("他一看就懂") == []
    assert [q.value for q in find_quantities("建立一支队伍")] == [1]


def test_json_shape_matches_spec_section_4():
    (q,) = find_quantities("不少于2次")
    d = q.to_json()
    assert set(d) >= {"text", "start", "end", "value", "low", "high", "low_inclusive", "high_inclusive",
                      "op", "approx", "unit", "period", "kind"}
    assert d["end"] == d["start"] + len(d["text"])


def test_odd_input_never_raises():
    for t in ["\x00\x00", "％％％", "≥", "一二三四五六七八九十百千万亿" * 5, "9" * 400, "1/0", "0分之1", "百分之",
              "从到", "1,2,3", "...", "—" * 10, "\ud800"]:
        find_quantities(t)


def test_returned_spans_are_copies():
    a = find_quantities("不少于2次")
    a[0].value = 99
    assert find_quantities("不少于2次")[0].value == 2
