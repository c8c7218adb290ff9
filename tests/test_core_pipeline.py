"""The pipeline: parallel runs give the same findings in the same order as sequential ones."""

from __future__ import annotations

from pathlib import Path

from nlp_audit import pipeline

ROOT = Path(__file__).resolve().parent.parent


def test_parallel_run_matches_sequential():
    folder = ROOT / "corpus" / "synthetic" / "tabbed"
    seq = pipeline.run([folder], "default", embedder=None, jobs=1)
    par = pipeline.run([folder], "default", embedder=None, jobs=2)
    assert seq.form_count == par.form_count > 0
    assert [f.fingerprint for f in seq.findings] == [f.fingerprint for f in par.findings]
    assert [f.path for f in seq.files] == [f.path for f in par.files]


def test_select_limits_checks_that_run():
    folder = ROOT / "corpus" / "seeds"
    only_s = pipeline.run([folder], "default", select=["S"], embedder=None)
    assert only_s.findings, "seed 002 has S004 findings"
    assert {f.rule[0] for f in only_s.findings} == {"S"}
