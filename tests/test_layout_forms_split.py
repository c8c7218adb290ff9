"""Where forms start (issue 8): web-page boilerplate above a form never becomes a form of its own. Synthetic
pages written for these tests, modelled on the government sites that publish the forms."""

from __future__ import annotations

from nlp_audit.layout import parse_text

FORM = ("2023年度村道维护项目绩效自评表\n项目名称 村道维护\n主管部门 某县交通运输局 实施单位 某镇人民政府\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 维护村道里程 ≥32公里 35公里 50 50\n"
        "满意度指标 服务对象满意度指标 群众满意度 ≥90% 95% 40 40\n总分 90 90\n")
PAGE = ("某县政府信息公开平台\n首页 > 政务公开 > 财政资金\n发布时间:2024-03-02 来源:某县财政局\n相关文档:\n"
        "2024年度村道维护项目绩效自评表\n2023年度部门整体支出绩效自评报告\n\n")


def test_related_titles_and_a_unit_line_above_a_form_are_no_form() -> None:
    # a list of related documents names form titles; the unit and date line under it heads the real form
    forms = parse_text(PAGE + "单位名称:某镇人民政府 填报日期:2024.3.1\n" + FORM, "p.txt").forms
    assert [f.project for f in forms] == ["村道维护"]
    assert len(forms[0].indicators) == 2


def test_two_forms_in_one_file_stay_two() -> None:
    # near miss: each title heads a project name of its own
    second = FORM.replace("村道维护", "农村公路养护").replace("2023年度", "2022年度")
    forms = parse_text(PAGE + FORM + second, "p.txt").forms
    assert [f.project for f in forms] == ["村道维护", "农村公路养护"]


def test_a_project_label_misread_by_one_character_still_names_the_project() -> None:
    # OCR reads 目 as 日: "项日名称" is no label the lexicon knows, one character off 项目名称
    for text in (FORM.replace("项目名称 村道维护", "项日名称 2023年村道维护"),
                 FORM.replace("\n", "").replace("项目名称 村道维护", "项日名称2023年村道维护")):
        (form,) = parse_text(text, "o.txt").forms
        assert form.project == "2023年村道维护"


def test_a_word_two_characters_off_the_label_names_no_project() -> None:
    # near miss: "节日名单" differs from 项目名称 in two characters; no project is made up from it
    text = FORM.replace("项目名称 村道维护\n", "节日名单 春节元宵\n")
    (form,) = parse_text(text, "o.txt").forms
    assert form.project != "春节元宵"
