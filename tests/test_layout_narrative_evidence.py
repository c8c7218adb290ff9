"""Exact evidence for narrative findings: the parser's map from a re-joined narrative back to the file.

A narrative is joined from pieces (a cell wrapped over lines, one column of two side-by-side texts,
one cell per line). ``Narrative.pieces``/``joins`` say where each piece sits in the file; findings on
the narratives (C001-C008, B001) quote the file slice when the claim is contiguous in the file (line
break included) and otherwise the longest contiguous part holding the claim's number, at the offsets
and line where that text sits. Synthetic forms written for these tests, modelled on the layouts of real
pages; the map itself is checked on every layout family of the generator and on the corpus.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from nlp_audit import pipeline
from nlp_audit.layout import parse_text
from nlp_audit.model import Narrative, Source
from nlp_audit.nlp.embedders import make_embedder
from nlp_audit.packs import load_pack

PACK = load_pack("default")
EMB = make_embedder("tfidf")

GOAL = "加强社区图书角建设,方便居民就近阅读。计划举办阅读活动不少于6场。"
HEAD = ["2024年度部门预算项目绩效自评表", "项目名称", "社区图书角运维", "主管部门", "某区文化局", "实施单位", "某街道文化站",
        "年度目标", "目标实际完成情况"]
TAIL = ["预算执行(10分)", "资金(万元)", "年初预算数", "调整预算数", "执行数", "执行率", "权重", "得分",
        "总额", "30", "30", "30", "100%", "10", "10",
        "绩效指标情况(90分)", "一级指标", "二级指标", "具体指标", "指标性质", "指标值", "计量单位", "实际完成值", "权重",
        "得分", "偏差原因", "产出指标", "数量指标", "阅读活动场次", "≥", "6", "场", "8", "50", "50", "",
        "满意度指标", "满意度指标", "读者满意度", "≥", "90", "%", "96", "40", "40", "", "合计", "100", "100"]
TABLE_SPACED = (
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
    "产出指标 数量指标 阅读活动场次 ≥6场 8场 50 50\n"
    "满意度指标 服务对象满意度指标 读者满意度 ≥90% 96% 40 40\n"
    "总分 100 100\n"
)


def _cells(cells: list[str]) -> str:
    """One cell per line, each closed by '|' (pipe-per-cell pages); a cell may hold a line break."""
    return "".join(f"{c} |\n" for c in cells)


def _check(text: str):
    parsed = parse_text(text, "t.txt")
    return parsed, pipeline.check_parsed(parsed, PACK, EMB)


def _assert_exact(text: str, f) -> None:
    """The finding quotes the file at its own offsets, and its line is the line of its start."""
    assert f.start is not None and text[f.start : f.end] == f.evidence, (f.rule, f.evidence, f.start, f.end)
    assert f.line == text.count("\n", 0, f.start) + 1


def _assert_map(text: str, nar: Narrative) -> None:
    """Every piece is the file text at its offset; every join is the file text between two pieces and
    holds only whitespace, line breaks and '|'; the source starts at the first piece."""
    if not nar.text:
        return
    assert nar.pieces and nar.pieces[0][0] == 0
    assert len(nar.joins) == len(nar.pieces) - 1
    assert nar.source is not None and nar.source.start == nar.pieces[0][1]
    for k, (t0, f0, line) in enumerate(nar.pieces):
        t1 = nar.pieces[k + 1][0] if k + 1 < len(nar.pieces) else len(nar.text)
        assert t0 < t1
        assert text[f0 : f0 + t1 - t0] == nar.text[t0:t1]
        assert line == text.count("\n", 0, f0) + 1
        if k + 1 < len(nar.pieces):
            join = nar.joins[k]
            gap = text[f0 + t1 - t0 : nar.pieces[k + 1][1]]
            if join is not None:
                assert join == gap and not join.replace("|", " ").strip()
            else:
                assert gap.replace("|", " ").strip() or nar.pieces[k + 1][1] < f0 + t1 - t0


# --- the map on its own ------------------------------------------------------------------------------


def _hand_made() -> tuple[str, Narrative]:
    """'新增图书' / '1200册' wrapped within one cell, then the other column before '读者满意度96%'."""
    file = "实际完成情况 | 新增图书\n  1200册, | 另一列文字 | 读者满意度96%。"
    a, b, c = file.index("新增"), file.index("1200"), file.index("读者")
    text = "新增图书1200册,读者满意度96%。"
    nar = Narrative(text, Source(start=a, end=len(file), line=1),
                    pieces=[(0, a, 1), (4, b, 2), (10, c, 2)], joins=["\n  ", None])
    return file, nar


def test_contiguous_pieces_are_quoted_verbatim_with_the_line_break() -> None:
    file, nar = _hand_made()
    _assert_map(file, nar)
    span = nar.file_span(0, 9)
    assert span == (file.index("新增"), file.index("册") + 1)
    assert nar.evidence(0, 9) == "新增图书\n  1200册" == file[span[0] : span[1]]
    ev, src = nar.quote(0, 9)
    assert ev == file[src.start : src.end] and src.line == 1


def test_a_claim_across_the_other_column_quotes_the_part_holding_its_number() -> None:
    file, nar = _hand_made()
    whole = nar.text.index("新增"), len(nar.text)
    assert nar.file_span(*whole) is None
    num = nar.text.index("96"), nar.text.index("%") + 1
    ev, src = nar.quote(*whole, number=num)
    assert ev == "读者满意度96%。" and file[src.start : src.end] == ev and src.line == 2
    # without a number: the longest contiguous part, which also occurs in the file
    assert nar.evidence(*whole) == "新增图书\n  1200册," and nar.evidence(*whole) in file


def test_a_narrative_built_in_code_is_one_run_at_its_source() -> None:
    nar = Narrative("新增图书1200册", Source(start=7, end=16, line=3))
    assert nar.file_span(2, 9) == (9, 16)
    assert nar.file_span(2, 10) is None  # past the text
    assert nar.quote(2, 9)[1] == Source(start=9, end=16, line=3)
    assert Narrative("新增图书1200册").quote(2, 9) == ("图书1200册", None)


# --- findings over parsed layouts --------------------------------------------------------------------


def test_wrapped_claim_across_two_lines_of_one_cell_is_quoted_with_its_line_break() -> None:
    act = "图书角全年正常开放,举办阅读活动8场,新增图书\n1200册,读者满意度达到96%。"
    text = _cells(HEAD + [GOAL, act] + TAIL)
    parsed, findings = _check(text)
    form = parsed.forms[0]
    assert form.actual.text == act.replace("\n", "")
    _assert_map(text, form.actual)
    c001 = [f for f in findings if f.rule == "C001"]
    assert [f.evidence for f in c001] == ["新增图书\n1200册"]
    _assert_exact(text, c001[0])
    assert c001[0].line == text.count("\n", 0, text.index("新增图书")) + 1


def test_claim_in_the_right_column_of_side_by_side_narratives() -> None:
    """Two columns printed side by side over two lines: the actual's second line follows the goal's,
    so '新增图书' / '1200册' is not contiguous; '修缮书架24组' sits whole on one line."""
    text = ("项目支出绩效自评表\n项目名称 社区图书角运维\n主管部门 某区文化局 实施单位 某街道文化站\n"
            "年初目标 全年完成情况\n"
            "加强社区图书角建设,方便居民就近阅读。 图书角全年正常开放,举办阅读活动8场,新增图书\n"
            "计划举办阅读活动不少于6场。 1200册,修缮书架24组,读者满意度达到96%。\n" + TABLE_SPACED)
    parsed, findings = _check(text)
    form = parsed.forms[0]
    assert form.goal.text == GOAL and "新增图书1200册" in form.actual.text
    _assert_map(text, form.goal)
    _assert_map(text, form.actual)
    assert form.actual.joins == [None]  # the goal's second line sits between the two pieces
    c001 = {f.evidence: f for f in findings if f.rule == "C001"}
    assert set(c001) == {"1200册", "修缮书架24组"}
    for f in c001.values():
        _assert_exact(text, f)
    assert c001["1200册"].line == 6


@pytest.mark.parametrize(("actual", "code", "evidence"), [
    ("圖書角全年正常開放,舉辦閱讀活動8場,新增圖書\n1200冊,讀者滿意度達到96%。", "C001", "新增圖書\n1200冊"),
    ("圖書角全年正常開放,舉辦閱讀活動8場,全年實際支出\n28.5萬元,讀者滿意度達到96%。", "C008", "全年實際支出\n28.5萬元"),
])
def test_traditional_narrative_is_quoted_in_its_own_characters(actual: str, code: str, evidence: str) -> None:
    head = ["2024年度部門預算項目績效自評表", "項目名稱", "社區圖書角運維", "主管部門", "某區文化局", "實施單位", "某街道文化站",
            "年度目標", "目標實際完成情況"]
    text = _cells(head + ["加強社區圖書角建設,方便居民就近閱讀。計劃舉辦閱讀活動不少於6場。", actual] + TAIL)
    parsed, findings = _check(text)
    _assert_map(text, parsed.forms[0].actual)
    hits = [f for f in findings if f.rule == code]
    assert [f.evidence for f in hits] == [evidence]
    _assert_exact(text, hits[0])


def test_noise_removed_inside_a_goal_splits_its_map_at_the_gloss() -> None:
    """A weight before the goal and a pinyin gloss after a converted glyph (圖(tú)) are dropped from the
    text: the map skips the gloss, so no quote runs across it."""
    text = ("财政项目支出绩效自评表\n项目名称\t社区图书角运维\n"
            "年度绩效目标\t(80分) 加强社区圖(tú)书角建设,计划举办阅读活动不少于6场。\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
            "产出指标\t数量指标\t阅读活动场次\t≥6场\t8场\t50\t50\n总分\t100\t100\n")
    goal = parse_text(text, "t.txt").forms[0].goal
    assert goal.text == "加强社区圖书角建设,计划举办阅读活动不少于6场。"
    _assert_map(text, goal)
    assert goal.joins == [None]
    assert goal.file_span(0, 8) is None and goal.evidence(0, 8) == "加强社区圖"
    assert goal.evidence(4, 9) == "书角建设" and goal.file_span(0, 5) == (text.index("加强"), text.index("(tú"))


def test_copied_narrative_quotes_file_text_across_a_batch() -> None:
    """B001 quotes the actual of each form: on side-by-side columns, its longest contiguous part."""
    act1 = "图书角全年正常开放,举办阅读活动8场,居民阅读氛围明显改善,"
    act2 = "读者满意度达到96%,社区文化生活更加丰富。"
    text = ("项目支出绩效自评表\n项目名称 社区图书角运维\n主管部门 某区文化局 实施单位 某街道文化站\n"
            "年初目标 全年完成情况\n"
            f"加强社区图书角建设,方便居民就近阅读。 {act1}\n计划举办阅读活动不少于6场。 {act2}\n" + TABLE_SPACED)
    other = text.replace("社区图书角运维", "街道阅览室运维")
    found = pipeline.check_batch([parse_text(text, "a.txt"), parse_text(other, "b.txt")], PACK)
    b001 = [f for f in found if f.rule == "B001"]
    assert b001, [f.rule for f in found]
    for f in b001:
        assert f.evidence in text and f.evidence in (act1, act2)


# --- the map on every layout family ------------------------------------------------------------------


def _family_texts() -> list[str]:
    from devtools.synth import FAMILIES, generate_form, render

    out = []
    for fam in FAMILIES:
        kind = "declaration" if fam == "declaration" else "self_evaluation"
        for seed in range(3):
            form = generate_form(random.Random(seed), kind, family=fam)
            out.append(render(form))
            out.append(render(form, traditional=True))
    return out


def test_every_layout_family_maps_its_narratives_back_to_the_file(corpus_dir: Path) -> None:
    texts = _family_texts()
    texts += [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "synthetic").rglob("*.txt"))]
    seen = 0
    for raw in texts:
        parsed = parse_text(raw, "t.txt")
        for form in parsed.forms:
            for nar in (form.goal, form.actual):
                _assert_map(parsed.text, nar)
                seen += bool(nar)
        for f in pipeline.check_parsed(parsed, PACK, EMB):
            if f.field in ("goal", "actual") and f.evidence and f.start is not None:
                _assert_exact(parsed.text, f)
    assert seen >= len(texts)


def test_real_dev_narratives_map_back_to_the_file(shared_dir: Path) -> None:
    for p in sorted((shared_dir / "real-dev").glob("*.txt")):
        parsed = pipeline.parse_file(p)
        for form in parsed.forms:
            for nar in (form.goal, form.actual):
                _assert_map(parsed.text, nar)
        for f in pipeline.check_parsed(parsed, PACK, EMB):
            if f.field in ("goal", "actual") and f.evidence and f.start is not None:
                _assert_exact(parsed.text, f)
