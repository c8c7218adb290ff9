"""The F/S/A/D rules as documented: explain text, pack settings, the Hubei variant, robustness."""

from __future__ import annotations

import math

import pytest
from builders import form, hubei_form, row, run, seed_form, standard_funds
from typer.testing import CliRunner

from nlp_audit.checks.registry import get_spec
from nlp_audit.cli import app
from nlp_audit.model import CellValue, Form, FundsRow, Indicator
from nlp_audit.packs import load_pack

CODES = ["F001", "F002", "F003", "F004", "S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008",
         "A001", "A002", "A003", "D001", "D002", "D003", "D004"]


@pytest.mark.parametrize("code", CODES)
def test_every_rule_is_documented_and_sourced(code):
    spec = get_spec(code)
    assert spec is not None and spec.fn is not None
    doc = spec.doc
    for section in ("Why:", "Formula:", "Fires:", "Passes:"):
        assert section in doc, f"{code} docstring lacks {section}"
    settings = load_pack("default").rule(code)
    assert settings is not None and settings.source and settings.severity == spec.severity


def test_explain_prints_rationale_and_source():
    result = CliRunner().invoke(app, ["explain", "D002", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "vague-deviation-reason" in result.output and "基本达标" in result.output
    assert "source:" in result.output and "min_chars" in result.output
    hubei = CliRunner().invoke(app, ["explain", "S007", "--rules", "hubei"])
    assert hubei.exit_code == 0 and "湖北" in hubei.output


def test_explain_is_chinese_by_default():
    out = CliRunner().invoke(app, ["explain", "D002"]).output
    assert out.startswith("D002 偏差原因空泛 (vague-deviation-reason)\n")
    assert "级别: 警告" in out and "依据: " in out and "原因: " in out and "触发示例: " in out
    assert "severity:" not in out and "Why:" not in out


def test_hubei_pack_extends_default_and_differs():
    default, hubei = load_pack("default"), load_pack("hubei")
    assert hubei.settings.weights.funds == 20 and hubei.settings.weights.indicators == 80
    assert hubei.settings.qualitative_bands.partial == (0.5, 0.8)
    assert default.settings.qualitative_bands.partial == (0.6, 0.8)
    assert hubei.lexicon("reason_boilerplate") == default.lexicon("reason_boilerplate")  # inherited
    assert hubei.rule("D001").source == default.rule("D001").source


def test_seed_layout_under_hubei_pack_reports_structure_once():
    hits = run(seed_form(), "F,S", pack="hubei")
    assert [h.rule for h in hits] == ["S007"]


def test_findings_carry_exact_evidence_and_location():
    f = seed_form({3: row("活动质量达标率", "=100.00(%)", "90.00(%)", 10, 8, "活动中人数较多, 服务偶有疏漏")},
                  total=97)
    for finding in run(f, "F,S,A,D"):
        assert finding.evidence and finding.evidence in f.text, finding
        assert finding.message and finding.fingerprint
        if finding.field == "indicator":
            assert finding.line is None or finding.start is not None


def test_garbage_values_never_raise():
    weird = [
        Indicator(name="", target=CellValue(text="+100.00(%)", op=None, garbled=True)),
        Indicator(name="x率", target=CellValue(text="≥0", op=">=", value=0.0, unit="%"),
                  actual=CellValue(text="5", value=5.0), weight=0.0, score=0.0),
        Indicator(name="y", target=CellValue(text="≤0", op="<=", value=0.0), actual=CellValue(text="3", value=3.0),
                  weight=10, score=math.nan),
        Indicator(name="z", target=CellValue(text="=-5", op="=", value=-5.0), actual=CellValue(text="-1", value=-1.0),
                  weight=-2, score=None, reason="\n"),
    ]
    funds = [FundsRow(label="年度资金总额", budget_initial=0, budget_full_year=0, executed=5, weight=10, rate=None,
                      score=10), FundsRow(label="")]
    f = Form(indicators=weird, funds=funds, total_score=-1, grade="??", total_weight=0)
    run(f)  # must not raise
    run(Form())


def test_total_with_funds_only_score():
    f = form([row("a完成数", "=1个", "1个", 90, 90, level1="产出指标")], standard_funds(1, 1, 1), total=100)
    assert [h.rule for h in run(f, "S005")] == []
    assert hubei_form().total_score == 100
