"""Inputs the long fuzz campaign (scripts/fuzz.py) found breaking the contract of issue 11, each fixed
at its cause and held here on a synthetic input (the campaign's own input is kept in
tests/data/hostile/, run by tests/test_fuzz.py)."""

from __future__ import annotations

import pytest
from test_hostile import assert_near_linear

from nlp_audit.nlp.claims import extract_claims, load_lexicon

LEAD = "全年服务读者41000人次,服务对象综合满意度不低于85%。"


def test_claims_of_a_narrative_with_a_long_digit_run_take_linear_time() -> None:
    """A 20,000-digit cell glued into a narrative (fuzz: huge_cell of '1' after lost newlines): the
    not-checkable patterns '\\d+\\s*字以内' and '[0-9…]+\\s*分钟…圈' restarted at every digit of the
    run, 40+ s past a 10 s limit inside one regex call the watchdog cannot interrupt."""
    assert_near_linear(lambda n: extract_claims(LEAD + "1" * n + "。完成率100%。", "actual"), 4_000, 8_000)


@pytest.mark.parametrize("run", ["1", "九十"])
def test_the_not_checkable_patterns_are_linear_on_a_long_run(run: str) -> None:
    """Every pattern of the claims lexicon on runs of digits and of numerals: doubling the run at most
    triples the time (a pattern added later that opens on an unanchored run fails here)."""
    patterns = [pattern for pattern, _reason in load_lexicon().not_checkable]
    assert_near_linear(lambda n: [list(p.finditer(run * n)) for p in patterns], 5_000, 10_000)


def test_anchored_patterns_still_find_what_they_found() -> None:
    """The anchors change no match: a word-count hint and a '15分钟生活圈' name are still not checkable,
    inside text and right after other digits' punctuation."""
    for text, reason in [("（300字以内）完成培训120人次", "模板字数提示"),
                         ("限500字左右，完成培训120人次", "模板字数提示"),
                         ("打造15分钟社区生活圈，服务老人1260人", "项目或品牌名称"),
                         ("建成十五分钟便民服务圈，服务老人1260人", "项目或品牌名称")]:
        spans = [m.group(0) for p, r in load_lexicon().not_checkable if r == reason for m in p.finditer(text)]
        assert spans, (text, reason)
