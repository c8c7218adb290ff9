"""Issue 3 'Done when': the F/S/A/D findings expected on the three seed documents (corpus/seeds).

These run the real parser; they skip (with the reason) while the layout parser is still a stub.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from nlp_audit.checks.registry import FormContext, run_form_checks
from nlp_audit.findings import code_matches
from nlp_audit.packs import load_pack
from nlp_audit.pipeline import parse_file

SEED_002 = "002_c91b8fbda990f7de.txt"
SEED_003 = "003_2b2d905bc25c1717.txt"
SEED_004 = "004_c9643ed6df1f0037.txt"


@lru_cache(maxsize=4)
def _findings(corpus: str, name: str) -> tuple[list, list]:
    parsed = parse_file(f"{corpus}/seeds/{name}")
    if parsed.errors and "NotImplementedError" in parsed.errors[0].message:
        pytest.skip("layout.parse_text is still a stub (NotImplementedError)")
    pack = load_pack("default")
    out = []
    for form in parsed.forms:
        ctx = FormContext(form=form, pack=pack)
        out.extend(run_form_checks(ctx, lambda c: code_matches(c, ["F", "S", "A", "D"])))
    return parsed.forms, out


def _of(findings, form: int, rule: str, indicator: str | None = None) -> list:
    return [f for f in findings
            if f.form == form and f.rule == rule and (indicator is None or f.indicator == indicator)]


def test_seed_002_form_1_vague_reason_and_threshold(corpus_dir):
    forms, findings = _findings(str(corpus_dir), SEED_002)
    assert len(forms) == 6
    d002 = _of(findings, 0, "D002", "服务站建设成本达标率")
    assert d002 and "基本达标" in d002[0].evidence
    assert _of(findings, 0, "A002", "党员群众满意度")
    assert not _of(findings, 0, "S004")  # both shortfalls scored exactly 9 = 90% × 10


def test_seed_002_form_3_deduction_and_unit(corpus_dir):
    _, findings = _findings(str(corpus_dir), SEED_002)
    s004 = _of(findings, 2, "S004", "活动质量达标率")
    assert len(s004) == 1 and s004[0].expected == 9 and s004[0].actual == 8
    assert _of(findings, 2, "A001", "志愿者队伍建设完成率")
    assert not _of(findings, 2, "S008")  # 100 vs ≥90 is 111%


def test_seed_002_form_6_reason_without_measure(corpus_dir):
    _, findings = _findings(str(corpus_dir), SEED_002)
    assert _of(findings, 5, "D003", "活动参与人数达标率")
    assert not _of(findings, 5, "S004")  # 18 = 90% × 20


@pytest.mark.parametrize("name", [SEED_002, SEED_003, SEED_004])
def test_no_total_or_grade_errors_on_any_seed(corpus_dir, name):
    _, findings = _findings(str(corpus_dir), name)
    assert [f for f in findings if f.rule in ("S005", "S006")] == []


def test_seed_004_over_achievement_unexplained_on_both_forms(corpus_dir):
    forms, findings = _findings(str(corpus_dir), SEED_004)
    assert len(forms) == 2
    for i in (0, 1):
        s008 = _of(findings, i, "S008")
        d001 = _of(findings, i, "D001")
        assert s008 and d001, (i, [(f.rule, f.indicator) for f in findings if f.form == i])
        assert s008[0].indicator == d001[0].indicator
    assert not _of(findings, 1, "A002")  # '=1.00(次)' met exactly is an equality target


def test_seed_003_declaration_gets_no_actual_based_rules(corpus_dir):
    _, findings = _findings(str(corpus_dir), SEED_003)
    assert not [f for f in findings if f.rule in ("A002", "A003", "D001", "D002", "D003", "D004", "S008")]
    a001 = {f.indicator for f in findings if f.rule == "A001"}
    assert {"中心宣传展示及时率", "中心服务活动完成及时率"} <= a001
