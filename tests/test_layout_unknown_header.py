"""Tables whose header names the lexicon does not know (issue 8): where the table starts and in which
order its columns run, read from the cells alone. Every fixture is written for these tests, modelled on
layouts seen in several unrelated real sources (a fused OCR line with a note under it, a scoring sheet
printed one cell per line, a spreadsheet dumped column by column, funds sub-rows with unfamiliar names),
and most are parsed with the header-alias lexicon emptied, as a form from an unseen county would be."""

from __future__ import annotations

from nlp_audit.layout import parse_text
from nlp_audit.layout.celltypes import HDR, NAME, cell_type
from nlp_audit.layout.lexicon import without_header_aliases


def _no_aliases(text: str):
    with without_header_aliases():
        return parse_text(text, "x.txt").forms


def _rows(form) -> list[tuple]:
    return [(i.name, i.target.value, i.actual.value, i.weight, i.score) for i in form.indicators]


# one OCR line: two blocks with their own titles and headers, a note under the table that names a form
# label (项目实施单位, 预算执行情况)
FUSED_WITH_NOTE = (
    "下载本文档\n"
    "2023年度乡村卫生室建设项目绩效自评表单位名称:某县卫生健康局 填报日期2024年3月8日项目名称乡村卫生室建设主管部门某县卫生健康局项目实施单位某镇卫生院年度绩效目标1(40分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分产出指标数量指标新建卫生室数量≥12个12个20质量指标设备配齐率100%95%18年度绩效目标2(40分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分效益指标社会效益指标就诊群众人次≥3000人次3260人次20满意度指标服务对象满意度指标群众满意度≥90%92%20总分78备注:1.项目实施单位按预算执行情况口径填报。\n"
)


def test_a_note_under_a_fused_table_does_not_hide_it() -> None:
    (form,) = _no_aliases(FUSED_WITH_NOTE)
    assert [(r[0], r[1], r[2]) for r in _rows(form)] == [
        ("新建卫生室数量", 12.0, 12.0), ("设备配齐率", 100.0, 95.0), ("就诊群众人次", 3000.0, 3260.0),
        ("群众满意度", 90.0, 92.0)]  # (and the second block's run-together header is not a row)


SCORING_SHEET_ONE_CELL_PER_LINE = "\n\n".join([
    "专项资金绩效评价评分表", "考核维度", "权数", "考核方面", "权数", "考核要点", "权数", "评分",
    "立项管理", "15", "目标设定", "5", "目标内容明确性", "5", "4", "论证决策", "10", "立项依据充分性", "4", "4",
    "立项程序规范性", "6", "5", "过程管理", "35", "资金管理", "20", "资金到位及时性", "10", "10", "支出合规性", "10", "8",
    "组织实施", "15", "制度执行有效性", "15", "13",
]) + "\n"


def test_a_scoring_sheet_printed_one_cell_per_line_is_read_by_its_rows() -> None:
    (form,) = _no_aliases(SCORING_SHEET_ONE_CELL_PER_LINE)
    # (group rows, with one number, are not indicators)
    assert [(r[0], r[3], r[4]) for r in _rows(form)] == [
        ("目标内容明确性", 5.0, 4.0), ("立项依据充分性", 4.0, 4.0), ("立项程序规范性", 6.0, 5.0), ("资金到位及时性", 10.0, 10.0),
        ("支出合规性", 10.0, 8.0), ("制度执行有效性", 15.0, 13.0)]


# a workbook dumped to text column by column: the table's header and category cells went elsewhere
COLUMN_DUMP = (
    "村级文化活动中心项目支出绩效自评表.xlsx\n"
    "某县项目支出绩效自评表 0 项目资金 (万元) 全年 预算数 全年 执行数 分值 0 86.5 10 100% 10 86.5 — 100% — 其中:当年财政拨款 指标1:新建文化活动中心 4个 4个 3 3 指标2:配置健身器材 不少于20套 22套 3 3 指标3:开展文化活动 不少于24场 26场 2 2 指标4:培训文化骨干 60人 52人 2 1.7 指标5:活动中心开放率 95% 97% 2 2\n"
)


def test_rows_dumped_in_one_run_are_read_by_their_shape() -> None:
    expected = [("指标2:配置健身器材", 20.0, 22.0, 3.0, 3.0), ("指标3:开展文化活动", 24.0, 26.0, 2.0, 2.0),
                ("指标4:培训文化骨干", 60.0, 52.0, 2.0, 1.7), ("指标5:活动中心开放率", 95.0, 97.0, 2.0, 2.0)]
    assert _rows(_no_aliases(COLUMN_DUMP)[0]) == expected
    assert _rows(parse_text(COLUMN_DUMP, "x.txt").forms[0]) == expected


# funds sub-rows whose names no lexicon has, above the narratives and the indicator table
UNKNOWN_FUNDS_ROWS = (
    "2023年度某县养老服务补贴项目支出绩效自评表\n"
    "项目名称\t养老服务补贴\n"
    "主管部门\t某县民政局\t实施单位\t某县社会福利中心\n"
    "项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "福彩公益金\t120.50\t118.20\t110.40\n"
    "其中:省级补助\t80.00\t78.50\t75.10\n"
    "其中:县级配套\t40.50\t39.70\t35.30\n"
    "合计\t241.00\t236.40\t220.80\t10\t93.40%\t9.34\n"
    "年度总体目标\t预期目标\t实际完成情况\n"
    "\t为全县高龄老人发放养老服务补贴，计划覆盖1200人。\t全年为1260名高龄老人发放补贴，发放及时率100%。\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t补贴发放人数\t≥1200人\t1260人\t20\t20\n"
    "\t质量指标\t补贴发放准确率\t≥98%\t99.2%\t20\t20\n"
    "\t时效指标\t补贴发放及时率\t100%\t100%\t20\t20\n"
    "效益指标\t社会效益指标\t高龄老人生活改善\t明显改善\t达成指标\t20\t18\n"
    "满意度指标\t服务对象满意度指标\t受助老人满意度\t≥90%\t95%\t10\t10\n"
)


def test_funds_sub_rows_above_the_narratives_are_not_the_table() -> None:
    (form,) = _no_aliases(UNKNOWN_FUNDS_ROWS)
    assert [r[0] for r in _rows(form)] == ["补贴发放人数", "补贴发放准确率", "补贴发放及时率", "高龄老人生活改善", "受助老人满意度"]
    assert _rows(form)[0] == ("补贴发放人数", 1200.0, 1260.0, 20.0, 20.0)


# near miss: the narrative, cut at its figures ("…新建巡护路线" 14.5公里 ",聘用护林员" 82人), reads as records
NARRATIVE_THEN_ONE_LINE_TABLE = (
    "财政项目支出绩效自评表\n"
    "(2022年度)\n"
    "项目名称 某县生态护林员补助\n"
    "主管部门 某县林业局 实施单位 某县林业站\n"
    "项目资金(万元) 全年预算数 全年执行数 分值 执行率 得分\n"
    "年度资金总额 48.60 46.20 10 95.1% 9.5\n"
    "其中:财政拨款 48.60 46.20\n"
    "其他资金 0.00 0.00\n"
    "年度总体目标 预期目标 实际完成情况\n"
    "落实生态护林员管护责任。计划聘用护林员80人，巡护面积达到12万亩。 全年聘用护林员,新增巡护路线14.5公里,聘用护林员82人,补助发放及时率98.5%。林区管护水平持续提高。\n"
    "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施 产出指标 数量 指标 巡护路线长度 20 不少于12公里 14.5公里 20 聘用护林员人数 20 =80人 82人 20 质量 指标 补助发放合规率 20 =100% 100% 20 时效指标 补助发放及时率 20 95%以上 98.5% 20 效益指标 生态效益指标 森林火灾发生率 10 ≤1% 0.5% 10\n"
    "总分 100 99.5\n"
)


def test_a_narrative_cut_at_its_figures_does_not_start_the_table() -> None:
    for form in (_no_aliases(NARRATIVE_THEN_ONE_LINE_TABLE)[0], parse_text(NARRATIVE_THEN_ONE_LINE_TABLE, "x.txt").forms[0]):
        assert [r[0] for r in _rows(form)] == ["巡护路线长度", "聘用护林员人数", "补助发放合规率", "补助发放及时率", "森林火灾发生率"]
        assert form.funds[0].budget_full_year == 48.6


# near miss: a category word in a column of the header block's line (绩效目标) is not the table's first row
HEADER_BLOCK_WITH_CATEGORY_WORD = (
    "财政项目支出绩效目标申报表\t\t\t\t\n"
    "(2024年度)\t\t\t\t\n"
    "项目名称\t社区党建活动经费\t项目性质\t项目类别\t绩效目标\n"
    "主管部门\t某区某街道办事处\t实施单位\t某社区党群服务中心\t\n"
    "计划开始日期\t计划完成日期\t2024-01-01\t2024-12-31\t\n"
    "项目资金(元)\t项目资金总额\t1,250,000.00\t年度资金申请总额\t1,250,000.00\n"
    "\t其中:财政拨款\t1,250,000.00\t其中:当年财政拨款\t1,250,000.00\n"
    "\t其他资金\t\t上年结转资金\t0.00\n"
    "项目总体目标\t\t\t年度总体目标\t\n"
    "项目概述\t开展社区党员教育培训和党群服务活动，提升基层党组织组织力。\t\t\t\n"
    "绩效目标\t一级指标\t二级指标\t三级指标\t年度(项目)指标值\n"
    "\t产出指标\t数量指标\t党员教育培训场次\t≥24场\n"
    "\t产出指标\t质量指标\t活动参与率\t≥90%\n"
    "\t效益指标\t社会效益指标\t党员服务群众次数\t≥500次\n"
    "\t满意度指标\t服务对象满意度指标\t居民满意度\t≥90%\n"
)


def test_a_category_word_on_a_header_line_leaves_the_funds_block_alone() -> None:
    (form,) = _no_aliases(HEADER_BLOCK_WITH_CATEGORY_WORD)
    assert [r[0] for r in _rows(form)] == ["党员教育培训场次", "活动参与率", "党员服务群众次数", "居民满意度"]
    assert form.funds and form.funds[0].budget_initial == 125.0


# one cell per line under column names no lexicon has; only three rows fill the last (reason) column,
# with "0", and they say nothing about the order; the rows that left it blank do
ORDER_FROM_SHORTER_ROWS = "\n\n".join([
    "项目支出绩效自评表", "考核层级", "考核类别", "考核内容", "计划数", "完成数", "分数", "得分数", "理由",
    "产出指标", "数量指标", "建设资金支付额", "45.6", "38.2", "10", "8",
    "质量指标", "工程验收合格率", "100", "100", "10", "10", "0",
    "时效指标", "工程按期完成率", "100", "100", "10", "10",
    "成本指标", "项目成本节约率", "100", "100", "10", "10", "0",
    "效益指标", "社会效益指标", "学生就学条件", "100", "100", "10", "10",
    "可持续影响指标", "校舍使用年限", "100", "100", "10", "10",
    "满意度指标", "服务对象满意度指标", "师生满意度", "100", "100", "10", "10", "0",
])


def test_the_column_order_counts_rows_that_lost_their_last_cell() -> None:
    for form in (_no_aliases(ORDER_FROM_SHORTER_ROWS)[0], parse_text(ORDER_FROM_SHORTER_ROWS, "x.txt").forms[0]):
        rows = _rows(form)
        assert rows[0] == ("建设资金支付额", 45.6, 38.2, 10.0, 8.0)
        assert all(r[1:] == (100.0, 100.0, 10.0, 10.0) for r in rows[1:]) and len(rows) == 7


def test_a_header_run_together_is_a_header_and_a_name_is_not() -> None:
    assert cell_type("一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分").cls == HDR
    assert cell_type("一級指標二級指標三級指標年初目標值(A)實際完成值(B)得分").cls == HDR
    for name in ("指标3道路养护里程", "发放宣传折页份数", "考核内容"):
        assert cell_type(name).cls == NAME, name


# one number column after the results (a 20+80 layout: the indicators' 得分, adding up to 80 at full marks)
LONE_SCORE_COLUMN = (
    "部门整体支出绩效自评表\n"
    "| 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 |\n"
    "| 产出指标 | 数量指标 | 巡查河道里程 | 120公里 | 126公里 | 20 |\n"
    "| | 质量指标 | 问题整改到位率 | 100% | 96% | 18 |\n"
    "| | 时效指标 | 问题处置时间 | 5个工作日 | 4个工作日 | 10 |\n"
    "| 效益指标 | 社会效益指标 | 河道环境 | 明显改善 | 明显改善 | 20 |\n"
    "| 满意度指标 | 服务对象满意度指标 | 沿河群众满意度 | ≥90% | 93% | 10 |\n"
)
# near miss: a declaration's one number column is its 分值
LONE_WEIGHT_COLUMN = (
    "项目支出绩效目标申报表\n"
    "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 |\n"
    "| 产出指标 | 数量指标 | 巡查河道里程 | ≥120公里 | 30 |\n"
    "| | 质量指标 | 问题整改到位率 | 100% | 20 |\n"
    "| | 时效指标 | 问题处置时间 | 5个工作日 | 20 |\n"
    "| 效益指标 | 社会效益指标 | 河道环境 | 明显改善 | 20 |\n"
    "| 满意度指标 | 服务对象满意度指标 | 沿河群众满意度 | ≥90% | 10 |\n"
)


def test_a_lone_number_column_after_the_results_is_the_score() -> None:
    rows = _rows(_no_aliases(LONE_SCORE_COLUMN)[0])
    assert [(r[0], r[3], r[4]) for r in rows][:2] == [("巡查河道里程", None, 20.0), ("问题整改到位率", None, 18.0)]
    assert all(r[3] is None for r in rows) and sum(r[4] for r in rows) == 78.0
    declared = _rows(_no_aliases(LONE_WEIGHT_COLUMN)[0])
    assert [r[3] for r in declared] == [30.0, 20.0, 20.0, 20.0, 10.0] and all(r[4] is None for r in declared)


# a transfer-payment form: unnamed funds sub-rows (0 | 0 | 100%) among the funds rows, then the narratives,
# then the table (no header name known: the funds rows must not be read as its rows)
TWO_ROW_TABLE_AFTER_FUNDS = (
    "残疾人康复补助资金转移支付项目绩效目标自评表\n"
    "(2024年度)\n"
    "转移支付(项目)名称 | 残疾人康复补助资金 |\n"
    "中央主管部门 | 中国残疾人联合会 |\n"
    "地方主管部门 | 某县残疾人联合会 | 资金使用单位 | 某县残疾人联合会 |\n"
    "资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) |\n"
    "年度资金总额: | 412.60万 | 405.30万 | 98.2% |\n"
    "其中:中央财政资金 | 210.00万 | 210.00万 | 100% |\n"
    "残疾人事业发展补助 | 0 | 0 | 100% |\n"
    "地方资金 | 202.60万 | 195.30万 | 96.4% |\n"
    "其他资金 | | | |\n"
    "总体目标完成情况 | 总体目标 | 全年实际完成情况 |\n"
    "| 为残疾儿童提供康复救助，计划救助300人。 | 全年救助残疾儿童326人，完成年度目标。 |\n"
    "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 | 未完成原因和改进措施 |\n"
    "产出指标 | 数量指标 | 残疾儿童康复救助人数 | ≥300人 | 326人 | |\n"
    "| 质量指标 | 康复服务合格率 | 100% | | |\n"
)


def test_funds_rows_above_the_narratives_are_not_the_table_in_a_pipe_layout() -> None:
    (form,) = _no_aliases(TWO_ROW_TABLE_AFTER_FUNDS)
    assert [(r[0], r[1]) for r in _rows(form)] == [("残疾儿童康复救助人数", 300.0), ("康复服务合格率", 100.0)]
    assert form.funds[0].budget_full_year == 412.6


# two projects in one table, each with its funds row above it; no column name known
PROJECTS_WITH_FUNDS_ROWS_ABOVE = (
    "部门项目支出绩效自评表(2024年度)\n"
    "项目名称 | 全年预算数(万元) | 全年执行数(万元) | 执行率 | 得分 |\n"
    "农村饮水安全巩固项目 | 186.4 | 175.2 | 94% | 9.4 |\n"
    "小型水库除险加固项目 | 92.0 | 92.0 | 100% | 10 |\n"
    "项目名称 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n"
    "农村饮水安全巩固项目 | 产出指标 | 数量指标 | 新建供水管网长度 | ≥12公里 | 12.6公里 | 20 | 20 |  |\n"
    " |  | 质量指标 | 水质检测合格率 | ≥95% | 97.5% | 20 | 20 |  |\n"
    " | 效益指标 | 社会效益指标 | 受益群众人数 | ≥5000人 | 5320人 | 30 | 30 |  |\n"
    " | 满意度指标 | 服务对象满意度指标 | 受益群众满意度 | ≥90% | 93% | 20 | 20 |  |\n"
    "小型水库除险加固项目 | 产出指标 | 数量指标 | 加固水库座数 | =3座 | 3座 | 30 | 30 |  |\n"
    " |  | 时效指标 | 汛前完工率 | 100% | 100% | 20 | 20 |  |\n"
    " | 效益指标 | 社会效益指标 | 保护下游耕地面积 | ≥1800亩 | 1860亩 | 20 | 20 |  |\n"
    " | 满意度指标 | 服务对象满意度指标 | 周边群众满意度 | ≥90% | 95% | 20 | 20 |  |\n"
)


def test_funds_rows_above_the_category_rows_are_funds_rows_and_projects_split() -> None:
    forms = _no_aliases(PROJECTS_WITH_FUNDS_ROWS_ABOVE)
    assert [f.project for f in forms] == ["农村饮水安全巩固项目", "小型水库除险加固项目"]
    assert [r[0] for r in _rows(forms[0])] == ["新建供水管网长度", "水质检测合格率", "受益群众人数", "受益群众满意度"]
    assert [(r.budget_full_year, r.executed) for f in forms for r in f.funds] == [(186.4, 175.2), (92.0, 92.0)]


# near miss: a report that names the categories in a sentence ("分产出指标、效益指标、满意度指标三类") and
# states its funds in sentences has no table; its sentences, cut at their figures, are not rows
REPORT_NAMING_CATEGORIES = (
    "第一部分 资金与目标概况\n"
    "1.本乡本年度共收到上级补助资金486.50万元，用于6个项目。各项目的绩效指标分产出指标、效益指标、满意度指标三类填报。\n"
    "2.本乡本年度共收到上级补助资金486.50万元。按来源分:中央补助168.20万元,省级补助218.30万元,县级配套100万元,分6个项目管理,指标分产出指标、效益指标、满意度指标三类。\n"
    "第二部分 完成情况\n"
    "1.中央补助168.20万元中,道路维修项目120万元,水渠清淤项目48.20万元。\n"
    "2.六个项目年底前全部完工,道路维修项目支出进度100%,水渠清淤项目支出进度97.2%。\n"
)


def test_a_report_that_names_the_categories_in_a_sentence_has_no_table() -> None:
    for forms in (parse_text(REPORT_NAMING_CATEGORIES, "x.txt").forms, _no_aliases(REPORT_NAMING_CATEGORIES)):
        assert [i.name for f in forms for i in f.indicators] == []


GOAL_U = "2023年度计划维护村道32公里,保障群众安全出行。"
ACT_U = "全年维护村道35公里,群众出行条件明显改善。"
HEAD_U = "财政项目支出绩效自评表\n项目名称\t村道维护\n主管部门\t某县交通运输局\n年度总体目标\t预期目标\t实际完成情况\n"


def test_a_header_with_names_the_lexicon_lacks_is_no_part_of_the_narratives() -> None:
    # "考核项" / "完成数" are no header names the lexicon knows; beside names it does know, on a line of short
    # cells right above the first row, they are the table's header, not the end of the actual's text
    text = HEAD_U + f"\t{GOAL_U}\t{ACT_U}\n" + (
        "考核项\t二级指标\t三级指标\t年度指标值\t完成数\t分值\t得分\n"
        "产出指标\t数量指标\t维护村道里程\t≥32公里\t35公里\t50\t50\n"
        "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t40\t40\n")
    (form,) = _no_aliases(text)
    assert (form.goal.text, form.actual.text) == (GOAL_U, ACT_U)
    assert _rows(form)[0] == ("维护村道里程", 32.0, 35.0, 50.0, 50.0)


def test_a_header_printed_one_cell_per_line_is_no_part_of_the_narratives() -> None:
    cells = [GOAL_U, ACT_U, "一级指标", "二级", "评价要点", "分数", "年度指标值", "实际完成值", "考核得分",
             "产出指标", "数量指标", "维护村道里程", "50", "≥32公里", "35公里", "50",
             "满意度指标", "服务对象满意度指标", "群众满意度", "40", "≥90%", "95%", "40"]
    text = HEAD_U.replace("\t", "\n") + "\n".join(cells) + "\n"
    (form,) = _no_aliases(text)
    assert (form.goal.text, form.actual.text) == (GOAL_U, ACT_U)


def test_a_header_word_inside_a_scoring_criterion_is_no_form_label() -> None:
    # a 管理 block's criterion names the 项目实施单位; that is a word of its text: the table (and its header
    # line) still start where its rows do, and the narratives end there
    text = HEAD_U + f"\t{GOAL_U}\t{ACT_U}\n" + (
        "指标类别\t二级指标\t三级指标\t计划目标\t实际完成值\t分值\t考核得分\n"
        "管理\t组织实施\t管理制度健全性\t项目实施单位的管理制度是否健全,用以反映制度对项目实施的保障情况。\t健全\t5\t5\n"
        "产出指标\t数量指标\t维护村道里程\t≥32公里\t35公里\t50\t50\n"
        "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t40\t40\n")
    (form,) = _no_aliases(text)
    assert (form.goal.text, form.actual.text) == (GOAL_U, ACT_U)
    assert [r[0] for r in _rows(form)][-2:] == ["维护村道里程", "群众满意度"]


def test_a_line_of_short_texts_above_the_table_is_no_header_without_known_names() -> None:
    # near miss: short cells none of which names a column (a row of a signature block) stay where they are
    text = HEAD_U + f"\t{GOAL_U}\t{ACT_U}\n" + "填报人\t张三\t审核人\t李四\n" + (
        "产出指标\t数量指标\t维护村道里程\t≥32公里\t35公里\t50\t50\n"
        "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t40\t40\n")
    (form,) = _no_aliases(text)
    assert [r[0] for r in _rows(form)] == ["维护村道里程", "群众满意度"]


# a header that the lexicon reads in part: one column name it places (完成值, 权重, 得分…) beside one it does not
# (a bare 目标值 / 计划值, a 计量单位 column it cannot place in its order); the rows' cells count the columns
PARTLY_KNOWN_HEADER = (
    "2022年度项目支出绩效自评表\n"
    "项目名称 老年活动室运营补助\n"
    "一级指标 二级指标 三级指标 {target} 完成值 权重 自评得分 说明\n"
    "产出指标 数量指标 开放天数 300天 288天 20 19 冬季检修停开\n"
    "产出指标 质量指标 活动组织合格率 ≥95% 96% 20 20 无\n"
    "效益指标 社会效益指标 参与活动老人人次 5000人次 5410人次 20 20 无\n"
    "满意度指标 服务对象满意度指标 老人满意度 ≥90% 93% 10 10 无\n"
)


def test_a_header_with_a_column_name_the_lexicon_does_not_place_is_counted_by_its_rows() -> None:
    for target_name in ("目标值", "计划值", "预期值"):
        (form,) = parse_text(PARTLY_KNOWN_HEADER.format(target=target_name), "x.txt").forms
        assert _rows(form) == [
            ("开放天数", 300.0, 288.0, 20.0, 19.0), ("活动组织合格率", 95.0, 96.0, 20.0, 20.0),
            ("参与活动老人人次", 5000.0, 5410.0, 20.0, 20.0), ("老人满意度", 90.0, 93.0, 10.0, 10.0)], target_name


def test_a_header_the_lexicon_places_whole_still_counts_the_columns_near_miss() -> None:
    # every name placed (年度指标值): the header's order stands, also for a row whose target cell is blank
    text = PARTLY_KNOWN_HEADER.format(target="年度指标值").replace("300天 288天", "- 288天")
    (form,) = parse_text(text, "x.txt").forms
    assert _rows(form)[0] == ("开放天数", None, 288.0, 20.0, 19.0)
    assert _rows(form)[1:] == [
        ("活动组织合格率", 95.0, 96.0, 20.0, 20.0), ("参与活动老人人次", 5000.0, 5410.0, 20.0, 20.0),
        ("老人满意度", 90.0, 93.0, 10.0, 10.0)]


DECLARATION_WITH_UNIT_COLUMN = (
    "项目支出绩效目标申报表\n"
    "项目名称：社区食堂建设补助\n"
    "指标类别|指标名称|目标值|计量单位|权重\n"
    "数量|新建社区食堂|6|个|30\n"
    "质量|食品安全检查合格率|100|%|20\n"
    "成本|单个食堂建设补助|≤25|万元|20\n"
    "满意度|就餐居民满意度|≥90|%|30\n"
)


def test_a_unit_column_beside_an_unplaced_target_name_is_the_targets_unit() -> None:
    (form,) = parse_text(DECLARATION_WITH_UNIT_COLUMN, "x.txt").forms
    assert [(i.name, i.target.value, i.target.unit, i.weight) for i in form.indicators] == [
        ("新建社区食堂", 6.0, "个", 30.0), ("食品安全检查合格率", 100.0, "%", 20.0), ("单个食堂建设补助", 25.0, "万元", 20.0),
        ("就餐居民满意度", 90.0, "%", 30.0)]


def test_a_column_name_on_the_header_line_is_no_indicator() -> None:
    # the name column's label and an unknown value column's name ("三级指标名称", "计划数") are header cells
    text = PARTLY_KNOWN_HEADER.format(target="计划数").replace("三级指标 ", "三级指标名称 ").replace(" ", "\t")
    for parse in (lambda t: parse_text(t, "x.txt").forms, _no_aliases):
        (form,) = parse(text)
        assert [i.name for i in form.indicators] == ["开放天数", "活动组织合格率", "参与活动老人人次", "老人满意度"]
        assert _rows(form)[0] == ("开放天数", 300.0, 288.0, 20.0, 19.0)


def test_glued_weight_and_score_under_a_partly_known_fused_header_are_two_cells() -> None:
    # the OCR line of the same table: the header names weight and score but not the target, so its count of
    # columns is short by one and a row's "2019" is a weight and a score, not one more column
    body = PARTLY_KNOWN_HEADER.format(target="目标值").split("\n")[2:]
    fused = "".join(line.replace(" ", "") for line in body if line)
    text = "2022年度项目支出绩效自评表\n项目名称老年活动室运营补助\n" + fused + "\n"
    (form,) = parse_text(text, "x.txt").forms
    assert _rows(form) == [
        ("开放天数", 300.0, 288.0, 20.0, 19.0), ("活动组织合格率", 95.0, 96.0, 20.0, 20.0),
        ("参与活动老人人次", 5000.0, 5410.0, 20.0, 20.0), ("老人满意度", 90.0, 93.0, 10.0, 10.0)]


# a multi-year declaration: the indicator table prints the medium-term value beside the year's
MULTI_YEAR_DECLARATION = (
    "项目支出绩效目标申报表\n"
    "项目名称\t山塘水库清淤整治\n"
    "项目期\t2024-2026年\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t{mid}\t{year}\n"
    "\t产出指标\t数量指标\t清淤山塘数量\t45座\t15座\n"
    "\t\t质量指标\t工程验收合格率\t100%\t100%\n"
    "\t效益指标\t社会效益指标\t新增蓄水能力\t≥90万立方米\t≥30万立方米\n"
    "\t满意度指标\t服务对象满意度指标\t受益群众满意度\t≥90%\t≥90%\n"
)


def test_a_declaration_with_a_medium_term_column_is_scored_on_the_years_target() -> None:
    for mid, year in (("中期指标值", "年度指标值"), ("中期目标值", "年度目标值"), ("中期指标值", "指标值")):
        (form,) = parse_text(MULTI_YEAR_DECLARATION.format(mid=mid, year=year), "x.txt").forms
        assert form.kind == "declaration"
        assert [(i.name, i.target.value, i.actual.value) for i in form.indicators] == [
            ("清淤山塘数量", 15.0, None), ("工程验收合格率", 100.0, None), ("新增蓄水能力", 30.0, None),
            ("受益群众满意度", 90.0, None)], (mid, year)
        assert form.indicators[0].extra == {mid: "45座"}  # (kept, under its column's name)


def test_a_self_evaluation_with_a_target_and_an_actual_column_near_miss() -> None:
    # the same shape under a self-evaluation's header: the second value column is the actual
    text = MULTI_YEAR_DECLARATION.format(mid="年度指标值", year="实际完成值").replace("目标申报表", "自评表")
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.target.value, i.actual.value) for i in form.indicators] == [
        (45.0, 15.0), (100.0, 100.0), (90.0, 30.0), (90.0, 90.0)]


# the names counties give the value columns: each header below mixes names the lexicon places with names it
# does not; the rows read the same under every one, in every cell separator
HEADER_VARIANTS = [
    ("年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"),
    ("计划值", "完成值", "权重", "自评得分", "说明"),
    ("目标值", "实际值", "标准分", "实得分", "备注"),
    ("计划指标", "执行情况", "分数", "自评得分", "偏差原因"),
    ("年度目标", "实际完成", "满分", "评分", "原因分析"),
    ("预期值", "完成数", "权重(%)", "考核得分", "未完成原因"),
    ("标准值", "年度完成值", "指标分值", "自评分", "说明"),
    ("年度预期值", "核实值", "权数", "得分值", "改进措施"),  # (an end word as the last column's name)
    ("预定目标", "实际情况", "配分", "核定得分", "改进措施"),
]
VARIANT_ROWS = [
    ("产出指标", "数量指标", "维修路灯数量", "≥500盏", "520盏", "20", "20", ""),
    ("产出指标", "质量指标", "维修合格率", "100%", "98%", "20", "19.6", "个别灯具返修"),
    ("效益指标", "社会效益指标", "夜间出行安全", "明显改善", "明显改善", "30", "30", ""),
    ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "94%", "10", "10", ""),
]


def test_the_value_columns_read_the_same_under_the_names_counties_give_them() -> None:
    truth = [("维修路灯数量", 500.0, 520.0, 20.0, 20.0), ("维修合格率", 100.0, 98.0, 20.0, 19.6),
             ("夜间出行安全", None, None, 30.0, 30.0), ("居民满意度", 90.0, 94.0, 10.0, 10.0)]
    for sep in ("\t", " | ", "  "):
        for names in HEADER_VARIANTS:
            header = sep.join(("一级指标", "二级指标", "三级指标", *names))
            body = "\n".join(sep.join(row) for row in VARIANT_ROWS)
            text = f"2023年度项目支出绩效自评表\n项目名称{sep}城区路灯维修\n{header}\n{body}\n总分{sep}80{sep}79.6\n"
            (form,) = parse_text(text, "x.txt").forms
            assert _rows(form) == truth, (sep, names)
            assert form.indicators[1].reason == "个别灯具返修", (sep, names)


def test_a_fused_header_with_column_names_the_lexicon_lacks_is_no_row() -> None:
    # an OCR line with no separators: "标准值" / "实际完成标准分" between known column names, "原因分析" last
    for names in (("标准值", "实际值", "权重", "自评得分", "说明"), ("计划指标", "实际完成", "标准分", "自评得分", "原因分析"),
                  ("预期目标值", "完成情况", "权重(%)", "实得分", "偏差原因")):
        body = "".join("".join(row) for row in VARIANT_ROWS)
        text = f"2023年度项目支出绩效自评表\n项目名称城区路灯维修\n一级指标二级指标三级指标{''.join(names)}{body}\n总分80 79.6\n"
        (form,) = parse_text(text, "x.txt").forms
        assert _rows(form) == [("维修路灯数量", 500.0, 520.0, 20.0, 20.0), ("维修合格率", 100.0, 98.0, 20.0, 19.6),
                               ("夜间出行安全", None, None, 30.0, 30.0), ("居民满意度", 90.0, 94.0, 10.0, 10.0)], names


def test_a_fused_row_cuts_at_any_unit_the_quantity_grammar_reads() -> None:
    # "≥500盏520盏2020": a measure word the layout's own list lacks still ends its number
    text = ("2023年度项目支出绩效自评表\n项目名称城区路灯维修\n一级指标二级指标三级指标年度指标值实际完成值分值得分"
            "产出指标数量指标更换路灯数量≥500盏520盏2020质量指标维修合格率100%98%2019.6\n")
    (form,) = parse_text(text, "x.txt").forms
    assert _rows(form) == [("更换路灯数量", 500.0, 520.0, 20.0, 20.0), ("维修合格率", 100.0, 98.0, 20.0, 19.6)]
    assert form.indicators[0].target.unit == "盏"


def test_names_the_lexicon_cannot_place_after_the_last_known_one_leave_the_count_to_the_rows() -> None:
    # "三级指标 | 指标性质 | 目标值 | 单位": the known names end at 三级指标; the rows' cells say there are three
    # columns (a comparator, a number, a unit), not the one target a declaration's header is assumed to have
    text = ("项目支出绩效目标申报表\n项目名称\t农村公路建设\n"
            "一级指标\t二级指标\t三级指标\t指标性质\t目标值\t单位\n"
            "产出指标\t数量指标\t新建农村公路\t≥\t35\t公里\n"
            "产出指标\t质量指标\t工程验收合格率\t=\t100\t%\n"
            "满意度指标\t服务对象满意度指标\t沿线群众满意度\t≥\t90\t%\n")
    (form,) = parse_text(text, "x.txt").forms
    # (the unit column is not yet joined to the target when no header names it: issue 8's note)
    assert [(i.name, i.target.op, i.target.value) for i in form.indicators] == [
        ("新建农村公路", ">=", 35.0), ("工程验收合格率", "=", 100.0), ("沿线群众满意度", ">=", 90.0)]
