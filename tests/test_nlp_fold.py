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


def _mixed_texts(table: dict[int, str], n: int = 400) -> list[str]:
    """Seeded strings half of the table's characters and half of anything else (hanzi, ASCII, spaces,
    full-width punctuation), so both the substituted and the kept characters are exercised."""
    import random

    rng = random.Random(7)
    keys = [k for k in table if isinstance(k, int)] or [0x4E00]
    return ["".join(chr(rng.choice(keys)) if rng.random() < 0.5 else chr(rng.randint(0x20, 0x9FFF))
                    for _ in range(rng.randint(0, 80))) for _ in range(n)]


@pytest.mark.parametrize("name", ["table", "extended", "deleting", "ordinals", "empty"])
def test_translate_substitutes_exactly_what_str_translate_does(name):
    from nlp_audit.text import extend, table, translate

    tables = {"table": table(), "extended": extend("乾干後后"), "deleting": {ord("滿"): None, ord("，"): ","},
              "ordinals": {ord("９"): ord("9"), ord("眾"): "众"}, "empty": {}}
    trans = tables[name]
    for text in [*_mixed_texts(trans), "", "受益群眾滿意度達到９０％", "效果显著"]:
        assert translate(text, trans) == text.translate(trans)


def test_translate_follows_a_table_built_anew_at_the_same_address():
    from nlp_audit.text import translate

    assert translate("滿意", {ord("滿"): "满"}) == "满意"
    assert translate("滿意", {ord("意"): "义"}) == "滿义"  # a new table is never read through an old one's pattern
