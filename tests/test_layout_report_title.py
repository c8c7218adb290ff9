"""The project of a prose report, read from its title lines (synthetic reports modelled on real ones)."""

from __future__ import annotations

from nlp_audit.layout import parse_text
from nlp_audit.layout.report_title import report_project


def test_quoted_bracketed_and_titled_names() -> None:
    assert report_project("某街道办关于“2024年社区养老服务补助资金”管理使用情况\n根据规定，现报告如下：")[0] == \
        "2024年社区养老服务补助资金"
    assert report_project("某县水利局2021年度\n项目绩效自评报告\n(县级河道保洁补助经费项目)\n一、基本情况")[0] == \
        "县级河道保洁补助经费项目"
    assert report_project("某县2024年度农村环境整治资金\n绩效自评报告\n一、基本情况")[0] == "某县2024年度农村环境整治资金"
    assert report_project("现将2024年乡村学校维修项目绩效自评情况报告如下")[0] == "2024年乡村学校维修项目"


def test_no_name_where_the_title_names_none() -> None:
    assert report_project("某单位2023年度部门整体支出绩效评价报告\n一、部门基本情况\n本单位共有职工30人。") is None


def test_a_report_form_gets_the_project_its_title_names() -> None:
    text = ("某县水利局2021年度\n项目绩效自评报告\n(县级河道保洁补助经费项目)\n一、项目基本情况\n"
            "项目资金40万元，全部用于河道保洁和护岸维修。\n二、绩效目标完成情况\n全年保洁河道32公里，群众满意度96%。\n")
    forms = parse_text(text, "r.txt").forms
    assert forms and forms[0].kind == "other" and forms[0].project == "县级河道保洁补助经费项目"
