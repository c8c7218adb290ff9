"""Interleaved tables read with no known header (issue 8): a PDF or xlsx dump that prints the names
before their values, wraps units onto lines of their own and mixes scoring-rule prose (得分计算方法)
into the cells. Each mechanism on synthetic text written for these tests, with a near miss that must
read as before; every table is read with the header aliases emptied (the parser sees no known header
name), as the perturbation suite's --no-aliases run does."""

from __future__ import annotations

from nlp_audit.layout import parse_text
from nlp_audit.layout.celltypes import NAME, REASON, RULE, cell_type
from nlp_audit.layout.lexicon import without_header_aliases

HEAD = "财政项目支出绩效自评表\n项目名称\t河道保洁养护\n主管部门\t某县水利局\n"
COLUMNS = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分计算方法", "得分",
           "偏差原因分析及改进措施"]


def _read(text: str):
    with without_header_aliases():
        return parse_text(text, "x.txt").forms[0]


def _rows(form) -> list[tuple]:
    return [(i.name, i.target.value, i.actual.value, i.weight, i.score) for i in form.indicators]


def _cells(*cells: str) -> str:
    """A table printed one cell per line (a PDF read cell by cell)."""
    return "\n".join(cells) + "\n"


def test_scoring_rule_prose_is_a_cell_class_of_its_own() -> None:
    for text in ("全部完成得满分,每少完成1处扣2分,扣完为止。", "得分=分值×实际完成值/目标值", "部分完成的按完成比例计分",
                 "按期完成得满分,每推迟半个月扣1分。", "验收合格记满分,不合格不得分"):
        assert cell_type(text).cls == RULE, text
    # near misses: a deviation reason that mentions the deduction gives its cause; a name measures something
    assert cell_type("由于汛期清淤工期延后,按规则扣2分,下一步将加强调度与督办").cls == REASON
    assert cell_type("年度考核计分达标率").cls == NAME
    assert cell_type("计分卡发放数量").cls == NAME


def test_scoring_rule_prose_between_the_actual_and_the_score_fills_no_value_column() -> None:
    """The rule sits between the actual and the score in a one-cell-per-line stream: read as a value it
    took the score's place (the numbers in it, 1处 and 2分, looked like values too). It is passed over
    and kept as the row's rule text; a reason that mentions its deduction stays the reason."""
    text = HEAD + _cells(
        *COLUMNS,
        "产出指标", "数量指标", "保洁河道长度", "30", "≥42公里", "45公里", "全部完成得满分,每少完成1处扣2分,扣完为止。", "30",
        "质量指标", "水面漂浮物清理达标率", "20", "≥95%", "91%", "部分完成的按完成比例计分", "18",
        "由于汛期清淤工期延后,按规则扣2分,下一步将加强调度与督办",
        "效益指标", "社会效益指标", "沿岸群众满意度", "10", "≥90%", "93%", "验收合格记满分,不合格不得分", "10",
    )
    form = _read(text)
    assert _rows(form) == [("保洁河道长度", 42.0, 45.0, 30.0, 30.0), ("水面漂浮物清理达标率", 95.0, 91.0, 20.0, 18.0),
                           ("沿岸群众满意度", 90.0, 93.0, 10.0, 10.0)]
    assert form.indicators[0].extra["得分计算方法"] == "全部完成得满分,每少完成1处扣2分,扣完为止。"
    assert form.indicators[1].reason == "由于汛期清淤工期延后,按规则扣2分,下一步将加强调度与督办"


NAMES = ["产出指标(60分)", "数量指标", "保洁河道长度", "清理垃圾吨数", "质量指标", "水面漂浮物清理达标率",
         "时效指标", "汛前清淤完成时限", "效益指标(30分)", "社会效益指标", "沿岸群众出行条件",
         "生态效益指标", "河道水质达标断面数", "满意度指标(10分)", "服务对象满意度指标", "沿岸群众满意度"]
VALUES = [("≥42公里", "45公里", "15", "15"), ("≥300吨", "326吨", "15", "15"), ("≥95%", "97%", "15", "15"),
          ("≥2次", "2次", "15", "15"), ("改善", "达成指标", "15", "15"), ("≥6个", "6个", "15", "15"),
          ("≥90%", "93%", "10", "10")]
READ = [("保洁河道长度", 42.0, 45.0, 15.0, 15.0), ("清理垃圾吨数", 300.0, 326.0, 15.0, 15.0),
        ("水面漂浮物清理达标率", 95.0, 97.0, 15.0, 15.0), ("汛前清淤完成时限", 2.0, 2.0, 15.0, 15.0),
        ("沿岸群众出行条件", None, None, 15.0, 15.0), ("河道水质达标断面数", 6.0, 6.0, 15.0, 15.0),
        ("沿岸群众满意度", 90.0, 93.0, 10.0, 10.0)]


def _values_read(form) -> list[tuple]:
    return [(r[0], r[3], r[4]) for r in _rows(form)]


def test_a_run_of_values_printed_after_all_the_names_is_cut_into_one_tuple_per_name() -> None:
    """Every name first, then every value, one cell per line: nothing separates one row's values from the
    next, and the run read as one row of 28 columns. Seven names and a run that cuts into seven tuples
    alike (a target, an actual, two small numbers) are seven rows; so is the run printed on one line."""
    assert _rows(_read(HEAD + _cells(*COLUMNS[:6], "得分", *NAMES, *(v for t in VALUES for v in t)))) == READ
    one_line = "\t".join(v for t in VALUES for v in (*t, ""))
    text = HEAD + "\t".join([*COLUMNS[:6], "得分", "偏差原因分析及改进措施"]) + "\n" + _cells(*NAMES) + one_line + "\n"
    assert _values_read(_read(text)) == [(r[0], r[3], r[4]) for r in READ]


def test_a_name_wrapped_over_two_cells_is_not_two_rows() -> None:
    """Near miss: a name printed over two cells before values that look alike two by two (95 98 | 10 10)
    is one row, since the table's other rows print four values beside one name."""
    text = HEAD + _cells(
        "产出指标", "数量指标", "保洁河道长度", "≥42公里", "45公里", "20", "20",
        "质量指标", "水面漂浮物清理", "达标率", "95", "98", "10", "10",
        "效益指标", "社会效益指标", "河道水质达标断面数", "≥6个", "6个", "20", "20",
        "满意度指标", "服务对象满意度指标", "沿岸群众满意度", "≥90%", "93%", "10", "10",
    )
    assert _values_read(_read(text)) == [("保洁河道长度", 20.0, 20.0), ("水面漂浮物清理达标率", 10.0, 10.0),
                                         ("河道水质达标断面数", 20.0, 20.0), ("沿岸群众满意度", 10.0, 10.0)]


def test_scoring_rules_and_a_bare_verdict_inside_a_detached_run_do_not_cut_it() -> None:
    """The detached run holds a rule after each row's actual and a qualitative actual that reads as an
    empty reason ("已完成"): neither ends the run nor takes a column."""
    rules = ["全部完成得满分,每少完成1处扣2分,扣完为止。", "部分完成的按完成比例计分", "按期完成得满分,每推迟半个月扣1分。"]
    values = [("15", "≥42公里", "已完成", rules[0], "15"), ("15", "≥300吨", "326吨", rules[1], "15"),
              ("15", "≥95%", "97%", rules[2], "15"), ("15", "≥2次", "2次", rules[0], "15"),
              ("15", "改善", "达成指标", rules[1], "15"), ("15", "≥6个", "6个", rules[2], "15"),
              ("10", "≥90%", "93%", rules[0], "10")]
    form = _read(HEAD + _cells(*COLUMNS, *NAMES, *(v for t in values for v in t)))
    assert _values_read(form) == [(r[0], r[3], r[4]) for r in READ]
    assert form.indicators[2].extra["得分计算方法"] == rules[2]


def test_the_first_row_of_a_long_name_block_belongs_to_the_table() -> None:
    """The first rows' labels and names are more cells before the first value than a table start looks
    ahead (a detached name block of nine rows): the rows from the first label on are read, not from the
    first label close enough to a value."""
    names = [*NAMES[:4], "清理水草面积", "更换警示标牌数量", *NAMES[4:]]
    values = [*VALUES[:2], ("≥500平方米", "520平方米", "5", "5"), ("≥20块", "22块", "5", "5"),
              *((t, a, "10", "10") for t, a, _w, _s in VALUES[2:6]), VALUES[6]]
    form = _read(HEAD + _cells(*COLUMNS[:6], "得分", *names, *(v for t in values for v in t)))
    assert [i.name for i in form.indicators] == [n for n in names if n in {r[0] for r in READ} or "清理水草" in n
                                                 or "警示标牌" in n]
    assert (form.indicators[0].level1, form.indicators[0].weight, form.indicators[-1].score) == ("产出指标", 15.0, 10.0)


def test_a_unit_wrapped_onto_its_own_line_is_its_numbers_when_the_table_prints_units_inline() -> None:
    """"≥42" / "公里" with no header: a 度量单位 column or a wrapped cell? The table prints other values
    with their units inside ("45公里", "97%"), so it has no unit column: the unit is the number's."""
    text = HEAD + _cells(
        "产出指标", "数量指标", "保洁河道长度", "≥42", "公里", "45公里", "20", "20",
        "清理垃圾吨数", "≥300", "吨", "326", "吨", "20", "20",
        "质量指标", "水面漂浮物清理达标率", "≥95%", "97", "%", "20", "20",
        "满意度指标", "服务对象满意度指标", "沿岸群众满意度", "≥90%", "93%", "10", "10",
    )
    assert _rows(_read(text)) == [("保洁河道长度", 42.0, 45.0, 20.0, 20.0), ("清理垃圾吨数", 300.0, 326.0, 20.0, 20.0),
                                  ("水面漂浮物清理达标率", 95.0, 97.0, 20.0, 20.0), ("沿岸群众满意度", 90.0, 93.0, 10.0, 10.0)]


def test_a_table_that_prints_every_value_bare_keeps_its_unit_column() -> None:
    """Near miss: no value carries its unit, so the unit cells are a 度量单位 column (read for both values)."""
    text = HEAD + _cells(
        "产出指标", "数量指标", "保洁河道长度", "42", "公里", "45", "20", "20",
        "清理垃圾吨数", "300", "吨", "326", "20", "20",
        "质量指标", "水面漂浮物清理达标率", "95", "%", "97", "20", "20",
    )
    form = _read(text)
    assert _rows(form) == [("保洁河道长度", 42.0, 45.0, 20.0, 20.0), ("清理垃圾吨数", 300.0, 326.0, 20.0, 20.0),
                           ("水面漂浮物清理达标率", 95.0, 97.0, 20.0, 20.0)]
    assert [i.actual.unit for i in form.indicators] == ["公里", "吨", "%"]


def test_funds_rows_are_no_table_rows_when_only_their_labels_are_known() -> None:
    """The funds block's column names are unknown, its row labels are not (总额, 其中:财政拨款): rows of
    bare amounts before the narratives are funds rows, even those the lexicon does not name, and the
    indicator table starts at its own rows."""
    text = ("财政项目支出绩效自评表\n项目名称\t河道保洁养护\n主管部门\t某县水利局\n"
            "项目资金(万元)\t年初数\t调整数\t支出数\t权数\t支出率\t评分\n"
            "年度资金总额\t80.00\t80.00\t76.00\t10\t95.00%\t9.5\n"
            "其中:财政拨款\t80.00\t80.00\t76.00\t\t95.00%\t\n"
            "专项债券资金\t0.00\t0.00\t0.00\t\t0.00%\t\n"
            "单位自筹资金\t0.00\t0.00\t0.00\t\t0.00%\t\n"
            "年度总体目标\t预期目标\t实际完成情况\n"
            "\t保持河道水面清洁,改善沿岸人居环境。\t全年保洁河道45公里,水面保持清洁。\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
            "产出指标\t数量指标\t保洁河道长度\t≥42\n公里\t45\t20\t20\t\n"
            "\t\t清理垃圾吨数\t≥300\n吨\t326\t20\t20\t\n"
            "\t质量指标\t水面漂浮物清理达标率\t达标\t达成指标\t20\t20\t\n"
            "效益指标\t生态效益指标\t河道水质达标断面数\t≥6个\t6\t30\t30\t\n"
            "满意度指标\t服务对象满意度指标\t沿岸群众满意度\t≥90%\t93\t10\t10\t\n")
    form = _read(text)
    assert _rows(form) == [("保洁河道长度", 42.0, 45.0, 20.0, 20.0), ("清理垃圾吨数", 300.0, 326.0, 20.0, 20.0),
                           ("水面漂浮物清理达标率", None, None, 20.0, 20.0), ("河道水质达标断面数", 6.0, 6.0, 30.0, 30.0),
                           ("沿岸群众满意度", 90.0, 93.0, 10.0, 10.0)]


def test_the_first_detached_name_is_no_reason_of_the_row_printed_before_the_run() -> None:
    """One row printed whole (its rule after the score), then the names of the rest, then their values:
    the first of those names sits where the row's reason would, but the run has one tuple more than the
    names after it, so it is the run's first name."""
    text = HEAD + _cells(
        *COLUMNS,
        "产出指标", "数量指标", "保洁河道长度", "15", "≥42公里", "45公里", "全部完成得满分,每少完成1处扣2分,扣完为止。", "15",
        "清理垃圾吨数", "质量指标", "水面漂浮物清理达标率", "时效指标", "汛前清淤完成时限",
        "效益指标(30分)", "社会效益指标", "沿岸群众出行条件", "满意度指标(10分)", "服务对象满意度指标", "沿岸群众满意度",
        *(v for t in [("15", "≥300吨", "326吨", "15"), ("15", "≥95%", "97%", "15"), ("15", "≥2次", "2次", "15"),
                      ("30", "改善", "达成指标", "30"), ("10", "≥90%", "93%", "10")] for v in t),
    )
    assert _values_read(_read(text)) == [("保洁河道长度", 15.0, 15.0), ("清理垃圾吨数", 15.0, 15.0),
                                         ("水面漂浮物清理达标率", 15.0, 15.0), ("汛前清淤完成时限", 15.0, 15.0),
                                         ("沿岸群众出行条件", 30.0, 30.0), ("沿岸群众满意度", 10.0, 10.0)]


def test_a_reason_no_reason_word_marks_inside_a_detached_run_is_no_name() -> None:
    """Value lines of a detached block, one holding a reason that reads like a short text (no 原因, 由于,
    措施): that text is the row's reason, and the lines after it still pair with the names."""
    text = HEAD + (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 保洁河道长度\n质量指标 水面漂浮物清理达标率\n时效指标 汛前清淤完成时限\n"
        "效益指标 社会效益指标 沿岸群众出行条件\n满意度指标 服务对象满意度指标 沿岸群众满意度\n"
        "≥42公里 38公里 20 18 部分河段交由乡镇自行保洁\n≥95% 97% 20 20\n≥2次 2次 20 20\n"
        "改善 达成指标 30 30\n≥90% 93% 10 10\n"
    )
    form = _read(text)
    assert _values_read(form) == [("保洁河道长度", 20.0, 18.0), ("水面漂浮物清理达标率", 20.0, 20.0),
                                  ("汛前清淤完成时限", 20.0, 20.0), ("沿岸群众出行条件", 30.0, 30.0),
                                  ("沿岸群众满意度", 10.0, 10.0)]
    assert form.indicators[0].reason == "部分河段交由乡镇自行保洁"


def test_numbers_inside_a_scoring_rule_of_a_long_spaced_line_are_not_cut_out_as_values() -> None:
    """A long line of single-space separated cells is read as a fused line, cut at its numbers; the
    numbers of a scoring rule ("每少完成1处扣2分") are words of the rule, not cells of the row."""
    rule = "全部完成得满分,每少完成1处扣2分,扣完为止。"
    text = HEAD + (
        "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分计算方法 得分 偏差原因分析及改进措施\n"
        f"产出指标 数量指标 保洁河道长度 30 ≥42公里 45公里 {rule} 30 质量指标 水面漂浮物清理达标率 20 ≥95% 91% {rule} 18\n"
        f"效益指标 社会效益指标 沿岸群众满意度 10 ≥90% 93% 按期完成得满分,每推迟半个月扣1分。 10\n"
    )
    form = _read(text)
    assert _rows(form) == [("保洁河道长度", 42.0, 45.0, 30.0, 30.0), ("水面漂浮物清理达标率", 95.0, 91.0, 20.0, 18.0),
                           ("沿岸群众满意度", 90.0, 93.0, 10.0, 10.0)]


# --- near misses: what each mechanism must leave as it was --------------------------------------------


def test_a_heading_above_a_long_name_block_is_no_row() -> None:
    """The table start walks back over labels and names to the block's first label, and no further: a
    heading printed above the first label is not read as a row."""
    form = _read(HEAD + _cells(*COLUMNS[:6], "得分", "附表 河道保洁绩效情况", *NAMES, *(v for t in VALUES for v in t)))
    assert not any("附表" in i.name for i in form.indicators)


def test_rows_of_bare_numbers_after_the_narratives_are_table_rows() -> None:
    """Rows of bare numbers before the narratives are funds rows; the same rows after them, in a table
    whose header the lexicon does not know, are indicator rows."""
    text = ("财政项目支出绩效自评表\n项目名称\t河道保洁养护\n主管部门\t某县水利局\n"
            "项目资金(万元)\t年初数\t调整数\t支出数\n年度资金总额\t80.00\t80.00\t76.00\n"
            "年度总体目标\t预期目标\t实际完成情况\n\t保持河道水面清洁。\t全年保洁河道45公里。\n"
            "考核项\t分项\t考核内容\t目标\t完成\t占分\t实得\n"
            "保洁覆盖村庄数\t12\t12\t40\t40\n"
            "河道保洁频次\t365\t360\t30\t29\n"
            "沿岸群众满意度\t90\t93\t30\t30\n")
    assert _rows(_read(text)) == [("保洁覆盖村庄数", 12.0, 12.0, 40.0, 40.0), ("河道保洁频次", 365.0, 360.0, 30.0, 29.0),
                                  ("沿岸群众满意度", 90.0, 93.0, 30.0, 30.0)]


def test_a_text_reason_before_a_detached_run_that_pairs_stays_the_reason() -> None:
    """The first detached name is taken back from the row before only when the run holds one tuple more
    than the names after it; a run that pairs with its names leaves that row's reason alone."""
    text = HEAD + _cells(
        *COLUMNS[:6], "得分", "偏差原因分析及改进措施",
        "产出指标", "数量指标", "保洁河道长度", "15", "≥42公里", "38公里", "13", "部分河段交由乡镇自行保洁",
        "质量指标", "水面漂浮物清理达标率", "时效指标", "汛前清淤完成时限", "满意度指标", "服务对象满意度指标", "沿岸群众满意度",
        *(v for t in [("15", "≥95%", "97%", "15"), ("15", "≥2次", "2次", "15"), ("10", "≥90%", "93%", "10")] for v in t),
    )
    form = _read(text)
    assert _values_read(form) == [("保洁河道长度", 15.0, 13.0), ("水面漂浮物清理达标率", 15.0, 15.0),
                                  ("汛前清淤完成时限", 15.0, 15.0), ("沿岸群众满意度", 10.0, 10.0)]
    assert form.indicators[0].reason == "部分河段交由乡镇自行保洁"


def test_a_row_named_by_what_it_measures_after_a_detached_run_keeps_its_name() -> None:
    """A detached run short of its names does not read on over a row named by a measure (…数, …率): that
    row is a row of its own, whatever the run lacks."""
    text = HEAD + (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 保洁河道长度\n质量指标 水面漂浮物清理达标率\n时效指标 汛前清淤完成时限\n"
        "≥42公里 45公里 20 20\n≥95% 97% 20 20\n"
        "清理垃圾吨数 ≥300吨 326吨 20 20\n满意度指标 服务对象满意度指标 沿岸群众满意度 ≥90% 93% 10 10\n"
    )
    rows = _rows(_read(text))
    assert ("清理垃圾吨数", 300.0, 326.0, 20.0, 20.0) in rows and ("沿岸群众满意度", 90.0, 93.0, 10.0, 10.0) in rows


def test_a_name_that_mentions_scoring_on_a_long_spaced_line_keeps_its_name_and_values() -> None:
    """A name with 计分 in it ("日常巡查计分达标率") names what it measures: no rule, its cell is not kept
    whole, and the values printed after it are read."""
    text = HEAD + (
        "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 保洁河道长度 30 ≥42公里 45公里 30 清理垃圾吨数 20 ≥300吨 326吨 20 "
        "质量指标 日常巡查计分达标率 20 ≥95% 97% 20 水面漂浮物清理达标率 20 ≥95% 96% 20 河道垃圾日产日清率 10 ≥98% 99% 10\n"
        "效益指标 社会效益指标 沿岸群众满意度 10 ≥90% 93% 10\n"
    )
    assert _rows(_read(text))[2] == ("日常巡查计分达标率", 95.0, 97.0, 20.0, 20.0)


def test_a_row_glued_to_the_rule_after_its_numbers_keeps_its_name_and_points() -> None:
    """Near miss: only a text that opens with a rule's words keeps its numbers; a row's name and its
    numbers glued to the rule that follows them ("…完成情况15.015.015.0全部完成记满分…") are still cut."""
    text = HEAD + (
        "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分计算方法 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 年度保洁任务完成情况15.015.015.0全部完成记满分,未完成按完成比例计分。15.0 "
        "质量指标 水面漂浮物清理达标率 20 ≥95% 97% 20 河道垃圾日产日清率 10 ≥98% 99% 10\n"
    )
    first = _read(text).indicators[0]
    assert (first.name, first.weight, first.score) == ("年度保洁任务完成情况", 15.0, 15.0)
