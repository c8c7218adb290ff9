"""The issues' acceptance criteria on the seeds, end to end: file -> parser -> NLP -> checks.

Forms are counted from 0 here (the JSON `form` index). The default embedder (e5) is used, as the
CLI does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_audit import pipeline
from nlp_audit.nlp.embedders import make_embedder

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
S002 = "002_c91b8fbda990f7de.txt"
S003 = "003_2b2d905bc25c1717.txt"
S004 = "004_c9643ed6df1f0037.txt"


@pytest.fixture(scope="module")
def findings():
    result = pipeline.run([SEEDS], "default", embedder=make_embedder("e5"))
    by_file: dict[str, list] = {}
    for f in result.findings:
        by_file.setdefault(Path(f.path).name, []).append(f)
    return by_file


def _of(findings, name, form, rule):
    return [f for f in findings[name] if f.form == form and f.rule == rule]


def _squash(s: str) -> str:
    return "".join(s.split())


# ---- issue 3 (checks engine)

def test_seed002_form0_vague_reason_and_at_threshold(findings):
    assert any(f.evidence == "基本达标" for f in _of(findings, S002, 0, "D002"))
    assert any(f.indicator == "党员群众满意度" for f in _of(findings, S002, 0, "A002"))


def test_seed002_form2_inconsistent_deduction_and_unit_mismatch(findings):
    s004 = [f for f in _of(findings, S002, 2, "S004") if f.indicator == "活动质量达标率"]
    assert s004 and s004[0].expected == 9 and s004[0].actual == 8
    assert any(f.indicator == "志愿者队伍建设完成率" for f in _of(findings, S002, 2, "A001"))


def test_seed002_form5_reason_without_measure(findings):
    assert any("部分党员因工作原因未参加党员活动" in f.evidence for f in _of(findings, S002, 5, "D003"))


def test_no_total_or_grade_mismatch_on_any_seed(findings):
    assert not [f for fs in findings.values() for f in fs if f.rule in ("S005", "S006")]


def test_seed004_over_achievement_without_reason(findings):
    for form in (0, 1):
        assert _of(findings, S004, form, "S008") and _of(findings, S004, form, "D001")


# ---- issue 4 (claims)

@pytest.mark.parametrize(
    "form, wanted",
    [
        (0, ["盘活2500平方米", "20余项增加到100余项", "提升超过50%"]),
        (1, ["覆盖率达90%以上"]),
        (5, ["10余家区域单位"]),
    ],
)
def test_seed002_unsupported_claims(findings, form, wanted):
    evidence = [_squash(f.evidence) for f in _of(findings, S002, form, "C001")]
    for w in wanted:
        assert any(w in e for e in evidence), (w, evidence)


def test_seed002_forms_3_and_4_restate_the_goal(findings):
    assert _of(findings, S002, 3, "C005") and _of(findings, S002, 4, "C005")
    assert not [f for f in findings[S002] if f.rule == "C005" and f.form not in (3, 4)]


def test_seed004_maintenance_claim_is_supported(findings):
    assert not _of(findings, S004, 0, "C001")
    assert not _of(findings, S004, 0, "C002")


def test_seed003_declaration_categories_and_garbled_comparators(findings):
    parsed = pipeline.parse_file(SEEDS / S003)
    form = parsed.forms[0]
    assert form.kind == "declaration" and len(form.indicators) == 60
    by_name = {i.name: i for i in form.indicators}
    assert by_name["社区党校教学培训项目质量达标率"].level2 == "质量指标"
    assert by_name["中心宣传展示及时率"].level2 == "时效指标"
    assert by_name["基层书记满意度"].level1 == "满意度指标"
    assert len(_of(findings, S003, 0, "P003")) == 31


def test_every_evidence_is_exact_file_text(findings):
    for name, fs in findings.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        for f in fs:
            if f.start is not None and f.end is not None and f.evidence:
                assert text[f.start : f.end] == f.evidence, (name, f.rule, f.evidence)
