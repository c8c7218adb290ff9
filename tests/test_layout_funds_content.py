"""The funds block read from what its rows contain (issue 8): a 合计 printed last, rows whose column names
nobody here knows, a breakdown inside an amount's cell, "name: number" pairs. Each mechanism on synthetic
text written for these tests, with a near miss that must read as before."""

from __future__ import annotations

from nlp_audit.layout import parse_text
from nlp_audit.layout.lexicon import without_header_aliases

HEAD = "财政项目支出绩效自评表\n项目名称\t村级道路维护\n主管部门\t某县交通运输局\n实施单位\t某镇人民政府\n"
NARR = ("年度总体目标\t预期目标\t实际完成情况\n\t2023年度计划维护村道32公里,保障群众安全出行。"
        "\t全年维护村道35公里,群众出行条件明显改善。\n")
TABLE = ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
         "产出指标\t数量指标\t维护村道里程\t≥32公里\t35公里\t50\t50\t\n"
         "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t40\t40\t\n"
         "合计\t\t\t\t\t90\t90\n")


def _funds(text: str, aliases: bool = True) -> list[tuple]:
    if aliases:
        form = parse_text(text, "f.txt").forms[0]
    else:
        with without_header_aliases():
            form = parse_text(text, "f.txt").forms[0]
    return [(r.label, r.budget_initial, r.budget_full_year, r.executed, r.rate, r.weight, r.score) for r in form.funds]


def test_a_total_printed_after_its_parts_is_the_funds_total() -> None:
    # "合计" names the table's total row as well; inside the funds block, with amounts after it, it is the
    # block's total, on one line or one cell per line
    block = ("项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
             "县级资金\t30.00\t30.00\t28.00\t\t\t\n上级补助资金\t50.00\t50.00\t48.00\t\t\t\n"
             "合计\t80.00\t80.00\t76.00\t10\t95.00%\t9.5\n")
    got = _funds(HEAD + block + NARR + TABLE)
    assert ("合计", 80.0, 80.0, 76.0, 95.0, 10.0, 9.5) in got
    cells = block.replace("\t", "\n").replace("\n\n", "\n").replace("\n\n", "\n")
    assert ("合计", 80.0, 80.0, 76.0, 95.0, 10.0, 9.5) in _funds(HEAD + cells + NARR + TABLE)


def test_the_table_total_is_no_funds_row() -> None:
    # near miss: the 合计 row of the indicator table stays the table's
    text = HEAD + "项目资金(万元)\t全年预算数\t全年执行数\t分值\t执行率\t得分\n年度资金总额\t80.00\t76.00\t10\t95.00%\t9.5\n"
    got = _funds(text + NARR + TABLE)
    assert [r[0] for r in got] == ["年度资金总额"]


def test_rows_under_an_unknown_funds_header_are_read_when_their_numbers_prove_them() -> None:
    # no column name is known; the total's rate is its second amount over its first (95.00% = 76 / 80, or
    # the fraction 0.95), and the part rows printed above it belong to the block too
    for rate in ("95.00%", "0.950"):
        text = HEAD + ("项目资金(万元)\t年初数\t调整后\t实支数\t权数\t比率\t评分\n"
                       "县级资金\t30.00\t30.00\t28.00\t\t\t\n"
                       f"总计\t80.00\t80.00\t76.00\t10\t{rate}\t9.5\n") + NARR + TABLE
        got = _funds(text, aliases=False)
        assert ("总计", 80.0, 80.0, 76.0, 95.0, 10.0, 9.5) in got, rate
        assert ("县级资金", 30.0, 30.0, 28.0, None, None, None) in got


def test_header_lines_with_numbers_are_no_funds_rows_without_a_proof() -> None:
    # near miss: with no known funds column, lines of a text and numbers that no rate proves stay out
    text = HEAD + "项目起止时间\t2023.01\t2023.12\n联系电话\t0731\t8888\n" + NARR + TABLE
    assert _funds(text, aliases=False) == []


def test_a_part_named_inside_an_amounts_breakdown_is_no_row() -> None:
    text = HEAD + ("项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                   "年度资金总额\t25.49\t22.70万(其中:当年财政拨款19.14万,上年结转资金3.56万)\t20.68\t10.00\t91.10\t8.61\n"
                   ) + NARR + TABLE
    assert _funds(text) == [("年度资金总额", 25.49, 22.7, 20.68, 91.1, 10.0, 8.61)]


def test_an_unclosed_parenthesis_of_a_header_hides_no_row() -> None:
    # near miss: "执行率(执行/预算" never closes on an OCR'd line; no amount opens it, so the row after it is read
    text = HEAD + "资金执行(万元)调整预算数 执行数 执行率(执行/预算 得分(15分×执行率)资金总额 60 57 95% 14.25\n" + NARR + TABLE
    got = _funds(text)
    assert got and got[0][0] == "资金总额" and got[0][2:4] == (60.0, 57.0)


def test_name_number_pairs_whose_names_are_unknown_are_the_block_row() -> None:
    # "name: number" pairs, one line or a line each: the numbers read in the block's usual column order
    # because the rate proves them (100.00% = 29.98 / 29.98); "预算数" ending a longer name is no row label
    pairs = ["年初预算数:31.50", "调整后预算数:29.98", "实际支出数:29.98", "分值:10", "执行率:100.00%", "得分:10"]
    for sep in (";", "\n"):
        text = HEAD + "项目资金情况(万元)\n" + sep.join(pairs) + "\n" + NARR + TABLE
        got = _funds(text, aliases=False)
        assert [r[1:] for r in got] == [(31.5, 29.98, 29.98, 100.0, 10.0, 10.0)], sep


def test_pairs_that_prove_nothing_are_no_funds_row() -> None:
    # near miss: header fields printed as pairs, no rate among them
    text = HEAD + "项目编码:20230115;联系电话:13800000000;计划年度:2023\n" + NARR + TABLE
    assert _funds(text, aliases=False) == []


def test_a_fused_total_after_the_headers_names_is_still_a_row() -> None:
    # near miss for the pair rule: "…执行率得分资金总额:6460…" runs the header's last names into the label, and
    # its numbers are glued: a row of the block, not a name ending in a row label
    text = HEAD + "项目资金(万元)调整预算数全年执行数权重执行率得分资金总额:646010093.75%9.4\n" + NARR + TABLE
    got = _funds(text)
    assert got and got[0][0] == "资金总额" and got[0][2:4] == (64.0, 60.0)


def test_a_decimal_point_followed_by_a_space_stays_inside_its_amount() -> None:
    text = HEAD + ("项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                   "年度资金总额\t80. 00\t80.00\t76. 00\t10\t95.00%\t9.5\n") + NARR + TABLE
    assert _funds(text)[0] == ("年度资金总额", 80.0, 80.0, 76.0, 95.0, 10.0, 9.5)


def test_a_pinyin_gloss_after_a_funds_row_label_is_no_cell() -> None:
    # traditional characters glossed in pinyin, one cell per line: "總額(é)" then its amounts
    cells = ["項目資金(萬元)", "年初預算數", "調整預算數", "執行數", "執行率", "權重", "得分",
             "總額(é)", "40.00", "40.00", "38.00", "95.00%", "10", "9.5",
             "其中:財政撥款", "40.00", "40.00", "38.00", "95.00%", "—", "—"]
    text = HEAD + "".join(f"{c} |\n" for c in cells) + NARR + TABLE
    got = _funds(text)
    assert got[0][1:] == (40.0, 40.0, 38.0, 95.0, 10.0, 9.5)


# funds headers as counties print them: known column names among names the lexicon does not place
FUNDS_HEADERS = [
    ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ("预算执行情况（万元）", "年初预算", "调整后预算数", "实际支出数", "标准分", "预算执行率", "实得分"),
    ("资金投入（万元）", "期初预算数", "全年预算", "实际支出数", "分值", "执行率(B/A)", "得分"),
    ("项目资金（万元）", "年初安排数", "全年预算数(A)", "全年执行数(B)", "权重", "预算执行率", "得分"),
    ("项目资金（万元）", "预算数", "全年预算数", "全年执行数(B)", "分值", "执行率", "自评得分"),
]


def test_a_funds_header_with_names_the_lexicon_does_not_place_is_read_from_the_numbers() -> None:
    for sep in ("\t", " | "):
        for names in FUNDS_HEADERS:
            block = (sep.join(names) + "\n" + sep.join(("年度资金总额", "126", "118", "106.2", "10", "90%", "9")) + "\n"
                     + sep.join(("其中：财政拨款", "126", "118", "106.2", "—", "90%", "—")) + "\n")
            assert _funds(HEAD + block + NARR + TABLE)[0] == ("年度资金总额", 126.0, 118.0, 106.2, 90.0, 10.0, 9.0), \
                (sep, names)


def test_a_funds_header_with_annotations_only_keeps_its_order_near_miss() -> None:
    # a unit, a formula and column markers after the known names are no column names: the header's order stands
    # (here it leaves out the initial budget, which the numbers alone could not tell; the weight is the block's (20分))
    header = "预算执行情况(20分)\t全年预算数(A)\t全年执行数(B)\t执行率(B/A)\t得分 (20分*执行率)\t(万元)\n"
    row = "年度资金总额\t259\t259\t105%\t20\n"
    assert _funds(HEAD + header + row + NARR + TABLE)[0] == ("年度资金总额", None, 259.0, 259.0, 105.0, 20.0, 20.0)


def test_a_glossed_funds_header_keeps_its_order_near_miss() -> None:
    # glosses inside the block's label and its units ("資(zī)金(萬(wàn)元)") are no column names: the header's order
    # stands, also for a stated rate the amounts do not prove (the content reading could not place it)
    header = "項(xiàng)目資(zī)金(萬(wàn)元) | 全年預(yù)算數(shù) | 全年執(zhí)行數(shù) | 分值 | 執(zhí)行率 | 得分 |\n"
    row = "年度資(zī)金總(zǒng)額(é) | 215.9 | 215.9 | 10 | 112.5% | 10 |\n"
    assert _funds(HEAD + header + row + NARR + TABLE)[0][1:] == (None, 215.9, 215.9, 112.5, 10.0, 10.0)
