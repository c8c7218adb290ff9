"""Layouts the first parser read wrongly, on synthetic text written for these tests (modelled on the
fused, pipe-per-cell and Hubei 20+80 layouts of SPEC §1)."""

from __future__ import annotations

import pytest
from builders import parse_one as _form

FUSED = (
    "绩效目标自评表(2023年度)项目名称某村养殖补助项目项目负责人及电话王某13900000000主管部门某县农业农村局"
    "实施单位某镇人民政府资金情况(万元)预算数(A)执行数(B)分值执行率得分"
    "年度资金总额:184.52180.8310{rate}10其中:本年财政拨款184.52180.83其他资金"
    "年度总体目标年初目标全年完成情况发展特色养殖。完成养殖补助。"
    "绩效指标一级指标二级指标具体指标指标分值年度指标值全年实际完成值得分偏差原因及改进措施"
    "产出指标(70分)数量指标羊养殖数量20240只240只20网络覆盖率30100%覆盖100%覆盖30"
    "质量指标验收合格率20100%100%20"
    "满意度指标(30分)服务对象满意度指标群众满意度3090%以上95%30总分10095评分等级优"
)


def _rows(form) -> list[tuple]:
    return [(i.name, i.target.text, i.actual.text, i.weight, i.score) for i in form.indicators]


def test_fused_row_keeps_numbers_whole_and_value_qualifiers_attached() -> None:
    f = _form(FUSED.format(rate="98.00%"))
    assert _rows(f) == [
        ("羊养殖数量", "240只", "240只", 20.0, 20.0),
        ("网络覆盖率", "100%覆盖", "100%覆盖", 30.0, 30.0),
        ("验收合格率", "100%", "100%", 20.0, 20.0),
        ("群众满意度", "90%以上", "95%", 30.0, 30.0),
    ]
    assert (f.total_weight, f.total_score) == (100.0, 95.0)


@pytest.mark.parametrize("rate", ["98.00%", "100.00%"])
def test_fused_funds_row_with_two_decimal_points_is_cut_into_its_columns(rate: str) -> None:
    # 180.83 / 184.52 = 98.00%; a wrong stated rate (100.00%) is F001's business, not unreadable digits
    f = _form(FUSED.format(rate=rate))
    total, part = f.funds[0], f.funds[1]
    assert (total.budget_full_year, total.executed, total.weight, total.rate, total.score) == (
        184.52, 180.83, 10.0, float(rate[:-1]), 10.0)
    assert (part.budget_full_year, part.executed) == (184.52, 180.83)
    assert not [p for p in f.problems if p.code == "P003"]


def test_digits_lost_by_ocr_stay_unread() -> None:
    text = FUSED.format(rate="98.00%").replace("年度资金总额:184.52180.8310", "年度资金总额:.52.8310")
    f = _form(text)
    assert any(p.code == "P003" and p.field == "funds" for p in f.problems)


HUBEI = (
    "2022年度财政项目绩效自评表\n"
    "项目名称 | 社区书屋数字资源 | 主管部门 | 某区文旅局 | 项目实施单位 | 某区图书馆 |\n"
    "预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) |\n"
    "年度财政资金总额 | 8 | 8 | 100% | 20 |\n"
    "年度绩效目标1 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 |\n"
    "产出指标(40分) | 数量指标 | 新增电子书册数 | 2000册 | 2100册 | 20 |\n"
    "质量指标 | 资源可用率 | 98% | 99% | 20 |\n"
    "效益指标(30分) | 社会效益指标 | 读者借阅人次 | 5000人次 | 5200人次 | 30 |\n"
    "满意度指标(10分) | 服务对象满意度指标 | 读者满意度 | 90% | 96% | 10 |\n"
    "总分 | 100分 |\n"
)


def test_funds_weight_from_the_block_header_when_no_weight_column() -> None:
    f = _form(HUBEI)
    row = f.funds[0]
    assert (row.budget_full_year, row.executed, row.rate, row.score, row.weight) == (8.0, 8.0, 100.0, 20.0, 20.0)
    assert f.total_score == 100.0
    assert [i.score for i in f.indicators] == [20.0, 20.0, 30.0, 10.0]


def test_funds_weight_stays_empty_when_the_block_states_none() -> None:
    f = _form(HUBEI.replace(" (20分)", "").replace("得分 (20分*执行率)", "得分"))
    assert f.funds[0].weight is None


PIPE_CELLS = "\n".join(f"{c} |" for c in [
    "2023年度部门预算项目绩效自评表", "项目名称", "乡村道路养护", "主管部门", "某县交通运输局", "实施单位 (盖章)", "某镇人民政府",
    "年度目标", "年度目标完成情况", "完成道路日常养护。", "养护道路45公里。",
    "预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "执行率", "权重", "得分", "原因",
    "总额", "50.00", "48.00", "47.52", "99.00%", "10", "10", "",
    "绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分",
    "未完成原因分析",
    "产出指标", "数量指标", "养护道路里程", "≥", "40", "公里", "45", "50", "50", "",
    "效益指标", "社会效益指标", "道路通行条件", "定性", "改善", "", "改善", "40", "40", "",
    "合计", "100", "",
])


def test_pipe_per_cell_labels_do_not_run_across_cells_and_heji_is_the_weight_total() -> None:
    f = _form(PIPE_CELLS)
    row = f.funds[0]
    assert (row.budget_initial, row.budget_full_year, row.executed, row.rate, row.weight, row.score) == (
        50.0, 48.0, 47.52, 99.0, 10.0, 10.0)
    assert _rows(f) == [("养护道路里程", "≥40公里", "45", 50.0, 50.0), ("道路通行条件", "改善", "改善", 40.0, 40.0)]
    assert f.indicators[0].target.op == ">=" and f.indicators[0].actual.unit == "公里"
    assert (f.total_weight, f.total_score) == (100.0, None)


def test_a_lone_number_after_zongfen_is_the_score() -> None:
    f = _form(PIPE_CELLS.replace("合计 |", "总分 |"))
    assert (f.total_weight, f.total_score) == (None, 100.0)


def test_total_reads_only_the_numbers_right_after_the_label() -> None:
    text = FUSED.format(rate="98.00%").replace("总分10095评分等级优", "总分97.5偏差大或目标未完成原因分析备注:1.预算数为调整后")
    f = _form(text)
    assert (f.total_weight, f.total_score) == (None, 97.5)


def test_a_title_named_inside_an_indicator_is_not_a_new_form() -> None:
    text = FUSED.format(rate="98.00%").replace("羊养殖数量", "是否全部完成绩效目标申报表列明的养殖数量")
    f = _form(text)
    assert f.indicators[0].name == "是否全部完成绩效目标申报表列明的养殖数量"
    assert (f.indicators[0].weight, f.indicators[0].score) == (20.0, 20.0)


def test_fused_lines_split_by_a_page_break_are_one_run() -> None:
    text = FUSED.format(rate="98.00%").replace("网络覆盖", "网络\n\n2、覆盖")
    f = _form(text)
    assert ("网络覆盖率", "100%覆盖", "100%覆盖", 30.0, 30.0) in _rows(f)


def test_p001_when_every_row_is_a_category_and_a_number() -> None:
    text = ("项目绩效目标表(2021年度)项目名称镇域道路提升主管部门某镇人民政府资金情况(万元)年度资金总额 120.5 "
            "年度绩效指标一级指标二级指标指标内容指标值备注产出指标数量指标86100质量指标86100时效指标86100"
            "效益指标社会效益指标64100满意度指标服务对象满意度指标86100")
    f = _form(text)
    p001 = [p for p in f.problems if p.code == "P001"]
    assert p001 and p001[0].evidence == "数量指标86100"


def test_row_weights_from_the_block_weight_when_rows_print_only_scores() -> None:
    f = _form(HUBEI.replace("| 99% | 20 |", "| 99% | 19.5 |"))
    assert [(i.weight, i.score) for i in f.indicators] == [(20.0, 20.0), (20.0, 19.5), (30.0, 30.0), (10.0, 10.0)]


def test_row_weights_stay_unknown_when_the_block_does_not_add_up() -> None:
    f = _form(HUBEI.replace("| 99% | 20 |", "| 99% | 15 |"))
    assert [i.weight for i in f.indicators][:2] == [None, None]


def test_a_part_row_repeating_the_total_amounts_fills_the_amount_columns() -> None:
    text = (
        "项目支出绩效自评表\n项目名称 校舍屋面防水改造\n主管部门 某市教育局 实施单位 某职业学校\n"
        "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额 52.80 52.80 45.51 10 86% 9\n其中:当年财政拨款 52.80 52.80 45.51\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 改造校舍面积 ≥3000平方米 3200平方米 50 50\n总分 100 99\n"
    )
    part = _form(text).funds[1]
    assert (part.budget_initial, part.budget_full_year, part.executed, part.rate) == (52.8, 52.8, 45.51, None)


def test_titled_prose_report_without_form_labels_is_one_report_form() -> None:
    from nlp_audit.layout import parse_text

    text = ("某县2023年度农村道路养护资金\n绩效自评报告\n"
            "县财政局下达2023年农村道路养护资金300万元。其中:县道养护120万元,乡道养护180万元。资金已全部到位。\n"
            "全年完成县乡道路养护210公里,养护质量合格率98%。\n")
    pf = parse_text(text, "report.txt")
    assert [f.kind for f in pf.forms] == ["other"]
    assert "养护210公里" in pf.forms[0].text
    assert not pf.errors


def test_text_without_any_form_cue_is_no_form() -> None:
    from nlp_audit.layout import parse_text

    pf = parse_text("今天天气很好,我们去公园散步。\n明天继续。\n", "note.txt")
    assert pf.forms == []
