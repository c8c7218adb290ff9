"""The project of a prose report, read from its title lines (synthetic reports modelled on real ones)."""

from __future__ import annotations

from nlp_audit.layout import parse_text
from nlp_audit.layout.report_title import report_project


def test_quoted_bracketed_and_titled_names() -> None:
    assert report_project("某街道办关于“2024年社区养老服务补助资金”管理使用情况\n根据规定，现报告如下：")[0] == \
        "2024年社区养老服务补助资金"
    assert report_project("某县水利局2021年度\n项目绩效自评报告\n(县级河道保洁维护经费项目)\n一、基本情况")[0] == \
        "县级河道保洁维护经费项目"
    assert report_project("某县2024年度农村环境整治资金\n绩效自评报告\n一、基本情况")[0] == "某县2024年度农村环境整治资金"
    assert report_project("现将2024年乡村学校维修项目绩效自评情况报告如下")[0] == "2024年乡村学校维修项目"


def test_no_name_where_the_title_names_none() -> None:
    assert report_project("某单位2023年度部门整体支出绩效评价报告\n一、部门基本情况\n本单位共有职工30人。") is None


def test_a_report_form_gets_the_project_its_title_names() -> None:
    text = ("某县水利局2021年度\n项目绩效自评报告\n(县级河道保洁维护经费项目)\n一、项目基本情况\n"
            "项目资金40万元，全部用于河道保洁和护岸维修。\n二、绩效目标完成情况\n全年保洁河道32公里，群众满意度96%。\n")
    forms = parse_text(text, "r.txt").forms
    assert forms and forms[0].kind == "other" and forms[0].project == "县级河道保洁维护经费项目"


LETTER = ("索  引  号 000000000000/2024-00001 主题分类 部门文件\n发文字号 制发机构\n有效期限 有效性\n"
          "成文日期 2024-03-20 发布日期 2024-03-20\n标        题 关于上报2023年乡村公益岗位补贴项目支出绩效自评的报告\n\n"
          "关于上报2023年乡村公益岗位补贴项目支出绩效自评的报告\n\n某县乡村振兴局\n\n"
          "根据上级通知要求，我局对2023年乡村公益岗位补贴资金开展了绩效自评，现将自评情况报告如下：\n\n"
          "一、基本概况\n\n2023年上级下拨补贴资金12.5万元，县级配套补贴资金7.5万元，全年应执行数为20万元，执行率为100%。\n\n"
          "二、绩效目标完成情况\n\n全年开发乡村公益岗位80个，按月足额发放补贴。\n")


def test_an_official_letter_report_under_page_metadata_is_one_report_form() -> None:
    # "关于上报…绩效自评的报告" heads a report (kind other); the page's metadata fields (主题分类, 成文日期 with
    # dates) above it are no indicator table and no form of their own
    forms = parse_text(LETTER, "r.txt").forms
    assert [f.kind for f in forms] == ["other"]
    assert [i.name for i in forms[0].indicators] == ["开发乡村公益岗位"]  # (stated in a sentence, not metadata)
    assert forms[0].project == "2023年乡村公益岗位补贴"
    assert report_project("关于上报2023年乡村公益岗位补贴项目支出绩效自评的报告")[0] == "2023年乡村公益岗位补贴"


def test_a_classification_field_is_no_category_label() -> None:
    from nlp_audit.layout.celltypes import category_of_key

    assert category_of_key("主题分类") is None
    assert category_of_key("效果类") is not None  # near miss: a block named …类 still heads a block
