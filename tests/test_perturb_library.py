"""The perturbation library (devtools.synth.perturb) and its scorer, on their own: each phenomenon prints
what its name says and keeps the truth, cases are deterministic, a perfect reading scores 1, and the
scorer follows ../shared/tools/score_gold.py (checked against it where ../shared is present)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import subprocess
import sys

import pytest
from builders import load_module

from devtools.synth.perturb import PHENOMENA, make_case
from devtools.synth.perturb.score import Tally, name_key, score_case, text_key
from devtools.synth.perturb.truth import UNREADABLE, Case, TruthForm, TruthRow
from nlp_audit.layout import parse_text
from nlp_audit.model import CellValue, Form, FundsRow, Indicator, Narrative, ParsedFile, ParseProblem

ISSUE_8 = {"fused", "interleaved", "headless", "prose_report", "unknown_labels", "glossed", "one_line",
           "multi_project", "flat_header", "value_formats", "funds_variants", "boilerplate", "ocr", "narrative_layout"}
SEEDS = range(12)
_PAGE_MARK = re.compile(r"(?m)^\d{1,2}、")


def case_with(phenomenon: str, variant: str) -> Case:
    """The first case of ``phenomenon`` (seeds in order) whose variant includes ``variant``."""
    for seed in range(400):
        case = make_case(phenomenon, seed)
        if variant in case.variant.split("+") or case.variant.startswith(variant):
            return case
    raise AssertionError(f"no {phenomenon} case with variant {variant}")


def perfect_reading(case: Case) -> ParsedFile:
    """What a parser that read everything right would return (damaged cells flagged, not read)."""
    pf = ParsedFile(path="case.txt", text=case.text)
    for t in case.truth:
        form = Form(kind=t.kind, project=t.project, goal=Narrative(t.goal or ""), actual=Narrative(t.actual or ""))
        for r in t.rows:
            def num(v):
                return None if v is UNREADABLE else v

            form.indicators.append(Indicator(
                name=r.name, target=CellValue(text="?", value=num(r.target), garbled=r.target is UNREADABLE),
                actual=CellValue(value=num(r.actual), unread=r.actual is UNREADABLE), weight=num(r.weight),
                score=num(r.score)))
        if t.funds:
            form.funds.append(FundsRow(label="年度资金总额", **{k: None if v is UNREADABLE else v for k, v in t.funds.items()}))
        if UNREADABLE in t.funds.values():
            form.problems.append(ParseProblem("P003", "金额无法读取", evidence="?", field="funds"))
        pf.forms.append(form)
    return pf


# ---------------------------------------------------------------------------- the library


def test_every_phenomenon_of_issue_8_is_rendered():
    assert set(PHENOMENA) == ISSUE_8
    for p in PHENOMENA.values():
        assert p.summary and p.summary != p.name  # each module says what it renders


@pytest.mark.parametrize("phenomenon", sorted(ISSUE_8))
def test_cases_are_deterministic_and_print_their_truth(phenomenon):
    variants = set()
    for seed in SEEDS:
        case = make_case(phenomenon, seed)
        again = make_case(phenomenon, seed)
        assert (case.text, case.truth, case.variant) == (again.text, again.truth, again.variant)
        variants.add(case.variant)
        assert case.truth and case.rows > 0
        printed = text_key(_PAGE_MARK.sub("", case.text)).lower()
        for form in case.truth:
            for row in form.rows:
                assert name_key(row.name) in printed, (seed, row.name)
    assert len(variants) > 1 or phenomenon == "prose_report"  # sub-variants are drawn, not fixed
    texts = {make_case(phenomenon, s).text for s in SEEDS}
    assert len(texts) == len(SEEDS)  # wording and values vary with the seed


def test_cases_do_not_depend_on_the_process_hash_seed():
    code = ("import hashlib, sys; sys.path.insert(0, '.'); from devtools.synth.perturb import make_case; "
            "print(hashlib.sha1(''.join(make_case(p, 5).text for p in ('fused', 'glossed', 'multi_project'))"
            ".encode()).hexdigest())")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    seed = "77" if os.environ.get("PYTHONHASHSEED") != "77" else "78"  # another hash seed than this process's
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True,
                         env={**os.environ, "PYTHONHASHSEED": seed})
    here = hashlib.sha1("".join(make_case(p, 5).text for p in ("fused", "glossed", "multi_project")).encode()).hexdigest()
    assert run.stdout == here + "\n"


@pytest.mark.parametrize("phenomenon", sorted(ISSUE_8))
def test_a_perfect_reading_scores_one(phenomenon):
    total = Tally()
    for seed in SEEDS:
        case = make_case(phenomenon, seed)
        total.add(score_case(case, perfect_reading(case)))
    assert total.rows == 1.0 and total.values == 1.0
    assert all(total.ok[k] == total.n[k] for k in ("project", "kind", "goal", "actual_text", "form_count"))


def test_fused_rows_have_no_separators_and_merge_numbers():
    case = case_with("fused", "rows")
    assert "\t" not in case.text and " | " not in case.text
    row = case.truth[0].rows[0]
    line = next(ln for ln in case.text.splitlines() if name_key(row.name) in ln.replace(" ", "").lower())
    assert re.search(re.escape(row.name) + r"[≥≤=>\d<不]", line.replace(" ", "")) or "page" in case.variant


def test_fused_vertical_labels_are_spread_over_their_block():
    import random

    from devtools.synth.perturb.fuse import spread_vertically
    from devtools.synth.perturb.sheet import Grid

    rows = [{"level1": "产出指标", "name": "甲"}, {"level1": "", "name": "乙"}, {"level1": "", "name": "丙"},
            {"level1": "满意度指标", "name": "丁"}]
    for seed in range(5):
        grid = Grid(["level1", "name"], {}, [dict(r) for r in rows])
        spread_vertically(grid, "level1", random.Random(seed))
        chunks = [r["level1"] for r in grid.rows[:3]]
        assert sorted("".join(chunks)) == sorted("产出指标") and max(map(len, chunks)) == 2
        assert sorted(grid.rows[3]["level1"]) == sorted("满意度指标")  # a one-row block: all on its row
    assert case_with("fused", "vertical").truth[0].rows  # the variant is drawn


def test_stripped_digits_make_the_funds_unreadable():
    case = case_with("fused", "digits")
    funds = case.truth[0].funds
    assert UNREADABLE in funds.values()
    for key, misread in case.truth[0].funds_misread.items():
        assert funds[key] is UNREADABLE and 0 < misread < 1 and f"{misread:.2f}"[1:] in case.text


def test_ocr_comparator_read_as_2_is_unreadable_not_290():
    case = case_with("ocr", "ge_as_2")
    damaged = [r for r in case.truth[0].rows if r.target is UNREADABLE]
    assert damaged
    for r in damaged:
        shown = r.misread["target"]
        assert shown >= 20 and str(shown).startswith("2")
        assert re.sub(r"\.0$", "", str(shown)) in case.text


def test_headless_fragment_has_no_header_and_no_project():
    case = case_with("headless", "mid_table")
    first = case.truth[0]
    assert first.project is None and not first.funds and first.goal is None
    assert "三级指标" not in case.text.split(first.rows[-1].name)[0]


def test_continued_table_keeps_every_row_in_one_form():
    case = case_with("headless", "continuation")
    assert case.truth[0].project and len(case.truth[0].rows) >= 4
    assert case.text.count("三级指标") == len(case.truth)  # the column header is printed once per form


def test_prose_report_is_sentences_with_funds_in_words():
    case = case_with("prose_report", "report")
    assert "\t" not in case.text and "|" not in case.text and "万元" in case.text
    assert all(re.search(re.escape(r.name) + r"[,:年]", case.text) for r in case.truth[0].rows)


def test_unknown_labels_include_process_blocks_with_weights():
    case = case_with("unknown_labels", "process")
    process = [r for r in case.truth[0].rows if r.target is None and r.actual is None and r.weight]
    assert process and all(r.name in case.text for r in process)
    assert "决策" in case.text or "管理" in case.text


def test_glossed_text_is_traditional_with_pinyin():
    from devtools.synth.traditional import to_traditional

    case = case_with("glossed", "grid")
    assert re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)", case.text)
    assert "项目名称" not in case.text and "項" in case.text and " | " in case.text
    names = [r.name for f in case.truth for r in f.rows]
    assert all(to_traditional(n) == n for n in names)  # the truth is the converted form, glosses aside


def test_one_line_table_holds_every_row_on_one_line():
    case = case_with("one_line", "table_line")
    names = [r.name.replace(" ", "") for r in case.truth[0].rows]
    assert any(all(n in ln.replace(" ", "") for n in names) for ln in case.text.splitlines())


def test_several_projects_share_one_table():
    case = case_with("multi_project", "2_projects")
    assert len(case.truth) == 2 and case.text.count("三级指标") == 1
    for t in case.truth:
        assert t.project in case.text


def test_flat_header_splits_the_target():
    case = case_with("flat_header", "two_rows")
    assert "指标性质" in case.text and "度量单位" in case.text


def test_value_formats_print_weights_as_percent():
    case = case_with("value_formats", "weight_pct")
    weights = [r.weight for r in case.truth[0].rows if r.weight]
    assert any(f"{w:g}%" in case.text or f"{w:.2f}%" in case.text for w in weights)


def test_funds_as_label_amount_lines():
    case = case_with("funds_variants", "label_amount")
    assert "全年预算数:" in case.text and "全年执行数:" in case.text


def test_boilerplate_comes_before_the_form():
    case = case_with("boilerplate", "sharing")
    above = case.text[: case.text.index("项目名称")].strip().splitlines()
    assert len(above) >= 3
    assert any(w in ln for ln in above for w in ("资源ID", "下载", "文档", "上传人", "第1页", "点击查看", "版权"))
    assert len(case.truth) == 1


def test_side_by_side_narratives_are_not_contiguous():
    case = case_with("narrative_layout", "side_by_side")
    t = case.truth[0]
    assert text_key(t.goal) not in text_key(case.text) and t.goal[:10] in case.text


# ---------------------------------------------------------------------------- the scorer


def _one_row_case(target=90.0, unit="%") -> Case:
    row = TruthRow(name="服务对象满意度", target=target, actual=95.0, weight=10.0, score=10.0, target_unit=unit,
                   actual_unit=unit)
    return Case("t", "v", 0, "", [TruthForm(project="某项目", kind="self_evaluation", rows=[row],
                                            funds={"budget_full_year": 20.0, "executed": 18.0})])


def _parsed(target: CellValue, problems=(), weight=10.0) -> ParsedFile:
    ind = Indicator(name="服务对象满意度", target=target, actual=CellValue(value=95.0), weight=weight, score=10.0)
    form = Form(project="某项目", indicators=[ind], funds=[FundsRow("年度资金总额", budget_full_year=20.0, executed=18.0)],
                problems=list(problems))
    return ParsedFile(path="x", forms=[form])


def test_scorer_counts_values_like_score_gold():
    right = score_case(_one_row_case(), _parsed(CellValue(value=90.0)))
    assert right.rows == 1.0 and right.values == 1.0
    as_fraction = score_case(_one_row_case(), _parsed(CellValue(value=0.9)))
    assert as_fraction.values == 1.0  # a "%" value may be read as a fraction
    wrong_weight = score_case(_one_row_case(), _parsed(CellValue(value=90.0), weight=0.1))
    assert wrong_weight.ratio("weight") == 0.0 and wrong_weight.rows == 1.0
    missed = score_case(_one_row_case(), ParsedFile(path="x", forms=[Form(project="某项目")]))
    assert missed.rows == 0.0 and missed.ratio("executed") == 0.0


def test_scorer_counts_a_row_reported_unreadable_as_lost():
    p003 = ParseProblem("P003", "无法读取", evidence="≥90%", field="indicator", indicator="服务对象满意度")
    t = score_case(_one_row_case(), _parsed(CellValue(value=90.0), [p003]))
    assert t.rows == 0.0


def test_scorer_wants_an_unreadable_cell_flagged_not_read():
    case = _one_row_case()
    case.truth[0].rows[0].target = UNREADABLE
    case.truth[0].rows[0].misread["target"] = 290.0
    p003 = ParseProblem("P003", "无法读取", evidence="290%", field="indicator", indicator="服务对象满意度")
    taken = score_case(case, _parsed(CellValue(text="290%", value=290.0)))
    assert taken.ratio("target") == 0.0  # 290 taken as the value
    flagged = score_case(case, _parsed(CellValue(text="290%", op="unknown", unread=True), [p003]))
    assert flagged.ratio("target") == 1.0 and flagged.rows == 1.0  # expected P003: the row is not lost
    flagged_but_290 = score_case(case, _parsed(CellValue(text="290%", value=290.0, garbled=True)))
    assert flagged_but_290.ratio("target") == 0.0
    silent = score_case(case, _parsed(CellValue(text="290%")))
    assert silent.ratio("target") == 0.0  # dropped without saying so


def test_scorer_agrees_with_score_gold(shared_dir):
    score_gold = load_module(shared_dir / "tools" / "score_gold.py")
    compared = 0
    for phenomenon in sorted(ISSUE_8):
        for seed in range(4):
            case = make_case(phenomenon, seed)
            parsed = parse_text(case.text, "case.txt")
            if any(p.code == "P003" for f in parsed.forms for p in f.problems) or any(
                    r.damaged for t in case.truth for r in t.rows) or any(
                    v is UNREADABLE for t in case.truth for v in t.funds.values()):
                continue  # the two rules score_gold has no need for
            gold = {"file": "case.txt", "forms": [{
                "project": t.project, "kind": t.kind, "funds": {**t.funds, "unit": "万元"},
                "indicators": [{"name": r.name, "target_value": r.target, "target_unit": r.target_unit,
                                "actual_value": r.actual, "actual_text": "%" if r.actual_unit == "%" else "",
                                "weight": r.weight, "score": r.score} for r in t.rows]} for t in case.truth]}
            with contextlib.redirect_stdout(io.StringIO()):
                m = score_gold.score({"case.txt": gold}, {"case.txt": [f.to_json() for f in parsed.forms]}, {})["metrics"]
            mine = score_case(case, parsed)
            keys = ("target", "actual", "weight", "score", "budget_initial", "budget_full_year", "executed")
            assert (m["rows_found"], m["rows_total"]) == (mine.ok["rows"], mine.n["rows"]), (phenomenon, seed)
            assert sum(v["ok"] for v in m["field_acc"].values()) == sum(mine.ok[k] for k in keys), (phenomenon, seed)
            assert sum(v["n"] for v in m["field_acc"].values()) == sum(mine.n[k] for k in keys), (phenomenon, seed)
            assert round(m["project_exact"] * m["project_n"]) == mine.ok["project"], (phenomenon, seed)
            compared += 1
    assert compared >= 30
