"""The table read from what its cells contain (issue 8): each mechanism on synthetic text written for
these tests, modelled on phenomena of real forms from unrelated sources (see MANIFEST.tsv notes)."""

from __future__ import annotations

from builders import parse_one

from nlp_audit.layout import parse_text
from nlp_audit.layout.celltypes import CAT1, CAT2, GARBLED, NAME, OPQ, QUAL, SMALL, UNIT, cell_type
from nlp_audit.layout.lexicon import without_header_aliases

HEAD = "财政项目支出绩效自评表\n项目名称\t乡村道路养护\n主管部门\t某县交通运输局\n"


def _rows(form) -> list[tuple]:
    return [(i.name, i.target.value, i.actual.value, i.weight, i.score) for i in form.indicators]


def test_cell_classes_come_from_content() -> None:
    assert cell_type("≥95%").cls == OPQ
    assert cell_type("10.00").cls == SMALL
    assert cell_type("人次").cls == UNIT
    assert cell_type("达成指标").cls == QUAL
    assert cell_type("养护道路里程").cls == NAME
    assert cell_type(".32.06.5").cls == GARBLED
    # labels the lexicon lacks, read from their stems; a typo one character away
    assert cell_type("产出数量").cls == CAT2 and cell_type("产出数量").cat == ("产出指标", "数量指标")
    assert cell_type("日效性指标").cat == ("产出指标", "时效指标")
    assert cell_type("产出指标(50分)").block_weight == 50.0 and cell_type("产出指标(50分)").cls == CAT1
    # a name that states its target is a name, not a value
    assert cell_type("年度经费拨付完成率100%").cls != "PCT"


def test_a_table_with_an_unknown_header_is_read_from_its_cells() -> None:
    text = HEAD + (
        "考核项\t分项\t考核内容\t目标\t完成\t占分\t实得\n"
        "产出指标\t数量指标\t养护道路里程\t≥40公里\t45公里\t30\t30\n"
        "\t质量指标\t路面完好率\t≥90%\t93%\t20\t20\n"
        "效益指标\t社会效益指标\t群众出行条件\t改善\t达成指标\t40\t40\n"
    )
    assert _rows(parse_one(text)) == [("养护道路里程", 40.0, 45.0, 30.0, 30.0), ("路面完好率", 90.0, 93.0, 20.0, 20.0),
                                      ("群众出行条件", None, None, 40.0, 40.0)]


def test_the_same_table_is_read_with_every_header_alias_removed() -> None:
    text = HEAD + (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t养护道路里程\t≥40公里\t45公里\t30\t30\n"
        "\t质量指标\t路面完好率\t≥90%\t93%\t20\t18\t雨季施工延误，下一步加强调度\n"
    )
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert _rows(form) == [("养护道路里程", 40.0, 45.0, 30.0, 30.0), ("路面完好率", 90.0, 93.0, 20.0, 18.0)]
    assert form.indicators[1].reason == "雨季施工延误，下一步加强调度"


def test_a_continuation_page_without_header_is_read() -> None:
    text = HEAD + "项目资金(万元)\t全年预算数\t全年执行数\n年度资金总额\t50\t48\n" + (
        "效益指标\t社会效益指标\t受益群众人数\t≥1200人\t1364人\t10\t10\n"
        "\t可持续影响指标\t管护制度落实情况\t落实到位\t达成指标\t10\t10\n"
    )
    assert [r[0] for r in _rows(parse_one(text))] == ["受益群众人数", "管护制度落实情况"]


def test_names_printed_apart_from_their_values_are_paired_in_order() -> None:
    cells = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "产出指标", "数量指标", "培训人次", "发放补贴户数", "质量指标", "验收合格率",
             "≥500人次", "520人次", "20", "20", "≥80户", "86户", "15", "15", "≥95%", "98%", "10", "10"]
    form = parse_one(HEAD + "\n".join(cells) + "\n")
    assert _rows(form) == [("培训人次", 500.0, 520.0, 20.0, 20.0), ("发放补贴户数", 80.0, 86.0, 15.0, 15.0),
                           ("验收合格率", 95.0, 98.0, 10.0, 10.0)]


def test_a_value_and_its_bracketed_unit_on_two_lines_are_one_cell() -> None:
    cells = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "产出指标", "数量指标", "集中供养人数", "≥130.00", "(人)", "146.00", "(人)", "5.00", "5.00"]
    ind = parse_one(HEAD + "\n".join(cells) + "\n").indicators[0]
    assert (ind.target.value, ind.target.unit, ind.actual.value, ind.actual.unit, ind.weight) == (
        130.0, "人", 146.0, "人", 5.0)


def test_glued_digits_are_cut_where_the_row_needs_the_cells() -> None:
    text = HEAD + ("一级指标二级指标三级指标分值年度指标值全年实际值得分\n"
                   "产出指标数量指标验收合格率20100%100%20\n成本指标工程概算总额1030万元30万元10\n")
    assert _rows(parse_one(text)) == [("验收合格率", 100.0, 100.0, 20.0, 20.0), ("工程概算总额", 30.0, 30.0, 10.0, 10.0)]


def test_a_spaced_cell_is_never_cut() -> None:
    text = HEAD + ("一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
                   "产出指标 数量指标 建档人数 42600人 41450人 3 3\n")
    assert _rows(parse_one(text)) == [("建档人数", 42600.0, 41450.0, 3.0, 3.0)]


def test_a_comparator_read_as_2_by_ocr_is_unreadable_not_290() -> None:
    text = HEAD + ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
                   "满意度指标\t服务对象满意度指标\t群众满意度\t290%\t93%\t10\t10\n"
                   "产出指标\t数量指标\t培训人次\t2170人次\t180人次\t10\t10\n"
                   "\t\t新建道路\t2500米\t2380米\t10\t9.5\n")
    form = parse_one(text)
    sat, trained, road = form.indicators
    assert sat.target.value is None and sat.target.unread
    assert trained.target.value is None and trained.target.unread
    assert road.target.value == 2500.0  # the whole number is close to the actual: a real target
    assert sum(1 for p in form.problems if p.code == "P003") == 2


def test_scoring_sheet_rows_whose_weights_add_up_are_categories() -> None:
    cells = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分",
             "项目决策", "12", "项目目标", "4", "目标内容", "4", "4", "决策过程", "8", "决策依据", "3", "3",
             "决策程序", "5", "4"]
    form = parse_one(HEAD + "\n".join(cells) + "\n")
    assert [(i.name, i.level1, i.level2, i.weight, i.score) for i in form.indicators] == [
        ("目标内容", "项目决策", "项目目标", 4.0, 4.0), ("决策依据", "项目决策", "决策过程", 3.0, 3.0),
        ("决策程序", "项目决策", "决策过程", 5.0, 4.0)]


def test_pinyin_glosses_do_not_hide_labels_or_values() -> None:
    text = ("財政項(xiàng)目支出績效自評(píng)表\n項(xiàng)目名稱(chēng) | 耕地地力保護(hù)補(bǔ)貼(tiē) |\n"
            "一級(jí)指標(biāo) | 二級指標 | 三級(jí)指標(biāo) | 年度指標(biāo)值 | 實際(jì)完成值 | 分值 | 得分 |\n"
            "產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 獎補農戶數量 | ≥60戶(hù) | 71戶 | 30 | 30 |\n")
    form = parse_one(text)
    assert form.project == "耕地地力保護補貼"
    assert _rows(form) == [("獎補農戶數量", 60.0, 71.0, 30.0, 30.0)]
    assert form.indicators[0].level2 == "数量指标"


ROWS_TAIL = ("效益指标\t社会效益指标\t政策知晓率\t≥80%\t84%\t25\t25\n"
             "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t99%\t10\t10\n总分\t100\t98\n")


def test_a_page_that_starts_mid_table_is_a_form_of_its_own_and_results_make_it_a_self_evaluation() -> None:
    text = ROWS_TAIL + "\n财政项目支出绩效自评表\n项目名称\t村级公益事业奖补\n" + (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t奖补项目个数\t≥12个\t12个\t30\t30\n")
    forms = parse_text(text, "x.txt").forms
    assert [f.project for f in forms] == [None, "村级公益事业奖补"]
    assert [i.name for i in forms[0].indicators] == ["政策知晓率", "群众满意度"]
    assert forms[0].kind == "self_evaluation"


def test_a_repeated_page_title_over_the_rest_of_a_table_continues_the_form() -> None:
    text = ("财政项目支出绩效自评表\n项目名称\t村级公益事业奖补\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
            "产出指标\t数量指标\t奖补项目个数\t≥12个\t12个\t30\t30\n\n"
            "财政项目支出绩效自评表\n" + ROWS_TAIL +
            "\n财政项目支出绩效自评表\n项目名称\t另一个项目\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
            "产出指标\t数量指标\t培训人次\t≥50人次\t52人次\t30\t30\n")
    forms = parse_text(text, "x.txt").forms
    assert [f.project for f in forms] == ["村级公益事业奖补", "另一个项目"]
    assert [i.name for i in forms[0].indicators] == ["奖补项目个数", "政策知晓率", "群众满意度"]


def test_a_table_shared_by_several_projects_is_one_form_per_project() -> None:
    text = ("2022年度项目绩效自评情况汇总表\n"
            "项目名称\t全年预算数(万元)\t全年执行数(万元)\t执行率\t得分\n"
            "农村饮水安全维修养护\t46\t46\t100%\t10\n村级综合文化站提升\t21.1\t20.8\t98.58%\t9.86\n"
            "项目名称\t一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\n"
            "农村饮水安全维修养护\t产出指标\t数量指标\t维修供水工程处数\t40\t≥12处\t14处\t40\n"
            "\t\t质量指标\t工程验收合格率\t40\t=100%\t100%\t40\n"
            "村级综合文化站提升\t产出指标\t数量指标\t提升文化站个数\t50\t≥3个\t3个\t50\n"
            "\t满意度指标\t服务对象满意度指标\t群众满意度\t30\t≥90%\t96%\t30\n")
    forms = parse_text(text, "x.txt").forms
    assert [f.project for f in forms] == ["农村饮水安全维修养护", "村级综合文化站提升"]
    assert [[i.name for i in f.indicators] for f in forms] == [["维修供水工程处数", "工程验收合格率"],
                                                               ["提升文化站个数", "群众满意度"]]
    assert [(f.funds[0].budget_full_year, f.funds[0].executed) for f in forms] == [(46.0, 46.0), (21.1, 20.8)]


def test_a_project_column_the_header_does_not_name_is_found_by_its_cells() -> None:
    # the same shared table under a header the lexicon does not know: two distinct project-long texts open
    # row lines before a category label, so they are project cells, not indicator names
    text = ("2022年度项目支出绩效自评表\n项目\t大类\t小类\t考核内容\t占分\t计划\t完成\t实得\n"
            "农村饮水安全维修养护\t产出指标\t数量指标\t维修供水工程处数\t40\t≥12处\t14处\t40\n"
            "\t\t质量指标\t工程验收合格率\t40\t=100%\t100%\t40\n"
            "村级综合文化站提升\t产出指标\t数量指标\t提升文化站个数\t50\t≥3个\t3个\t50\n"
            "\t满意度指标\t服务对象满意度指标\t群众满意度\t30\t≥90%\t96%\t30\n")
    with without_header_aliases():
        forms = parse_text(text, "x.txt").forms
    assert [f.project for f in forms] == ["农村饮水安全维修养护", "村级综合文化站提升"]
    assert [[i.name for i in f.indicators] for f in forms] == [["维修供水工程处数", "工程验收合格率"],
                                                               ["提升文化站个数", "群众满意度"]]
    # near miss: one unknown level-1 label before a category is not a project column
    one = ("2022年度项目绩效自评表\n考核项\t分项\t考核内容\t目标\t完成\t占分\t实得\n"
           "项目产出\t数量指标\t维修供水工程处数\t≥12处\t14处\t40\t40\n"
           "\t质量指标\t工程验收合格率\t=100%\t100%\t40\t40\n")
    with without_header_aliases():
        forms = parse_text(one, "y.txt").forms
    assert len(forms) == 1 and [i.name for i in forms[0].indicators] == ["维修供水工程处数", "工程验收合格率"]


def test_a_table_of_thousands_of_rows_on_one_fused_line_is_read_without_recursion() -> None:
    text = "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分" + "产出指标数量指标培训人次≥50人次52人次1010" * 3000
    form = parse_text(text, "long.txt").forms[0]
    assert len(form.indicators) == 3000
    assert (form.indicators[-1].target.value, form.indicators[-1].weight) == (50.0, 10.0)


def test_a_part_row_whose_glued_amounts_repeat_the_total_is_cut_into_them() -> None:
    text = ("项目支出绩效自评表项目名称闸门启闭机维修主管部门某县水利局项目资金(万元)全年预算数全年执行数分值执行率得分"
            "资金总额353510100.00%10其中:财政拨款3535其他资金年度总体目标预期目标完成维修。\n")
    total, part = parse_text(text, "x.txt").forms[0].funds[:2]
    assert (total.budget_full_year, total.executed, total.weight, total.rate, total.score) == (35.0, 35.0, 10.0, 100.0, 10.0)
    assert (part.budget_full_year, part.executed) == (35.0, 35.0)


def test_funds_rows_the_lexicon_does_not_name_and_breakdowns_inside_a_cell() -> None:
    text = HEAD + ("项目资金(万元)\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                   "总计\t279.60\t279.60\t10\t100.00%\t10\n上级转移支付资金\t162.12\t162.12\n")
    total, part = parse_one(text).funds[:2]
    assert (total.label, total.budget_full_year, total.executed, total.rate, total.score) == (
        "总计", 279.6, 279.6, 100.0, 10.0)
    assert (part.label, part.budget_full_year, part.executed) == ("上级转移支付资金", 162.12, 162.12)
    one_cell = HEAD + ("项目资金(万元)\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                       "年度资金总额\t2175.13万(其中:当年财政拨款2175.13万)\t1900.72\t10\t87.38%\t9\n")
    row = parse_one(one_cell).funds[0]
    assert (row.budget_full_year, row.executed, row.rate, row.score) == (2175.13, 1900.72, 87.38, 9.0)


def test_a_funds_block_printed_as_label_amount_pairs() -> None:
    text = HEAD + "项目资金情况\n全年预算数:2574.96万元\n全年执行数:2574.96万元\n分值:10\n执行率:100.00%\n得分:10\n"
    row = parse_one(text).funds[0]
    assert (row.budget_full_year, row.executed, row.weight, row.rate, row.score) == (2574.96, 2574.96, 10.0, 100.0, 10.0)


def test_two_narrative_columns_wrapped_line_by_line_are_dealt_back_to_their_labels() -> None:
    text = ("财政项目支出绩效自评表\n项目名称 | 农业产业补助 |\n年度总体目标 预期目标 实际完成情况\n"
            "推进农业产业结构调整,促进农民持续增收\n各项补助资金已兑付到户,补助种植面积9\n"
            "。2019年度计划补助种植面积810亩\n88亩,服务对象综合满意度达到97%。\n"
            ",落实420户奖补政策,服务对象综合满\n项目区农业生产条件明显改善,农户收入稳\n"
            "意度不低于95%。\n步增长。\n"
            "一级指标 | 二级指标 | 三级指标 | 目标值 | 完成值 | 分值 | 得分 |\n"
            "产出指标 | 数量指标 | 补助种植面积 | ≥810亩 | 988亩 | 30 | 30 |\n")
    form = parse_text(text, "x.txt").forms[0]
    assert form.goal.text.replace("\n", "") == ("推进农业产业结构调整,促进农民持续增收。2019年度计划补助种植面积810亩"
                                                ",落实420户奖补政策,服务对象综合满意度不低于95%。")
    assert form.actual.text.replace("\n", "").startswith("各项补助资金已兑付到户,补助种植面积988亩")


def test_block_labels_the_lexicon_lacks_are_not_read_as_names_or_values() -> None:
    """Process blocks (决策/管理) whose 二级 labels no lexicon lists ("项目立项", "组织实施"), 一级 labels
    carrying a block weight or named …类/…指标: the indicator is the measure-named cell after the label,
    the scoring criterion its target, in a line layout with and without the header aliases."""
    text = HEAD + (
        "一级指标\t考核分项\t考核内容\t计划目标\t执行结果\t分值\t得分\n"
        "决策\t项目立项\t立项程序规范性\t项目申请、设立过程是否符合相关要求，用以反映立项的规范情况。\t规范\t4\t4\n"
        "管理\t组织实施\t管理制度健全性\t项目实施单位的管理制度是否健全，用以反映管理制度的保障情况。\t健全\t5\t5\n"
        "项目效果(25分)\t社会效益类\t政策知晓率\t≥90%\t97.5%\t25\t25\n"
        "\t长期影响指标\t长效管理机制健全性\t健全\t健全\t15\t15\n"
    )
    want = [("立项程序规范性", None, None, 4.0, 4.0), ("管理制度健全性", None, None, 5.0, 5.0),
            ("政策知晓率", 90.0, 97.5, 25.0, 25.0), ("长效管理机制健全性", None, None, 15.0, 15.0)]
    assert _rows(parse_one(text)) == want
    with without_header_aliases():
        assert _rows(parse_text(text, "x.txt").forms[0]) == want
    assert cell_type("项目效果(25分)").cls == CAT1 and cell_type("项目效果(25分)").block_weight == 25.0
    assert cell_type("长期影响指标").cls == CAT1


def test_text_glued_to_a_label_or_a_qualitative_value_ending_in_zhibiao_is_no_label() -> None:
    # a reason glued to the next row's label, a target glued to its actual ("达成指标"), header words
    for key in ("基本达标效益指标", "健全达成指标", "三级指标", "资金到位率(5分)"):
        assert cell_type(key).cls not in (CAT1, CAT2), key


def test_glued_weight_and_score_count_as_two_columns_when_no_header_names_them() -> None:
    """A fused text dump ("…11场次2020"): the weight and the score glued at the end of each row. With no
    header the lexicon knows, the glued digits that read as a round weight and a score not above it are two
    columns; a two-digit weight alone ("20") stays one cell."""
    text = (
        "财政项目支出绩效自评表\n项目名称党员志愿服务站点建设\n"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施\n"
        "产出指标数量指标党员教育培训场次≧10场次11场次2020\n"
        "书记工作室带教人数不少于55人57人1010\n"
        "质量指标资金使用合规率=100%100%1010\n"
        "效益指标社会效益指标党员群众参与活动人次≧1200人次1476人次3027\n"
    )
    want = [("党员教育培训场次", 10.0, 11.0, 20.0, 20.0), ("书记工作室带教人数", 55.0, 57.0, 10.0, 10.0),
            ("资金使用合规率", 100.0, 100.0, 10.0, 10.0), ("党员群众参与活动人次", 1200.0, 1476.0, 30.0, 27.0)]
    with without_header_aliases():
        assert _rows(parse_text(text, "x.txt").forms[0]) == want
    assert _rows(parse_one(text)) == want


def test_a_two_level_header_is_read_by_position_with_a_unit_after_target_and_actual() -> None:
    """年度指标值 / 实际完成值 spanning 指标性质 | 指标值 | 度量单位 and 完成值 | 度量单位 on the line below: each
    sub-column takes its place, the second 度量单位 is a column of its own (a known template with one unit
    column does not override a header that names more columns)."""
    rows = (
        "产出指标\t数量指标\t新建防渗渠道长度\t>=\t4800\t米\t4846.36\t米\t25\t25\t\n"
        "\t质量指标\t档案资料规范性\t定性\t规范\t\t达成指标\t\t15\t15\t\n"
        "效益指标\t社会效益指标\t政策知晓率\t>=\t80\t%\t64\t%\t25\t20\t外出务工未能参加,今后提前谋划\n"
    )
    two_lines = HEAD + (
        "一级指标\t二级指标\t三级指标\t年度指标值\t\t\t实际完成值\t\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t\t\t指标性质\t指标值\t度量单位\t完成值\t度量单位\t\t\t\n"
    ) + rows
    one_line = HEAD + (
        "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t度量单位\t分值\t得分\t偏差原因分析及改进措施\n"
    ) + rows
    want = [("新建防渗渠道长度", 4800.0, 4846.36, 25.0, 25.0), ("档案资料规范性", None, None, 15.0, 15.0),
            ("政策知晓率", 80.0, 64.0, 25.0, 20.0)]
    # parent and child names flattened onto one line (the parents first): the second 度量单位 follows a
    # repeated name (完成值 after 实际完成值) and is still a column of its own
    flattened = HEAD + (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\t指标性质\t指标值\t"
        "度量单位\t完成值\t度量单位\n"
    ) + rows.replace("\t25\t25\t\n", "\t25\t25\t\t\n", 1)
    for text in (two_lines, one_line, flattened):
        form = parse_one(text)
        assert _rows(form) == want
        assert form.indicators[0].target.unit == "米" and form.indicators[0].actual.unit == "米"


def test_a_numeric_target_is_met_by_the_number_not_by_a_completion_word() -> None:
    """A 完成情况 column ("完成") beside the 实际完成值 column ("100%"): the actual of a numeric target is the
    number; the word is an extra column, whichever comes first in a header the lexicon does not name."""
    text = HEAD + (
        "一级指标\t二级指标\t三级指标\t指标分值\t预期指标值\t单项完成情况\t单项实际值\t自评得分\n"
        "产出指标\t质量指标\t申报对象覆盖率\t25\t≥98%\t完成\t100%\t25\n"
        "\t时效指标\t审批及时率\t25\t≥95%\t完成\t96%\t25\n"
        "效益指标\t社会效益指标\t补贴发放准确率\t40\t=100%\t完成\t100%\t40\n"
    )
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert [(i.name, i.target.value, i.actual.value) for i in form.indicators] == [
        ("申报对象覆盖率", 98.0, 100.0), ("审批及时率", 95.0, 96.0), ("补贴发放准确率", 100.0, 100.0)]


def test_slogan_targets_and_names_that_start_with_a_number() -> None:
    # "应X尽X" states a target (all that should be X are); a number followed by a whole phrase is a name
    for key in ("应改尽改", "应保尽保", "能收尽收"):
        assert cell_type(key).cls == QUAL, key
    assert cell_type("应急管理").cls == NAME
    assert cell_type("3处以上偏远山区村落").cls == NAME
    for key in ("≥90%", "100%以上", "3个工作日内", "12月底前完成", "5个乡镇全覆盖", "1000万元"):
        assert cell_type(key).cls not in (NAME, "PROSE"), key
    text = "项目绩效目标申报表\n项目名称\t农房抗震加固\n一级指标\t二级指标\t三级指标\t指标值\n" \
           "产出指标\t数量指标\t农房抗震加固户数\t应改尽改\n\t质量指标\t竣工验收合格率\t100%\n"
    form = parse_one(text)
    assert [(i.name, i.target.qualitative is not None or i.target.value) for i in form.indicators][0] == (
        "农房抗震加固户数", True)


def test_a_direction_phrase_glued_to_a_fused_name_is_its_target() -> None:
    text = (
        "财政项目支出绩效自评表\n项目名称社区图书馆运维\n"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分\n"
        "产出指标数量指标系统运维次数≥12次12次2020\n"
        "效益指标经济效益指标丰富借阅渠道,提升图书借阅量较上年借阅人次明显增加达成指标3030\n"
    )
    rows = parse_one(text).indicators
    assert rows[1].name == "丰富借阅渠道,提升图书借阅量"
    assert rows[1].target.qualitative == "较上年借阅人次明显增加" and rows[1].actual.qualitative == "达成指标"
    # an unfused cell that is all name keeps its words
    assert cell_type("较上年服务人次明显增加").cls == QUAL


FUSED_HEAD = ("2023年度河湾县农村饮水巩固提升项目财政项目支出绩效自评表\n项目名称农村饮水巩固提升\n"
              "主管部门河湾县水利局实施单位河湾县农村供水站\n")
FUSED_ROWS = ("产出指标数量指标新建供水管网长度20≥35公里38公里20\n"
              "质量指标水质检测合格率20=100%100%20\n"
              "效益指标社会效益指标受益农户数30≥2400户2561户30\n"
              "满意度指标服务对象满意度指标受益群众满意度30≥90%94.5%30\n总分100100\n")
FUSED_TRUTH = [("新建供水管网长度", 35.0, 38.0, 20.0, 20.0), ("水质检测合格率", 100.0, 100.0, 20.0, 20.0),
               ("受益农户数", 2400.0, 2561.0, 30.0, 30.0), ("受益群众满意度", 90.0, 94.5, 30.0, 30.0)]


def test_a_header_garbled_by_ocr_into_one_run_leaves_the_order_to_the_rows() -> None:
    # OCR look-alikes (指杯, 分植, 淂分, 措旋) glue the header's last names into one text run: the few names
    # still recognised (实际完成值, 偏差原因…) do not say how many columns there are; the rows do
    garbled = "一级指杯二级指标三级指标分植年度指杯值实际完成值淂分偏差原因分析及改进措旋\n"
    assert _rows(parse_one(FUSED_HEAD + garbled + FUSED_ROWS)) == FUSED_TRUTH


def test_a_garbled_header_name_between_known_ones_is_no_indicator() -> None:
    # "二级措标三级指标分植" between 一级指标 and 年度指标值: a header cell (it hides the 分值 column), not a row
    # that takes the first row's values
    garbled = "一级指标二级措标三级指标分植年度指标值实际完成值淂分偏差原因分析及改进措施\n"
    assert _rows(parse_one(FUSED_HEAD + garbled + FUSED_ROWS)) == FUSED_TRUTH


def test_a_header_read_whole_still_sets_the_order() -> None:
    # near miss: the same rows under a clean header whose order differs from the rows' natural one
    header = "一级指标二级指标三级指标分值年度指标值实际完成值得分偏差原因分析及改进措施\n"
    assert _rows(parse_one(FUSED_HEAD + header + FUSED_ROWS)) == FUSED_TRUTH


def test_a_vertical_label_read_out_of_order_is_cut_off_the_name_it_glued_to() -> None:
    from nlp_audit.layout.categories import scrambled_label_head

    assert scrambled_label_head("指服务标意度对满象受益群众满意度") == 9
    assert scrambled_label_head("标标质指量资金使用合规率") == 5
    # near misses: a label in reading order, a name made of label characters, a head without 指/标
    assert scrambled_label_head("社会效益指标完成率") == 0
    assert scrambled_label_head("服务对象满意度") == 0
    assert scrambled_label_head("指标完成率") == 0
    assert scrambled_label_head("社会服务覆盖率") == 0
    rows = ("效产标出指量数标指新建供水管网长度20≥35公里38公里20\n"
            "标质指量水质检测合格率20=100%100%20\n"
            "益效标指会社益效标指受益农户数30≥2400户2561户30\n"
            "意度对满指服务标象满意度标指受益群众满意度30≥90%94.5%30\n总分100100\n")
    header = "一级指标二级指标三级指标分值年度指标值实际完成值得分偏差原因分析及改进措施\n"
    assert _rows(parse_one(FUSED_HEAD + header + rows)) == FUSED_TRUTH


def test_a_unit_wrapped_onto_the_next_line_is_its_numbers_under_a_header_without_a_unit_column() -> None:
    # one cell per line (xlsx/PDF text): "≥34" then "公里" on the line after; the header names no 度量单位
    cells = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
             "产出指标", "数量指标", "新建防火通道长度", "≥34", "公里", "36.43", "15", "15",
             "效益指标", "社会效益指标", "政策知晓率", "≥85", "%", "78", "20", "18", "宣传不到位，下一步加强宣传",
             "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥85", "%", "93", "10", "10"]
    form = parse_one(HEAD + "\n".join(cells) + "\n")
    assert _rows(form) == [("新建防火通道长度", 34.0, 36.43, 15.0, 15.0), ("政策知晓率", 85.0, 78.0, 20.0, 18.0),
                           ("受益群众满意度", 85.0, 93.0, 10.0, 10.0)]
    assert form.indicators[0].target.unit == "公里"
    # near miss: under a header with a 度量单位 column the unit word is that column's cell
    cells2 = cells[:4] + ["度量单位"] + cells[4:8] + ["产出指标", "数量指标", "新建防火通道长度", "≥34", "公里", "36.43",
                                                     "15", "15"]
    form2 = parse_one(HEAD + "\n".join(cells2) + "\n")
    assert _rows(form2) == [("新建防火通道长度", 34.0, 36.43, 15.0, 15.0)]


def test_a_fused_row_glued_after_a_bracketed_unit_is_read_as_cells() -> None:
    from nlp_audit.layout.scan import _is_fused

    # "…(次)12.00(次)10.0010.00": the values after a bracketed unit are glued values, the line is cells
    assert _is_fused("阵地设备维护次数≥11.00(次)12.00(次)10.0010.00")
    assert not _is_fused("全年组织阵地设备维护(次)工作")  # near miss: a bracket inside a phrase, no values


def test_without_any_known_header_a_fused_table_opened_by_label_pieces_is_found_from_its_first_row() -> None:
    # the rows open with pieces of vertically printed labels read out of order; no column name is known:
    # the table still starts at the first row (a name and values after the label pieces)
    rows = ("产出数标新建供水管网长度20≥35公里38公里20\n"
            "指标量指水质检测合格率20=100%100%20\n"
            "效益社会效益指标受益农户数30≥2400户2561户30\n"
            "满意度指标服务对象满意度指标受益群众满意度30≥90%94.5%30\n总分100100\n")
    header = "一级指标二级指标三级指标分值年度指标值实际完成值得分偏差原因分析及改进措施\n"
    with without_header_aliases():
        form = parse_text(FUSED_HEAD + header + rows, "x.txt").forms[0]
    assert [i.name for i in form.indicators] == [r[0] for r in FUSED_TRUTH]


def test_weights_printed_as_percentages_are_weights_when_no_header_names_them() -> None:
    """权重 printed as "15%" beside a bare 得分 column, under a header the lexicon does not know: the
    percentages are not the rows' completion rates (56 of ≥49 is not 15%), so they are the weights and
    the bare numbers the scores - an actual in 次 is never the actual of a target in %. (Full marks on
    every row: the scores alone do not tell the weight column from the score column.)"""
    text = HEAD + (
        "类别\t子类\t考核内容\t计划数\t实现数\t占比\t评定分\t说明\n"
        "产出指标\t数量指标\t巡查河道次数\t≥49次\t56次\t15%\t15\t\n"
        "\t\t清理河道垃圾量\t≥120吨\t126吨\t15%\t15\t\n"
        "\t质量指标\t巡查记录规范性\t规范\t达成指标\t20%\t20\t\n"
        "\t时效指标\t保洁经费拨付及时率\t=100%\t100%\t10%\t10\t\n"
        "效益指标\t社会效益指标\t水质达标率\t≥90%\t92%\t20%\t20\t\n"
        "满意度指标\t服务对象满意度指标\t沿岸群众满意度\t≥85%\t88%\t10%\t10\t\n"
    )
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert _rows(form) == [("巡查河道次数", 49.0, 56.0, 15.0, 15.0), ("清理河道垃圾量", 120.0, 126.0, 15.0, 15.0),
                           ("巡查记录规范性", None, None, 20.0, 20.0), ("保洁经费拨付及时率", 100.0, 100.0, 10.0, 10.0),
                           ("水质达标率", 90.0, 92.0, 20.0, 20.0), ("沿岸群众满意度", 85.0, 88.0, 10.0, 10.0)]


def test_a_completion_rate_column_stays_an_extra_column_when_no_header_names_it() -> None:
    """The near miss: a column of percentages that are the actual over the target (capped at 100% once
    exceeded) is a 完成率 column; the bare numbers after it are the weight and the score."""
    text = HEAD + (
        "类别\t子类\t考核内容\t计划数\t实现数\t完成比\t满分\t评定分\t说明\n"
        "产出指标\t数量指标\t巡查河道次数\t≥50次\t56次\t100%\t20\t20\t\n"
        "\t\t清理河道垃圾量\t≥120吨\t96吨\t80%\t20\t16\t汛期推迟清运\n"
        "\t\t新建护岸长度\t≥400米\t300米\t75%\t30\t22.5\t征地滞后\n"
        "效益指标\t社会效益指标\t受益农户数量\t≥200户\t210户\t100%\t30\t30\t\n"
    )
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert _rows(form) == [("巡查河道次数", 50.0, 56.0, 20.0, 20.0), ("清理河道垃圾量", 120.0, 96.0, 20.0, 16.0),
                           ("新建护岸长度", 400.0, 300.0, 30.0, 22.5), ("受益农户数量", 200.0, 210.0, 30.0, 30.0)]


def test_a_number_whose_unit_and_direction_word_wrapped_onto_the_next_line_is_one_value() -> None:
    """"90" / "%以上" (a PDF cell wrapped after the number) reads as ≥90%, its actual "94.9" / "%" as 94.9%;
    the near miss: a weight at the end of a row followed by the next row's block label on a line of its
    own ("4" / "组织实施") stays a weight, never "4 组"."""
    text = HEAD + (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 改造村级文化广场数量 不少于10\n座 12座 10 10\n"
        "质量指标 验收合格率 ≥95\n% 96.5\n% 20 20\n"
        "满意度指标 服务对象满意度指标 村民满意度 90\n%以上 94.9\n% 10 10\n"
    )
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert _rows(form) == [("改造村级文化广场数量", 10.0, 12.0, 10.0, 10.0), ("验收合格率", 95.0, 96.5, 20.0, 20.0),
                           ("村民满意度", 90.0, 94.9, 10.0, 10.0)]
    assert form.indicators[2].target.op == ">=" and form.indicators[2].target.unit == "%"
    from nlp_audit.layout.stream import SCell, join_value_units

    def line_cells(*texts: str) -> list[SCell]:  # one cell per line, as a one-cell-per-line table prints them
        return [SCell(t, 10 * i, 10 * i + len(t), i, True, cell_type(t)) for i, t in enumerate(texts)]

    joined = join_value_units(line_cells("是", "4", "组织实施", "管理制度健全性"), line_layout=True)
    assert [c.text for c in joined] == ["是", "4", "组织实施", "管理制度健全性"]
    joined = join_value_units(line_cells("村民满意度", "90", "%以上", "94.9"), line_layout=True)
    assert [c.text for c in joined] == ["村民满意度", "90%以上", "94.9"] and joined[1].t.cls == OPQ


def test_detached_value_lines_with_a_scoring_rule_column_are_read_as_rows() -> None:
    """The names printed as one block, their values as another, each value line holding a 得分计算方法
    text between the values (a PDF read column by column): the text is a column of the row, not the
    name of a row of its own, when most value lines hold one; with the header's names unknown."""
    text = HEAD + (
        "一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分计算方法\t得分\t偏差原因分析及改进措施\n"
        "产出指标(60分)\t数量指标\t维修村道里程\n"
        "\t\t设置警示标志数量\n"
        "\t质量指标\t路面修复合格率\n"
        "\t时效指标\t养护任务完成时限\n"
        "效益指标(30分)\t社会效益指标\t群众出行满意度\n"
        "\t可持续影响指标\t长效管护机制\n"
        "20\t≥35公里\t36公里\t得分=分值×实际完成值/目标值,反向指标得分=分值×目标值/实际完成值。\t20\t\n"
        "10\t不少于60块\t48块\t不低于目标值记满分;低于目标值的,按B/A乘以分值计分。\t8\t部分点位征地未完成\n"
        "20\t≥95%\t97%\t得分=分值×实际完成值/目标值,反向指标得分=分值×目标值/实际完成值。\t20\t\n"
        "10\t11月底前\t11月20日\t按时完成得满分,每延期1个月扣0.5分。\t10\t\n"
        "20\t≥90%\t93%\t不低于目标值记满分;低于目标值的,按B/A乘以分值计分。\t20\t\n"
        "10\t建立\t已建立\t达成年度指标得满分,未达成不得分。\t10\t\n"
    )
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert [(i.name, i.weight, i.score) for i in form.indicators] == [
        ("维修村道里程", 20.0, 20.0), ("设置警示标志数量", 10.0, 8.0), ("路面修复合格率", 20.0, 20.0),
        ("养护任务完成时限", 10.0, 10.0), ("群众出行满意度", 20.0, 20.0), ("长效管护机制", 10.0, 10.0)]
    assert [(i.target.value, i.actual.value) for i in form.indicators[:3]] == [(35.0, 36.0), (60.0, 48.0), (95.0, 97.0)]


def test_glued_amounts_are_cut_where_the_stated_rate_agrees_to_its_printed_decimals() -> None:
    """"38.6238.62" beside "100.00%" under funds column names the lexicon does not know: read as three
    amounts (3 | 8.623 | 8.62) the rate is 99.97%, within rounding slack of 100.00 but not equal to it
    printed to two decimals; read as two (38.62 | 38.62) it is exactly 100.00. The exact reading wins,
    and the 其中 row repeating the total's digits follows it."""
    text = ("2024年度乡村道路养护财政项目支出绩效自评表项目名称乡村道路养护主管部门某县交通运输局"
            "项目资金(万元)核定预算支出数额分值执行率得分年度资金总额38.6238.6210100.00%10其中:本年财政拨款38.6238.62"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
            "产出指标数量指标维修村道里程≥35公里36公里2020\n")
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert [(r.budget_initial, r.budget_full_year, r.executed) for r in form.funds] == [
        (None, 38.62, 38.62), (None, 38.62, 38.62)]
    assert (form.funds[0].weight, form.funds[0].rate, form.funds[0].score) == (10.0, 100.0, 10.0)


def test_a_funds_word_inside_a_fused_row_name_does_not_move_the_table_start() -> None:
    """A fused text dump (no separators) whose header names the lexicon does not know: "总额" inside the
    row name 带动农户增收总额 is no funds label (the funds block precedes the narratives and the table), so the table
    found by its content starts at its first block label and keeps every row."""
    text = ("财政项目支出绩效自评表(2024年度)项目名称蔬菜大棚补助主管部门某县农业农村局项目资金(万元)年初预算数全年预算数"
            "全年执行数分值执行率得分年度资金总额30.0030.0029.5010.0098.339.83年度总体目标预期目标实际完成情况扶持农户发展"
            "设施蔬菜。已建成大棚120座,带动农户增收。一级指标二级指标三级指标分值年度指标值实际完成值得分偏差原因分析及改进措施"
            "产出指标数量指标新建蔬菜大棚数量30.00≥120.00(座)120.00(座)30.00效益指标经济效益指标带动农户增收总额30.00"
            "≥50.00(万元)52.00(万元)30.00满意度指标服务对象满意度指标受益农户满意度30.00≥90.00(%)95.00(%)30.00"
            "总分100.0099.83\n")
    want = [("新建蔬菜大棚数量", 120.0, 120.0, 30.0, 30.0), ("带动农户增收总额", 50.0, 52.0, 30.0, 30.0),
            ("受益农户满意度", 90.0, 95.0, 30.0, 30.0)]
    # (the same with no narratives: the first category label followed by values bounds the funds block)
    no_narratives = text.replace("年度总体目标预期目标实际完成情况扶持农户发展设施蔬菜。已建成大棚120座,带动农户增收。", "")
    assert no_narratives != text
    for t in (text, no_narratives):
        with without_header_aliases():
            assert _rows(parse_text(t, "x.txt").forms[0]) == want
        assert _rows(parse_one(t)) == want


def test_glued_amounts_are_cut_into_amounts_printed_alike() -> None:
    """"28.428.4" beside "100%" (a rate printed without decimals agrees with both readings): 28.4 | 28.4,
    printed alike, not 2 | 8.42 | 8.4. The near miss: amounts printed unlike (an integer budget, a decimal
    spend) are still read as printed when the stated rate says so."""
    def funds(row: str) -> list[tuple]:
        text = ("财政项目支出绩效自评表\n项目名称就业见习补贴\n主管部门某县人力资源和社会保障局\n"
                "项目资金(万元)计划数兑现数分值执行率得分\n" + row +
                "年度总体目标预期目标实际完成情况\n一级指标二级指标三级指标年度指标值实际完成值分值得分\n"
                "产出指标数量指标见习岗位数量≥60个62个3030\n")
        with without_header_aliases():
            form = parse_text(text, "x.txt").forms[0]
        return [(r.budget_initial, r.budget_full_year, r.executed, r.rate) for r in form.funds]

    assert funds("年度资金总额28.428.410100%10\n其中:财政拨款28.428.4\n") == [
        (None, 28.4, 28.4, 100.0), (None, 28.4, 28.4, None)]
    assert funds("年度资金总额12098.51082.08%8.21\n")[0][1:] == (120.0, 98.5, 82.08)


def test_an_actual_glued_to_its_weight_and_score_counts_as_three_columns_without_a_header() -> None:
    """A fused dump whose header names the lexicon does not know, each row ending "<actual><weight><score>"
    run together ("98.911515"): the runs that read as an actual, a round weight and a score not above it
    count as three columns, so the rows get their weights and scores (not one eight-digit actual)."""
    text = ("财政项目支出绩效自评表\n项目名称高标准农田建设\n主管部门某县农业农村局\n"
            "年度总体目标预期目标实际完成情况新建高标准农田2300亩。已建成1706亩。\n"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施产出指标数量指标新建高标准农田面积"
            "≥2300亩17062016施工期遇连续降雨质量指标工程验收合格率≥95%98.911515效益指标社会效益指标受益农户数量≥900户"
            "9821515经济效益指标带动农户增收总额≥160万元1891010满意度指标服务对象满意度指标受益农户满意度≥90%66.5105"
            "部分农户对工期有意见总分10091\n")
    with without_header_aliases():
        form = parse_text(text, "x.txt").forms[0]
    assert _rows(form) == [("新建高标准农田面积", 2300.0, 1706.0, 20.0, 16.0), ("工程验收合格率", 95.0, 98.91, 15.0, 15.0),
                           ("受益农户数量", 900.0, 982.0, 15.0, 15.0), ("带动农户增收总额", 160.0, 189.0, 10.0, 10.0),
                           ("受益农户满意度", 90.0, 66.5, 10.0, 5.0)]


ROW_FUSED_HEAD = ("2023年度村道维护项目绩效自评表\n项目名称村道维护\n主管部门某县交通运输局\n"
              "一级指标二级指标三级指标分值年度指标值实际完成值得分\n")


def test_a_weight_cut_from_its_target_fits_the_score_printed_after_them() -> None:
    # "1511公里以上" hides a weight and a target: 1 | 511 and 15 | 11 read alike on their own; the row's score,
    # 15, never exceeds its weight, so the cut is 15 | 11公里以上 (its offsets those of the printed text)
    text = ROW_FUSED_HEAD + ("产出指标(50分)数量指标新建安全护栏数量5≥11处13处5\n"
                         "维护村道里程1511公里以上12.86公里15\n质量指标路面完好率30≥90%93%30\n总分5050\n")
    form = parse_one(text)
    row = form.indicators[1]
    assert (row.name, row.target.value, row.weight, row.score) == ("维护村道里程", 11.0, 15.0, 15.0)
    assert text[row.target.source.start : row.target.source.end] == "11公里以上"


def test_a_score_above_a_weight_printed_apart_is_left_for_the_checks() -> None:
    # near miss: weight and score in cells of their own; the score above the weight is the form's error
    # (S-rules report it), not a cut to redo
    text = HEAD + "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n" + (
        "产出指标\t数量指标\t养护道路里程\t≥40公里\t45公里\t5\t10\n"
        "\t质量指标\t路面完好率\t≥90%\t93%\t20\t20\n")
    assert _rows(parse_one(text))[0] == ("养护道路里程", 40.0, 45.0, 5.0, 10.0)


VERTICAL_HEAD = ("2023年度村道维护项目绩效自评表\n项目名称村道维护\n主管部门某县交通运输局\n"
                 "一级指标二级指标三级指标分值年度指标值实际完成值得分\n")


def test_a_line_break_between_two_numbers_of_fused_lines_still_separates_them() -> None:
    # a row ends with its score (5); the next line opens with a vertically printed label read out of order,
    # its block weight's digits scattered in it ("3益分)标效指0(" for 效益指标(30分)): 5 and 3 are no "53",
    # and the scrambled label is no row of its own
    text = VERTICAL_HEAD + ("产出指标(70分)数量指标维护村道里程40≥32公里35公里40\n时效指标资金拨付及时率30≥95%97.5%30\n"
                            "3益分)标效指0(社会效益指标群众出行满意度30≥90%95%30\n总分100100\n")
    rows = _rows(parse_one(text))
    assert rows == [("维护村道里程", 32.0, 35.0, 40.0, 40.0), ("资金拨付及时率", 95.0, 97.5, 30.0, 30.0),
                    ("群众出行满意度", 90.0, 95.0, 30.0, 30.0)]
    assert cell_type("益分)标效指0(").cls == "FRAG"
    assert cell_type("指标解释").cls == NAME  # near miss: label characters in reading order name a column


def test_a_block_weight_wrapped_onto_the_next_line_is_no_score() -> None:
    text = VERTICAL_HEAD + ("产出指标(数量指标维护村道里程40.00≥32公里35公里40.00\n"
                            "70分)时效指标资金拨付及时率30.00≥95%97.5%30.00\n总分70.0070.00\n")
    assert [r[4] for r in _rows(parse_one(text))] == [40.0, 30.0]


def test_a_name_wrapped_over_fused_lines_stays_one_name() -> None:
    # near miss: a line break between text and text (or text and a number) joins the fused run as before
    text = VERTICAL_HEAD + ("产出指标(70分)数量指标维护村道\n里程40≥32公里35公里40\n时效指标资金拨付及时率30≥95%97.5%30\n"
                            "总分7070\n")
    assert _rows(parse_one(text))[0] == ("维护村道里程", 32.0, 35.0, 40.0, 40.0)


def test_a_measure_that_is_also_a_category_label_is_the_name_after_its_category() -> None:
    # "服务对象满意度" is the 二级 label of some templates and the 三级 name of others: after the row's 二级
    # label it is the name, and the explanation after it is no name (a table with an explanation column
    # whose cells also read as measures: "…完成率", "…满意程度")
    text = ("三、绩效指标自评 一级指标 二级指标 三级指标 考核分值 计划值 实际值 达成状态 评分\n"
            "比较符 单位说明 单项评分 占比(%) 折算评分\n"
            "产出指标 质量指标 桥涵巡检覆盖率 已巡检的桥涵数占辖区桥涵总数的比例 >= 96 %(百分比) 98% 达成 20.00 20.00\n"
            "时效指标 病害处置及时率 接报后规定时限内处置病害的比例(百分比) >= 90 %(百分比) 94% 达成 30.00 30.00\n"
            "效果指标 社会效益指标 桥涵通行率 雨季桥涵通行保持率 >= 80 %(百分比) 99% 达成 40.00 40.00\n"
            "满意度指标 服务对象满意度指标 服务对象满意度 过往群众对桥涵养护工作的满意程度 >= 90 %(百分比) 97% 达成 10.00 10.00\n")
    form = parse_one(text)
    assert [r[0] for r in _rows(form)][-1] == "服务对象满意度"
    assert form.indicators[-1].level2 == "服务对象满意度指标"


def test_the_same_words_as_the_second_level_label_leave_the_name_to_the_next_cell() -> None:
    # near miss: where "服务对象满意度" stands in the 二级 column, the measure after it is the row's name
    text = HEAD + "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n" + (
        "产出指标\t数量指标\t养护道路里程\t≥40公里\t45公里\t30\t30\n"
        "满意度指标\t服务对象满意度\t沿线群众满意度\t≥95%\t97%\t10\t10\n")
    form = parse_one(text)
    assert [r[0] for r in _rows(form)] == ["养护道路里程", "沿线群众满意度"]
    assert form.indicators[1].level2 == "服务对象满意度指标"


def test_a_unit_word_with_its_comparator_after_a_number_is_that_numbers() -> None:
    # a whole table on one spaced line, units written as words: "90 百分比以上" is the target ≥90%, not a
    # number and the name of a row that follows it
    text = ("财政项目支出绩效自评表 项目名称 乡村道路养护 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
            "产出指标 数量指标 养护道路里程 40 公里以上 45 公里 30 30 "
            "满意度指标 服务对象满意度指标 沿线群众满意度 90 百分比以上 93.5 百分比 10 10\n总分 40 40\n")
    form = parse_one(text)
    assert _rows(form) == [("养护道路里程", 40.0, 45.0, 30.0, 30.0), ("沿线群众满意度", 90.0, 93.5, 10.0, 10.0)]
    assert form.indicators[1].target.op == ">=" and form.indicators[1].target.unit == "%"
    # near miss: a word ending in a comparator that is no unit stays what it was
    assert cell_type("群众以上").cls == NAME and cell_type("年内").cls == NAME


def test_a_name_cut_into_words_by_spaces_stays_one_name() -> None:
    # "培训 合格 率" on a spaced line: 合格 alone reads as a qualitative value and 率 alone as a name, but a
    # lone 率 only ends a name; "合格率" glued is no 合格 either
    for name in ("培训 合格 率", "培训 合格率", "培训合格率"):
        text = ("财政项目支出绩效自评表 项目名称 乡村道路养护 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
                "产出指标 数量指标 养护道路里程 ≥40公里 45公里 30 30 "
                f"质量指标 {name} ≥90% 96.7% 15 15 满意度指标 服务对象满意度指标 沿线群众满意度 ≥90% 93.5% 10 10\n"
                "总分 55 55\n")
        rows = _rows(parse_one(text))
        assert [r[0].replace(" ", "") for r in rows] == ["养护道路里程", "培训合格率", "沿线群众满意度"], name
        assert rows[1][1:] == (90.0, 96.7, 15.0, 15.0)


def test_a_qualitative_value_before_the_next_name_is_still_cut_off() -> None:
    # near miss: "合格" as a row's actual, then the next row's name: the value stays a value
    text = HEAD + "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n" + (
        "产出指标\t质量指标\t验收结果\t合格\t合格\t20\t20\n\t数量指标\t养护道路里程\t≥40公里\t45公里\t30\t30\n")
    rows = _rows(parse_one(text))
    assert [r[0] for r in rows] == ["验收结果", "养护道路里程"]
    assert parse_one(text).indicators[0].actual.text == "合格"


def test_a_unit_cell_is_any_unit_the_quantity_grammar_reads() -> None:
    # one list of units for cells and prose: a per-mille, a symbol area, a metric word the layout list lacked
    for unit in ("‰", "㎡", "千米", "个百分点", "kg"):
        assert cell_type(unit).cls == UNIT, unit
    # near misses: a form label's noun is no unit, even where the grammar reads one ("3个部门")
    for word in ("部门", "乡镇", "家庭"):
        assert cell_type(word).cls != UNIT, word
    text = HEAD + (
        "一级指标|二级指标|三级指标|指标性质|指标值|度量单位|实际完成值|权重|得分|偏差原因\n"
        "产出指标|数量指标|巡查次数|≥|120|次|136|20|20|\n"
        "产出指标|质量指标|林地受害率|≤|0.9|‰|0.2|20|20|\n"
        "效益指标|生态效益指标|新增绿地面积|≥|5000|㎡|5200|20|20|\n"
    )
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.name, i.target.value, i.target.unit, i.actual.value, i.weight) for i in form.indicators] == [
        ("巡查次数", 120.0, "次", 136.0, 20.0), ("林地受害率", 0.9, "‰", 0.2, 20.0), ("新增绿地面积", 5000.0, "平方米", 5200.0, 20.0)]


def test_a_project_name_ends_with_its_line_when_a_row_of_cells_follows() -> None:
    table = (
        "{first}\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "{n}产出指标\t数量指标\t修缮校舍间数\t12间\t12间\t30\t30\n"
    )
    for first, n in (("序号", "1\t"), ("栏次", "1\t")):
        text = "2023年度项目支出绩效自评表\n项目名称：农村学校校舍维修\n" + table.format(first=first, n=n)
        (form,) = parse_text(text, "x.txt").forms
        assert form.project == "农村学校校舍维修", first
        assert [(i.name, i.target.value) for i in form.indicators] == [("修缮校舍间数", 12.0)]
    # near miss: a long name wrapped onto a line of its own (no cells on it) is one name
    text = "项目支出绩效自评表\n项目名称：农村义务教育学校校舍维修改造\n(第二批)\n主管部门：某县教育局\n"
    assert parse_text(text, "x.txt").forms[0].project == "农村义务教育学校校舍维修改造(第二批)"


def test_a_glossed_label_keeps_its_value_on_the_next_line_near_miss() -> None:
    # the pinyin gloss left on the label's line is no value: the project on the line after is still read
    text = "項(xiàng)目名稱(chēng) |\n農村學校校舍維修 |\n主管部門 |\n某縣教育局 |\n"
    assert parse_text(text, "x.txt").forms[0].project == "農村學校校舍維修"
