"""Claim extraction: spans, subjects, directions, kinds, and what is not checkable."""

from __future__ import annotations

import pytest

from nlp_audit.nlp.claims import extract_claims, quantities_of
from nlp_audit.text import sentences as split_sentences

NARRATIVE = (
    "完成 2023 年新建站点的建设。建成后, 空间更加优化, 盘活 2500 平方米的闲置空间; "
    "服务内容从原来 20 余项增加到 100 余项, 阵地人气提升超过 50%; 群众满意度达到 96% 以上。"
)


def _by_text(claims):
    return {"".join(c.text.split()): c for c in claims}


def test_claims_of_a_narrative_have_subject_direction_and_kind():
    _, claims = extract_claims(NARRATIVE, "actual")
    got = _by_text(claims)
    area = got["盘活2500平方米的闲置空间"]
    assert (area.subject, area.predicate, area.family, area.claim_kind) == ("闲置空间", "盘活", "area", "level")
    change = got["服务内容从原来20余项增加到100余项"]
    assert change.subject == "服务内容" and change.claim_kind == "change" and change.quantity.value == 100
    rel = got["阵地人气提升超过50%"]
    assert rel.subject == "阵地人气" and rel.claim_kind == "relative"
    sat = got["群众满意度达到96%以上"]
    assert sat.cue == "satisfaction" and sat.claim_kind == "level"
    assert all(c.checkable for c in (area, change, rel, sat))


def test_claim_offsets_are_exact_narrative_text():
    _, claims = extract_claims(NARRATIVE, "actual")
    for c in claims:
        assert NARRATIVE[c.start : c.end] == c.text
        assert c.sentence.start <= c.start and c.end <= c.sentence.end


def test_year_is_not_checkable_and_does_not_cut_the_claim():
    text = "2023年度临时救助覆盖13万人次, 达到了预期目标。"
    _, claims = extract_claims(text, "actual")
    year = [c for c in claims if not c.checkable]
    assert year and any(w in year[0].reasons[0] for w in ("年份", "日期"))
    main = [c for c in claims if c.checkable]
    assert [c.text for c in main] == ["2023年度临时救助覆盖13万人次"]
    assert main[0].quantity.value == 130000


@pytest.mark.parametrize(
    "text, reason",
    [
        ("3 月 3 日, 在志愿者广场开展了主题活动", "日期"),
        ("助力街道“15分钟社区生活圈”建设", "名称"),
        ("全年实际支出118.5万元", "C008"),
        ("预算执行率98.75%", "C008"),
        ("做好补贴发放, 完成率 100%。", "C004"),
    ],
)
def test_names_dates_money_and_overall_completion_are_not_checkable(text, reason):
    _, claims = extract_claims(text, "goal")
    assert claims, "the quantity must still be seen"
    assert all(not c.checkable and c.verdict == "not_checkable" for c in claims)
    assert any(reason in r for c in claims for r in c.reasons)


def test_wrapped_cell_lines_stay_in_one_sentence_and_one_claim():
    text = "在软件的运用上，中心全年度开展设备运\n\n维 12次，通过每日、周、月的常态化维护。\n1、更新内容"
    sentences = split_sentences(text)
    assert len(sentences) == 2  # the list marker opens a new sentence, the wrap does not
    _, claims = extract_claims(text, "actual")
    claim = next(c for c in claims if c.checkable)
    assert claim.text == "中心全年度开展设备运\n\n维 12次"
    assert claim.subject == "设备运维" and claim.family == "event"


def test_count_of_one_before_the_measure_is_part_of_the_claim():
    _, claims = extract_claims("完成临时救护站1间150平方米,防护围网80米。", "actual")
    assert [(c.text, c.quantity.unit) for c in claims] == [("完成临时救护站1间150平方米", "平方米"), ("防护围网80米", "米")]


def test_grammar_failure_gives_no_claims_not_a_traceback(monkeypatch):
    import nlp_audit.quantities as q

    def boom(text):
        raise RuntimeError("grammar bug")

    from nlp_audit.nlp import texts

    monkeypatch.setattr(q, "find_quantities", boom)
    texts._analyse.cache_clear()  # readings are cached per text across forms
    assert quantities_of("盘活2500平方米") == []
    assert extract_claims("盘活2500平方米", "actual")[1] == []
    texts._analyse.cache_clear()
