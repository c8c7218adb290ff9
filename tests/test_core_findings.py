"""Findings: fingerprints are stable, filters and fail-on thresholds behave as documented."""

from __future__ import annotations

import pytest

from nlp_audit.findings import Finding, at_or_above, filter_findings, parse_codes


def _finding(rule="S004", severity="warning", evidence="活动质量达标率 =100.00(%) 90.00(%)", path="/a/b/x.txt"):
    return Finding(rule=rule, name="n", severity=severity, field="indicator", message="m", evidence=evidence,
                   path=path, form=2, indicator="活动质量达标率").seal()


def test_fingerprint_stable_and_independent_of_folder_and_whitespace():
    a = _finding()
    b = _finding(path="/other/place/x.txt", evidence="活动质量达标率  =100.00(%)\t90.00(%)")
    assert a.fingerprint == b.fingerprint
    assert len(a.fingerprint) == 16


def test_fingerprint_differs_by_rule_and_evidence():
    assert _finding().fingerprint != _finding(rule="S002").fingerprint
    assert _finding().fingerprint != _finding(evidence="其他证据").fingerprint


def test_select_ignore_by_code_and_family():
    items = [_finding("S004"), _finding("C001"), _finding("C002"), _finding("D002")]
    assert [f.rule for f in filter_findings(items, parse_codes("C"), [])] == ["C001", "C002"]
    assert [f.rule for f in filter_findings(items, [], parse_codes(["C002,D"]))] == ["S004", "C001"]


def test_fail_on_levels():
    items = [_finding(severity="warning")]
    assert at_or_above(items, "warning")
    assert at_or_above(items, "info")
    assert not at_or_above(items, "error")
    assert not at_or_above(items, "never")


def test_invalid_severity_or_field_rejected():
    with pytest.raises(ValueError):
        Finding(rule="X", name="", severity="fatal", field="form", message="")
    with pytest.raises(ValueError):
        Finding(rule="X", name="", severity="info", field="nowhere", message="")
