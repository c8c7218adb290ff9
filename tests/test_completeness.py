"""What a form owes (nlp_audit/completeness.py): a missing part is a finding only where it could be there.

Synthetic forms written for these tests: a file that stops inside its table or mid-sentence gets one
notice of the cut instead of 缺少总分 / 缺少绩效指标表; a template without a narrative field owes none; a
list of expenditures is no unreadable indicator table. Each has a near miss that must still fire.
"""

from __future__ import annotations

from builders import form, row, rules_of, run
from test_layout_families import TABBED

from nlp_audit.completeness import MISSING_NARRATIVE, MISSING_TABLE, MISSING_TOTAL, UNREADABLE_TABLE
from nlp_audit.pipeline import parse_file

CUT_NOTICE = "文件不完整"
_BEFORE_TOTAL = TABBED.split("\n\t度指 标")[0]  # the table's four rows, no 总分 / 评分等级 after them


def _problems(tmp_path, text: str, name: str = "f.txt") -> list[tuple[str, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    parsed = parse_file(path)
    return [(p.code, p.message) for p in parsed.errors] + [(p.code, p.message) for f in parsed.forms
                                                           for p in f.problems]


def _messages(tmp_path, text: str) -> list[str]:
    return [m for _c, m in _problems(tmp_path, text)]


def _cut_notices(tmp_path, text: str) -> list[str]:
    return [m for m in _messages(tmp_path, text) if m.startswith(CUT_NOTICE) or m.startswith("最后一行不完整")]


# --- the file stops inside the table -----------------------------------------------------------------

def test_a_file_that_stops_inside_its_last_row_reports_the_cut_once_not_a_missing_total(tmp_path):
    cut = _BEFORE_TOTAL.rsplit("\t96.00(%)", 1)[0] + "\n"  # the 满意度 row stops after its target
    messages = _messages(tmp_path, cut)
    assert MISSING_TOTAL not in messages
    assert len(_cut_notices(tmp_path, cut)) == 1
    # without a final newline the parser's own cut-row P003 is that one report
    assert len(_cut_notices(tmp_path, cut.rstrip("\n"))) == 1


def test_a_file_that_stops_at_the_start_of_the_next_block_reports_the_cut(tmp_path):
    rows = _BEFORE_TOTAL.split("满意度指标\t")[0]
    cut = rows + "满意度指标\t服务对\n"  # the 满意度 block starts and stops
    messages = _messages(tmp_path, cut)
    assert MISSING_TOTAL not in messages
    notices = [m for m in messages if m.startswith(CUT_NOTICE)]
    assert len(notices) == 1 and "下一块" in notices[0]


def test_near_miss_a_whole_last_row_with_nothing_after_it_still_lacks_its_total(tmp_path):
    messages = _messages(tmp_path, _BEFORE_TOTAL + "\n")
    assert MISSING_TOTAL in messages
    assert not [m for m in messages if m.startswith(CUT_NOTICE)]


def test_near_miss_a_table_closed_by_a_conclusion_and_a_signature_still_lacks_its_total(tmp_path):
    closed = _BEFORE_TOTAL + "\n评价结论\t项目按计划实施\n填报人:赵某某\t联系电话:12345678\n"
    messages = _messages(tmp_path, closed)
    assert MISSING_TOTAL in messages
    assert not [m for m in messages if m.startswith(CUT_NOTICE)]


def test_a_file_that_stops_at_the_table_header_is_cut_not_unreadable(tmp_path):
    header_only = TABBED.split("产出指标\t数量指标")[0]
    messages = _messages(tmp_path, header_only)
    assert UNREADABLE_TABLE not in messages and MISSING_TABLE not in messages
    assert [m for m in messages if m.startswith(CUT_NOTICE)]


# --- a form with no table that stops mid-sentence ------------------------------------------------------

_DECLARATION = (
    "项目支出绩效目标申报表\n项目名称\t河道清淤维护\n主管部门\t某县水务局\n"
    "项目资金(万元)\t年度资金总额\t80.00\n年度总体目标\t"
)


def test_a_declaration_cut_inside_its_goal_is_reported_as_cut_not_as_missing_its_table(tmp_path):
    cut = _DECLARATION + "清理主要河道淤积十二公里并修复两处护岸,保障汛期行洪安\n"
    messages = _messages(tmp_path, cut)
    assert MISSING_TABLE not in messages
    assert [m for m in messages if m.startswith(CUT_NOTICE)]


def test_near_miss_a_declaration_whose_goal_ends_its_sentence_lacks_its_table(tmp_path):
    whole = _DECLARATION + "清理主要河道淤积十二公里并修复两处护岸,保障汛期行洪安全。\n"
    messages = _messages(tmp_path, whole)
    assert MISSING_TABLE in messages
    assert not [m for m in messages if m.startswith(CUT_NOTICE)]


# --- a part the template does not have -----------------------------------------------------------------

_HUBEI_STYLE = (
    "2023年度道路养护项目绩效自评表\n项目名称\t乡道养护\n主管部门\t某县交通局\n"
    "预算执行情况(万元)(20分)\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分(20分*执行率)\n"
    "年度财政资金总额\t50\t50\t100%\t20\n"
    "年度绩效目标1(80分)\t一级指标\t二级指标\t三级指标\t年初目标值(A)\t实际完成值(B)\t得分\n"
    "产出指标\t数量指标\t养护里程\t≥30公里\t32公里\t40\n"
    "效益指标\t社会效益指标\t通行条件改善\t有效改善\t有效改善\t30\n"
    "满意度指标\t服务对象满意度指标\t沿线群众满意度\t≥90%\t94%\t10\n"
    "总分\t100\n"
)


def test_a_template_without_a_narrative_field_owes_no_narrative(tmp_path):
    assert MISSING_NARRATIVE not in _messages(tmp_path, _HUBEI_STYLE)


def test_near_miss_the_national_template_without_its_narrative_row_misses_it(tmp_path):
    lines = TABBED.splitlines(keepends=True)
    without = "".join(ln for ln in lines if not ln.startswith("年度总体目标") and "全年开放图书角" not in ln)
    assert MISSING_NARRATIVE in _messages(tmp_path, without)


# --- an unreadable indicator table needs an indicator table --------------------------------------------

_HEADER = "2022年度项目支出绩效自评表\n项目名称\t村道养护\n主管部门\t某县交通局\n"


def test_an_expenditure_list_is_no_unreadable_indicator_table(tmp_path):
    spending = _HEADER + "支出明细\n支出内容\t会计凭证号\t备注\n养护劳务费\t一月记账\t付劳务费\n沥青材料费\t三月记账\t付材料款\n"
    problems = _problems(tmp_path, spending)
    assert ("P001", UNREADABLE_TABLE) not in problems
    assert ("P002", MISSING_TABLE) in problems


def test_near_miss_an_indicator_header_over_rows_it_cannot_read_stays_unreadable(tmp_path):
    garbled = _HEADER + (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "@@##\t$$%%\t&&**\n~~^^\t!!??\t**&&\n总分\t100\t95\n"
    )
    problems = _problems(tmp_path, garbled)
    codes = {c for c, _m in problems}
    assert ("P002", MISSING_TABLE) not in problems
    assert "P001" in codes or "P003" in codes  # the rows are reported as unreadable, one way or another


# --- checks that need the whole form ---------------------------------------------------------------------

def _report(truncated: bool):
    f = form([row("培训场次", "≥10场", "6场", level1="产出指标", level2="数量指标")], kind="other",
             total=None, total_weight=None)
    f.truncated = truncated
    return f


def test_d001_not_on_a_cut_report_whose_reasons_would_come_later():
    assert "D001" not in rules_of(run(_report(truncated=True), codes="D001"))


def test_d001_near_miss_a_whole_report_that_never_explains_its_shortfall():
    assert "D001" in rules_of(run(_report(truncated=False), codes="D001"))


def test_d001_still_fires_on_a_cut_form_whose_row_has_an_empty_reason_cell():
    f = form([row("培训场次", "≥10场", "6场", 10, 6, reason="", level1="产出指标", level2="数量指标")])
    f.truncated = True
    assert "D001" in rules_of(run(f, codes="D001"))


def test_s007_not_on_a_report_listing_indicators_without_weights():
    f = form([row("培训场次", "≥10场", "12场", level1="产出指标", level2="数量指标")], kind="other",
             total=90, total_weight=None)
    assert "S007" not in rules_of(run(f, codes="S007"))


def test_s007_near_miss_a_self_evaluation_with_only_an_output_block():
    f = form([row("培训场次", "≥10场", "12场", 90, 90, level1="产出指标", level2="数量指标")])
    assert "S007" in rules_of(run(f, codes="S007"))
