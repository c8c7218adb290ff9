"""P001-P004 from the parser: each fires on the text it is for and stays quiet on a near miss."""

from __future__ import annotations

from test_layout_families import TABBED

from nlp_audit.layout import parse_text
from nlp_audit.pipeline import parse_file


def _codes(text: str) -> list[str]:
    parsed = parse_text(text, "p.txt")
    return [p.code for p in parsed.errors] + [p.code for f in parsed.forms for p in f.problems]


def test_clean_form_has_no_parse_problems():
    assert _codes(TABBED) == []


def test_p001_for_a_table_of_fused_numbers_only():
    text = (
        "项目绩效目标表\n项目名称\t乡道维修\n一级指标\t二级指标\t三级指标\t指标值\n"
        "86100\n64100\n20100\n"
    )
    parsed = parse_text(text, "fused.txt")
    found = [p.code for p in parsed.errors] + [p.code for f in parsed.forms for p in f.problems]
    assert "P001" in found or (not parsed.forms), found


def test_p001_for_plain_prose_via_pipeline(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("今天天气很好, 我们去公园散步。\n没有任何表格。\n", encoding="utf-8")
    parsed = parse_file(path)
    assert not parsed.forms
    assert [p.code for p in parsed.errors] == ["P001"]


def test_p002_when_the_actual_narrative_is_missing():
    text = TABBED.replace("开放图书角十二个月, 举办阅读活动六场。", "")
    assert "P002" in _codes(text)


def test_p002_not_for_a_complete_form():
    assert "P002" not in _codes(TABBED)


def test_p003_for_a_garbled_comparator_with_raw_text_as_evidence():
    text = TABBED.replace("≥6.00(场)", "+6.00(场)")
    parsed = parse_text(text, "g.txt")
    problems = [p for f in parsed.forms for p in f.problems if p.code == "P003"]
    assert problems and problems[0].evidence.endswith("+6.00(场)")
    assert problems[0].indicator == "阅读活动场次"


def test_p003_not_for_prose_comparators():
    text = TABBED.replace("≥6.00(场)", "全年不少于6场")
    assert "P003" not in _codes(text)


def test_p004_for_template_prompt_left_in_the_narrative():
    text = TABBED.replace("开放图书角十二个月, 举办阅读活动六场。", "对照年度目标,说明相关任务目标的完成情况(100字以内)")
    assert "P004" in _codes(text)


def test_p004_not_for_a_narrative_that_mentions_a_word_limit_in_passing():
    text = TABBED.replace("开放图书角十二个月, 举办阅读活动六场。", "开放图书角十二个月, 编写100字以内的推荐语六篇。")
    assert "P004" not in _codes(text)


def test_p004_one_finding_per_empty_template_row():
    row = "\t\t指标2\t\t……\t\t\t\t\n"
    text = TABBED.replace("满意度指标\t", row + "满意度指标\t", 1)
    parsed = parse_text(text, "rows.txt")
    p004 = [p for f in parsed.forms for p in f.problems if p.code == "P004"]
    assert len(p004) == 1
    assert "指标2" in p004[0].evidence and "……" in p004[0].evidence
    assert parsed.text[p004[0].source.start : p004[0].source.end] == p004[0].evidence


def test_template_word_limit_prompt_is_not_a_claim(tmp_path):
    from nlp_audit.pipeline import run

    prompt = "对照年度目标,说明相关任务目标的完成情况(100字以内)"
    path = tmp_path / "prompt.txt"
    path.write_text(TABBED.replace("开放图书角十二个月, 举办阅读活动六场。", prompt), encoding="utf-8")
    codes = {f.rule for f in run([path], "default", embedder=None).findings}
    assert "P004" in codes
    assert "C001" not in codes


def test_p002_missing_total_only_where_the_table_scores():
    # a self-evaluation whose table has 分值/得分 but no 总分 row: the total is missing
    no_total = TABBED.split("总分")[0]
    assert "缺少总分" in _messages(no_total)
    # the same form with no 分值/得分 column at all (a 20+80 template scores elsewhere): nothing to total
    lines = []
    for ln in no_total.splitlines():
        cells = ln.split("\t")
        if len(cells) >= 7 and cells[2] and ("指标" in ln or "%" in ln or "(" in ln) and "项目资金" not in ln \
                and "年度资金" not in ln and "其中" not in ln:
            cells = cells[:5]  # drop 分值, 得分 and the reason
        lines.append("\t".join(cells))
    unscored = "\n".join(lines)
    assert "缺少总分" not in _messages(unscored)


def test_p002_no_table_is_not_reported_on_a_prose_report():
    report = (
        "2023年度社区养老服务项目绩效自评报告\n项目名称：社区养老服务站运营补助\n一、项目基本情况\n项目资金40万元，用于社区养老服务站运营。\n"
        "二、绩效目标完成情况\n全年服务老人1200人次，满意度达到95%。\n三、存在的问题\n部分站点人员不足。\n"
    )
    parsed = parse_text(report, "r.txt")
    assert [f.kind for f in parsed.forms] == ["other"] and parsed.forms[0].project == "社区养老服务站运营补助"
    assert "缺少绩效指标表" not in _messages(report)


def _messages(text: str) -> list[str]:
    parsed = parse_text(text, "p.txt")
    return [p.message for f in parsed.forms for p in f.problems]


def test_p004_for_a_template_ellipsis_row_not_for_one_cut_mark():
    from nlp_audit.layout.table import is_placeholder

    assert is_placeholder("……") and is_placeholder("......")
    assert not is_placeholder("…")  # a preview or an extractor cut the text there: nothing left unfilled


def test_one_cut_mark_in_a_table_is_no_template_cell():
    from nlp_audit.layout.celltypes import PLACE, cell_type

    assert cell_type("……").cls == PLACE
    assert cell_type("…").cls != PLACE


def test_a_document_file_name_on_a_doc_sharing_page_is_no_form() -> None:
    # the page names the shared file ("…绩效自评表….docx") above its preview, then prints the form: one form,
    # not a title-only form reported unreadable (P001)
    page = ("2023年度财政项目绩效自评表单位名称某县人民医院填报日期2024年3月1日.docx\n-\n资源大小:12.5KB\n"
            "全文页数:2页\n2023年度财政项目绩效自评表单位名称某县人民医院填报日期2024年3月1日.docx\n")
    form_text = ("2023年度财政项目绩效自评表\n项目名称\t院区设备购置补助\n主管部门\t某县卫生健康局\n"
                 "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
                 "产出指标\t数量指标\t购置设备台数\t≥20台\t22台\t50\t50\n"
                 "满意度指标\t服务对象满意度指标\t患者满意度\t≥90%\t95%\t50\t50\n总分\t100\t100\n")
    forms = parse_text(page + form_text, "p.txt").forms
    assert [f.project for f in forms] == ["院区设备购置补助"]
    assert not any(p.code == "P001" for f in forms for p in f.problems)
    # near miss: the title itself (no file extension after it) still starts the form
    assert [f.project for f in parse_text(form_text, "q.txt").forms] == ["院区设备购置补助"]
