"""The synthetic generator: deterministic, consistent when clean, and its planted defects are real.

The oracle below re-derives every finding it can from the truth numbers alone (SPEC §2 rules,
written independently of the generator) and compares with the labels: a clean form must show
nothing, a planted form exactly its labels.
"""

from __future__ import annotations

import random
import re

import pytest

from devtools.synth import DECLARATION_DEFECTS, SELF_DEFECTS, SELF_FAMILIES, generate_form, random_defects
from devtools.synth.generator import vocab
from devtools.synth.numbers import proportional_score, round_half_up

GRADES = [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
NUM = re.compile(r"\d+(?:\.\d+)?")


def _grade(total: float) -> str:
    return next(g for g, low in GRADES if total >= low)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def oracle(synth) -> set[tuple[str, str | None]]:
    """(rule, indicator) pairs a correct checker must report, derived from the truth only."""
    f, p = synth.form, synth.style.score_decimals
    half = 0.5 * 10**-p + 1e-9
    v = vocab()
    vague, directions = set(v["reasons"]["vague"]), set(v["direction_words"])
    out: set[tuple[str, str | None]] = set()
    if f.kind == "declaration":
        targets = {i.target.value for i in f.indicators if i.target.value is not None}
        for i in f.indicators:
            if i.target.op == "qual" and i.target.text in directions:
                out.add(("G001", i.name))
            if i.name.endswith("率") and i.target.unit not in (None, "%"):
                out.add(("A001", i.name))
        if _unmatched(f.goal.text, f.year, targets):
            out.add(("C001", None))
        return out
    fr = f.funds[0]
    rate = fr.executed / fr.budget_full_year * 100
    if abs(fr.rate - rate) > 0.5:
        out.add(("F001", None))
    if abs(fr.score - round_half_up(min(rate, 100) / 100 * fr.weight, p)) > half:
        out.add(("F002", None))
    if fr.budget_initial and abs(fr.budget_full_year - fr.budget_initial) / fr.budget_initial > 0.3:
        out.add(("F004", None))
    for i in f.indicators:
        t, a, n = i.target, i.actual, i.name
        if i.score > i.weight:
            out.add(("S001", n))
        if t.op == "qual":
            if t.text in directions:
                out.add(("G001", n))
            if i.score < i.weight:
                out |= {("S003", n)} | ({("D001", n)} if not i.reason else set())
            continue
        if a.value is None:
            out.add(("A003", n))
            continue
        if a.unit != t.unit:
            out.add(("A001", n))
            continue
        met = a.value <= t.value if t.op == "<=" else a.value >= t.value
        if met:
            if i.score < i.weight:
                out |= {("S003", n)} | ({("D001", n)} if not i.reason else set())
            if t.op in (">=", "<=") and _close(a.value, t.value):
                out.add(("A002", n))
            if t.op in (">=", "=") and a.value >= 1.3 * t.value:
                out |= {("S008", n)} | ({("D001", n)} if not i.reason else set())
            continue
        prop = round_half_up(proportional_score(a.value, t.value, i.weight, t.op), p)
        if i.score >= i.weight or i.score > prop + half:
            out.add(("S002", n))
        elif i.score < prop - half:
            out.add(("S004", n))
        if not i.reason:
            out.add(("D001", n))
        elif i.reason in vague:
            out.add(("D002", n))
        elif not any(m in i.reason for m in ("下一步", "今后")):
            out.add(("D003", n))
    total = round_half_up(fr.score + sum(i.score for i in f.indicators), p)
    if not _close(total, f.total_score):
        out.add(("S005", None))
    if f.grade != _grade(f.total_score):
        out.add(("S006", None))
    if not NUM.search(f.actual.text):
        out.add(("C006", None))
        if f.actual.text.rstrip("。") in f.goal.text:
            out.add(("C005", None))
    values = {i.actual.value for i in f.indicators if i.actual.value is not None} | {fr.executed}
    for clause in re.split(r"[，,。]", f.actual.text):
        if _unmatched(clause, f.year, values):
            out.add(("C00x", None))  # C001 or C002: a number no actual value backs
    return out


def _unmatched(text: str, year: int | None, values: set[float]) -> bool:
    nums = [float(x) for x in NUM.findall(text) if not (year and x == str(year))]
    return any(not any(_close(x, v) for v in values) for x in nums)


def labels(synth) -> set[tuple[str, str | None]]:
    out = set()
    for d in synth.defects:
        rule = "C00x" if d.rule in ("C001", "C002") and synth.form.kind != "declaration" else d.rule
        ind = None if rule in ("F001", "F002", "F004", "S005", "S006", "C00x", "C005", "C006", "C001") else d.indicator
        out.add((rule, ind))
    return out


@pytest.mark.parametrize("family", SELF_FAMILIES)
def test_clean_forms_are_consistent(family):
    for seed in range(60):
        s = generate_form(random.Random(seed), "self_evaluation", family=family)
        f = s.form
        assert s.defects == [] and s.planted == []
        assert oracle(s) == set(), (seed, oracle(s))
        assert _close(f.funds[0].weight + sum(i.weight for i in f.indicators), 100.0)
        assert f.total_weight == 100
        assert f.funds[0].executed <= f.funds[0].budget_full_year
        levels = {i.level1 for i in f.indicators}
        assert levels == {"产出指标", "效益指标", "满意度指标"}
        names = [i.name for i in f.indicators]
        assert len(names) == len(set(names))
        for i in f.indicators:
            if i.name.endswith("率"):
                assert i.target.unit == "%", i.name
        # the funds block adds up: sub-rows sum to the total, column by column
        parts = f.funds[1:]
        if parts:
            for col in ("budget_full_year", "executed"):
                assert _close(sum(getattr(r, col) or 0 for r in parts), getattr(f.funds[0], col)), col


def test_clean_declarations_are_consistent():
    for seed in range(60):
        s = generate_form(random.Random(seed), "declaration")
        f = s.form
        assert f.kind == "declaration" and s.family == "declaration"
        assert oracle(s) == set()
        assert f.total_score is None and all(i.actual.is_empty and i.score is None for i in f.indicators)
        assert f.funds_unit_in_source == "元" and f.funds[0].budget_initial > 0


@pytest.mark.parametrize("code", SELF_DEFECTS)
def test_each_planted_defect_is_really_there(code):
    planted = 0
    for seed in range(40):
        s = generate_form(random.Random(seed), "self_evaluation", defects=[code])
        if code not in s.planted:
            assert s.defects == []
            continue
        planted += 1
        assert code in s.expected_codes()
        assert oracle(s) == labels(s), (seed, s.family, oracle(s), labels(s))
        for d in s.defects:
            assert d.evidence, d
    assert planted >= 15, f"{code} could be planted on only {planted}/40 forms"


@pytest.mark.parametrize("code", DECLARATION_DEFECTS)
def test_declaration_defects(code):
    hits = 0
    for seed in range(30):
        s = generate_form(random.Random(seed), "declaration", defects=[code])
        if code in s.planted:
            hits += 1
            assert oracle(s) == labels(s), (seed, oracle(s), labels(s))
    assert hits >= 10


def test_several_defects_together_stay_exact():
    for seed in range(150):
        rng = random.Random(1000 + seed)
        s = generate_form(rng, "self_evaluation", defects=random_defects(rng, k=3))
        assert oracle(s) == labels(s), (seed, s.family, s.planted, oracle(s), labels(s))


def test_generator_is_deterministic():
    def run(seed):
        rng = random.Random(seed)
        out = []
        for _ in range(5):
            s = generate_form(rng, "self_evaluation", defects=random_defects(rng))
            out.append((s.form.to_json(), [d.to_json(0) for d in s.defects], s.family))
        return out

    assert run(11) == run(11)
    assert run(11) != run(12)


def test_forms_vary():
    forms = [generate_form(random.Random(s)).form for s in range(80)]
    assert len({f.project for f in forms}) > 25
    assert len({f.department for f in forms}) > 15
    assert len({f.year for f in forms}) >= 5
    assert len({f.layout for f in forms}) == len(SELF_FAMILIES)
    ops = {i.target.op for f in forms for i in f.indicators}
    assert {">=", "<=", "=", "qual"} <= ops
    units = {i.target.unit for f in forms for i in f.indicators}
    assert {"%", "人", "次", "万元", "天"} <= units
    texts = {i.target.text for f in forms for i in f.indicators}
    assert any(t.startswith("≥") and "(%)" in t for t in texts)  # ≥90.00(%)
    assert any("不少于" in t or "以上" in t or "以内" in t for t in texts)  # prose comparators
    assert any(f.funds[0].budget_initial not in (None, f.funds[0].budget_full_year) for f in forms)
    assert any(i.reason for f in forms for i in f.indicators)  # honest shortfalls with reasons


def test_bad_arguments():
    with pytest.raises(ValueError):
        generate_form(random.Random(0), "report")
    with pytest.raises(ValueError):
        generate_form(random.Random(0), "self_evaluation", family="declaration")
    with pytest.raises(ValueError):
        generate_form(random.Random(0), "self_evaluation", defects=["X999"])
