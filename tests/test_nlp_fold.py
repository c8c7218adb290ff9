"""Folding for matching: traditional -> simplified and full-width -> ASCII, one char to one char."""

from __future__ import annotations

import pytest

from nlp_audit.nlp.fold import fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("受益群眾滿意度達到85%以上", "受益群众满意度达到85%以上"),
        ("項目實際支出265萬元", "项目实际支出265万元"),
        ("服務對象綜合滿意度不低於９０％", "服务对象综合满意度不低于90%"),
        ("無", "无"),
        ("暫無", "暂无"),
    ],
)
def test_fold_reads_traditional_and_full_width(raw, folded):
    assert fold(raw) == folded
    assert len(fold(raw)) == len(raw)  # offsets into the folded copy are offsets into the raw text


@pytest.mark.parametrize("text", ["效果显著", "受益群众满意度达到85%以上", "新建道路3公里", "", "abc 1.5"])
def test_simplified_text_is_left_as_it_is(text):
    assert fold(text) == text  # 著 of 显著 is a simplified character too: not turned into 着


def test_expanding_compatibility_characters_keep_the_length():
    raw = "改造校舍3500㎡,合格率９８％"
    assert len(fold(raw)) == len(raw) and fold(raw).endswith("98%")
