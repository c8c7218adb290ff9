"""Deviation reasons outside the row: the blocks under the table (偏差大或目标未完成原因分析, 存在问题 /
改进措施), read by layout/notes.py and tied by D001-D003 to the rows they name (or to every shortfall
when they name none). Synthetic forms written for these tests."""

from __future__ import annotations

import pytest
from builders import parse_one, rules_of, run

from nlp_audit.layout.notes import read_notes

TABBED = (
    "项目支出绩效自评表\n"
    "项目名称\t社区文化活动项目\n"
    "年度资金总额\t20\t20\t20\t10\t100%\t10\n"
    "预期目标\t全年开展文化活动12场,培训文艺骨干60人。\n"
    "实际完成情况\t全年开展文化活动10场,培训文艺骨干60人。\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    "产出指标\t数量指标\t开展文化活动场次\t≥12场\t10场\t30\t25\t\n"
    "产出指标\t数量指标\t培训文艺骨干人数\t≥60人\t60人\t20\t20\t\n"
    "产出指标\t质量指标\t活动安全事故数\t≤0起\t0起\t10\t10\t\n"
    "效益指标\t社会效益指标\t居民参与率\t≥80%\t70%\t20\t17\t\n"
    "满意度指标\t服务对象满意度指标\t居民满意度\t≥90%\t95%\t10\t10\t\n"
    "总分\t100\t92\n"
    "{notes}"
)


def _form(notes: str):
    return parse_one(TABBED.format(notes=notes))


def test_a_block_under_the_table_is_read_as_a_note_with_exact_evidence():
    f = _form("偏差大或目标未完成原因分析:受疫情影响两场活动未能举办,下一步将合理安排活动时间。\n项目负责人:李某\n")
    assert [n.text for n in f.notes] == ["受疫情影响两场活动未能举办,下一步将合理安排活动时间。"]
    note = f.notes[0]
    start, end = note.file_span(0, len(note.text))
    assert f.text[start - f.text_offset : end - f.text_offset] == note.text


def test_problem_and_measure_blocks_over_several_lines_and_cells():
    text = ("存在问题 | 受疫情影响两场活动未能举办, |\n部分居民参与积极性不高。 |\n"
            "改进措施 | 下一步将提前发布活动安排。 |\n评价结论 | 完成年度目标 |\n")
    notes = read_notes(text)
    assert [n.text for n in notes] == ["受疫情影响两场活动未能举办,部分居民参与积极性不高。", "下一步将提前发布活动安排。"]
    quoted, src = notes[0].quote(0, len(notes[0].text))
    assert quoted == text[src.start : src.end] and "\n" in quoted


@pytest.mark.parametrize(
    "text",
    [
        # the reason column of the header row, tab-separated or one cell per line
        "三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n开展活动\t≥12场\t10场\t30\t25\t\n",
        "实际完成值 |\n得分 |\n未完成原因分析 |\n产出指标 |\n数量指标 |\n",
        "三级指标 年度指标值 实际完成值 分值 得分\n\n偏差原因分析\n\n及改进措施\n\n产出\n\n指标\n",
        # the template's prompt left in place is not a note (P004 reports it)
        "存在问题 |\n结合自评情况,分析存在的问题及原因。(200字以内) |\n改进措施 |\n",
        "存在问题 |  |\n改进措施 |  |\n",
    ],
)
def test_column_headers_and_prompts_are_not_notes(text):
    assert read_notes(text) == []


def test_d001_not_raised_for_a_shortfall_the_note_explains_by_name():
    f = _form("偏差大或目标未完成原因分析:开展文化活动场次:受疫情影响两场活动未能举办,下一步将合理安排活动时间。\n")
    hits = run(f, "D001")
    assert "开展文化活动场次" not in [h.indicator for h in hits]
    assert [h.indicator for h in hits] == ["居民参与率"]  # the note names only the other row


def test_a_note_naming_no_row_explains_every_shortfall():
    f = _form("存在问题:受疫情影响部分活动未能如期举办。\n改进措施:下一步将合理安排活动时间,加强宣传。\n")
    assert run(f, "D001") == []
    assert run(f, "D003") == []  # the cause of one block and the measure of the other together


def test_a_boilerplate_note_explains_nothing():
    f = _form("偏差大或目标未完成原因分析:无\n")
    assert rules_of(run(f, "D001")) == ["D001", "D001"]


def test_d003_judges_the_note_and_quotes_it():
    f = _form("偏差大或目标未完成原因分析:受疫情影响部分活动未能举办。\n")
    hits = run(f, "D003")
    assert rules_of(hits) == ["D003", "D003"]
    assert all(h.evidence == "受疫情影响部分活动未能举办。" for h in hits)
    assert all(f.text[h.start - f.text_offset : h.end - f.text_offset] == h.evidence for h in hits)


def test_a_vague_cell_explained_by_the_note_is_not_d002():
    text = TABBED.replace("≥12场\t10场\t30\t25\t", "≥12场\t10场\t30\t25\t无").format(
        notes="偏差大或目标未完成原因分析:开展文化活动场次:受疫情影响两场活动未能举办,下一步将合理安排活动时间。\n")
    f = parse_one(text)
    assert "开展文化活动场次" not in [h.indicator for h in run(f, "D002")]
    assert "开展文化活动场次" in [h.indicator for h in run(parse_one(TABBED.replace(
        "≥12场\t10场\t30\t25\t", "≥12场\t10场\t30\t25\t无").format(notes="")), "D002")]


def test_notes_appear_in_the_parse_json_only_when_printed():
    assert "notes" not in _form("").to_json()
    assert _form("存在问题:活动场地不足。\n").to_json()["notes"] == ["活动场地不足。"]
