"""Layout families on synthetic text written for these tests (modelled on the real layouts)."""

from __future__ import annotations

import pytest

from nlp_audit.layout import parse_text

TABBED = (
    "财政项目支出绩效自评表\n(2024 年度)\n"
    "项目名称\t\t社区图书角运维\t\t\t\n"
    "主管部门\t\t某区文化局\t\t实施单位\t\t某街道文化站\t\n"
    "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分\n"
    "\t年度资金总额:\t30.00\t40.00\t36.00\t10.00\t90.00\t9.00\n"
    "\t其中: 当年财政拨款\t30.00\t40.00\t36.00\t-\t90.00\t-\n"
    "年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t\n"
    "\t全年开放图书角并组织阅读活动。\t\t\t开放图书角十二个月, 举办阅读活动六场。\t\t\t\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    "产出指标\t数量指标\t阅读活动场次\t≥6.00(场)\t6.00(场)\t30.00\t30.00\t\n"
    "\t质量指标\t图书完好率\t≥95.00(%)\t93.00(%)\t20.00\t18.00\t部分图书破损, 下年加强巡查\n"
    "效益指标\t社会效益指标\t居民阅读氛围\t提升\t达成指标\t30.00\t30.00\t\n"
    "满意度指标\t服务对象满意度指标\t读者满意度\t≥90.00(%)\t96.00(%)\t10.00\t10.00\t\n"
    "\n\t度指 标\t\t\t\t\t\t\n"
    "总分\t\t\t\t\t100.00\t97.00\t\n评分等级\t优\t\t\n------\t---\n"
)


def test_tabbed_form() -> None:
    pf = parse_text(TABBED + "\n" + TABBED.replace("社区图书角运维", "社区书屋补贴"), "t.txt")
    assert [f.project for f in pf.forms] == ["社区图书角运维", "社区书屋补贴"]
    f = pf.forms[0]
    assert (f.department, f.unit, f.year, f.kind) == ("某区文化局", "某街道文化站", 2024, "self_evaluation")
    total = f.funds_total
    assert (total.budget_initial, total.budget_full_year, total.executed, total.rate, total.score) == (
        30.0, 40.0, 36.0, 90.0, 9.0)
    assert f.goal.text.startswith("全年开放") and f.actual.text.startswith("开放图书角十二个月")
    assert [i.name for i in f.indicators] == ["阅读活动场次", "图书完好率", "居民阅读氛围", "读者满意度"]
    q = f.indicators[1]
    assert (q.level1, q.level2, q.target.op, q.target.value, q.actual.value, q.weight, q.score) == (
        "产出指标", "质量指标", ">=", 95.0, 93.0, 20.0, 18.0)
    assert q.reason == "部分图书破损, 下年加强巡查"
    assert f.indicators[2].target.op == "qual" and f.indicators[2].actual.text == "达成指标"
    assert (f.total_weight, f.total_score, f.grade) == (100.0, 97.0, "优")
    # evidence offsets point into the file text
    src = q.name_source
    assert pf.text[src.start : src.end] == "图书完好率"


CELL_PER_LINE = """
财政项目支出绩效自评表

（2024年度）

项目名称 河道保洁服务

主管部门 某镇人民政府 实施单位
某镇河道管理

服务所

项目资金

（万元）

年初预算数 全年预算数 全年执行数 分数 执行率(%) 得分

年度资金总额： 12.00 12.00 12.00 10.00 100.00 10.00

一级

指标

二级

指标
三级指标 年度指标值 实际完成值 分值 得分

偏差原因分析

及改进措施

产出

指标

数量

指标

保洁河道长度（含支流

及沟渠）
≥20.00(公里) 20.00(公里) 40.00 40.00

效益

指标

社会

效益

指标

河道环境

改善情况

良好 达成指标 40.00 40.00

满意

度指

标

服务

对象

满意

度指

沿河居民满意度 ≥85.00(%) 90.00(%) 10.00 10.00

标

总分 100.00 100.00

评分等级 优
"""


def test_cell_per_line_wrapped_names_and_labels() -> None:
    f = parse_text(CELL_PER_LINE, "c.txt").forms[0]
    assert f.project == "河道保洁服务" and f.unit == "某镇河道管理服务所"
    names = [i.name for i in f.indicators]
    assert names == ["保洁河道长度（含支流及沟渠）", "河道环境改善情况", "沿河居民满意度"]
    cats = [(i.level1, i.level2) for i in f.indicators]
    assert cats == [("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    assert f.indicators[0].target.value == 20.0 and f.indicators[0].weight == 40.0
    assert f.total_score == 100.0 and f.grade == "优"


PIPE_ROWS = """绩效目标自评表 | ||||||||||
(2023年度) | ||||||||||
项目名称 | 山区果树补植项目 | 项目负责人及电话 | 张某 | |||||||
主管部门 | 县林业局 | 实施单位 | 某乡人民政府 | |||||||
资金情况 (万元) |
全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分 | |||||
年度资金总额: | 50 | 48 | 10 | 0.96 | 9.6 | |||||
年度总体目标 | 年初设定目标 | 年度总体目标完成情况综述 | ||||||||
补植果树三百亩 | 完成补植果树三百亩 | |||||||||
绩效指标 | 一级 指标 |
二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因及拟采取的改进措施 | ||
产 出 指 标 (50分) |
数量指标 | ★补植果树面积 | 30 | 300亩 | 300亩 | 30 | ||||
其中梨树面积 | 120亩 | 120亩 | ||||||||
其中桃树面积 | 180亩 | 180亩 | ||||||||
质量指标 | 果苗成活率 | 20 | ≥90% | 88% | 19 | 干旱导致部分死苗,已安排补种 ||||
…… | ||||||||||
"""


def test_pipe_rows_weight_first_children_and_stars() -> None:
    f = parse_text(PIPE_ROWS, "p.txt").forms[0]
    assert f.project == "山区果树补植项目"
    inds = f.indicators
    assert [i.name for i in inds] == ["★补植果树面积", "其中梨树面积", "其中桃树面积", "果苗成活率"]
    assert (inds[0].weight, inds[0].target.value, inds[0].actual.value, inds[0].score) == (30.0, 300.0, 300.0, 30.0)
    assert inds[1].parent == 0 and inds[2].parent == 0 and inds[1].weight is None
    assert inds[3].target.op == ">=" and inds[3].score == 19.0 and inds[3].reason.startswith("干旱")
    row = f.funds_total
    assert (row.budget_full_year, row.executed, row.rate, row.score) == (50.0, 48.0, 96.0, 9.6)
    assert any(p.code == "P004" and p.evidence == "……" for p in f.problems)


PIPE_PER_CELL = """部门预算项目支出绩效自评表(2023年度) |
项目名称 |
51000099X000000012345-办公设备购置 |
主管部门 |
某县财政局本级 |
绩效指标(90分) |
一级指标 |
二级指标 |
三级指标 |
指标性质 |
指标值 |
度量单位 |
完成值 |
权重 |
得分 |
未完成原因分析 |
产出指标 |
数量指标 |
设备购置数量 |
≥ |
15 |
台 |
16 |
50 |
50 |
|
效益指标 |
社会效益指标 |
办公效率提升率 |
= |
100 |
% |
|
40 |
|
|
合计 |
100 |
"""


def test_pipe_per_cell_sichuan_columns() -> None:
    f = parse_text(PIPE_PER_CELL, "s.txt").forms[0]
    assert f.project == "51000099X000000012345-办公设备购置"
    a, b = f.indicators
    assert (a.name, a.target.op, a.target.value, a.target.unit, a.actual.value, a.weight, a.score) == (
        "设备购置数量", ">=", 15.0, "台", 16.0, 50.0, 50.0)
    assert (b.target.op, b.target.value, b.target.unit, b.actual.text, b.weight, b.score) == ("=", 100.0, "%", "", 40.0, None)


FUSED = (
    "绩效目标自评表(2022年度)项目名称乡村道路标线施划项目负责人及电话李某主管部门某县交通局实施单位某县交通局"
    "资金情况(万元)全年预算(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:303010100.00%10其中:本年财政拨款3030"
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
    "产出指标(60分)数量指标施划道路标线10≥45公里≥45公里10标线宽度10≥15厘米≥15厘米10"
    "质量指标工程验收合格率20100%100%20成本指标项目总投资1030万元30万元10"
    "效益指标(30分)社会效益指标群众出行条件改善10显著提升显著提升10总分100100"
)


def test_fused_line_weight_before_target() -> None:
    f = parse_text(FUSED, "f.txt").forms[0]
    assert f.project == "乡村道路标线施划"
    t = f.funds_total
    assert (t.budget_full_year, t.executed, t.weight, t.rate, t.score) == (30.0, 30.0, 10.0, 100.0, 10.0)
    got = {i.name: (i.weight, i.target.op, i.target.value, i.target.unit, i.actual.value, i.score) for i in f.indicators}
    assert got["施划道路标线"] == (10.0, ">=", 45.0, "公里", 45.0, 10.0)
    assert got["工程验收合格率"] == (20.0, "unknown", 100.0, "%", 100.0, 20.0)
    assert got["项目总投资"][:4] == (10.0, "unknown", 30.0, "万元")
    assert got["群众出行条件改善"][1] == "qual"
    assert f.total_score == 100.0


SPACED_HEBEI = """某县民政局2021年度预算项目绩效自评表
一、基本情况 项目名称: 高龄老人生活补贴 是否为专项资金: 实施(主管)单位 某县民政局 金额单位: 万元
四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 单项指标完成情况 自评得分
符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分
产出指标 数量指标 补贴发放人数 按月足额发放的老人人数 >= 120 人 125人 完成 40.00 40.00 16.00
满意度指标 服务对象满意度指标 老人满意度 领取补贴老人的满意程度 >= 90 %(百分比) 95% 完成 20.00 20.00 4.00
"""


def test_spaced_hebei_export_columns() -> None:
    f = parse_text(SPACED_HEBEI, "h.txt").forms[0]
    assert f.project == "高龄老人生活补贴"
    a, b = f.indicators
    assert (a.name, a.target.op, a.target.value, a.target.unit, a.actual.value) == ("补贴发放人数", ">=", 120.0, "人", 125.0)
    assert (b.target.value, b.target.unit, b.score, b.weight) == (90.0, "%", 20.0, 20.0)
    assert b.extra.get("折算得分") == "4.00"


TRAD = (
    "項目支出績效自評表(2022年度)項目名稱社區綠化養護主管部門某區園林局實施單位某區綠化隊"
    "一級指標二級指標三級指標年初目標值(A)實際完成值(B)得分"
    "產出指標數量指標綠地養護面積5萬平方米5萬平方米20質量指標苗木成活率95%97%20總分40"
)


def test_traditional_characters_keep_raw_text() -> None:
    f = parse_text(TRAD, "tr.txt").forms[0]
    assert f.project == "社區綠化養護"  # raw text kept for evidence
    names = [i.name for i in f.indicators]
    assert names == ["綠地養護面積", "苗木成活率"]
    assert f.indicators[1].level2 == "质量指标" and f.indicators[1].score == 20.0


def test_money_in_yuan_and_fraction_rate_and_missing_cells() -> None:
    text = (
        "项目支出绩效自评表\n项目名称 经费测试项目\n项目资金(元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额 200000 200000 191600 10 0.958 9\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 指标1:培训人数 ≥50人 60人 40 40\n质量指标 指标1:资料归档 10 10\n总分 100 99\n"
    )
    f = parse_text(text, "y.txt").forms[0]
    row = f.funds_total
    assert (row.budget_initial, row.executed, row.rate) == (20.0, 19.16, pytest.approx(95.8))
    assert f.funds_unit_in_source == "元"
    q = f.indicators[1]
    assert (q.name, q.target.text, q.weight, q.score) == ("指标1:资料归档", "", 10.0, 10.0)


def test_unreadable_and_placeholders_never_raise() -> None:
    bad = "项目绩效目标表(2021年度)项目名称\n一级指标二级指标指标内容指标值备注产出指标数量指标77100质量指标77100时效指标77100成本指标77100"
    pf = parse_text(bad, "b.txt")
    assert pf.forms and pf.forms[0].indicators == []
    assert any(p.code == "P001" for p in pf.forms[0].problems)
    for junk in ("", "\x00\x01", "|||\n|||", "项目名称", "总分 abc", "一级指标\t" * 50):
        parse_text(junk, "j.txt")  # no traceback
    empty = parse_text("", "e.txt")
    assert empty.errors and empty.errors[0].code == "P001"
