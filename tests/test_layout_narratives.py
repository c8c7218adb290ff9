"""Goal / actual narratives and deviation reasons on synthetic text written for these tests (modelled on
the layouts of the real pages: pipe-per-cell, pipe rows, spaced rows, wrapped PDF cells, fused lines)."""

from __future__ import annotations

from builders import parse_one as _form

from nlp_audit.layout import parse_text
from nlp_audit.layout.narratives import split_point

GOAL = "加强社区图书角建设,方便居民就近阅读。2024年度计划举办阅读活动不少于6场。"
ACT = "图书角全年正常开放,举办阅读活动8场,读者满意度达到96%。居民阅读氛围明显改善。"

TABLE_SPACED = (
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
    "产出指标 数量指标 阅读活动场次 ≥6场 8场 50 50\n"
    "满意度指标 服务对象满意度指标 读者满意度 ≥90% 96% 40 40\n"
    "总分 100 100\n"
)


def _one_cell_per_line(cells: list[str]) -> str:
    return "".join(f"{c} |\n" for c in cells)


def test_pipe_per_cell_takes_one_cell_per_label_and_drops_the_next_block_heading() -> None:
    head = ["2024年度部门预算项目绩效自评表", "项目名称", "社区图书角运维", "主管部门", "某区文化局", "实施单位", "某街道文化站",
            "年度目标", "目标实际完成情况", GOAL, ACT, "预算执行(10分)", "资金(万元)", "年初预算数", "调整预算数", "执行数",
            "执行率", "权重", "得分", "总额", "30", "30", "30", "100%", "10", "10"]
    table = ["绩效指标情况(90分)", "一级指标", "二级指标", "具体指标", "指标性质", "指标值", "计量单位", "实际完成值", "权重",
             "得分", "偏差原因", "产出指标", "数量指标", "阅读活动场次", "≥", "6", "场", "5", "50", "42", "已完成",
             "质量指标", "图书完好率", "≥", "95", "%", "96", "40", "40", "", "合计", "100", "92"]
    f = _form(_one_cell_per_line(head + table))
    assert (f.goal.text, f.actual.text) == (GOAL, ACT)
    assert "预算执行" not in f.actual.text
    # a qualitative reason cell is the row's reason, and the name after the category starts the next row
    names = [i.name for i in f.indicators]
    assert names == ["阅读活动场次", "图书完好率"]
    assert f.indicators[0].reason == "已完成" and f.indicators[1].reason is None


def test_pipe_rows_label_row_then_one_row_of_texts() -> None:
    text = (
        "项目支出绩效自评表 | ||||\n项目名称 | 社区图书角运维 | |||\n主管部门 | 某区文化局 | 实施单位 | 某街道文化站 |\n"
        "年度总体目标 | 年初目标 | 全年完成情况 | ||||\n"
        f"{GOAL} | {ACT} | ||||\n"
        "一级指标 | 二级指标 | 具体指标 | 指标分值 | 年度指标值 | 全年实际完成值 | 得分 | 偏差原因及改进措施 |\n"
        "产出指标 | 数量指标 | 阅读活动场次 | 50 | ≥6场 | 8场 | 50 | |\n总分 | 100 | 100 |\n"
    )
    f = _form(text)
    assert (f.goal.text, f.actual.text) == (GOAL, ACT)


def test_label_word_inside_a_sentence_does_not_end_the_narrative() -> None:
    act = "项目资金严格按政策标准使用,为120人发放补贴。全年支出项目资金16.5万元。困难群众基本生活得到保障。"
    text = (
        "项目支出绩效自评表 | ||||\n项目名称 | 困难群众补贴 | |||\n"
        "年度总体目标 | 年初目标 | 全年完成情况 | ||||\n"
        f"{GOAL} | {act} | ||||\n"
        "一级指标 | 二级指标 | 具体指标 | 指标分值 | 年度指标值 | 全年实际完成值 | 得分 | 偏差原因及改进措施 |\n"
        "产出指标 | 数量指标 | 补贴发放人数 | 50 | ≥100人 | 120人 | 50 | |\n总分 | 100 | 100 |\n"
    )
    assert _form(text).actual.text == act


def test_spaced_rows_with_a_weighted_goal_label() -> None:
    text = (
        "2024年度社区图书角运维绩效自评表\n项目名称 社区图书角运维\n主管部门 某区文化局 项目实施单位 某街道文化站\n"
        "预算执行情况(20分) 全年预算数(A) 全年执行数(B) 执行率(B/A) 得分\n年度资金总额 30 30 100% 20\n"
        f"年度绩效目标(80分) {GOAL}\n年度目标完成情况 {ACT}\n" + TABLE_SPACED
    )
    f = _form(text)
    assert (f.goal.text, f.actual.text) == (GOAL, ACT)


def test_goal_label_heading_a_weighted_block_is_not_a_narrative() -> None:
    text = (
        "项目支出绩效自评表\n项目名称 社区图书角运维\n主管部门 某区文化局\n"
        "年度绩效目标1 (80分) 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 阅读活动场次 ≥6场 8场 80 80\n总分 100 100\n"
    )
    f = _form(text)
    assert not f.goal and not f.actual


def test_a_third_column_after_the_actual_does_not_leak_into_it() -> None:
    text = (
        "项目支出绩效自评表\n一、基本情况 项目名称: 社区图书角运维\n"
        "三、目标完成情况 年度预期目标 具体完成情况 总体完成率(%)\n"
        "保障图书角全年开放。 图书角全年正常开放。 100.00\n"
        "方便居民就近阅读 居民阅读更加便利\n" + TABLE_SPACED
    )
    f = _form(text)
    assert f.goal.text == "保障图书角全年开放。方便居民就近阅读"
    assert f.actual.text == "图书角全年正常开放。居民阅读更加便利"


def test_wrapped_cells_split_at_the_short_line_or_the_indent() -> None:
    def wrapped(s: str, indent: str = "") -> str:
        lines = [s[i : i + 24] for i in range(0, len(s), 24)]
        return "\n\n".join([indent + lines[0], *lines[1:]])

    head = "财政项目支出绩效自评表\n\n项目名称 社区图书角运维\n\n主管部门 某区文化局 实施单位 某街道文化站\n\n"
    labels = "年度\n\n总体\n\n目标\n\n预期目标 实际完成情况\n\n"
    for indent in ("", "   "):
        text = head + labels + wrapped(GOAL, indent) + "\n\n" + wrapped(ACT, indent) + "\n\n" + TABLE_SPACED
        f = _form(text)
        assert (f.goal.text, f.actual.text) == (GOAL, ACT), indent


def test_fused_narratives_split_by_cues_by_restatement_or_not_at_all() -> None:
    # plan sentences, then result sentences
    assert split_point(GOAL + ACT) == len(GOAL)
    # the actual repeats the goal (or its second half) word for word
    g = "改造社区图书角,增加图书品种,方便居民阅读,"
    assert split_point(g + "增加图书品种,方便居民阅读,") == len(g)
    assert split_point("保障图书角正常运转。保障图书角正常运转。") == len("保障图书角正常运转。")
    # nothing tells where the second text starts: left whole, the actual is not invented
    assert split_point("保障图书角正常运转。居民阅读氛围浓厚。") is None


def test_fused_form_narratives_and_reasons() -> None:
    text = (
        "绩效目标自评表(2024年度)项目名称社区图书角运维主管部门某区文化局实施单位某街道文化站"
        "资金情况(万元)预算数(A)执行数(B)分值执行率得分年度资金总额:303010100.00%10其他资金"
        f"年度总体目标年初目标全年完成情况{GOAL}{ACT}"
        "绩效指标一级指标二级指标具体指标指标分值年度指标值全年实际完成值得分偏差原因及改进措施"
        "产出指标(60分)数量指标阅读活动场次20≥6场5场15项目审批耗时较长,活动推迟,今后将提前谋划时效指标"
        "图书上架及时率20≥95%96%20质量指标图书完好率10≥95%93%8个别图书破损,下一步将加强巡查"
        "满意度指标(10分)服务对象满意度指标借阅服务满意度10≥90%96%10高血压患者阅读服务人次20≥50人次60人次20"
        "总分100"
    )
    f = _form(text)
    assert (f.goal.text, f.actual.text) == (GOAL, ACT)
    by = {i.name: i for i in f.indicators}
    assert by["阅读活动场次"].reason == "项目审批耗时较长,活动推迟,今后将提前谋划"
    assert by["阅读活动场次"].score == 15.0
    assert by["图书上架及时率"].level2 == "时效指标"
    assert by["图书完好率"].score == 8.0 and by["图书完好率"].reason == "个别图书破损,下一步将加强巡查"
    assert "高血压患者阅读服务人次" in by and by["借阅服务满意度"].reason is None


def test_name_with_a_bracketed_word_after_a_score() -> None:
    text = (
        "绩效目标自评表(2024年度)项目名称小型水库维修主管部门某县水利局"
        "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
        "产出指标(70分)时效指标及时(按季)巡查率10≥95%≥95%10及时(按季)维护率10≥95%≥95%10总分100100"
    )
    f = _form(text)
    assert [i.name for i in f.indicators] == ["及时(按季)巡查率", "及时(按季)维护率"]
    assert all(i.reason is None for i in f.indicators)


def test_texts_after_a_merged_table_label() -> None:
    text = (
        "某县财政项目支出绩效自评表 (2024年度) 项目名称 社区图书角运维 主管部门 某区文化局 "
        "年度 总体 目标 一级 指标 — 社区图书角运维 社区图书角运维 年度 实际 指标值 完成值 "
        "阅读活动场次 6场 8场 50 50 读者满意度 90% 96% 40 40\n"
    )
    f = _form(text)
    assert (f.goal.text, f.actual.text) == ("社区图书角运维", "社区图书角运维")


def test_untitled_prose_report_is_kind_other() -> None:
    text = (
        "图书角补助资金到位率目标值为100%,详见下表:考核内容指标内容目标值完成值完成比例"
        "产出目标数量目标阅读活动场次>=6场8场133%(二)项目资金管理情况本项目全年安排经费10万元,"
        "(三)项目绩效目标完成情况1.产出目标完成情况(1)数量目标:阅读活动场次绩效目标值是6场,实际完成值为8场,"
        "完成比例为133%,目标设置合理性满分3分,得3分,理由:目标设置合理,"
    )
    f = _form(text)
    assert f.kind == "other" and not f.goal and not f.actual


def test_traditional_units_in_fused_rows() -> None:
    text = (
        "績效目標自評表(2024年度)項目名稱社區圖書角運維主管部門某區文化局"
        "績效指標一級指標二級指標具體指標指標分值年度指標值全年實際完成值得分偏差原因及改進措施"
        "產出指標(60分)數量指標閱讀活動場次20≥6場8場20質量指標圖書完好率40≥95%96%40總分10060"
    )
    f = _form(text)
    assert [(i.name, i.target.value, i.actual.value, i.score) for i in f.indicators] == [
        ("閱讀活動場次", 6.0, 8.0, 20.0), ("圖書完好率", 95.0, 96.0, 40.0)]


def test_goal_and_actual_fused_on_one_line_are_told_apart_by_their_sentences() -> None:
    text = (
        "财政项目支出绩效自评表\n项目名称党员志愿服务站点建设\n年度总体目标预期目标实际完成情况\n"
        "持续深化党建引领基层治理。2020年度计划全年组织党员教育培训不少于10场次,受益群众满意度达到85%以上。"
        "项目按照年初计划有序实施,开展党员教育培训11场次,受益群众满意度为94%。\n"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分\n产出指标数量指标党员教育培训场次≥10场次11场次2020\n"
    )
    form = parse_text(text, "x.txt").forms[0]
    assert form.goal.text.endswith("受益群众满意度达到85%以上。")
    assert form.actual.text.startswith("项目按照年初计划有序实施")


def test_a_report_states_its_texts_after_colons_and_a_heading_ends_them() -> None:
    report = (
        "关于社区养老服务项目支出绩效自评情况的报告\n一、项目基本情况\n项目名称:社区养老服务项目。\n"
        "二、绩效目标完成情况\n年度绩效目标:完善社区养老服务网络。2024年度计划服务老人1200人次。\n"
        "目标完成情况:全年服务老人1350人次,服务对象满意度为96%。\n三、绩效指标完成情况\n"
        "1.数量指标:服务老人人次,年度目标≥1200人次,完成1350人次,该指标分值20分,得20分。\n"
    )
    form = parse_text(report, "r.txt").forms[0]
    assert form.goal.text == "完善社区养老服务网络。2024年度计划服务老人1200人次。"
    assert form.actual.text == "全年服务老人1350人次,服务对象满意度为96%。"  # not the indicator section after it


def test_a_label_followed_by_a_year_still_heads_its_text() -> None:
    # "年度目标≥95%" states a target (the report above); "年度目标 | 2024年计划…" heads a text
    heads = "项目名称\t社区服务\n年度目标\t2024年计划服务老人1200人次。\n实际完成情况\t服务老人1350人次。\n"
    form = parse_text(heads, "b.txt").forms[0]
    assert form.goal.text.startswith("2024年计划") and form.actual.text == "服务老人1350人次。"


def test_padding_rows_between_the_labels_and_the_texts_do_not_merge_the_texts() -> None:
    # cell-per-line export: the label row, empty "|" cells of merged columns, then one line per text
    head = ["2024年度部门预算项目绩效自评表", "项目名称", "社区图书角运维", "主管部门", "某区文化局",
            "年度总体目标", "年度目标", "完成情况"]
    text = "\n".join(head) + "\n|\n|\n|\n" + GOAL + "\n" + ACT + "\n" + "\n".join(TABLE_SPACED.split(" ")) + "\n"
    f = _form(text)
    assert (f.goal.text, f.actual.text) == (GOAL, ACT)
    # near miss: a pipe row that holds both texts in two cells is still read by column
    f2 = _form("\n".join(head) + "\n|\n| " + GOAL + " | " + ACT + " |\n" + TABLE_SPACED)
    assert (f2.goal.text, f2.actual.text) == (GOAL, ACT)


def test_pinyin_glosses_are_cut_from_the_narratives_and_after_their_labels() -> None:
    # traditional text with pinyin glosses (a converted web page): the gloss after 預期目標 does not make the
    # labels "not side by side", and the texts read without glosses while keeping their file offsets
    goal = "加強社區圖書角建(jiàn)設,方便居民就近閱讀。2024年度計劃(huà)舉辦閱讀活動不少於6場。"
    act = "圖書角全年正常開(kāi)放,舉辦閱讀活動8場,讀者滿意度達(dá)到96%。"
    text = ("2024年度項目支出績效自評表 |\n項目名稱 | 社區圖書角運維 |\n主管部門 | 某區文化局 |\n"
            "年度總體(tǐ)目標 | 預(yù)期目標(biāo) | 實際完成情況 |\n | " + goal + " | " + act + " |\n"
            "一級指標 | 二級指標 | 三級指標 | 年度指標值 | 實際完成值 | 分值 | 得分 |\n"
            "產出指標 | 數量指標 | 閱讀活動場次 | ≥6場 | 8場 | 50 | 50 |\n總分 | 100 | 100 |\n")
    f = _form(text)
    assert f.goal.text == "加強社區圖書角建設,方便居民就近閱讀。2024年度計劃舉辦閱讀活動不少於6場。"
    assert f.actual.text == "圖書角全年正常開放,舉辦閱讀活動8場,讀者滿意度達到96%。"
    # each piece still points at its words in the file
    for n_text, raw_off, _line in f.actual.pieces:
        piece_end = next((p[0] for p in f.actual.pieces if p[0] > n_text), len(f.actual.text))
        assert text[raw_off : raw_off + piece_end - n_text] == f.actual.text[n_text:piece_end]


REPORT_HEAD = ("某县社区阅读推广项目绩效自评报告\n一、项目基本情况\n项目名称:社区阅读推广。主管部门:某县文化局。\n"
               "二、项目资金情况\n全年预算数30万元,实际支出28.5万元。\n三、绩效目标完成情况\n")
REPORT_TAIL = ("四、绩效指标完成情况\n1.数量指标:阅读活动场次,年初目标6场以上,全年实际完成8场,得50分。\n"
               "2.满意度指标:读者满意度年初目标90%以上,全年实际完成96%,得40分。\n")


def test_a_reports_numbered_sections_head_its_goal_and_actual() -> None:
    # "(二)完成情况。" opens the actual's section with a full stop; "年度绩效目标:" and "目标完成情况:" pair up
    # before the goal-like words of the indicator statements (年初目标6场以上)
    numbered = REPORT_HEAD + "(一)年度目标。" + GOAL + "\n(二)完成情况。" + ACT + "\n" + REPORT_TAIL
    colons = REPORT_HEAD + "年度绩效目标:" + GOAL + "\n目标完成情况:" + ACT + "\n" + REPORT_TAIL
    for text in (numbered, colons):
        f = parse_text(text, "r.txt").forms[0]
        assert (f.goal.text, f.actual.text) == (GOAL, ACT)


def test_a_garbled_table_header_ends_the_actual_text() -> None:
    # OCR'd header names (措标 for 指标) are no label the lexicon knows: the text still ends where they begin
    text = ("2024年度部门预算项目绩效自评表\n项目名称 社区图书角运维\n年度总体目标 预期目标 实际完成情况\n"
            + GOAL + ACT + "一级措标二级措标三级措标年度指杯值实际完成值分值得分\n"
            "产出指标数量指标阅读活动场次≥6场8场5050\n总分100100\n")
    f = _form(text)
    assert f.actual.text.endswith("居民阅读氛围明显改善。")
    assert "措标" not in f.actual.text


NARR_HEAD = "2024年度部门预算项目绩效自评表\n项目名称 社区图书角运维\n主管部门 某区文化局\n年度总体目标\n"


def test_texts_under_short_labels_the_lexicon_does_not_know_are_goal_and_actual() -> None:
    # "目标" / "执行情况" name no narrative the lexicon knows: a short label cell, then a text, on its line or
    # on the line after; the second reads less as a plan than the first, so it is the actual
    for sep in (" ", "\t", "\n"):
        text = NARR_HEAD + f"目标{sep}{GOAL}\n执行情况{sep}{ACT}\n" + TABLE_SPACED
        f = _form(text)
        assert (f.goal.text, f.actual.text) == (GOAL, ACT), sep


def test_an_actual_that_copies_its_goal_under_a_short_label_is_still_the_actual() -> None:
    text = NARR_HEAD + f"目标\t{GOAL}\n落实情况\t{GOAL}\n" + TABLE_SPACED
    f = _form(text)
    assert (f.goal.text, f.actual.text) == (GOAL, GOAL)


def test_sub_goals_under_short_labels_stay_one_goal_text() -> None:
    # near miss: two labelled plans ("数量目标" / "质量目标": the second label names a plan), or a second text
    # that reads as much a plan as the first, are items of the goal, not a goal and its actual
    items = [("数量目标", "2024年度计划举办阅读活动不少于6场,新增图书500册。"),
             ("质量目标", "图书完好率达到95%以上,读者满意度不低于90%。")]
    f = _form(NARR_HEAD + "".join(f"{lb} {t}\n" for lb, t in items) + TABLE_SPACED)
    assert f.actual.text == ""
    assert items[1][1] in f.goal.text
    planned = [("工作内容", "计划在辖区新建图书角3个,力争覆盖全部社区。"), ("保障措施", "确保经费及时拨付,计划配备管理员3名。")]
    f = _form(NARR_HEAD + "".join(f"{lb} {t}\n" for lb, t in planned) + TABLE_SPACED)
    assert f.actual.text == ""


def test_a_space_after_a_comma_is_no_column_gap_between_goal_and_actual() -> None:
    # the goal and the actual on lines of their own, the actual printed with ", " (ASCII commas and a space):
    # the line is one text, not "<goal tail> <actual>"
    act = "图书角全年正常开放, 举办阅读活动8场, 读者满意度达到96%。居民阅读氛围明显改善。"
    text = NARR_HEAD.replace("年度总体目标\n", "年度总体目标 年度目标 完成情况\n") + GOAL + "\n" + act + "\n" + TABLE_SPACED
    f = _form(text)
    assert (f.goal.text, f.actual.text) == (GOAL, act)


def test_interleaved_columns_end_where_a_line_closes_a_sentence_two_characters_short() -> None:
    # two cells wrapped at 14 characters, their lines alternating; the goal's last line (12 characters)
    # closes its sentence two short of the width: the lines after it are the actual's alone
    goal = "发挥社区服务站作用,服务辖区老人和驻区单位。2024年度计划全年组织助老活动不少于18场次,吸引辖区老人和家属踊跃参与活动2100人次。"
    act = ("中心全年统筹推进站点建设和活动组织,开展助老活动21场次,项目实际支出1039.43万元,老人参与活动2459人次,"
           "服务对象综合满意度达到99%。社区助老服务的覆盖面得到扩大,服务品牌逐步形成。")
    w = 14
    g = [goal[i : i + w] for i in range(0, len(goal), w)]
    a = [act[i : i + w] for i in range(0, len(act), w)]
    lines = [x for pair in zip(g, a[: len(g)], strict=True) for x in pair] + a[len(g) :]
    assert len(g[-1]) == w - 2 and g[-1].endswith("。")
    text = NARR_HEAD.replace("年度总体目标\n", "年度总体目标 年度目标 完成情况\n") + "\n".join(lines) + "\n" + TABLE_SPACED
    f = _form(text)
    assert (f.goal.text, f.actual.text) == (goal, act)


# goal and actual under headings and labels as counties write them, the lexicon knowing some or none of them
GOAL_TEXT = "全年计划培训村级卫生人员300人次，覆盖全部行政村，群众就医条件明显改善。"
ACT_TEXT = "全年完成培训村级卫生人员312人次，覆盖全部行政村，群众满意度达到95%。"
NARR_TABLE = ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
              "产出指标\t数量指标\t培训人次\t300人次\t312人次\t20\t20\n")


def _narratives(narr: str) -> tuple[str, str]:
    text = "2023年度项目支出绩效自评表\n项目名称\t村医能力提升培训\n" + narr + NARR_TABLE
    form = parse_text(text, "x.txt").forms[0]
    return form.goal.text, form.actual.text


def test_goal_and_actual_are_read_under_labels_the_lexicon_half_knows_or_lacks() -> None:
    cases = [
        ("绩效目标", "计划目标", "完成情况"), ("项目绩效目标", "目标", "执行情况"), ("年度绩效目标", "预期目标", "实际执行情况"),
        ("年度总体目标", "目标", "全年完成情况"), ("年度目标完成情况", "计划目标", "实际完成情况"), ("总体目标", "绩效目标", "年终完成情况"),
    ]
    for heading, g, a in cases:
        layouts = (f"{heading}\t{g}\t{a}\n\t{GOAL_TEXT}\t{ACT_TEXT}\n",  # side by side
                   f"{heading}\n{g}\n{GOAL_TEXT}\n{a}\n{ACT_TEXT}\n",  # a label on the line before each
                   f"{heading}\n{g}：{GOAL_TEXT}\n{a}：{ACT_TEXT}\n")  # a label and a colon
        for narr in layouts:
            assert _narratives(narr) == (GOAL_TEXT, ACT_TEXT), narr


def test_two_plans_or_numbered_goal_items_are_one_goal_near_miss() -> None:
    # no text reads as a result: the second is the goal's next item, not an actual
    second_plan = "计划新建村卫生室2所，配齐基本诊疗设备，提升基层服务能力。"
    assert _narratives(f"绩效目标\n{GOAL_TEXT}\n{second_plan}\n")[1] == ""
    numbered = f"年度总体目标\n目标1：{GOAL_TEXT}\n目标2：{ACT_TEXT}\n"
    assert _narratives(numbered)[1] == ""


def test_a_result_is_told_by_its_label_or_by_a_plan_before_it() -> None:
    # the actual has no result word of its own: its label says it ("实际完成"), or it follows a text that plans
    # while it plans nothing; a labelled short actual is read too; a sentence opening with a funds word is a text
    plain = "项目资金严格按标准使用，提供上门服务1287人次，困难群众基本生活得到保障。"
    assert _narratives(f"总体目标\n年度目标：{GOAL_TEXT}\n实际完成：{plain}\n") == (GOAL_TEXT, plain)
    assert _narratives(f"绩效目标\n目标\n{GOAL_TEXT}\n执行情况\n{plain}\n") == (GOAL_TEXT, plain)
    assert _narratives(f"总体目标\n绩效目标：{GOAL_TEXT}\n执行情况：完成年度目标。\n") == (GOAL_TEXT, "完成年度目标。")
