"""Renderers: every family prints every field of the truth, in the shape of its real layout."""

from __future__ import annotations

import random
import re

import pytest

from devtools.synth import FAMILIES, generate_form, render, render_file
from devtools.synth.numbers import fmt
from devtools.synth.render.common import split_target
from devtools.synth.traditional import form_to_traditional, to_traditional

WS = re.compile(r"[\s|\u3000]+")


def norm(s: str) -> str:
    return WS.sub("", s)


def _forms(family: str, n: int = 25):
    kind = "declaration" if family == "declaration" else "self_evaluation"
    for seed in range(n):
        rng = random.Random(seed)
        yield generate_form(rng, kind, defects=["D002", "C001"] if seed % 2 else [], family=family)


def _money_texts(x: float | None) -> set[str]:
    return set() if x is None else {fmt(x, 2), fmt(x, 2, trim=True), fmt(x, 1, trim=True), f"{x * 10000:,.2f}"}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_field_is_rendered(family):
    for s in _forms(family):
        f, text = s.form, render(s)
        flat = norm(text)
        for value in (f.project, f.department, f.unit, str(f.year), f.goal.text):
            assert norm(value) in flat, (family, value)
        assert any(norm(m) in flat for m in _money_texts(f.funds[0].budget_initial or f.funds[0].budget_full_year))
        for ind in f.indicators:
            assert norm(ind.name) in flat, ind.name
            if s.style.cell == "split":
                op, value, unit = split_target(ind, s.style)
                assert norm(op + value + unit) in flat
            else:
                assert norm(ind.target.text) in flat, ind.target.text
            if f.kind == "declaration":
                continue
            assert norm(ind.actual.text) in flat
            if ind.reason:
                assert norm(ind.reason) in flat
        if f.kind == "declaration":
            continue
        assert norm(f.actual.text) in flat
        assert f.funds[0].rate_text in text and f.funds[0].score_text in text
        assert f.grade in text
        assert norm(fmt(f.total_score, s.style.score_decimals, trim=s.style.cell != "decimal")) in flat


def _lines(text: str) -> list[str]:
    return [x for x in text.splitlines() if x.strip()]


def test_tabbed_rows_are_tab_separated_with_eight_cells():
    s = next(_forms("tabbed"))
    rows = [x for x in s.form.indicators]
    lines = _lines(render(s))
    for ind in rows:
        line = next(x for x in lines if f"\t{ind.name}\t" in x)
        cells = line.split("\t")
        assert len(cells) == 8 and cells[3] == ind.target.text and cells[6] == ind.score_text


def test_cell_per_line_wraps_labels_and_long_names():
    for s in _forms("cell_per_line"):
        text = render(s)
        assert "产出\n\n指标" in text and "\n\n" in text
        for ind in s.form.indicators:
            if len(ind.name) > 15:
                assert ind.name not in text and ind.name[:15] in text
            else:
                assert f"{ind.name} {ind.target.text} {ind.actual.text}" in text


def test_pipe_rows_put_weight_before_target():
    s = next(_forms("pipe_rows"))
    for ind in s.form.indicators:
        assert f"{ind.name} | {ind.weight_text} | {ind.target.text} | {ind.actual.text} |" in render(s)


def test_pipe_cells_one_cell_per_line():
    s = next(_forms("pipe_cells"))
    lines = render(s).splitlines()
    assert all(x.endswith("|") for x in lines if x)
    ind = next(i for i in s.form.indicators if i.target.op != "qual")
    k = lines.index(f"{ind.name} |")
    op, value, unit = split_target(ind, s.style)
    assert lines[k + 1 : k + 4] == [f"{op} |", f"{value} |", f"{unit} |"]


def test_fused_is_one_line_without_separators():
    for s in _forms("fused", 5):
        text = render(s)
        assert text.count("\n") == 1 and "\t" not in text and "|" not in text
        ind = s.form.indicators[0]
        assert f"{ind.name}{ind.weight_text}{ind.target.text}{ind.actual.text}{ind.score_text}" in text


def test_spaced_variants():
    seen = set()
    for s in _forms("spaced", 30):
        text = render(s)
        seen.add(s.style.variant)
        assert "\t" not in text and "|" not in text
        if s.style.variant == "hubei":
            assert "年初目标值(A) 实际完成值(B)" in text and s.form.funds[0].weight == 20
        for ind in s.form.indicators:
            assert f"{ind.name} {ind.target.text} {ind.actual.text} {ind.weight_text} {ind.score_text}" in text
    assert seen == {"hubei", "generic"}


def test_declaration_money_in_yuan_and_labels_mid_block():
    for s in _forms("declaration", 10):
        text = render(s)
        total = s.form.funds[0].budget_initial
        assert f"{total * 10000:,.2f}" in text and "项目资金(元)" in text
        assert "实际完成值" not in text
        lines = text.splitlines()
        rows = [x.split("\t") for x in lines[lines.index(next(x for x in lines if x.startswith("绩效目标\t"))) + 1 :] if x]
        out_block = [i for i, ind in enumerate(s.form.indicators) if ind.level1 == "产出指标"]
        label_row = out_block[(len(out_block) - 1) // 2]
        assert "产出指标" in rows[label_row]


def test_several_forms_in_one_file():
    rng = random.Random(5)
    forms = [generate_form(rng, family="tabbed") for _ in range(3)]
    text = render_file(forms)
    assert text.count("财政项目支出绩效自评表") == 3
    assert all(f.form.project in text for f in forms)


def test_traditional_option_converts_text_and_truth():
    s = generate_form(random.Random(2), family="pipe_rows")
    text = render(s, traditional=True)
    assert "績效" in text and "项目名称" not in text and "項目名稱" in text
    tform = form_to_traditional(s.form)
    assert tform.project in text and all(norm(i.name) in norm(text) for i in tform.indicators)
    assert tform.funds[0].budget_full_year == s.form.funds[0].budget_full_year
    assert to_traditional("满意度指标") == "滿意度指標"


def test_any_form_renders_in_any_family():
    s = generate_form(random.Random(9), family="tabbed")
    for family in FAMILIES[:-1]:
        assert s.form.project in render(s.form, family)
    with pytest.raises(ValueError):
        render(s, "nonsense")
