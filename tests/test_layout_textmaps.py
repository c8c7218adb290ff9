"""The offset maps under every label and cell: line starts, fused lines, the compact text and its
run-based offsets, and noise removal. Every finding's evidence is a slice of the file through these
maps, so they are checked as properties on random text, not only on forms."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_audit.layout.normtext import RunPos, clean, fold
from nlp_audit.layout.scan import Doc, scan_labels

PROPS = settings(max_examples=150, deadline=None, derandomize=True)
ALPHABET = st.sampled_from(list("项目名称资金年度指标值实际完成值分得 \t|\n\u3000：（）(A)1234567890.%≥項") + [".docx"])
TEXTS = st.lists(ALPHABET, max_size=120).map("".join)


@PROPS
@given(TEXTS)
def test_line_starts_are_the_offsets_after_each_newline(text: str) -> None:
    doc = Doc.of(text)
    assert doc.line_starts == [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for off in range(len(text) + 1):
        line = doc.line_of(off)
        assert doc.line_starts[line] <= off
        assert line + 1 == len(doc.line_starts) or off < doc.line_starts[line + 1]


@PROPS
@given(TEXTS)
def test_compact_text_maps_every_character_back_to_the_raw_text(text: str) -> None:
    doc = Doc.of(text)
    ct = doc.compact(0, len(text))
    assert not any(ch.isspace() or ch == "|" for ch in ct.text)
    offsets = [ct.pos[i] for i in range(len(ct.text))]
    assert offsets == sorted(set(offsets))  # strictly increasing
    for i, off in enumerate(offsets):
        assert fold(text[off]) == ct.text[i]
    for a in range(len(ct.text)):
        for b in range(a + 1, min(len(ct.text), a + 6) + 1):
            assert ct.span(a, b) == (offsets[a], offsets[b - 1] + 1)


@PROPS
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 6)), min_size=1, max_size=12))
def test_runpos_span_equals_item_lookups(gaps_and_lengths: list[tuple[int, int]]) -> None:
    cs, rs, at, n = [], [], 0, 0
    for gap, length in gaps_and_lengths:
        at += gap
        cs.append(n)
        rs.append(at)
        at += length
        n += length
    pos = RunPos(cs, rs, n, at + 3)
    for a in range(n):
        for b in range(a + 1, n + 1):
            assert pos.span(a, b) == (pos[a], pos[b - 1] + 1)


def test_fused_lines_are_lines_of_glued_cells_without_separators() -> None:
    """Long lines without separators, and short ones whose content shows glued cells (a value glued to
    its name, labels back to back); never a sentence, never a line with separators."""
    glued = "产出指标数量指标培训人次≥500人次520人次1010质量指标合格率≥95%98%1010时效指标按时完成"
    spaced = "\t".join(glued[i : i + 8] for i in range(0, len(glued), 8))
    lines = ["项目名称\t校园安全", glued, spaced, glued[:30], "质量指标验收合格率100%100%",
             "一级指标二级指标三级指标年度指标值", "全年培训120人次，合格率98%。", "街道15分钟社区生活圈建设", "验收合格率"]
    doc = Doc.of("\n".join(lines))
    assert [doc.is_fused_line(k) for k in range(len(lines))] == [False, True, False, True, True, True, False,
                                                                  False, False]


def test_noise_needing_a_literal_is_removed_only_where_it_occurs() -> None:
    with_file = "附件:绩效自评表.docx\n项目名称 甲"
    without = "项目名称 甲\n资金 100.00"
    assert ".docx" not in clean(with_file).text
    assert clean(without).text == fold(without)


def test_a_label_wrapped_over_two_lines_keeps_its_raw_span() -> None:
    text = "项目\n名称\t校园安全设施提升项目\n主管部门\t白石县教育局"
    labels = scan_labels(Doc.of(text), 0, len(text))
    first = labels[0]
    assert (first.family, first.name) == ("header", "project")
    assert text[first.start : first.end] == "项目\n名称"
    assert [lb.name for lb in labels][:2] == ["project", "department"]


def test_pinyin_glosses_are_noise_but_column_markers_are_not() -> None:
    assert clean("项(xiàng)目名称").text == "项目名称"
    assert clean("全年预算数(A)\t执行率(B/A)").text == fold("全年预算数(A)\t执行率(B/A)")
