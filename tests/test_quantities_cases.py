"""The project's own range / dimension / currency cases (corpus/quantities), read strictly: value, unit
and open sides as written in the case, money ranges compared in 元. Near misses must not show the
forbidden readings. A case marked ``Known`` is a documented miss: it must still fail (strict xfail),
so a fix that makes it pass also removes the mark and its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import load_module

from nlp_audit.quantities import find_quantities

ROOT = Path(__file__).resolve().parent.parent


def _scorer():
    return load_module(ROOT / "scripts" / "score_quantity_cases.py")


SCORER = _scorer()
CASES = [(name, case) for name, cases in SCORER.load().items() for case in cases]


def _params():
    for name, case in CASES:
        marks = [pytest.mark.xfail(reason=case["Known"], strict=True)] if case.get("Known") else []
        yield pytest.param(case, id=f"{name}:{case['Input']}", marks=marks)


def test_the_case_files_cover_each_kind():
    kinds = {r["TypeName"] for _, c in CASES for r in c["Results"]}
    assert kinds == {"numberrange", "dimension", "currency"}
    assert len(CASES) >= 150
    assert sum(1 for _, c in CASES if not c["Results"]) >= 20  # near misses


@pytest.mark.parametrize("case", _params())
def test_case(case):
    spans = [q.to_json() for q in find_quantities(case["Input"])]
    if not case["Results"]:
        assert SCORER.forbidden_hits(case, spans) == [], spans
        return
    for r in case["Results"]:
        exp = SCORER.expected(r["Resolution"]["value"])
        got = [(s["text"], s["value"], s["low"], s["high"], s["unit"]) for s in spans]
        assert SCORER.found(exp, spans, r["Resolution"].get("unit"), strict=True), f"want {r['Resolution']}, got {got}"


def test_strict_scoring_rejects_wrong_unit_and_closed_open_side():
    """The scorer itself: a right number in the wrong money, or a bound that is not open, does not pass."""
    exp_value = SCORER.expected("1000")
    hk = [{"text": "港币1000元", "value": 0.1, "low": 0.1, "high": 0.1, "unit": "万元", "kind": "absolute"}]
    assert SCORER.found(exp_value, hk, "港元", strict=False)  # the shared rule: by value (x10000) only
    assert not SCORER.found(exp_value, hk, "港元", strict=True)
    at_least = SCORER.expected("[20,)")
    exact = [{"text": "20项", "value": 20.0, "low": 20.0, "high": 20.0, "unit": "项", "kind": "absolute"}]
    assert SCORER.found(at_least, exact, "项", strict=False)
    assert not SCORER.found(at_least, exact, "项", strict=True)
