"""Matching evidence: numbers within the stated precision, unit/kind compatibility, verdicts."""

from __future__ import annotations

import pytest

from nlp_audit.nlp.analysis import analyze
from nlp_audit.nlp.claims import extract_claims
from nlp_audit.nlp.formspec import form_from_spec, read_simple_cell
from nlp_audit.nlp.matching import compare
from nlp_audit.packs import load_pack


def _claim(text: str, field: str = "actual"):
    return next(c for c in extract_claims(text, field)[1] if c.checkable)


@pytest.mark.parametrize(
    "text, cell, against, expected",
    [
        ("覆盖13万人次", "128406人次", "actual", "agree"),  # 13万 = 125,000-135,000
        ("惠及11万人次", "118000人次", "actual", "disagree"),
        ("救护站150平方米", "153.27平方米", "actual", "disagree"),  # 150 stated to the unit
        ("服务内容增加到20余项", "25项", "actual", "agree"),
        ("服务内容增加到20余项", "35项", "actual", "disagree"),
        ("覆盖率达90%以上", "95%", "actual", "agree"),
        ("覆盖率达90%以上", "85%", "actual", "disagree"),
        ("满意度98.5%", "98.50(%)", "actual", "agree"),
        ("计划开放300天", "≥300天", "target", "agree"),
        ("计划开放320天", "≥300天", "target", "disagree"),
    ],
)
def test_numbers_agree_within_the_precision_the_narrative_states(text, cell, against, expected):
    claim = _claim(text, "actual" if against == "actual" else "goal")
    assert compare(claim, read_simple_cell(cell, against), against) == expected


def _form(actual: str, rows: list[tuple[str, str, str]], goal: str = "") -> object:
    return form_from_spec(
        {"goal": goal, "actual": actual, "indicators": [{"name": n, "target": t, "actual": a} for n, t, a in rows]}
    )


PACK = load_pack("default")


def _verdicts(form, embedder=None):
    return {"".join(c.text.split()): (c.verdict, c.indicator) for c in analyze(form, PACK, embedder).claims}


def test_lexical_distractor_is_rejected_by_unit_and_the_count_indicator_wins():
    form = _form("建成服务站15个。", [("服务站建设完成时间", "≤12个月", "11个月"), ("服务站建设完成数量", "≥15个", "15个")])
    assert _verdicts(form)["建成服务站15个"] == ("supported", 1)


def test_satisfaction_claim_needs_a_satisfaction_indicator():
    form = _form("群众满意度达到96%。", [("项目验收合格率", "≥90%", "96%")])
    verdict, _ = _verdicts(form)["群众满意度达到96%"]
    assert verdict == "unsupported"
    form = _form("群众满意度达到96%。", [("项目验收合格率", "≥90%", "96%"), ("受益群众满意度", "≥90%", "96%")])
    assert _verdicts(form)["群众满意度达到96%"] == ("supported", 1)


def test_relative_increase_is_not_supported_by_a_level_rate():
    form = _form("阵地人气提升超过50%。", [("服务站建设达标率", "≥90%", "90%"), ("党员群众满意度", "≥90%", "90%")])
    assert _verdicts(form)["阵地人气提升超过50%"][0] == "unsupported"


def test_matched_claim_with_other_number_is_contradicted_and_reasons_say_why():
    form = _form("完成救护站1间150平方米,防护围网80米。", [("临时救护站", "≥150平方米", "153.2平方米"), ("防护围网", "≥80米", "80米")])
    analysis = analyze(form, PACK)
    by = {"".join(c.text.split()): c for c in analysis.claims}
    station = by["完成救护站1间150平方米"]
    assert station.verdict == "contradicted" and station.indicator == 0
    assert any("153.2平方米" in r for r in station.reasons)
    assert by["防护围网80米"].verdict == "supported"


def test_goal_claims_are_compared_with_the_target():
    form = _form("", [("公益讲座举办场次", "≥24场", "26场")], goal="举办公益讲座24场, 提升服务。")
    claim = next(c for c in analyze(form, PACK).claims if c.checkable)
    assert claim.verdict == "supported" and claim.compared_with == "target"


def test_paraphrase_is_rescued_only_with_unit_number_and_rank(monkeypatch):
    from nlp_audit.nlp.embedders import make_embedder

    rows = [("道路硬化长度", "≥10公里", "11公里"), ("农田水利渠道新建长度", "≥2公里", "2.5公里"), ("项目验收合格率", "≥95%", "100%")]
    form = _form("新修水泥路11公里。", rows)
    emb = make_embedder("e5")
    assert _verdicts(form, emb)["新修水泥路11公里"] == ("supported", 0)
    assert emb.calls > 0  # the only case where similarity was needed
    form = _form("新修水泥路13公里。", rows)  # no number agrees: not rescued, reported as unsupported
    assert _verdicts(form, emb)["新修水泥路13公里"][0] == "unsupported"
