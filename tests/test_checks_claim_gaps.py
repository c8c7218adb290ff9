"""Claims that are not what they seem: a match only on a verb or a unit is no contradiction (C001, not
C002), and phrases that read like numbers count nothing (一支队伍, 每一个, 一批, 一流, 第一). Synthetic
forms written for these tests."""

from __future__ import annotations

import pytest
from builders import row, rules_of, run, seed_form


def _claims(actual: str, *rows):
    f = seed_form(actual=actual)
    f.indicators = list(rows) or f.indicators
    return rules_of(run(f, "C001,C002"))


def test_a_shared_verb_and_unit_is_not_the_same_measured_thing():
    assert _claims("新建停车位300个。", row("新建公厕数量", "≥5个", "5个", 20, 20)) == ["C001"]


def test_near_miss_the_same_thing_with_another_number_is_contradicted():
    assert _claims("新建公厕6个。", row("新建公厕数量", "≥5个", "5个", 20, 20)) == ["C002"]
    assert _claims("累计培训1360人次。", row("培训参训人次", "≥1000人次", "1133人次", 20, 20)) == ["C002"]


@pytest.mark.parametrize(
    "actual",
    ["建设一支高素质的社区干部队伍。", "采购一批办公设备。", "打造一流的服务环境。", "服务水平位居全市第一。"],
)
def test_phrases_that_count_nothing_are_no_claims(actual):
    assert _claims(actual) == []


def test_near_miss_a_real_count_is_a_claim():
    assert _claims("组建志愿服务队3支,新建停车位300个。") == ["C001", "C001"]


def test_every_one_is_no_fact_of_the_narrative():
    assert rules_of(run(seed_form(actual="确保每一个村都能享受到便利服务。"), "C006")) == ["C006"]
    assert run(seed_form(actual="确保12个村都能享受到便利服务。"), "C006") == []
